"""Assess many documents fast: the same results as `engine.evaluate`, decisions memoised.

An assessment splits into a legal decision, which depends on few facts, and date arithmetic.
The batch path computes each decision once per *decision key* — the facts that decision reads,
with each date reduced to its epoch (zhusan.law.epochs) and each age to the pair that places it
against the birthday thresholds — and shares it between documents; only the arithmetic (the
term, its parts, its end, the comparisons with as_of) and the per-document fields of the output
are done per document.  The keys, cache by cache:

- conviction: as_of's epoch and, for each count in order, (article, part, epoch of the offence
  date, its place against the 18th birthday).  It yields the conviction's *view* — the facts the
  measures read of the conviction as a whole — and the offence templates.  Amnesty (art. 78)
  depends on the view alone; suspended sentence (63(6)) on the view, `life` and `criminal_group`;
  citizenship (50-1) on the counts and `citizen`; criminal liability (art. 15) on the counts
  and the exact ages.
- illness (art. 75): the view and the medical, deferral and term-length facts.
- milder punishment (art. 73, 87): the view, the sentence kind and life, conduct, deaths,
  criminal group, citizenship and as_of's epoch; the arithmetic is done per document.
- parole (art. 72, 86): the view, kind, replacement, life, conduct, as_of's epoch (and, for a
  terrorist or extremist conviction, deaths and active assistance); then, separately, the
  possible parts of the term, keyed on the tier, life, agreement, revocation, privileged status
  (itself keyed on the person's facts and age on as_of) and epochs.

A test holds this path to `engine.evaluate` byte for byte on thousands of varied documents.

Contract: the dicts returned are read-only.  Decisions that depend on no date of the document
(whole measures, often) are shared between the results of documents with equal keys, so a
caller that wants to change a result must copy it first (`copy.deepcopy`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from zhusan.law import conviction, epochs, facts, term
from zhusan.law.criminal_code import art15, art50_1, art63, art72, art73, art75, art78
from zhusan.law.engine import ENGINE_VERSION, LAW_VERSION
from zhusan.law.facts import Facts, FactsError
from zhusan.law.finding import Plan
from zhusan.law.periods import age_facts, age_on

LIMIT = 200_000  # entries a cache may hold before it is emptied (bounds the memory)
_MAJORITY = conviction.MAJORITY
_epoch = epochs.epoch
_read_fast = facts.read_fast


class Summary:
    """What the batch path knows of one conviction key."""

    __slots__ = (
        "templates",
        "view",
        "te",
        "time_view",
        "citizenship",
        "liability",
    )

    def __init__(self, templates: tuple[dict[str, Any], ...], view: int, te: bool, time_view: int):
        self.templates = templates
        self.view = view
        self.te = te
        self.time_view = time_view
        self.citizenship: dict[Any, dict[str, Any]] = {}
        self.liability: dict[Any, dict[str, Any]] = {}


class Batch:
    """Evaluate documents with shared decision caches; `stats()` reports their use."""

    def __init__(self) -> None:
        self.convictions: dict[Any, Summary] = {}
        self.views: dict[Any, int] = {}
        self.parole: dict[Any, Any] = {}
        self.parole_parts: dict[Any, art72.Candidates] = {}
        self.privileged: dict[Any, Any] = {}
        self.milder: dict[Any, Any] = {}
        self.illness: dict[Any, dict[str, Any]] = {}
        self.amnesty: dict[Any, dict[str, Any]] = {}
        self.suspended: dict[Any, dict[str, Any]] = {}
        self.documents = 0
        self.lookups = 0
        self.misses = 0

    def stats(self) -> dict[str, Any]:
        """Return the documents seen, decision lookups and misses, and the keys held."""
        keys = {
            "conviction": len(self.convictions),
            "parole": len(self.parole),
            "parole_parts": len(self.parole_parts),
            "milder_punishment": len(self.milder),
            "illness_release": len(self.illness),
            "citizenship_deprivation": sum(len(s.citizenship) for s in self.convictions.values()),
            "criminal_liability": sum(len(s.liability) for s in self.convictions.values()),
            "suspended_sentence": len(self.suspended),
            "amnesty": len(self.amnesty),
        }
        return {
            "documents": self.documents,
            "lookups": self.lookups,
            "misses": self.misses,
            "hit_rate": 1 - self.misses / self.lookups if self.lookups else 0.0,
            "keys": keys,
        }

    def _intern(self, value: Any) -> int:
        found = self.views.get(value)
        if found is None:
            found = self.views[value] = len(self.views)
        return found

    def _summary(self, key: Any, f: Facts, c: conviction.Conviction) -> Summary:
        """Build what the conviction key decides, from one document that has it."""
        gaps = (
            c.pre_code,
            tuple((n.offence.article, n.offence.part) for n in c.counts if n.lenient_later),
            tuple((n.offence.article, n.offence.part) for n in c.unknown),
        )
        latest = _epoch(c.latest_offence)
        view = (
            gaps,
            c.juvenile,
            c.juvenile_boundary,
            c.juvenile_mixed,
            c.te,
            c.especially_grave_te,
            c.especially_grave_other,
            c.rank,
            c.against,
            c.group_article,
            latest,
        )
        summary = Summary(
            tuple(conviction.describe(n) for n in c.counts),
            self._intern(view),
            c.te,
            self._intern(("time", c.rank, c.against, latest)),
        )
        if len(self.convictions) >= LIMIT:
            self.convictions.clear()
        self.convictions[key] = summary
        return summary

    def evaluate(self, document: Any) -> dict[str, Any]:
        """Assess one document; raise FactsError naming the field if it is invalid."""
        f = _read_fast(document)
        if f is None:
            f = facts.read(document)
            as_of_text = f.as_of.isoformat()
        else:
            as_of_text = document["as_of"]
        self.documents += 1
        as_of = f.as_of
        as_of_epoch = _epoch(as_of)
        birth = f.birth_date
        counts = []
        ages = []
        for offence in f.offences:
            on = offence.offence_date
            if birth is None:
                counts.append((offence.article, offence.part, _epoch(on), None))
                continue
            age, boundary = pair = age_facts(birth, on)
            minor = (
                "boundary"
                if boundary == _MAJORITY
                else ("reached" if age >= _MAJORITY else "below")
            )
            counts.append((offence.article, offence.part, _epoch(on), minor))
            ages.append(pair)
        key = (epochs.catalogue_epoch(as_of), tuple(counts))
        c = None
        misses = 0
        summary = self.convictions.get(key)
        if summary is None:
            c = conviction.read(f)
            summary = self._summary(key, f, c)
            misses += 1

        offences = []
        for template, offence, pair in zip(
            summary.templates, f.offences, ages or [None] * len(counts), strict=True
        ):
            described = template.copy()
            described["offence_date"] = offence.offence_date.isoformat()
            described["age_at_offence"] = None if pair is None else pair[0]
            offences.append(described)

        # Measures that depend on the conviction and a fact or two.
        view, te = summary.view, summary.te
        amnesty = self.amnesty.get(view)
        if amnesty is None:
            c = c or conviction.read(f)
            amnesty = _store(self.amnesty, view, art78.assess(f, c))
            misses += 1
        life, group = f.life, f.criminal_group
        suspended_key = (view, life, group)
        suspended = self.suspended.get(suspended_key)
        if suspended is None:
            c = c or conviction.read(f)
            suspended = _store(self.suspended, suspended_key, art63.assess(f, c))
            misses += 1
        citizenship = summary.citizenship.get(f.citizen)
        if citizenship is None:
            c = c or conviction.read(f)
            citizenship = summary.citizenship[f.citizen] = art50_1.assess(f, c)
            misses += 1
        age_key = tuple(ages) if birth is not None else None
        liability = summary.liability.get(age_key)
        if liability is None:
            c = c or conviction.read(f)
            liability = summary.liability[age_key] = art15.assess(f, c)
            misses += 1

        illness_key = (
            view,
            f.incapacitating_mental_disorder,
            life,
            f.years is None and f.months is None and f.days is None,
            f.commission_conclusion,
            f.on_authorised_list,
            f.prevents_serving,
            f.caused_death,
            group,
        )
        illness = self.illness.get(illness_key)
        if illness is None:
            c = c or conviction.read(f)
            illness = _store(self.illness, illness_key, art75.assess(f, c))
            misses += 1

        reading = None
        milder_key = (
            view,
            f.kind,
            life,
            f.caused_death,
            group,
            f.damage_compensated,
            f.malicious_violations,
            f.active_assistance,
            f.cooperation_agreement,
            f.prior_parole_revoked,
            f.citizen,
            as_of_epoch,
        )
        milder = self.milder.get(milder_key)
        if milder is None:
            c = c or conviction.read(f)
            milder = _store(self.milder, milder_key, art73.decide(f, c))
            misses += 1
        if type(milder) is Plan:
            reading = term.reading(f)
            milder = milder.finish(milder.finding.copy(), milder.data, f, reading, None)

        parole_key = (
            view,
            f.kind,
            f.replaced_under_art73,
            life,
            f.prior_parole_revoked,
            f.damage_compensated,
            f.malicious_violations,
            as_of_epoch,
            f.caused_death if te else None,
            f.active_assistance if te else None,
        )
        parole = self.parole.get(parole_key)
        if parole is None:
            c = c or conviction.read(f)
            parole = _store(self.parole, parole_key, art72.decide(f, c))
            misses += 1
        if type(parole) is Plan:
            reading = reading or term.reading(f)
            cands = None
            if parole.candidates:
                cands, missed = self._candidates(f, c, summary, as_of_epoch)
                misses += missed
            parole = parole.finish(parole.finding.copy(), parole.data, f, reading, cands)

        self.lookups += 7
        self.misses += misses
        return {
            "as_of": as_of_text,
            "engine_version": ENGINE_VERSION,
            "law_version": LAW_VERSION,
            "offences": offences,
            "measures": [
                parole,
                milder,
                illness,
                citizenship,
                liability,
                amnesty,
                suspended,
            ],
        }

    def _candidates(
        self, f: Facts, c: conviction.Conviction | None, summary: Summary, as_of_epoch: int
    ) -> tuple[art72.Candidates, int]:
        """Return the parole candidates of a document and whether the lookup missed."""
        birth = f.birth_date
        person = (
            f.sex,
            f.pregnant,
            f.raises_disabled_child,
            f.disability_group,
            f.children_under_14,
            f.raises_child_alone,
            None if birth is None else age_on(birth, f.as_of),
            as_of_epoch,
        )
        status = self.privileged.get(person)
        if status is None:
            status, missing = art72.privileged(f)
            status = _store(self.privileged, person, (status, tuple(missing)))
        key = (
            summary.time_view,
            f.life,
            f.cooperation_agreement,
            status,
            f.prior_parole_revoked,
            f.prior_revocation_ground,
            f.kind,
            as_of_epoch,
        )
        found = self.parole_parts.get(key)
        if found is not None:
            return found, 0
        c = c or conviction.read(f)
        return _store(self.parole_parts, key, art72.candidates(f, c)), 1

    def evaluate_many(self, documents: Iterable[Any]) -> Iterator[dict[str, Any]]:
        """Assess documents in order; an invalid one raises FactsError prefixed with its index."""
        evaluate = self.evaluate
        for index, document in enumerate(documents):
            try:
                yield evaluate(document)
            except FactsError as error:
                raise FactsError(f"[{index}] {error.field}", error.problem) from None


def _store(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(cache) >= LIMIT:
        cache.clear()
    cache[key] = value
    return value


DEFAULT = Batch()


def evaluate_many(documents: Iterable[Any], batch: Batch | None = None) -> Iterator[dict[str, Any]]:
    """Assess documents in order with the process's shared caches (or a given Batch)."""
    return (batch or DEFAULT).evaluate_many(documents)

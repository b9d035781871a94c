"""Assess many documents fast: the same results as `engine.evaluate`, with decisions memoised.

An assessment splits into legal decisions, which depend on few facts, and date arithmetic.  The
batch path makes each decision once per *decision key* and shares it between documents; per
document it only validates, counts the dates (the term, its parts, its end, the comparisons
with as_of) and fills in the per-document fields of the output.  The keys:

- **conviction**: the catalogue epoch of as_of and, per count in order, (article, part, epoch of
  the offence date, the offence date against the 18th birthday).  An epoch
  (zhusan.law.epochs) is the span between two dates on which the law the engine reads changes,
  so two dates in one epoch meet every rule alike.  The key yields the offence templates and the
  conviction's *view*: everything the measures below read of the conviction as a whole (the
  most serious category, what it is against, terrorist or extremist, especially grave counts,
  the juvenile flags, the gaps of flag_gaps, art. 257, the latest offence's epoch).
- **parole, milder punishment, illness, amnesty, suspended sentence, deferrals**: the view and the facts
  the decision *read*.  On a miss the decision runs on a stand-in for the facts that notes each
  fact read; its key is the values of those facts (as_of by its epoch).  Another document that
  agrees on them takes the same path through the rules and gets the same decision, so no key
  is written by hand and a new rule reading a new fact is keyed correctly.  Decisions read the
  dates only to compare them with the law's dates; their arithmetic is in `finish` (finding.Plan).
- **parole parts** (art72.candidates): the tier (category, against, latest epoch), life,
  agreement, revocation, kind, as_of's epoch and the privileged status of art. 72(4) (itself
  keyed on the person's facts and age on as_of).
- **criminal liability, citizenship**: per count, (its conviction key, the catalogue epoch of
  as_of, and for art. 15 the exact age and birthday boundary); the counts' records are combined
  per document (art. 15) or per conviction and citizenship (art. 50-1).

Caches are emptied when they reach LIMIT entries, which bounds the memory.  A test holds this
path to `engine.evaluate` byte for byte on thousands of varied documents.

`assess_many` gives each document's assessment in brief (Compact): per measure the outcome, the
earliest date and the decision, shared between documents where it can be (the dates of a
measure whose term was counted are the document's own, and its reasons are rendered, like
art. 15's, only when `to_json()` asks).  `evaluate_many` is `assess_many` with `to_json()`.

Contract: the dicts returned are read-only.  Parts of them (often whole measures) are shared
between documents with equal keys, so a caller that changes a result must copy it first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple, cast

from zhusan.law import conviction, epochs, facts, term
from zhusan.law.criminal_code import (
    art15,
    art50_1,
    art63,
    art72,
    art73,
    art74,
    art75,
    art76,
    art78,
)
from zhusan.law.engine import ENGINE_VERSION, LAW_VERSION
from zhusan.law.facts import Facts, FactsError
from zhusan.law.finding import Deferred, Finding, Outcome, Plan
from zhusan.law.periods import age_facts, age_on

LIMIT = 100_000  # entries a cache may hold before it is emptied
DECISIONS = (
    "parole",
    "milder_punishment",
    "illness_release",
    "citizenship_deprivation",
    "criminal_liability",
    "amnesty",
    "suspended_sentence",
    "deferral_for_children",
    "deferral_for_family",
)
ANY_VIEW = -1  # the gate of decisions that read nothing of the conviction
# The conviction attributes the view determines (`counts` and `unknown` only as flag_gaps reads
# them: names and lenient_later, which the view's gaps hold; latest_offence by its epoch).
VIEW_COVERS = frozenset(
    {
        "counts",
        "unknown",
        "pre_code",
        "juvenile",
        "juvenile_boundary",
        "juvenile_mixed",
        "te",
        "especially_grave_te",
        "especially_grave_other",
        "rank",
        "category",
        "against",
        "group_article",
        "latest_offence",
        "killing",
        "nature_clear",
    }
)
_MAJORITY = conviction.MAJORITY
_FIELDS = Facts._fields
_epoch = epochs.epoch
_catalogue_epoch = epochs.catalogue_epoch
_read_fast = facts.read_fast


class _Recorder:
    """Stand in for Facts (or the Conviction) while a decision is made, noting each name read."""

    __slots__ = ("_facts", "names")

    def __init__(self, f: Any) -> None:
        self._facts = f
        self.names: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.names.add(name)
        return getattr(self._facts, name)


def _no_fields(_: Facts) -> tuple[()]:
    return ()


class Memo:
    """The decisions of one measure, keyed on the view and the values of the facts read.

    For each view the memo keeps one table per set of facts read (one per path through the
    rules, the usual first); a document is looked up in each in turn.  Sound because a decision
    is a function of what it reads, and reads as_of only to compare it with the law's dates
    (so its epoch stands for it); the Conviction attributes it may read are VIEW_COVERS.
    """

    def __init__(self, name: str, decide: Callable[[Any, conviction.Conviction], Any]) -> None:
        self.name = name
        self.decide = decide
        self.paths: dict[int, list[tuple[tuple[str, ...], Callable[[Facts], Any], bool, dict]]] = {}
        self.size = 0

    def lookup(self, view: int, f: Facts, as_of_epoch: int) -> Any:
        """Return the decision for a document, or None (Batch.evaluate inlines this)."""
        for gate in (view, ANY_VIEW):
            for _, getter, dated, table in self.paths.get(gate, ()):
                found = table.get((getter(f), as_of_epoch) if dated else getter(f))
                if found is not None:
                    return found
        return None

    def make(self, view: int, f: Facts, c: conviction.Conviction, as_of_epoch: int) -> Any:
        """Make the decision for a document, keep it, and return it."""
        return self.make_keyed(view, f, c, as_of_epoch)[0]

    def make_keyed(
        self, view: int, f: Facts, c: conviction.Conviction, as_of_epoch: int
    ) -> tuple[Any, tuple[str, ...], tuple[str, ...]]:
        """Make and keep the decision; return it, the facts and the conviction attributes it read.

        The columnar path (zhusan.law.columnar) keys its own tables on what was read.
        """
        recorder, conviction_recorder = _Recorder(f), _Recorder(c)
        decision = self.decide(recorder, cast(Any, conviction_recorder))
        names = tuple(sorted(recorder.names))
        uncovered = conviction_recorder.names - VIEW_COVERS
        if uncovered:
            raise RuntimeError(
                f"{self.name} read {sorted(uncovered)} of the conviction: add it to the view"
            )
        if type(decision) is dict:
            decision = _shared(decision)
        if self.size >= LIMIT:
            self.paths.clear()
            self.size = 0
        # A decision that read nothing of the conviction holds for every view.
        gate = view if conviction_recorder.names else ANY_VIEW
        paths = self.paths.setdefault(gate, [])
        for path in paths:
            if path[0] == names:
                break
        else:
            fields = [_FIELDS.index(name) for name in names if name != "as_of"]
            getter: Callable[[Facts], Any] = itemgetter(*fields) if fields else _no_fields
            path = (names, getter, "as_of" in names, {})
            paths.append(path)
        _, getter, dated, table = path
        table[(getter(f), as_of_epoch) if dated else getter(f)] = decision
        self.size += 1
        return decision, names, tuple(sorted(conviction_recorder.names))


class Measure(NamedTuple):
    """One measure in brief: its outcome, its earliest date and what decided it.

    `decision` is the measure's dict when documents share it, or else an object whose
    `materialise(outcome, earliest)` renders the dict when it is asked for.
    """

    outcome: str
    earliest: date | None
    decision: Any


class Compact(NamedTuple):
    """A document's assessment in brief: per measure (engine.MEASURES order) a Measure.

    Cheap to build and to read for the bulk use (a population's outcomes and dates);
    `to_json()` gives the dict `engine.evaluate` gives, byte for byte (read-only, as above).
    """

    as_of: str
    measures: tuple[Measure, ...]
    templates: tuple[dict[str, Any], ...]  # the offences but for their dates and ages
    offence_dates: list[str]
    ages: list[tuple[int, int | None]]  # (age, birthday boundary) per count; [] without a birth

    def to_json(self) -> dict[str, Any]:
        """Return the assessment as `engine.evaluate` returns it."""
        offences = []
        ages = self.ages
        for index, template in enumerate(self.templates):
            described = template.copy()
            described["offence_date"] = self.offence_dates[index]
            described["age_at_offence"] = ages[index][0] if ages else None
            offences.append(described)
        return {
            "as_of": self.as_of,
            "engine_version": ENGINE_VERSION,
            "law_version": LAW_VERSION,
            "offences": offences,
            "measures": [
                decision if type(decision) is dict else decision.materialise(outcome, earliest)
                for outcome, earliest, decision in self.measures
            ],
        }


class _Combined:
    """Art. 15 combined from the counts' records when first asked for, then kept."""

    def __init__(self, args: tuple[list[tuple[str, Finding]], bool, bool, Finding]) -> None:
        self.args = args
        self.result: dict[str, Any] | None = None

    def materialise(self, outcome: Outcome, earliest: date | None) -> dict[str, Any]:
        if self.result is None:
            self.result = art15.combine(*self.args)
        return self.result


def _shared(measure: dict[str, Any]) -> Measure:
    """Wrap a measure's dict that documents share."""
    earliest = measure["earliest_date"]
    return Measure(
        measure["outcome"], None if earliest is None else date.fromisoformat(earliest), measure
    )


_new = tuple.__new__
_new_deferred = object.__new__


class Summary:
    """What the batch path knows of one conviction key."""

    __slots__ = ("templates", "view", "time_view", "gaps", "minor", "citizenship")

    def __init__(
        self,
        templates: tuple[dict[str, Any], ...],
        view: int,
        time_view: int,
        gaps: Finding,
        minor: bool,
    ) -> None:
        self.templates = templates
        self.view = view
        self.time_view = time_view
        self.gaps = gaps  # what flag_gaps(needs_category=False) records, for art. 15
        self.minor = minor  # a count not after the 18th birthday (art. 15(3) reminder)
        self.citizenship: dict[bool | None, Measure] = {}


class Batch:
    """Evaluate documents with shared decision caches; `stats()` reports their use."""

    def __init__(self) -> None:
        self.convictions: dict[Any, Summary] = {}
        self.views: dict[Any, int] = {}
        self.epochs: dict[date, int] = {}  # epochs.epoch, memoised
        self.parole = Memo("parole", art72.decide)
        self.milder = Memo("milder_punishment", art73.decide)
        self.illness = Memo("illness_release", art75.assess)
        self.amnesty = Memo("amnesty", art78.assess)
        self.suspended = Memo("suspended_sentence", art63.assess)
        self.deferral_children = Memo("deferral_for_children", art74.assess)
        self.deferral_family = Memo("deferral_for_family", art76.assess)
        self._memo_list = (
            self.parole,
            self.milder,
            self.illness,
            self.amnesty,
            self.suspended,
            self.deferral_children,
            self.deferral_family,
        )
        self.parole_parts: dict[Any, art72.Candidates] = {}
        self.privileged: dict[Any, tuple[bool | None, tuple[str, ...]]] = {}
        self.liability_counts: dict[Any, tuple[str, Finding]] = {}
        self.liability: dict[Any, Measure] = {}
        self.citizenship_counts: dict[Any, tuple[str, Finding]] = {}
        self.no_birth: Measure | None = None
        self.documents = 0
        self.missed: Counter[str] = Counter()  # lookups that missed, by cache

    def stats(self) -> dict[str, Any]:
        """Return the documents seen, decision lookups and misses, and the keys held."""
        keys = {memo.name: memo.size for memo in self._memos()}
        keys |= {
            "conviction": len(self.convictions),
            "parole_parts": len(self.parole_parts),
            "privileged": len(self.privileged),
            "citizenship_deprivation": sum(len(s.citizenship) for s in self.convictions.values()),
            "citizenship_counts": len(self.citizenship_counts),
            "criminal_liability": len(self.liability),
            "criminal_liability_counts": len(self.liability_counts),
        }
        decisions = len(DECISIONS) * self.documents
        missed = sum(self.missed[name] for name in DECISIONS)
        return {
            "documents": self.documents,
            "decisions": decisions,
            "decisions_missed": missed,
            "hit_rate": 1 - missed / decisions if decisions else 0.0,
            "missed": dict(self.missed),
            "keys": keys,
        }

    def _memos(self) -> tuple[Memo, ...]:
        return self._memo_list

    def _intern(self, value: Any) -> int:
        found = self.views.get(value)
        if found is None:
            found = self.views[value] = len(self.views)
        return found

    def _summary(self, key: Any, c: conviction.Conviction) -> Summary:
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
            c.killing,
            c.nature_clear,
        )
        record = Finding("criminal_liability")
        conviction.flag_gaps(c, record, needs_category=False)
        summary = Summary(
            tuple(conviction.describe(n) for n in c.counts),
            self._intern(view),
            self._intern(("time", c.rank, c.against, latest)),
            record,
            any(n.minor != "reached" for n in c.counts),
        )
        _store(self.convictions, key, summary)
        return summary

    def _count_keys(
        self, f: Facts
    ) -> tuple[list[tuple[str, str, int, str | None]], list[tuple[int, int | None]], bool]:
        """Return each count's key, the (age, birthday boundary) pairs and whether one is under 17."""
        epoch_of = self.epochs
        birth = f.birth_date
        counts: list[tuple[str, str, int, str | None]] = []
        pairs: list[tuple[int, int | None]] = []
        young = False  # an offence before 17 (art. 15 then flags the conviction's gaps)
        for offence in f.offences:
            on = offence.offence_date
            on_epoch = epoch_of.get(on)
            if on_epoch is None:
                on_epoch = _store(epoch_of, on, _epoch(on))
            if birth is None:
                counts.append((offence.article, offence.part, on_epoch, None))
                continue
            age, boundary = pair = age_facts(birth, on)
            minor = (
                "boundary"
                if boundary == _MAJORITY
                else ("reached" if age >= _MAJORITY else "below")
            )
            counts.append((offence.article, offence.part, on_epoch, minor))
            pairs.append(pair)
            young = young or age < 17
        return counts, pairs, young

    def summary_of(self, f: Facts, c: conviction.Conviction | None = None) -> Summary:
        """Return what the conviction key of a document decides (made on a miss)."""
        counts, _, _ = self._count_keys(f)
        key = (_catalogue_epoch(f.as_of), tuple(counts))
        summary = self.convictions.get(key)
        if summary is None:
            summary = self._summary(key, c or conviction.read(f))
            self.missed["conviction"] += 1
        return summary

    def _citizenship(
        self,
        f: Facts,
        c: conviction.Conviction | None,
        summary: Summary,
        counts: list[tuple[str, str, int, str | None]],
        catalogue_epoch: int,
    ) -> Measure:
        """Make art. 50-1 for a conviction key and citizenship from its counts' records."""
        records = self._citizenship_records(f, c, counts, catalogue_epoch)
        citizenship = _shared(art50_1.combine(records, f.citizen))
        summary.citizenship[f.citizen] = citizenship
        self.missed["citizenship_deprivation"] += 1
        return citizenship

    def _citizenship_records(
        self,
        f: Facts,
        c: conviction.Conviction | None,
        counts: list[tuple[str, str, int, str | None]],
        catalogue_epoch: int,
    ) -> list[tuple[str, Finding]]:
        """Return art. 50-1's record of each count (its result and reasons), memoised."""
        records = []
        for index, count in enumerate(counts):
            count_key = (count, catalogue_epoch)
            record = self.citizenship_counts.get(count_key)
            if record is None:
                c = c or conviction.read(f)
                record = art50_1.count_record(c.counts[index])
                _store(self.citizenship_counts, count_key, record)
                self.missed["citizenship_counts"] += 1
            records.append(record)
        return records

    def _no_birth(self, f: Facts, c: conviction.Conviction | None) -> Measure:
        """Make art. 15 for a document without a birth date (one decision for all)."""
        liability = self.no_birth = _shared(art15.assess(f, c or conviction.read(f)))
        self.missed["criminal_liability"] += 1
        return liability

    def _liability_record(
        self,
        f: Facts,
        c: conviction.Conviction | None,
        index: int,
        count: tuple[str, str, int, str | None],
        catalogue_epoch: int,
        pairs: list[tuple[int, int | None]],
    ) -> tuple[str, Finding]:
        """Make art. 15's record of one count (its result and reasons) and keep it."""
        birth = f.birth_date
        if birth is None:
            raise ValueError("art. 15 counts records need a birth date")
        c = c or conviction.read(f)
        record = art15.count_record(c.counts[index], birth)
        _store(self.liability_counts, (count, catalogue_epoch, pairs[index]), record)
        self.missed["criminal_liability_counts"] += 1
        return record

    def evaluate(self, document: Any) -> dict[str, Any]:
        """Assess one document as `engine.evaluate` does; raise FactsError naming the field."""
        return self.assess(document).to_json()

    def assess(self, document: Any) -> Compact:
        """Assess one document in brief (see Compact); raise FactsError naming the field."""
        f = _read_fast(document)
        if f is None:
            f = facts.read(document)
            as_of_text = f.as_of.isoformat()
            dates = [offence.offence_date.isoformat() for offence in f.offences]
        else:  # read_fast accepts dates in canonical form only: the strings are the isoformat
            as_of_text = document["as_of"]
            dates = [item["offence_date"] for item in document["offences"]]
        self.documents += 1
        as_of = f.as_of
        epoch_of = self.epochs
        as_of_epoch = epoch_of.get(as_of)
        if as_of_epoch is None:
            as_of_epoch = _store(epoch_of, as_of, _epoch(as_of))
        catalogue_epoch = _catalogue_epoch(as_of)
        birth = f.birth_date
        counts, pairs, young = self._count_keys(f)
        key = (catalogue_epoch, tuple(counts))
        c = None
        missed = self.missed
        summary = self.convictions.get(key)
        if summary is None:
            c = conviction.read(f)
            summary = self._summary(key, c)
            missed["conviction"] += 1

        view = summary.view
        decisions: list[Measure] = []
        reading = None
        for memo in self._memo_list:
            # Memo.lookup, inlined: this loop runs seven times a document.
            decision = None
            for _, getter, dated, table in memo.paths.get(view, ()):
                decision = table.get((getter(f), as_of_epoch) if dated else getter(f))
                if decision is not None:
                    break
            else:
                for _, getter, dated, table in memo.paths.get(ANY_VIEW, ()):
                    decision = table.get((getter(f), as_of_epoch) if dated else getter(f))
                    if decision is not None:
                        break
            if decision is None:
                c = c or conviction.read(f)
                decision = memo.make(view, f, c, as_of_epoch)
                missed[memo.name] += 1
            if type(decision) is Plan:
                # The date arithmetic, on a Finding that keeps the outcome for to_json to render.
                reading = reading or term.reading(f)
                cands = None
                if decision.candidates:
                    cands = self._candidates(f, c, summary, as_of_epoch)
                found = decision.finding.copy_into(_new_deferred(Deferred))
                decision.finish(found, decision.data, f, reading, cands)
                decision = _new(Measure, (found.outcome, found.earliest, found))
            decisions.append(decision)
        parole, milder, illness, amnesty, suspended, children, family = decisions

        citizenship = summary.citizenship.get(f.citizen)
        if citizenship is None:
            citizenship = self._citizenship(f, c, summary, counts, catalogue_epoch)

        if birth is None:
            liability = self.no_birth
            if liability is None:
                liability = self._no_birth(f, c)
        else:
            records = []
            for index, count in enumerate(counts):
                record = self.liability_counts.get((count, catalogue_epoch, pairs[index]))
                if record is None:
                    record = self._liability_record(f, c, index, count, catalogue_epoch, pairs)
                records.append(record)
            # The records are cached objects, so a tuple of them is a cheap, exact key.
            combined_key = (tuple(records), young, summary.minor, summary.gaps)
            liability = self.liability.get(combined_key)
            if liability is None:
                # The outcome now; the reasons (which name the ages) when to_json asks.
                outcome = art15.outcome({result for result, _ in records})
                combined = _Combined((records, young, summary.minor, summary.gaps))
                liability = _store(self.liability, combined_key, Measure(outcome, None, combined))
                missed["criminal_liability"] += 1

        return _new(
            Compact,
            (
                as_of_text,
                (
                    parole,
                    milder,
                    illness,
                    citizenship,
                    liability,
                    amnesty,
                    suspended,
                    children,
                    family,
                ),
                summary.templates,
                dates,
                pairs,
            ),
        )

    def _candidates(
        self, f: Facts, c: conviction.Conviction | None, summary: Summary, as_of_epoch: int
    ) -> art72.Candidates:
        """Return the parole candidates of a document (art72.candidates), memoised."""
        status = self._privileged(f, as_of_epoch)
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
        if found is None:
            found = art72.candidates(f, c or conviction.read(f))
            _store(self.parole_parts, key, found)
            self.missed["parole_parts"] += 1
        return found

    def _privileged(self, f: Facts, as_of_epoch: int) -> tuple[bool | None, tuple[str, ...]]:
        """Return art72.privileged for a document, memoised on the person's facts and age."""
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
            value, missing = art72.privileged(f)
            status = _store(self.privileged, person, (value, tuple(missing)))
            self.missed["privileged"] += 1
        return status

    def evaluate_many(self, documents: Iterable[Any]) -> Iterator[dict[str, Any]]:
        """Assess documents in order; an invalid one raises FactsError prefixed with its index."""
        for compact in self.assess_many(documents):
            yield compact.to_json()

    def assess_many(self, documents: Iterable[Any]) -> Iterator[Compact]:
        """Assess documents in order, in brief; an invalid one raises FactsError as above."""
        assess = self.assess
        for index, document in enumerate(documents):
            try:
                yield assess(document)
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


def assess_many(documents: Iterable[Any], batch: Batch | None = None) -> Iterator[Compact]:
    """Assess documents in order, in brief (Compact), with the process's shared caches."""
    return (batch or DEFAULT).assess_many(documents)

"""Find and rank persons by name in any script, with the evidence that matched (Django side)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Case, Count, Min, QuerySet, Value, When

from zhusan.identity.birthdates import BirthDate, try_birth_date
from zhusan.identity.blocking import blocking_keys
from zhusan.identity.models import NameKey
from zhusan.identity.records import Features, PersonRecord, features
from zhusan.identity.scoring import Score, score
from zhusan.lib.dates import format_partial
from zhusan.people.models import NameKind, Person, PersonName
from zhusan.people.queries import search_by_name

CANDIDATES = 75


@dataclass(frozen=True)
class Match:
    person: Person
    probability: float
    name: str  # the recorded form that matched best
    evidence: tuple  # zhusan.identity.scoring.Evidence, strongest first


def person_features(person: Person, names) -> list[Features]:
    """One feature set per civil name of the person, each carrying the aliases and kunyas."""
    aliases = tuple(n.full_name for n in names if n.kind in (NameKind.ALIAS, NameKind.KUNYA))
    civil = [n for n in names if n.kind not in (NameKind.ALIAS, NameKind.KUNYA)] or list(names)
    birth = format_partial(person.birth_date, person.birth_date_precision)
    return [
        features(
            PersonRecord(
                record_id=str(n.pk),
                full_name=n.full_name,
                birth_date=birth,
                sex=person.sex,
                aliases=aliases,
                birth_place=person.birth_place,
            )
        )
        for n in civil
    ]


def candidates(
    persons: QuerySet[Person], text: str, limit: int = CANDIDATES, *, birth_date: str = ""
) -> QuerySet[Person]:
    """Persons (of `persons`) sharing the most blocking keys with the text, or its name prefixes.

    Candidate ids come from the name indexes first, so the scope and filters of `persons` are
    checked on a few hundred rows, not on the registry. Each further index is asked only when
    the one before found nobody in scope: a prefix search over two common names intersects tens
    of thousands of rows (100 ms and more at a million persons), the key lookup a few thousand.
    """
    keys = blocking_keys(text)
    pair_keys = sorted(k for k in keys if k.startswith("n2:"))
    if not pair_keys:
        # One token, perhaps still being typed: its prefix first, then its skeleton.
        prefixed = search_by_name(Person.objects.all(), text).values_list("id", flat=True)
        by_prefix = list(prefixed[: limit * 4])
        by_key = [pid for pid, _shared in _by_shared_keys(sorted(keys), limit * 4, None)]
        kept = _in_scope(persons, by_prefix + by_key, limit)
        if len(kept) < limit and limit * 4 in (len(by_prefix), len(by_key)):
            # A narrow caseload: the registry's first matches were someone else's.
            ids = list(search_by_name(persons, text).values_list("id", flat=True)[:limit])
            kept = list(dict.fromkeys(kept + ids))[:limit]
        return Person.objects.filter(id__in=kept)
    birth = try_birth_date(birth_date)
    found = _by_shared_keys(pair_keys, limit * 4, birth)
    if not found or found[0][1] < len(pair_keys):
        # Nobody holds every pair of the typed tokens: a typo, most likely. The pairs one letter
        # away count beside the exact ones, so the person with the intact pair and the mistyped
        # token's true pairs ranks above those sharing only the intact pair.
        pair_keys += _one_edit_pairs(pair_keys)
        found = _by_shared_keys(pair_keys, limit * 4, birth)
    ids = [pid for pid, _shared in found]
    capped = len(ids) == limit * 4
    kept = _in_scope(persons, ids[:limit] if capped else ids, limit)
    if len(kept) < limit and capped:
        # A narrow caseload: the registry's first matches were someone else's, ask within it.
        kept = [pid for pid, _shared in _by_shared_keys(pair_keys, limit, birth, within=persons)]
    if not kept:
        # The last token still being typed ("Асель Нұрлан" + "қы…").
        kept = list(search_by_name(persons, text).values_list("id", flat=True)[:limit])
    return Person.objects.filter(id__in=kept)


def _in_scope(persons: QuerySet[Person], ids: list[int], limit: int) -> list[int]:
    """The first `limit` of the ids (in their order) that are persons of the queryset."""
    unique = list(dict.fromkeys(ids))
    kept: list[int] = []
    # A wide caseload holds nearly all of the first ids: the rest are checked only when short.
    for chunk in (unique[:limit], unique[limit:]):
        if chunk and len(kept) < limit:
            allowed = set(persons.filter(id__in=chunk).values_list("id", flat=True))
            kept += [pid for pid in chunk if pid in allowed]
    return kept[:limit]


# Letters a consonant skeleton is made of (zhusan.identity.keys: the class letters).
_CONSONANTS = "bcdfgjklmnprstvwz"


def _one_edit_pairs(pair_keys: list[str]) -> list[str]:
    """The pair keys with one consonant deleted, replaced or inserted in one of the two skeletons.

    The stored keys carry no typo variants (`blocking_keys`), so the query brings them; the first
    letter is left alone, as the prefix search does.
    """
    keys = set()
    for pair_key in pair_keys:
        a, b = pair_key.removeprefix("n2:").split("|")
        for this, other in ((a, b), (b, a)):
            edits = {this[:i] + this[i + 1 :] for i in range(1, len(this))}
            for i in range(1, len(this) + 1):
                edits.update(this[:i] + c + this[i + 1 :] for c in _CONSONANTS if i < len(this))
                edits.update(this[:i] + c + this[i:] for c in _CONSONANTS)
            keys.update("n2:" + "|".join(sorted((e, other))) for e in edits if len(e) > 1)
    return sorted(keys - set(pair_keys))


def _by_shared_keys(
    keys: list[str],
    limit: int,
    birth: BirthDate | None,
    within: QuerySet[Person] | None = None,
) -> list[tuple[int, int]]:
    """(person id, keys held) of the persons (of `within`) holding the most of these keys.

    Most keys first; among those holding as many, the ones born nearest the date first.
    """
    if not keys:
        return []
    found = NameKey.objects.filter(key__in=keys)
    if within is not None:
        found = found.filter(person__in=within)
    if len(keys) == 1 and birth is None:
        # Nothing to rank by (a one-token or a common two-token name): the first ones will do.
        ids = found.values_list("person_id", flat=True).distinct()  # one person, several names
        return [(pid, 1) for pid in ids[:limit]]
    # A common name shares all its keys with thousands: the birth date picks out the person.
    near = Value(0)
    if birth is not None:
        near = Case(
            When(person__birth_date__year=birth.year, then=Value(0)),
            When(person__birth_date__year__in=(birth.year - 1, birth.year + 1), then=Value(1)),
            default=Value(2),
        )
        if birth.day is not None:
            day = dt.date(birth.year, birth.month or 1, birth.day)
            near = Case(When(person__birth_date=day, then=Value(-1)), default=near)
    ranked = (
        found.values("person_id")
        .annotate(shared=Count("key", distinct=True), near=Min(near))
        .order_by("-shared", "near", "person_id")
        .values_list("person_id", "shared")
    )
    return list(ranked[:limit])


class _Name(NamedTuple):
    """The fields of a PersonName that scoring reads (model instances cost more than the score)."""

    pk: int
    full_name: str
    kind: str


def rank(query: PersonRecord, persons: QuerySet[Person] | list[Person]) -> list[Match]:
    """Score the query against each person's best-matching name; most likely first."""
    q = features(query)
    typed = set(q.name_keys)
    if hasattr(persons, "select_related"):
        persons = list(persons.select_related("case", "arrival__stage"))
    names: dict[int, list[_Name]] = {}
    for pk, person_id, full_name, kind in (
        PersonName.objects.filter(person_id__in=[p.pk for p in persons])
        .order_by("id")
        .values_list("id", "person_id", "full_name", "kind")
    ):
        names.setdefault(person_id, []).append(_Name(pk, full_name, kind))
    ranked = []
    for person in persons:
        mine = names.get(person.pk, [])
        best: tuple[tuple[int, int, float], Score, str] | None = None
        for name, f in zip(_civil(mine), person_features(person, mine), strict=True):
            s = score(q, f)
            # Matches shown with the same percentage are told apart by the name holding more of
            # the typed tokens exactly (the full name before a short Latin form without the
            # patronymic); the weight decides within a person only after that.
            order = (round(s.probability * 100), len(typed & set(f.name_keys)), s.match_weight)
            if best is None or order > best[0]:
                best = (order, s, name.full_name)
        if best is not None:
            order, s, name = best
            ranked.append((order[:2], Match(person, s.probability, name, s.evidence)))
    ranked.sort(key=lambda r: (-r[0][0], -r[0][1], r[1].person.display_name))
    return [m for _order, m in ranked]


def _civil(names):
    civil = [n for n in names if n.kind not in (NameKind.ALIAS, NameKind.KUNYA)]
    return civil or names


def search(
    persons: QuerySet[Person], text: str, *, birth_date: str = "", sex: str = ""
) -> list[Match]:
    """Name search anywhere: candidates in scope, ranked by the identity scorer."""
    # One token (a prefix being typed) matches many names: rank fewer, the page shows the best.
    found = candidates(
        persons,
        text,
        limit=CANDIDATES if len(text.split()) > 1 else CANDIDATES // 3,
        birth_date=birth_date,
    )
    return rank(
        PersonRecord(record_id="query", full_name=text, birth_date=birth_date, sex=sex), found
    )

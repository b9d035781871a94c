"""Find and rank persons by name in any script, with the evidence that matched (Django side)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from zhusan.identity.blocking import blocking_keys
from zhusan.identity.models import NameKey
from zhusan.identity.records import Features, PersonRecord, features
from zhusan.identity.scoring import Score, score
from zhusan.lib.dates import format_partial
from zhusan.people.models import NameKind, Person
from zhusan.people.queries import search_by_name

CANDIDATES = 400


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


def candidates(persons: QuerySet[Person], text: str, limit: int = CANDIDATES) -> QuerySet[Person]:
    """Persons sharing a blocking key with the text, or whose names start with its tokens."""
    keys = blocking_keys(text)
    pair_keys = [k for k in keys if k.startswith("n2:")]
    wanted = pair_keys or list(keys)
    by_key = NameKey.objects.filter(key__in=wanted).values("person_id")
    by_prefix = search_by_name(persons, text).values("id")
    ids = set(persons.filter(id__in=by_key).values_list("id", flat=True)[:limit])
    ids |= set(persons.filter(id__in=by_prefix).values_list("id", flat=True)[:limit])
    return Person.objects.filter(id__in=ids)


def rank(query: PersonRecord, persons: QuerySet[Person] | list[Person]) -> list[Match]:
    """Score the query against each person's best-matching name; most likely first."""
    q = features(query)
    if hasattr(persons, "prefetch_related"):
        persons = persons.select_related("case", "arrival__stage").prefetch_related("names")
    matches = []
    for person in persons:
        names = list(person.names.all())
        best: tuple[Score, str] | None = None
        for name, f in zip(_civil(names), person_features(person, names), strict=True):
            s = score(q, f)
            if best is None or s.match_weight > best[0].match_weight:
                best = (s, name.full_name)
        if best is not None:
            matches.append(Match(person, best[0].probability, best[1], best[0].evidence))
    matches.sort(key=lambda m: (-m.probability, m.person.display_name))
    return matches


def _civil(names):
    civil = [n for n in names if n.kind not in (NameKind.ALIAS, NameKind.KUNYA)]
    return civil or names


def search(
    persons: QuerySet[Person], text: str, *, birth_date: str = "", sex: str = ""
) -> list[Match]:
    """Name search anywhere: candidates in scope, ranked by the identity scorer."""
    found = candidates(persons, text)
    return rank(
        PersonRecord(record_id="query", full_name=text, birth_date=birth_date, sex=sex), found
    )

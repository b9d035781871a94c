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

CANDIDATES = 150


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
    """Persons (of `persons`) sharing a blocking key with the text, or whose names start with its tokens.

    Candidate ids come from the two name indexes first, so the scope and filters of `persons`
    are checked on a few hundred rows, not on the registry.
    """
    keys = blocking_keys(text)
    pair_keys = [k for k in keys if k.startswith("n2:")]
    ids: list[int] = list(
        NameKey.objects.filter(key__in=pair_keys or list(keys)).values_list("person_id", flat=True)[
            : limit * 4
        ]
    )
    ids += list(
        search_by_name(Person.objects.all(), text).values_list("id", flat=True)[: limit * 4]
    )
    unique = list(dict.fromkeys(ids))
    kept = list(persons.filter(id__in=unique).values_list("id", flat=True)[:limit])
    return Person.objects.filter(id__in=kept)


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
    # One token (a prefix being typed) matches many names: rank fewer, the page shows the best.
    found = candidates(
        persons, text, limit=CANDIDATES if len(text.split()) > 1 else CANDIDATES // 3
    )
    return rank(
        PersonRecord(record_id="query", full_name=text, birth_date=birth_date, sex=sex), found
    )

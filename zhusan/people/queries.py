"""Read-side queries over persons: name search, filters, the family picture."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhusan.identity.keys import token_keys
from zhusan.people.models import NameToken, Person, Relationship, RelationshipKind

# Upper bound of a prefix range: every folded key is ASCII, so this sorts after any extension.
_PREFIX_END = "\x7f"

AGE_BANDS = {
    "0-4": (_("0–4 years"), 0, 4),
    "5-11": (_("5–11 years"), 5, 11),
    "12-17": (_("12–17 years"), 12, 17),
    "18-34": (_("18–34 years"), 18, 34),
    "35-54": (_("35–54 years"), 35, 54),
    "55+": (_("55 years and over"), 55, 150),
}


def search_by_name(persons: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Keep the persons one of whose names has a token starting with every folded query token."""
    for token in dict.fromkeys(token_keys(text)):
        if not token:
            continue
        hits = NameToken.objects.filter(key__gte=token, key__lt=token + _PREFIX_END).values(
            "person_id"
        )
        persons = persons.filter(id__in=hits)
    return persons


def filter_age_band(persons: QuerySet[Person], band: str, today: dt.date) -> QuerySet[Person]:
    """Keep persons whose age today falls in the band (unknown birth dates are left out)."""
    if band not in AGE_BANDS:
        return persons
    _label, low, high = AGE_BANDS[band]
    youngest_birth = _years_before(today, low)
    oldest_birth = _years_before(today, high + 1) + dt.timedelta(days=1)
    return persons.filter(birth_date__gte=oldest_birth, birth_date__lte=youngest_birth)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Relative:
    person: Person
    label: str
    relationship: Relationship
    group: str  # parents, spouses, children, guardians, wards, siblings


def relatives_of(person: Person) -> list[Relative]:
    """Everyone linked to the person, labelled from the person's side."""
    rels = (
        Relationship.objects.filter(Q(source=person) | Q(target=person))
        .select_related("source__case", "target__case")
        .order_by("start_date", "id")
    )
    out: list[Relative] = []
    for rel in rels:
        outgoing = rel.source_id == person.pk
        other = rel.target if outgoing else rel.source
        if rel.kind == RelationshipKind.PARENT:
            group, label = ("children", _("child")) if outgoing else ("parents", _("parent"))
        elif rel.kind == RelationshipKind.GUARDIAN:
            group, label = (
                ("wards", _("in their care")) if outgoing else ("guardians", _("guardian"))
            )
        elif rel.kind == RelationshipKind.SPOUSE:
            group, label = "spouses", _("spouse")
        else:
            group, label = "siblings", _("sibling")
        out.append(Relative(other, label, rel, group))
    return out

"""Read-side questions over children's records: who is a child, how far their papers are, the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from zhusan.cases.models import AgeGroup, Arrival
from zhusan.children.models import DocumentationStatus, IdentityStep, Placement
from zhusan.lib.dates import age_on
from zhusan.people.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    FamilyMember,
    Person,
    Relationship,
    RelationshipKind,
)

S = DocumentationStatus
K = IdentityStep.Kind
R = IdentityStep.Result
ORDER = [S.NO_DOCUMENTS, S.DNA_CONFIRMED, S.COURT_ESTABLISHED, S.DOCUMENTED]


def is_child(person: Person, today: dt.date) -> bool:
    """Under 18 today, or counted as a child when the person arrived."""
    age = age_on(person.birth_date, today)
    if age is not None and age < 18:
        return True
    return Arrival.objects.filter(person=person, age_group=AgeGroup.CHILD).exists()


def children_only(persons: QuerySet[Person], today: dt.date) -> QuerySet[Person]:
    """The same rule as `is_child`, over a queryset."""
    try:
        eighteen_ago = today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        eighteen_ago = today.replace(year=today.year - 18, day=28)
    return persons.filter(Q(birth_date__gt=eighteen_ago) | Q(arrival__age_group=AgeGroup.CHILD))


def documentation_status(steps: Iterable[IdentityStep], *, has_certificate: bool = False) -> str:
    """The furthest point reached: a certificate, a court's finding, a DNA match, or nothing yet.

    A valid birth certificate among the person's documents (a child born in Kazakhstan before the
    family left) counts as documented without any step.
    """
    reached = {(s.kind, s.result) for s in steps}
    kinds = {k for k, _ in reached}
    if has_certificate or K.BIRTH_CERTIFICATE in kinds:
        return S.DOCUMENTED
    if (K.COURT_DECISION, R.ESTABLISHED) in reached:
        return S.COURT_ESTABLISHED
    if (K.DNA_TEST, R.MATCH) in reached:
        return S.DNA_CONFIRMED
    return S.NO_DOCUMENTS


def has_valid_certificate(person: Person) -> bool:
    return Document.objects.filter(
        person=person, kind=DocumentKind.BIRTH_CERTIFICATE, status=DocumentStatus.VALID
    ).exists()


def with_child_facts(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate documentation status and the open placement (kind, review date, orphan)."""
    steps = IdentityStep.objects.filter(person=OuterRef("pk"))
    certificate = Document.objects.filter(
        person=OuterRef("pk"), kind=DocumentKind.BIRTH_CERTIFICATE, status=DocumentStatus.VALID
    )
    open_placement = Placement.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
    return persons.annotate(
        doc_status=Case(
            When(
                Exists(steps.filter(kind=K.BIRTH_CERTIFICATE)) | Exists(certificate),
                then=Value(S.DOCUMENTED.value),
            ),
            When(
                Exists(steps.filter(kind=K.COURT_DECISION, result=R.ESTABLISHED)),
                then=Value(S.COURT_ESTABLISHED.value),
            ),
            When(
                Exists(steps.filter(kind=K.DNA_TEST, result=R.MATCH)),
                then=Value(S.DNA_CONFIRMED.value),
            ),
            default=Value(S.NO_DOCUMENTS.value),
        ),
        placement_kind=Subquery(open_placement.values("kind")[:1]),
        placement_status=Subquery(open_placement.values("legal_status")[:1]),
        review_date=Subquery(open_placement.values("review_date")[:1]),
        placement_orphan=Coalesce(Subquery(open_placement.values("orphan")[:1]), Value(False)),
    )


def related_persons(child: Person, visible: QuerySet[Person]) -> list[tuple[Person, str]]:
    """The child's relatives and family members the viewer may see, each with how they are linked."""
    links: dict[int, str] = {}
    for rel in Relationship.objects.filter(Q(source=child) | Q(target=child)):
        other = rel.target_id if rel.source_id == child.pk else rel.source_id
        if rel.kind == RelationshipKind.PARENT:
            label = "parent" if rel.target_id == child.pk else "child"
        else:
            label = rel.kind
        links.setdefault(other, label)
    families = FamilyMember.objects.filter(person=child).values("family_id")
    for member in FamilyMember.objects.filter(family_id__in=families).exclude(person=child):
        links.setdefault(member.person_id, member.role)
    persons = visible.filter(pk__in=links).order_by("display_name")
    return [(p, links[p.pk]) for p in persons]


def parents_of(child: Person) -> QuerySet[Person]:
    """Persons recorded as the child's parents."""
    return Person.objects.filter(
        pk__in=Relationship.objects.filter(target=child, kind=RelationshipKind.PARENT).values(
            "source_id"
        )
    )

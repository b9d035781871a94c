"""Measures and dimensions over the children's, rehabilitation and closure records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _


def dimensions() -> list:
    from zhusan.cases.models import CloseOutcome
    from zhusan.children.models import DocumentationStatus, Placement
    from zhusan.rehab.models import Benefit
    from zhusan.reports.measures import Dimension, _choices

    docs_order = {v: n for n, v in enumerate(DocumentationStatus.values)}
    placement_order = {v: n for n, v in enumerate(Placement.Kind.values)}
    return [
        Dimension(
            "placement_kind",
            _("placement"),
            _choices(Placement.Kind),
            lambda v: placement_order.get(v, 99),
        ),
        Dimension(
            "documentation",
            _("documentation status"),
            _choices(DocumentationStatus),
            lambda v: docs_order.get(v, 99),
        ),
        Dimension("benefit_kind", _("benefit"), _choices(Benefit.Kind)),
        Dimension("closure", _("outcome at closure"), _choices(CloseOutcome)),
    ]


def _children(as_of: dt.date):
    """Persons counted as children on arrival, arrived by the reference date."""
    from zhusan.cases.models import AgeGroup
    from zhusan.people.models import Person

    return Person.objects.filter(
        merged_into__isnull=True, arrival__age_group=AgeGroup.CHILD, arrival__arrived_on__lte=as_of
    )


def _open_placements(as_of: dt.date):
    from zhusan.children.models import Placement

    return Placement.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=as_of),
        person=OuterRef("pk"),
        start_date__lte=as_of,
    )


# Splits are written as EXISTS and NOT EXISTS in a conjunction, which PostgreSQL turns into semi-
# and anti-joins; NOT IN (subquery) would be planned as a loop over a large set.


def placement_splits(as_of: dt.date) -> list:
    """The placement open on the date, one filter per kind (placements of a child never overlap)."""
    from zhusan.children.models import Placement

    placed = _open_placements(as_of)
    return [(kind, Q(Exists(placed.filter(kind=kind)))) for kind in Placement.Kind.values] + [
        (None, ~Q(Exists(placed)))
    ]


def documentation_splits(as_of: dt.date) -> list:
    """The furthest identity step reached by the date (see zhusan.children.queries), as four
    mutually exclusive filters."""
    from zhusan.children.models import DocumentationStatus as S
    from zhusan.children.models import IdentityStep as Step
    from zhusan.people.models import Document, DocumentKind

    steps = Step.objects.filter(person=OuterRef("pk"), date__lte=as_of)
    certificate_step = Exists(steps.filter(kind=Step.Kind.BIRTH_CERTIFICATE))
    certificate = Exists(
        Document.objects.filter(
            Q(issued_on__isnull=True) | Q(issued_on__lte=as_of),
            person=OuterRef("pk"),
            kind=DocumentKind.BIRTH_CERTIFICATE,
        )
    )
    court = Exists(steps.filter(kind=Step.Kind.COURT_DECISION, result=Step.Result.ESTABLISHED))
    dna = Exists(steps.filter(kind=Step.Kind.DNA_TEST, result=Step.Result.MATCH))
    undocumented = ~Q(certificate_step) & ~Q(certificate)
    return [
        (S.DOCUMENTED, Q(certificate_step) | Q(certificate)),
        (S.COURT_ESTABLISHED, undocumented & Q(court)),
        (S.DNA_CONFIRMED, undocumented & ~Q(court) & Q(dna)),
        (S.NO_DOCUMENTS, undocumented & ~Q(court) & ~Q(dna)),
    ]


def children_placement(as_of: dt.date, start: dt.date | None):
    from zhusan.reports.measures import Frame

    return Frame(
        _children(as_of),
        "",
        "id",
        unique=True,
        splits={
            "placement_kind": placement_splits(as_of),
            "documentation": documentation_splits(as_of),
        },
    )


def children_documentation(as_of: dt.date, start: dt.date | None):
    return children_placement(as_of, start)


def reunified(as_of: dt.date, start: dt.date | None):
    from zhusan.children.models import Reunification
    from zhusan.reports.measures import Frame

    qs = Reunification.objects.filter(date__lte=as_of, person__merged_into__isnull=True)
    if start:
        qs = qs.filter(date__gte=start)
    return Frame(qs, "person__", "person_id", {"year": ExtractYear("date")})


def receiving_benefits(as_of: dt.date, start: dt.date | None):
    from zhusan.rehab.models import Benefit
    from zhusan.reports.measures import Frame

    qs = Benefit.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=as_of),
        start_on__lte=as_of,
        person__merged_into__isnull=True,
    )
    return Frame(qs, "person__", "person_id", {"benefit_kind": F("kind")})


def cases_closed(as_of: dt.date, start: dt.date | None):
    from zhusan.cases.pathway import State
    from zhusan.reports.measures import Frame, last_moves

    qs = last_moves(as_of).filter(to_state=State.CLOSED)
    return Frame(
        qs,
        "case__person__",
        "case_id",
        {"closure": F("outcome"), "year": ExtractYear("date")},
        unique=True,
    )


def measures() -> dict:
    return {
        "children_placement": children_placement,
        "children_documentation": children_documentation,
        "reunified": reunified,
        "receiving_benefits": receiving_benefits,
        "cases_closed": cases_closed,
    }

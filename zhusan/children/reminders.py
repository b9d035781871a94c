"""What falls due in the children's area: placement reviews and reunification steps.

`due(membership, until)` is read by the "Tasks due" page. It returns only what the membership may
see (its scope and the child_protection tier) and writes no audit event: the page that shows the
reminders records its own read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhusan.access.scope import visible_persons
from zhusan.access.tiers import Tier, can_see
from zhusan.children.models import Placement, ReunificationPlan, ReunificationStep
from zhusan.people.models import Person

PLACEMENT_REVIEW = "placement_review"
REUNIFICATION_STEP = "reunification_step"


@dataclass(frozen=True)
class Reminder:
    kind: str  # PLACEMENT_REVIEW or REUNIFICATION_STEP
    due: dt.date
    person: Person  # the child
    label: str  # what is due, in the viewer's language
    detail: str  # the placement or the plan it belongs to
    url: str  # the child's tab on the person page
    overdue: bool  # due before today
    object_id: str  # public id of the placement or the reunification step


def due(membership, until: dt.date) -> list[Reminder]:
    """Open placements whose review and active plans' unfinished steps falling due on or before
    `until` (overdue ones included), for the children the membership may see; soonest first."""
    if membership is None or not can_see(membership, Tier.CHILD_PROTECTION):
        return []
    today = timezone.localdate()
    persons = visible_persons(membership)
    out: list[Reminder] = []
    placements = Placement.objects.filter(
        person__in=persons, end_date__isnull=True, review_date__lte=until
    ).select_related("person", "carer")
    for p in placements:
        who = p.carer.display_name if p.carer else p.institution
        out.append(
            Reminder(
                PLACEMENT_REVIEW,
                p.review_date,
                p.person,
                _("Review of the placement"),
                f"{p.get_kind_display()}{': ' + who if who else ''} · {p.get_legal_status_display()}",
                _tab(p.person),
                p.review_date < today,
                str(p.public_id),
            )
        )
    steps = ReunificationStep.objects.filter(
        plan__person__in=persons,
        plan__status=ReunificationPlan.Status.ACTIVE,
        status__in=(ReunificationStep.Status.PLANNED, ReunificationStep.Status.IN_PROGRESS),
        due_date__lte=until,
    ).select_related("plan__person", "plan__parent")
    for s in steps:
        out.append(
            Reminder(
                REUNIFICATION_STEP,
                s.due_date,
                s.plan.person,
                _("Reunification step: %(step)s") % {"step": s.label or s.get_kind_display()},
                _("plan with %(parent)s, target %(target)s")
                % {"parent": s.plan.parent.display_name, "target": s.plan.target_date.isoformat()},
                _tab(s.plan.person),
                s.due_date < today,
                str(s.public_id),
            )
        )
    out.sort(key=lambda r: (r.due, r.person.display_name, r.kind))
    return out


def _tab(person: Person) -> str:
    return reverse("person-detail", kwargs={"public_id": person.public_id}) + "?tab=child"

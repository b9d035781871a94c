"""What falls due in rehabilitation and reintegration: reassessments, plan reviews, plan actions
and follow-up visits, for the persons in a membership's scope.

`due(membership, until)` is the source the "Tasks due" page calls (zhusan.cases.reminders
registers it). Each Reminder carries the tier it reveals; nothing of a tier the membership lacks
is returned, and persons whose case is closed or who have died are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhusan.access.scope import visible_persons
from zhusan.access.tiers import Tier, tiers_of
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.cases.pathway import State
from zhusan.people.models import Person
from zhusan.rehab import catalogue
from zhusan.rehab.models import AssessmentRecord, FollowUp, PlanAction, PlanReview


@dataclass(frozen=True)
class Reminder:
    """One thing due; the same fields as zhusan.cases.reminders.Reminder."""

    date: dt.date
    kind: str  # "reassessment", "plan_review", "plan_action" or "follow_up"
    label: str
    person: Person
    url: str
    tier: str = Tier.GENERAL
    task: Any = None

    @property
    def overdue(self) -> bool:
        return self.date < timezone.localdate()


def _url(person: Person) -> str:
    return reverse("person-detail", kwargs={"public_id": person.public_id}) + "?tab=care"


def _latest(model, key: str, date_field: str):
    """Rows with no later row for the same `key` (the latest assessment, review or visit)."""
    later = model.objects.filter(**{key: OuterRef(key)}).filter(
        Q(**{f"{date_field}__gt": OuterRef(date_field)})
        | Q(**{date_field: OuterRef(date_field), "id__gt": OuterRef("id")})
    )
    if model is AssessmentRecord:
        later = later.filter(instrument=OuterRef("instrument"))
    return model.objects.filter(~Exists(later))


def due(membership: Membership, until: dt.date) -> list[Reminder]:
    """Everything due on or before `until` (overdue included) for persons in the membership's
    scope, of the tiers it holds, by date: reassessments (the latest assessment with each
    instrument), plan reviews (the latest review's next date), open plan actions with a due date,
    and follow-up visits (the latest visit's next date)."""
    if membership is None or not membership.can(Perm.VIEW_RECORDS):
        return []
    tiers = tiers_of(membership)
    persons = visible_persons(membership).exclude(case__state=State.CLOSED).exclude(deceased=True)
    out: list[Reminder] = []
    for a in (
        _latest(AssessmentRecord, "person", "assessed_on")
        .filter(person__in=persons, tier__in=tiers, next_due__lte=until)
        .select_related("person")
    ):
        inst = catalogue.get(a.instrument, a.instrument_version)
        title = inst.title if inst else a.instrument
        out.append(
            Reminder(
                a.next_due,
                "reassessment",
                _("Reassessment due: %(instrument)s") % {"instrument": title},
                a.person,
                _url(a.person),
                a.tier,
            )
        )
    if Tier.PSYCHOSOCIAL in tiers:
        for r in (
            _latest(PlanReview, "case", "reviewed_on")
            .filter(case__person__in=persons, next_review_on__lte=until)
            .select_related("case__person")
        ):
            out.append(
                Reminder(
                    r.next_review_on,
                    "plan_review",
                    _("Case plan review due"),
                    r.case.person,
                    _url(r.case.person),
                    Tier.PSYCHOSOCIAL,
                )
            )
        for action in PlanAction.objects.filter(
            case__person__in=persons, status=PlanAction.Status.OPEN, due_on__lte=until
        ).select_related("case__person", "owner"):
            out.append(
                Reminder(
                    action.due_on,
                    "plan_action",
                    _("Plan action due: %(text)s (%(owner)s)")
                    % {"text": action.text, "owner": action.owner.name},
                    action.case.person,
                    _url(action.case.person),
                    Tier.PSYCHOSOCIAL,
                )
            )
    for v in (
        _latest(FollowUp, "person", "visited_on")
        .filter(person__in=persons, next_due__lte=until)
        .select_related("person")
    ):
        out.append(
            Reminder(
                v.next_due,
                "follow_up",
                _("Follow-up visit due"),
                v.person,
                _url(v.person),
                Tier.GENERAL,
            )
        )
    out.sort(key=lambda r: (r.date, r.kind, r.person.display_name))
    return out

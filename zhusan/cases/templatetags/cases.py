"""The pathway tab's own parts: referrals, the agency's tasks about the person, the closing outcome."""

import datetime as dt

from django import template
from django.utils import timezone

from zhusan.access.tiers import tiers_of
from zhusan.accounts.roles import Perm
from zhusan.cases.forms import ReferralForm, TaskForm, kinds_for
from zhusan.cases.models import CaseTransition, Referral, Task
from zhusan.cases.pathway import State
from zhusan.cases.reminders import KIND_LABELS

register = template.Library()


@register.simple_tag(takes_context=True)
def pathway_extras(context) -> dict:
    """What the pathway tab shows beyond the moves, for the viewing membership."""
    person, membership, case = context["person"], context["membership"], context.get("case")
    tiers = tiers_of(membership)
    referrals = [
        r
        for r in Referral.objects.filter(person=person).select_related("from_agency", "to_agency")
        if r.tier in tiers
    ]
    can_refer = membership.can(Perm.REFER) and case is not None and case.state != State.CLOSED
    closing = None
    if case is not None and case.state == State.CLOSED:
        closing = CaseTransition.objects.filter(case=case, to_state=State.CLOSED).last()
    can_task = membership.can(Perm.VIEW_RECORDS)
    today = timezone.localdate()
    return {
        "referrals": referrals,
        "referral_form": ReferralForm(membership=membership, kinds=kinds_for(membership))
        if can_refer
        else None,
        "closing": closing,
        "tasks": Task.objects.filter(
            person=person, agency_id=membership.agency_id, done_on__isnull=True
        ).select_related("worker")
        if can_task
        else [],
        "task_form": TaskForm(
            membership=membership,
            initial={"person": person.public_id, "due_on": today + dt.timedelta(days=7)},
        )
        if can_task
        else None,
        "today": today,
    }


@register.filter
def reminder_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind.replace("_", " ")))


@register.filter
def errors_for(errors: dict, key) -> list:
    return errors.get(key, [])

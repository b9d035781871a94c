"""Read-side questions over referrals and tasks."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from zhusan.accounts.models import Membership


def waiting_count(queue: str, membership: Membership) -> int:
    """How many items wait in a work queue of the navigation (0 for any other page)."""
    from zhusan.cases.forms import kinds_for
    from zhusan.cases.models import Referral, ReferralState, Task

    if queue == "referral-list":
        return Referral.objects.filter(
            to_agency_id=membership.agency_id,
            state=ReferralState.PENDING,
            kind__in=kinds_for(membership),
        ).count()
    if queue == "task-list":
        return (
            Task.objects.filter(
                agency_id=membership.agency_id,
                done_on__isnull=True,
                due_on__lte=timezone.localdate(),
            )
            .filter(Q(worker__isnull=True) | Q(worker_id=membership.user_id))
            .count()
        )
    return 0

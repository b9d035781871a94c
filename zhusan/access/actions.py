"""Break-the-glass access, its review, and exclusions."""

from __future__ import annotations

import datetime as dt
import os

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zhusan.access.models import EmergencyAccess, Exclusion
from zhusan.access.scope import require
from zhusan.accounts.models import Membership, User
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.lib.errors import ActionError
from zhusan.people.models import Person

# How long an emergency access lasts (documented in docs/configuration.md).
BREAK_GLASS_HOURS = int(os.environ.get("ZHUSAN_BREAK_GLASS_HOURS", "4"))


def do_break_glass(
    acting: Membership, public_id, *, reason: str, ip: str | None = None
) -> EmergencyAccess:
    """Open a record outside the caseload for a stated reason, for a few hours; flagged for an auditor."""
    require(acting, Perm.VIEW_RECORDS)
    if len(reason.strip()) < 15:
        raise ActionError({"reason": "Explain in a sentence why you need this record now."})
    person = Person.objects.filter(public_id=public_id, merged_into__isnull=True).first()
    excluded = (
        person is not None
        and Exclusion.objects.filter(
            user_id=acting.user_id, person=person, lifted_at__isnull=True
        ).exists()
    )
    if person is None or excluded:
        raise Http404("No such person.")
    now = timezone.now()
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            membership=acting,
            person=person,
            reason=reason.strip(),
            granted_at=now,
            expires_at=now + dt.timedelta(hours=BREAK_GLASS_HOURS),
        )
        record(
            acting.user,
            A.BREAK_GLASS,
            obj=access,
            person=person,
            membership=acting,
            reason=reason.strip(),
            ip=ip,
            new={"expires_at": access.expires_at},
        )
    return access


def do_review_break_glass(acting: Membership, access: EmergencyAccess, *, note: str) -> None:
    """An auditor records having reviewed an emergency access."""
    require(acting, Perm.VIEW_AUDIT)
    if access.reviewed_at:
        raise ActionError({"": "This access is already reviewed."})
    if not note.strip():
        raise ActionError({"note": "Write what the review found."})
    with transaction.atomic():
        EmergencyAccess.objects.filter(pk=access.pk).update(
            reviewed_by=acting.user, reviewed_at=timezone.now(), review_note=note.strip()
        )
        record(
            acting.user,
            A.BREAK_GLASS_REVIEWED,
            obj=access,
            person=access.person,
            membership=acting,
            reason=note.strip(),
        )


def do_exclude(acting: Membership, *, user: User, person: Person, reason: str) -> Exclusion:
    """Keep a named user away from a named record (conflict of interest)."""
    require(acting, Perm.ADMINISTER)
    if not reason.strip():
        raise ActionError({"reason": "Say why the user is excluded."})
    with transaction.atomic():
        exclusion = Exclusion.objects.create(
            user=user, person=person, reason=reason.strip(), created_by=acting.user
        )
        record(
            acting.user,
            A.EXCLUSION_ADDED,
            obj=exclusion,
            person=person,
            membership=acting,
            reason=reason.strip(),
            new={"user": user.username},
        )
    return exclusion


def do_lift_exclusion(acting: Membership, exclusion: Exclusion, *, reason: str) -> None:
    require(acting, Perm.ADMINISTER)
    with transaction.atomic():
        Exclusion.objects.filter(pk=exclusion.pk).update(lifted_at=timezone.now())
        record(
            acting.user,
            A.EXCLUSION_LIFTED,
            obj=exclusion,
            person=exclusion.person,
            membership=acting,
            reason=reason.strip(),
            new={"user": exclusion.user.username},
        )

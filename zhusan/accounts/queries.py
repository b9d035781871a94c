"""Read helpers for the administrators' sign-in page."""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def current_lockouts() -> list[dict]:
    """Usernames and addresses locked now: failures within the cool-off at or above the limit.

    django-axes counts failures by username and by address separately (AXES_LOCKOUT_PARAMETERS),
    so either may be locked on its own.
    """
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = []
    for field in ("username", "ip_address"):
        grouped = (
            attempts.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        for row in grouped:
            rows.append(
                {
                    "username": row[field] if field == "username" else "",
                    "ip": row[field] if field == "ip_address" else "",
                    "failures": row["failures"],
                    "last": row["last"],
                    "until": row["last"] + cool_off if cool_off is not None else None,
                }
            )
    return rows

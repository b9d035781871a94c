"""Dates known to a precision: a year, a month, a day, or not at all."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


def parse_partial(text: str) -> tuple[dt.date | None, str]:
    """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into (first day it could be, precision).

    Raises ValueError with a plain message on anything else.
    """
    text = (text or "").strip()
    if not text:
        return None, DatePrecision.UNKNOWN
    parts = text.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return dt.date(int(parts[0]), 1, 1), DatePrecision.YEAR
        if len(parts) == 2 and len(parts[0]) == 4:
            return dt.date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
        if len(parts) == 3 and len(parts[0]) == 4:
            return dt.date.fromisoformat(text), DatePrecision.DAY
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")


def format_partial(value: dt.date | None, precision: str) -> str:
    """Write a partial date back in the ISO form it was given in."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def age_on(birth: dt.date | None, on: dt.date) -> int | None:
    """Whole years completed on a date (a 29 February birthday is reached on 1 March)."""
    if birth is None:
        return None
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def refuse_future(value: dt.date | None, field: str) -> None:
    """Refuse a date after today (in the deployment's time zone) with a message on the field."""
    from django.utils import timezone

    from zhusan.lib.errors import ActionError

    if value is not None and value > timezone.localdate():
        raise ActionError({field: "The date is in the future."})

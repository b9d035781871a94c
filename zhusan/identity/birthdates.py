"""Read birth dates known to a precision and compare them the way records disagree.

Children born in Syria or Iraq often have an estimated date, recorded as 1 January of a year;
other records keep only the year or the month, swap day and month (01.02 vs 02.01) or miss by a
day. A comparison therefore works at the coarser of the two precisions and knows these errors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MIN_YEAR = 1900
MAX_YEAR = 2100


class BirthDateError(ValueError):
    """Raised for a birth date that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date."""


@dataclass(frozen=True)
class BirthDate:
    """A birth date with the precision it is known to: year, month or day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """Return 'day', 'month' or 'year'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def is_default(self) -> bool:
        """Tell whether the date is 1 January, the usual stand-in for an unknown day."""
        return self.month == 1 and self.day == 1

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


def parse_birth_date(text: str | None) -> BirthDate | None:
    """Read YYYY, YYYY-MM or YYYY-MM-DD (None for empty); raise BirthDateError otherwise."""
    if text is None or not str(text).strip():
        return None
    match = _DATE_RE.match(str(text).strip())
    if not match:
        raise BirthDateError(f"not YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BirthDateError(f"year out of range {MIN_YEAR}-{MAX_YEAR}: {text!r}")
    if month is not None and not 1 <= month <= 12:
        raise BirthDateError(f"no such month: {text!r}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError as exc:
            raise BirthDateError(f"no such day: {text!r}") from exc
    return BirthDate(year, month, day)


def try_birth_date(text: str | None) -> BirthDate | None:
    """Read a birth date, returning None instead of raising for an invalid one."""
    try:
        return parse_birth_date(text)
    except BirthDateError:
        return None


def impossible_gap(a: BirthDate | None, b: BirthDate | None, years: int = 2) -> bool:
    """Tell whether two birth dates are too far apart to belong to one person."""
    if a is None or b is None:
        return False
    return abs(a.year - b.year) > years

"""The dates on which the law the engine reads changes, and the epochs between them.

Every date a rule compares a document's date against is a period boundary of a parameter or a
catalogue entry, or a parameter's value (a test checks the engine holds no other date).  So two
dates in the same epoch meet every rule alike: the batch path keys its decisions on epochs.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from zhusan.law import catalogue, parameters


def _boundaries() -> tuple[date, ...]:
    found: set[date] = set()
    periods = [p for ps in parameters.load().periods.values() for p in ps]
    for item in [*periods, *catalogue.load()]:
        found.add(item.effective_from)
        if item.effective_to is not None:
            found.add(item.effective_to + timedelta(days=1))  # the first day out of force
    found.update(p.value for p in periods if isinstance(p.value, date))
    return tuple(sorted(found))


BOUNDARIES = _boundaries()


def epoch(on: date) -> int:
    """Return the number of boundaries on or before a date."""
    return bisect_right(BOUNDARIES, on)

"""The dates on which the law the engine reads changes, and the epochs between them.

Every date a rule compares a document's date against is a period boundary of a parameter or a
catalogue entry, or a parameter's value (a test checks the engine holds no other date).  So two
dates in the same epoch meet every rule alike: the batch path keys its decisions on epochs.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Any

from zhusan.law import catalogue, illness_list, parameters


def _boundaries(items: list[Any]) -> tuple[date, ...]:
    found: set[date] = set()
    for item in items:
        found.add(item.effective_from)
        if item.effective_to is not None:
            found.add(item.effective_to + timedelta(days=1))  # the first day out of force
        if isinstance(getattr(item, "value", None), date):
            found.add(item.value)
    return tuple(sorted(found))


_PERIODS = [p for ps in parameters.load().periods.values() for p in ps]
BOUNDARIES = tuple(sorted({*_boundaries([*_PERIODS, *catalogue.load()]), *illness_list.dates()}))
# The conviction reads as_of only to find the catalogue entry in force (CC art. 6).
CATALOGUE_BOUNDARIES = _boundaries(list(catalogue.load()))


def epoch(on: date) -> int:
    """Return the number of boundaries on or before a date."""
    return bisect_right(BOUNDARIES, on)


def catalogue_epoch(on: date) -> int:
    """Return the number of catalogue boundaries on or before a date."""
    return bisect_right(CATALOGUE_BOUNDARIES, on)

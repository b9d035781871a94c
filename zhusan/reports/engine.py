"""Compute an indicator from the records: as of a date, cut by up to two breakdowns.

The same call gives the same answer on the same records: the reference date is explicit (default
today), nothing dated after it is counted, and the result names the catalogue version, the
definition and the date, so a published figure can be traced back to what was counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import product

from django.db.models import Count
from django.utils import timezone

from zhusan.reports.catalogue import Indicator, get
from zhusan.reports.measures import DIMENSIONS, MEASURES, PERSON_DIMENSIONS, person_dimension

MAX_BREAKDOWNS = 2


class IndicatorError(ValueError):
    """A request the catalogue does not allow (unknown indicator, breakdown or date)."""


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    as_of: dt.date
    start: dt.date | None
    by: tuple[str, ...]
    # Raw breakdown values → count of distinct units.
    cells: dict[tuple, int]
    # Distinct units over the whole table (differs from the sum of cells for breakdowns where
    # one unit may fall in several rows, e.g. a person convicted under two articles).
    total: int

    def keys(self) -> list[tuple]:
        """The cells' keys in presentation order."""

        def sort_key(key):
            parts = []
            for code, value in zip(self.by, key, strict=True):
                dim = DIMENSIONS[code]
                if value is None:
                    parts.append((1, ""))
                elif dim.order is not None:
                    parts.append((0, dim.order(value)))
                else:
                    parts.append((0, str(dim.value_label(value))))
            return parts

        return sorted(self.cells, key=sort_key)

    def label(self, code: str, value) -> str:
        if value is None or value == "":
            from django.utils.translation import gettext

            return gettext("not recorded")
        return str(DIMENSIONS[code].value_label(value))

    def values_of(self, position: int) -> list:
        """The distinct values of one breakdown, in presentation order."""
        seen: list = []
        for key in self.keys():
            if key[position] not in seen:
                seen.append(key[position])
        return seen


def check_request(indicator: Indicator, by: tuple[str, ...]) -> None:
    if len(by) > MAX_BREAKDOWNS:
        raise IndicatorError(f"at most {MAX_BREAKDOWNS} breakdowns at a time")
    if len(set(by)) != len(by):
        raise IndicatorError("a breakdown is repeated")
    wrong = [b for b in by if b not in indicator.breakdowns]
    if wrong:
        raise IndicatorError(
            f"{indicator.code} cannot be broken down by {', '.join(wrong)}; "
            f"allowed: {', '.join(indicator.breakdowns)}"
        )


def compute(
    code: str,
    *,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    by: tuple[str, ...] | list[str] | None = None,
) -> Result:
    """The indicator `code` as of `as_of` (default today), by the given breakdowns
    (default: the catalogue's default breakdown; pass () for the total alone)."""
    try:
        indicator = get(code)
    except LookupError as e:
        raise IndicatorError(str(e)) from None
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise IndicatorError("the reference date cannot be in the future")
    if start and start > as_of:
        raise IndicatorError("the period cannot start after the reference date")
    if indicator.reference == "as_of":
        start = None
    by = indicator.default_by if by is None else tuple(by)
    check_request(indicator, by)
    frame = MEASURES[indicator.measure](as_of, start)
    annotations = {}
    split_dims = [b for b in by if b in frame.splits]
    for b in by:
        if b in frame.splits:
            continue
        if b in frame.dims:
            annotations[f"d_{b}"] = frame.dims[b]
        elif b in PERSON_DIMENSIONS:
            annotations[f"d_{b}"] = person_dimension(b, frame.person, as_of)
        else:  # the catalogue allows it but the measure cannot give it
            raise IndicatorError(f"{code} has no data for the breakdown {b}")
    counted = Count(frame.unit_field) if frame.unique else Count(frame.unit_field, distinct=True)
    base = frame.queryset.order_by()
    cells: dict[tuple, int] = {}
    for combo in product(*(frame.splits[d] for d in split_dims)):
        qs = base.filter(*(q for _value, q in combo)) if combo else base
        fixed = {d: value for d, (value, _q) in zip(split_dims, combo, strict=True)}
        if annotations:
            grouped = qs.annotate(**annotations).values(*annotations).annotate(n=counted)
            for row in grouped:
                key = tuple(fixed[b] if b in fixed else row[f"d_{b}"] for b in by)
                cells[key] = row["n"]
        else:
            n = qs.aggregate(n=counted)["n"]
            if n or not by:
                cells[tuple(fixed[b] for b in by)] = n
    if not by:
        total = cells[()]
    elif frame.unique and (frame.exclusive or not split_dims):
        total = sum(cells.values())
    else:
        total = base.aggregate(n=counted)["n"]
    if not by:
        cells = {(): total}
    return Result(indicator, as_of, start, by, cells, total)

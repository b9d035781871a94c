"""An indicator result as a table fit to leave the agency: labelled, protected, explained.

Every table shown in the UI, returned by the API or exported goes through `present`, which lays
the cells out (rows × columns, with totals) and applies disclosure control
(zhusan.reports.disclosure): small cells suppressed, complementary cells suppressed so that no
total gives them away, optional rounding. Only the command line may ask for exact figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language, gettext

from zhusan.reports.engine import Result
from zhusan.reports.measures import DIMENSIONS

SUPPRESSED = "…"


@dataclass(frozen=True)
class Shown:
    """One published number: its value (None when suppressed) and how it is written."""

    value: int | None
    text: str
    suppressed: bool = False
    rounded: bool = False

    @classmethod
    def exact(cls, n: int) -> Shown:
        return cls(n, str(n))


@dataclass
class Table:
    code: str
    title: str
    definition: str
    unit: str
    reference: str
    as_of: dt.date
    start: dt.date | None
    by: tuple[str, ...]
    by_labels: list[str]
    columns: list[str]  # headers of the value columns (2-D: the second breakdown's values)
    rows: list[tuple[str, list[Shown], Shown]]  # (row label, cells, row total)
    column_totals: list[Shown]
    total: Shown
    # Distinct units, when a unit may fall in several rows (e.g. two articles).
    distinct_total: Shown | None
    protected: bool
    method: str = ""
    notes: list[str] = field(default_factory=list)
    raw_keys: list[tuple] = field(default_factory=list)
    # The disclosure-controlled table behind the figures (None when exact), kept for audits.
    published: object = None

    @property
    def two_way(self) -> bool:
        return len(self.by) == 2

    def as_dict(self) -> dict:
        def num(s: Shown):
            return s.value

        return {
            "indicator": self.code,
            "title": self.title,
            "definition": self.definition,
            "unit": self.unit,
            "reference": self.reference,
            "as_of": self.as_of.isoformat(),
            "from": self.start.isoformat() if self.start else None,
            "by": list(self.by),
            "columns": self.columns,
            "rows": [
                {"label": label, "cells": [num(c) for c in cells], "total": num(total)}
                for label, cells, total in self.rows
            ],
            "column_totals": [num(c) for c in self.column_totals],
            "total": num(self.total),
            "distinct_total": num(self.distinct_total) if self.distinct_total else None,
            "protected": self.protected,
            "method": self.method,
            "notes": self.notes,
        }


def _shown(entry) -> Shown:
    if entry.value is None:
        return Shown(None, SUPPRESSED, suppressed=True)
    return Shown(entry.value, str(entry.value), rounded=entry.rounded)


def _language() -> str:
    return (get_language() or "en")[:2]


def threshold() -> int:
    return int(getattr(settings, "ZHUSAN_DISCLOSURE_THRESHOLD", 5))


def present(
    result: Result,
    *,
    protect: bool = True,
    rounding: int | None = None,
    language: str | None = None,
) -> Table:
    from zhusan.reports import disclosure

    lang = language or _language()
    ind = result.indicator
    unit_label = {
        "persons": gettext("persons"),
        "cases": gettext("cases"),
        "families": gettext("families"),
    }[ind.unit]
    by = result.by
    if len(by) == 2:
        row_values = result.values_of(0)
        col_values = result.values_of(1)
    elif len(by) == 1:
        row_values = result.values_of(0)
        col_values = [None]
    else:
        row_values, col_values = [None], [None]
    matrix = []
    for rv in row_values:
        line = []
        for cv in col_values:
            key = tuple(v for v in (rv, cv)[: len(by)])
            line.append(result.cells.get(key, 0))
        matrix.append(line)

    if not row_values or not col_values:  # nothing recorded: an empty table, total 0
        row_values, col_values, matrix = [], [], []
        protect_now = False
    else:
        protect_now = protect
    if protect_now:
        labels = [str(i) for i in range(len(row_values))]
        if len(by) == 2:
            counts = disclosure.CountTable.two_way(
                labels, [str(j) for j in range(len(col_values))], matrix
            )
        else:
            counts = disclosure.CountTable.one_way(labels, [line[0] for line in matrix])
        published = disclosure.protect(counts, threshold=threshold(), rounding=rounding)
        if len(by) == 2:
            cell = lambda i, j: _shown(published.cell(i, j))  # noqa: E731
            row_total = lambda i: _shown(published.row_total(i))  # noqa: E731
            col_total = lambda j: _shown(published.column_total(j))  # noqa: E731
        else:
            cell = lambda i, j: _shown(published.cell(i))  # noqa: E731
            row_total = lambda i: _shown(published.cell(i))  # noqa: E731
            col_total = lambda j: _shown(published.total)  # noqa: E731
        grand = _shown(published.total)
        method = disclosure.method_note(published, mark=SUPPRESSED, gettext=gettext)
    else:
        cell = lambda i, j: Shown.exact(matrix[i][j])  # noqa: E731
        row_total = lambda i: Shown.exact(sum(matrix[i]))  # noqa: E731
        col_total = lambda j: Shown.exact(sum(r[j] for r in matrix))  # noqa: E731
        grand = Shown.exact(sum(map(sum, matrix)))
        method = (
            gettext("Exact figures: no disclosure control applied (internal use only).")
            if not protect
            else ""
        )

    def lab(code_index: int, value) -> str:
        return result.label(by[code_index], value)

    rows = []
    for i, rv in enumerate(row_values):
        label = lab(0, rv) if by else gettext("All")
        rows.append((label, [cell(i, j) for j in range(len(col_values))], row_total(i)))
    columns = [lab(1, cv) for cv in col_values] if len(by) == 2 else [unit_label]
    if not matrix:
        grand = Shown.exact(0)
    distinct = None
    if result.total != sum(map(sum, matrix)):
        distinct = (
            Shown.exact(result.total)
            if not protect or result.total >= threshold()
            else Shown(None, SUPPRESSED, suppressed=True)
        )
    notes = []
    if distinct is not None:
        notes.append(
            gettext(
                "A unit may fall in more than one row: the rows add up to more than the "
                "%(total)s %(unit)s counted once."
            )
            % {"total": distinct.text, "unit": unit_label}
        )
    return Table(
        code=ind.code,
        title=ind.title(lang),
        definition=ind.definition(lang),
        unit=unit_label,
        reference=ind.reference,
        as_of=result.as_of,
        start=result.start,
        by=by,
        by_labels=[str(DIMENSIONS[b].label) for b in by],
        columns=columns,
        rows=rows,
        column_totals=[col_total(j) for j in range(len(col_values))]
        if matrix
        else ([] if len(by) == 2 else [Shown.exact(0)]),
        total=grand,
        distinct_total=distinct,
        protected=protect,
        method=method,
        notes=notes,
        raw_keys=[(rv, cv) for rv in row_values for cv in col_values],
        published=published if protect_now else None,
    )

"""`zhusan stats [--json] [--as-of DATE] [--from DATE] [--indicator NAME] [--by FIELD] [--protect]`."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import translation

from zhusan.reports.catalogue import catalogue
from zhusan.reports.engine import IndicatorError, compute
from zhusan.reports.present import present


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise IndicatorError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def reconcile_command(as_json: bool, out) -> int:
    """Published figures beside the records (`zhusan stats --reconcile`)."""
    from zhusan.reports.reconcile import reconcile

    lines = reconcile()
    rows = [
        {
            "quote": line.figure.quote,
            "source": line.figure.source,
            "published_on": line.figure.published_on.isoformat(),
            "indicator": line.figure.indicator,
            "as_of": line.figure.as_of.isoformat(),
            "cells": line.figure.cells,
            "published": line.figure.value,
            "records": line.ours,
            "difference": line.difference,
            "status": line.status,
            "explanation": line.figure.explanation,
        }
        for line in lines
    ]
    if as_json:
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    for r in rows:
        print(
            f"{r['status']:<12} {r['published']:>6} published, {r['records']:>6} in the records  "
            f"«{r['quote']}» ({r['source']}, {r['published_on']})",
            file=out,
        )
        if r["difference"] and r["explanation"]:
            print(f"{'':<13}{r['explanation']}", file=out)
    agree = sum(1 for r in rows if r["difference"] == 0)
    print(f"{agree} of {len(rows)} published figures agree with the records.", file=out)
    return 0


def stats_command(
    as_json: bool,
    out,
    err=None,
    *,
    as_of: str | None = None,
    start: str | None = None,
    indicator: str | None = None,
    by: list[str] | None = None,
    protect: bool = False,
    language: str = "en",
) -> int:
    """Print the indicators; exit 2 with a message naming the option on a bad request."""
    try:
        reference = _date(as_of, "--as-of")
        since = _date(start, "--from")
        codes = [indicator] if indicator else list(catalogue())
        breakdowns = None if by is None else tuple(b for b in by if b and b != "none")
        with translation.override(language):
            tables = [
                present(
                    compute(code, as_of=reference, start=since, by=breakdowns),
                    protect=protect,
                    language=language,
                )
                for code in codes
            ]
            documents = [t.as_dict() for t in tables]
    except IndicatorError as e:
        print(f"zhusan stats: {e}", file=err)
        return 2
    if as_json:
        json.dump(documents, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    for table in tables:
        when = f"{table.start} – {table.as_of}" if table.start else f"as of {table.as_of}"
        print(f"{table.code}: {table.title} ({when})", file=out)
        print(f"  {table.definition}", file=out)
        header = [" × ".join(table.by_labels) or "", *table.columns]
        if table.two_way:
            header.append("Total")
        width = max([len(header[0]), *(len(r[0]) for r in table.rows)]) + 2
        print("  " + header[0].ljust(width) + "".join(h.rjust(12) for h in header[1:]), file=out)
        for label, cells, total in table.rows:
            values = [c.text for c in cells] + ([total.text] if table.two_way else [])
            print("  " + label.ljust(width) + "".join(v.rjust(12) for v in values), file=out)
        if table.by:
            values = [c.text for c in table.column_totals] + (
                [table.total.text] if table.two_way else []
            )
            print("  " + "Total".ljust(width) + "".join(v.rjust(12) for v in values), file=out)
        for note in table.notes:
            print(f"  {note}", file=out)
        print(f"  {table.method}", file=out)
        print(file=out)
    return 0

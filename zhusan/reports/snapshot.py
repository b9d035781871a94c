"""Indicator tables computed ahead of time (see models.Snapshot), and reading through them.

`lookup` answers from the latest snapshot of the reference date when it has the table asked for;
`fresh` says whether any write has happened since it was built. The dashboard serves a snapshot
with its time ("computed at 10:02; 3 changes since, being refreshed") rather than hold a request
for seconds on a large registry; a live computation remains one click away and is what every
other page and the API use.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from zhusan.reports.catalogue import catalogue
from zhusan.reports.engine import Result, compute
from zhusan.reports.models import Snapshot

FIRST_YEAR = 2019


# Audit event types that change the records indicators are computed from: persons (2xx), cases
# (3xx), justice (4xx), rehabilitation (5xx) and children (6xx). Sign-ins (1xx), statistics and
# exports (7xx) and reads (9xx) leave the figures as they were.
RECORD_WRITES = {"type__gte": 200, "type__lt": 700}


def data_version() -> int:
    """The id of the last audited write to the records."""
    from zhusan.audit.models import AuditEvent

    return AuditEvent.objects.filter(**RECORD_WRITES).aggregate(v=Max("id"))["v"] or 0


def _key(code: str, by: tuple[str, ...], start: dt.date | None) -> str:
    return f"{code}|{','.join(by)}|{start.isoformat() if start else ''}"


def dashboard_requests(
    as_of: dt.date,
) -> list[tuple[str, tuple[str, ...], dt.date | None, dt.date]]:
    """(code, by, start, as_of) of every table the dashboard shows for the date."""
    requests = [
        ("returned", ("stage", "counted_as"), None, as_of),
        ("pathway_reached", ("state",), None, as_of),
        ("children_placement", ("placement_kind",), None, as_of),
        ("released", ("year",), dt.date(FIRST_YEAR, 1, 1), as_of),
    ]
    for code in ("returned", "in_custody", "in_rehabilitation", "receiving_benefits", "convicted"):
        requests.append((code, (), None, as_of))
    for year in range(FIRST_YEAR, as_of.year + 1):
        requests.append(("in_custody", (), None, min(dt.date(year, 12, 31), as_of)))
    return requests


def snapshot_requests(as_of: dt.date):
    """The dashboard's tables and every indicator by its default breakdown."""
    seen = set()
    for request in dashboard_requests(as_of) + [
        (code, ind.default_by, None, as_of) for code, ind in catalogue().items()
    ]:
        if request not in seen:
            seen.add(request)
            yield request


def build(as_of: dt.date | None = None, *, echo=None) -> Snapshot:
    """Compute and keep the snapshot tables as of the date (default today)."""
    as_of = as_of or timezone.localdate()
    version = data_version()
    started = time.perf_counter()
    tables = {}
    for code, by, start, date in snapshot_requests(as_of):
        result = compute(code, as_of=date, start=start, by=by)
        key = _key(code, by, start) + ("" if date == as_of else f"@{date.isoformat()}")
        tables[key] = {
            "cells": [[*k, n] for k, n in result.cells.items()],
            "total": result.total,
        }
        if echo:
            echo(f"  {key}: {result.total}")
    snap = Snapshot.objects.create(
        as_of=as_of,
        built_at=timezone.now(),
        data_version=version,
        seconds=time.perf_counter() - started,
        tables=tables,
    )
    Snapshot.objects.filter(as_of=as_of).exclude(pk=snap.pk).delete()
    return snap


@dataclass(frozen=True)
class Reading:
    """Where a dashboard's figures come from."""

    snapshot: Snapshot | None
    changes_since: int  # audited writes after the snapshot was built

    @property
    def fresh(self) -> bool:
        return self.snapshot is not None and self.changes_since == 0


def latest(as_of: dt.date) -> Reading:
    snap = Snapshot.objects.filter(as_of=as_of).first()
    if snap is None:
        return Reading(None, 0)
    from zhusan.audit.models import AuditEvent

    changes = AuditEvent.objects.filter(**RECORD_WRITES, id__gt=snap.data_version).count()
    return Reading(snap, changes)


def lookup(
    snap: Snapshot | None,
    code: str,
    *,
    as_of: dt.date,
    by: tuple[str, ...] = (),
    start: dt.date | None = None,
) -> Result:
    """The table from the snapshot when it has it, else computed live."""
    if snap is not None:
        key = _key(code, by, start) + ("" if as_of == snap.as_of else f"@{as_of.isoformat()}")
        stored = snap.tables.get(key)
        if stored is not None:
            cells = {tuple(row[:-1]): row[-1] for row in stored["cells"]}
            return Result(catalogue()[code], as_of, start, tuple(by), cells, stored["total"])
    return compute(code, as_of=as_of, start=start, by=by)

"""Writes of the reports area: published figures, and export jobs (queued, run, downloaded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from zhusan.access.scope import require
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.lib.errors import ActionError
from zhusan.reports.catalogue import catalogue
from zhusan.reports.models import ExportJob, PublishedFigure

PUBLISHED = Path(__file__).with_name("published.yaml")


def _check_cells(indicator: str, cells) -> dict:
    if not isinstance(cells, dict):
        raise ActionError({"cells": "Give the cells as {breakdown: [values]}."})
    allowed = catalogue()[indicator].breakdowns
    wrong = [b for b in cells if b not in allowed]
    if wrong:
        raise ActionError(
            {
                "cells": f"{indicator} cannot be restricted by {', '.join(wrong)}; "
                f"allowed: {', '.join(allowed)}"
            }
        )
    if len(cells) > 2:
        raise ActionError({"cells": "Restrict by at most two breakdowns."})
    return {b: list(vals) if isinstance(vals, list) else [vals] for b, vals in cells.items()}


@transaction.atomic
def do_add_published_figure(
    acting: Membership | None,
    *,
    value: int,
    quote: str,
    source: str,
    published_on: dt.date,
    indicator: str,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    cells: dict | None = None,
    approximate: bool = False,
    url: str = "",
    explanation: str = "",
) -> PublishedFigure:
    """Enter a figure as published, with the indicator and cells it corresponds to."""
    if acting is not None:
        require(acting, Perm.VIEW_STATISTICS)
    errors = {}
    if indicator not in catalogue():
        errors["indicator"] = "Choose an indicator from the catalogue."
    if value is None or value < 0:
        errors["value"] = "Give the figure as published (a whole number, 0 or more)."
    if not quote.strip():
        errors["quote"] = "Quote the figure as it was published."
    if not source.strip():
        errors["source"] = "Name the source."
    if errors:
        raise ActionError(errors)
    cells = _check_cells(indicator, cells or {})
    figure = PublishedFigure.objects.create(
        value=value,
        quote=quote.strip(),
        source=source.strip(),
        published_on=published_on,
        url=url,
        indicator=indicator,
        as_of=as_of or published_on,
        start=start,
        cells=cells,
        approximate=approximate,
        explanation=" ".join(explanation.split()),
        entered_by=acting.user if acting else None,
    )
    record(
        acting.user if acting else None,
        A.PUBLISHED_FIGURE_ADDED,
        obj=figure,
        membership=acting,
        new={"value": value, "indicator": indicator, "as_of": figure.as_of, "cells": cells},
    )
    return figure


def load_published(acting: Membership | None, path: Path = PUBLISHED) -> list[PublishedFigure]:
    """Enter every figure of a published-figures file (all or nothing)."""
    with path.open(encoding="utf-8") as f:
        document = yaml.safe_load(f)
    with transaction.atomic():
        return [
            do_add_published_figure(
                acting,
                value=entry["value"],
                quote=entry["quote"],
                source=entry["source"],
                published_on=entry["published_on"],
                indicator=entry["indicator"],
                as_of=entry.get("as_of"),
                start=entry.get("start"),
                cells=entry.get("cells") or {},
                approximate=bool(entry.get("approximate")),
                url=entry.get("url", ""),
                explanation=entry.get("explanation", ""),
            )
            for entry in document["figures"]
        ]


@transaction.atomic
def do_request_export(
    acting: Membership, kind: str, *, params: dict | None = None, language: str = "en", ip=None
) -> ExportJob:
    """Queue a background export; the worker runs it (zhusan.reports.tasks)."""
    from zhusan.reports.tasks import run_export

    if kind == ExportJob.Kind.WORKBOOK:
        require(acting, Perm.EXPORT_STATISTICS)
    elif kind == ExportJob.Kind.CASE_LIST:
        require(acting, Perm.VIEW_RECORDS)
    else:
        raise ActionError({"kind": "Unknown kind of export."})
    job = ExportJob.objects.create(
        kind=kind, params=params or {}, membership=acting, language=language[:8]
    )
    record(
        acting.user,
        A.EXPORT_REQUESTED,
        obj=job,
        membership=acting,
        ip=ip,
        new={"kind": kind, "params": job.params},
    )
    transaction.on_commit(lambda: run_export.enqueue(str(job.public_id)))
    return job


def note_download(acting: Membership, job: ExportJob, ip=None) -> None:
    record(
        acting.user,
        A.EXPORT_DOWNLOADED,
        obj=job,
        membership=acting,
        ip=ip,
        new={"kind": job.kind, "rows": job.rows, "size": job.size},
    )

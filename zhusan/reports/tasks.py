"""Background exports: run by the task worker, reporting progress on the job as they go."""

from __future__ import annotations

import io
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task
from openpyxl import Workbook

from zhusan.reports.models import ExportJob

log = logging.getLogger(__name__)
CHUNK = 500


def export_dir() -> Path:
    path = Path(settings.ZHUSAN_HOME) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress(job: ExportJob, percent: int, message: str = "") -> None:
    ExportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99), message=message[:300])


def _workbook(job: ExportJob) -> tuple[bytes, int]:
    from zhusan.reports.catalogue import catalogue
    from zhusan.reports.engine import compute
    from zhusan.reports.exports import to_xlsx
    from zhusan.reports.present import present

    as_of = job.params.get("as_of")
    codes = list(catalogue())
    tables = []
    for n, code in enumerate(codes, start=1):
        tables.append(present(compute(code, as_of=_date(as_of))))
        _progress(job, 100 * n // (len(codes) + 1), code)
    return to_xlsx(tables), sum(len(t.rows) for t in tables)


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


def _case_list(job: ExportJob) -> tuple[bytes, int]:
    """The persons in the requester's scope, general-tier particulars only."""
    from django.utils.translation import gettext as _

    from zhusan.access.scope import visible_persons
    from zhusan.lib.dates import format_partial

    persons = (
        visible_persons(job.membership)
        .select_related("case__lead_agency", "arrival__stage")
        .order_by("id")
    )
    total = persons.count()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Cases"))
    header = [
        _("Name"),
        _("Sex"),
        _("Birth date"),
        _("Citizenship"),
        _("Stage"),
        _("Arrived on"),
        _("Pathway state"),
        _("In this state since"),
        _("Lead agency"),
        _("Home region"),
    ]
    ws.append(header)
    done = 0
    last_id = 0
    while True:
        chunk = list(persons.filter(id__gt=last_id)[:CHUNK])
        if not chunk:
            break
        for p in chunk:
            case = getattr(p, "case", None)
            arrival = getattr(p, "arrival", None)
            ws.append(
                [
                    p.display_name,
                    p.get_sex_display(),
                    format_partial(p.birth_date, p.birth_date_precision) if p.birth_date else "",
                    p.get_citizenship_display(),
                    arrival.stage.name if arrival else "",
                    arrival.arrived_on if arrival else None,
                    case.get_state_display() if case else "",
                    case.state_since if case else None,
                    case.lead_agency.name if case else "",
                    p.home_region,
                ]
            )
        done += len(chunk)
        last_id = chunk[-1].id
        _progress(job, 100 * done // max(total, 1), f"{done} / {total}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), done


@task()
def run_export(job_id: str) -> None:
    job = ExportJob.objects.select_related("membership__agency", "membership__user").get(
        public_id=job_id
    )
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        with translation.override(job.language):
            if job.kind == ExportJob.Kind.WORKBOOK:
                data, rows = _workbook(job)
            else:
                data, rows = _case_list(job)
        name = f"{job.kind}-{secrets.token_hex(8)}.xlsx"
        (export_dir() / name).write_bytes(data)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE,
            progress=100,
            file_name=name,
            size=len(data),
            rows=rows,
            message="",
            finished_at=timezone.now(),
        )
    except Exception as e:  # the job records the failure; the worker carries on
        log.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, message=str(e)[:300], finished_at=timezone.now()
        )


@task()
def refresh_snapshot(as_of: str) -> None:
    """Rebuild the statistics snapshot of the date unless one already saw the last write."""
    import datetime as dt

    from zhusan.reports import snapshot

    day = dt.date.fromisoformat(as_of)
    reading = snapshot.latest(day)
    if reading.fresh:
        return
    snapshot.build(day)


def request_refresh(as_of: str) -> None:
    """Queue a snapshot refresh for the date unless one is already waiting or running: a busy
    dashboard must not fill the queue with the same job."""
    from django_tasks_db.models import DBTaskResult

    if "DatabaseBackend" in settings.TASKS["default"]["BACKEND"]:
        pending = DBTaskResult.objects.filter(
            task_path=refresh_snapshot.module_path, status__in=["READY", "RUNNING"]
        ).values_list("args_kwargs", flat=True)
        if any(as_of in (job or {}).get("args", []) for job in pending):
            return
    refresh_snapshot.enqueue(as_of)

"""Statistics pages: the programme dashboard, each indicator, reconciliation, exports."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhusan.access.scope import require
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.lib.errors import ActionError
from zhusan.reports import charts
from zhusan.reports.actions import do_add_published_figure, do_request_export, note_download
from zhusan.reports.catalogue import catalogue
from zhusan.reports.engine import IndicatorError, compute
from zhusan.reports.exports import CONTENT_TYPES
from zhusan.reports.exports import render as render_export
from zhusan.reports.measures import DIMENSIONS
from zhusan.reports.models import ExportJob
from zhusan.reports.present import Table, present
from zhusan.reports.snapshot import FIRST_YEAR
from zhusan.web.shortcuts import acting, client_ip


def _as_of(request) -> dt.date:
    today = timezone.localdate()
    value = parse_date(request.GET.get("as_of", "") or "")
    return min(value, today) if value else today


def _values(table: Table, column: int = 0) -> list[int | None]:
    return [cells[column].value for _label, cells, _total in table.rows]


def _bars(table: Table):
    """A chart for a table: stacked bars for two breakdowns, horizontal bars for one."""
    if table.two_way:
        return charts.stacked_bars(
            [label for label, _c, _t in table.rows],
            [(col, _values(table, j)) for j, col in enumerate(table.columns)],
        )
    return charts.horizontal_bars([(label, cells[0].value) for label, cells, _t in table.rows])


def _language() -> str:
    return (get_language() or "en")[:2]


def dashboard(request):
    from zhusan.reports import snapshot
    from zhusan.reports.tasks import request_refresh

    membership = acting(request)
    require(membership, Perm.VIEW_STATISTICS)
    as_of = _as_of(request)
    live = request.GET.get("live") == "1"
    reading = snapshot.latest(as_of)
    snap = None if live else reading.snapshot
    if not live and not reading.fresh:
        request_refresh(as_of.isoformat())

    def table(code, by=(), start=None, date=as_of):
        return present(snapshot.lookup(snap, code, as_of=date, by=by, start=start))

    returns = table("returned", ("stage", "counted_as"))
    flow = table("pathway_reached", ("state",))
    placements = table("children_placement", ("placement_kind",))
    years = list(range(FIRST_YEAR, as_of.year + 1))
    custody_points = [
        table("in_custody", date=min(dt.date(year, 12, 31), as_of)).total.value for year in years
    ]
    released = table("released", ("year",), start=dt.date(FIRST_YEAR, 1, 1))
    by_year = {label: cells[0].value for label, cells, _t in released.rows}
    release_points = [by_year.get(str(y), 0) for y in years]
    over_time = charts.lines(
        [str(y) for y in years],
        [
            (_("in custody at the end of the year"), custody_points),
            (_("released during the year"), release_points),
        ],
    )
    headline = {
        code: table(code).total
        for code in (
            "returned",
            "in_custody",
            "in_rehabilitation",
            "receiving_benefits",
            "convicted",
        )
    }
    cat = catalogue()
    return render(
        request,
        "reports/dashboard.html",
        {
            "as_of": as_of,
            "snapshot": snap,
            "changes_since": reading.changes_since if snap else 0,
            "live": live or snap is None,
            "headline": [
                (code, cat[code].title(_language()), shown) for code, shown in headline.items()
            ],
            "returns": returns,
            "returns_chart": _bars(returns),
            "flow": flow,
            "flow_chart": _bars(flow),
            "placements": placements,
            "placements_chart": _bars(placements),
            "over_time": over_time,
            "time_rows": list(zip(years, custody_points, release_points, strict=True)),
            "indicators": [(i, i.title(_language())) for i in cat.values()],
            "can_export": membership.can(Perm.EXPORT_STATISTICS),
        },
    )


def _request_table(request, code: str, *, protect: bool = True) -> Table:
    cat = catalogue()
    if code not in cat:
        raise Http404("No such indicator.")
    indicator = cat[code]
    by = [b for b in request.GET.getlist("by") if b][:2]
    start = parse_date(request.GET.get("from", "") or "")
    try:
        result = compute(
            code, as_of=_as_of(request), start=start, by=tuple(by) if by else indicator.default_by
        )
    except IndicatorError as e:
        raise Http404(str(e)) from None
    return present(result, protect=protect)


def indicator_detail(request, code: str):
    membership = acting(request)
    require(membership, Perm.VIEW_STATISTICS)
    table = _request_table(request, code)
    indicator = catalogue()[code]
    query = request.GET.urlencode()
    return render(
        request,
        "reports/indicator.html",
        {
            "indicator": indicator,
            "table": table,
            "chart": _bars(table) if table.by else None,
            "breakdowns": [(b, DIMENSIONS[b].label) for b in indicator.breakdowns],
            "by": table.by,
            "as_of": table.as_of,
            "start": table.start,
            "query": query,
            "can_export": membership.can(Perm.EXPORT_STATISTICS),
            "formats": ("csv", "xlsx", "pdf"),
        },
    )


def indicator_export(request, code: str, fmt: str):
    membership = acting(request)
    require(membership, Perm.EXPORT_STATISTICS)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    table = _request_table(request, code)
    data = render_export(table, fmt)
    record(
        request.user,
        A.STATISTICS_EXPORTED,
        membership=membership,
        ip=client_ip(request),
        new={"indicator": code, "format": fmt, "as_of": table.as_of, "by": list(table.by)},
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{code}-{table.as_of}.{fmt}"'
    return response


def _cells_text(figure) -> str:
    parts = []
    for code, values in figure.cells.items():
        dim = DIMENSIONS[code]
        shown = ", ".join(str(dim.value_label(v)) for v in values)
        parts.append(f"{dim.label}: {shown}")
    return " · ".join(parts)


@require_http_methods(["GET", "POST"])
def reconciliation(request):
    from zhusan.reports.forms import PublishedFigureForm
    from zhusan.reports.reconcile import reconcile

    membership = acting(request)
    require(membership, Perm.VIEW_STATISTICS)
    form = PublishedFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_add_published_figure(membership, **form.action_kwargs())
            return redirect("statistics-reconciliation")
        except ActionError as e:
            for field, message in e.errors.items():
                form.add_error(field if field in form.fields else None, message)
    cat = catalogue()
    lines = reconcile()
    return render(
        request,
        "reports/reconciliation.html",
        {
            "lines": [
                (line, cat[line.figure.indicator].title(_language()), _cells_text(line.figure))
                for line in lines
            ],
            "form": form,
            "matching": sum(1 for line in lines if line.difference == 0),
        },
    )


@require_http_methods(["GET", "POST"])
def exports(request):
    membership = acting(request)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            job = do_request_export(
                membership,
                kind,
                params={"as_of": request.POST.get("as_of", "")},
                language=_language(),
                ip=client_ip(request),
            )
        except ActionError as e:
            return HttpResponse(str(e), status=400)
        return redirect(reverse("exports") + f"#job-{job.public_id}")
    jobs = ExportJob.objects.filter(membership__user=request.user)[:30]
    return render(
        request,
        "reports/exports.html",
        {
            "jobs": jobs,
            "can_workbook": membership.can(Perm.EXPORT_STATISTICS),
            "can_case_list": membership.can(Perm.VIEW_RECORDS),
        },
    )


def _own_job(request, public_id) -> ExportJob:
    job = ExportJob.objects.filter(public_id=public_id, membership__user=request.user).first()
    if job is None:
        raise Http404("No such export.")
    return job


def export_status(request, public_id):
    acting(request)
    job = _own_job(request, public_id)
    return render(request, "reports/_job.html", {"job": job})


def export_download(request, public_id):
    from zhusan.reports.tasks import export_dir

    membership = acting(request)
    job = _own_job(request, public_id)
    if job.status != ExportJob.Status.DONE or not job.file_name:
        raise Http404("This export is not ready.")
    path = export_dir() / job.file_name
    if not path.is_file():
        raise Http404("This export has expired.")
    note_download(membership, job, ip=client_ip(request))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{job.kind}-{job.created_at:%Y-%m-%d}.xlsx",
        content_type=CONTENT_TYPES["xlsx"],
    )

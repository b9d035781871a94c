"""The auditor's pages: the trail with filters and export, emergency accesses to review, a person's access report."""

from __future__ import annotations

import csv
import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from zhusan.access.actions import do_review_break_glass
from zhusan.access.models import EmergencyAccess
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.lib.errors import ActionError
from zhusan.web.shortcuts import acting, client_ip

READ_TYPES = (AuditEventType.PERSON_VIEWED, AuditEventType.BREAK_GLASS)


def _auditor(request):
    membership = acting(request)
    if not membership.can(Perm.VIEW_AUDIT):
        raise Http404
    return membership


def _filtered(request):
    events = AuditEvent.objects.order_by("-id")
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("person", "user", "agency", "type", "from", "to")
    }
    if f["person"]:
        events = events.filter(person_id=f["person"])
    if f["user"]:
        events = events.filter(actor_label=f["user"])
    if f["agency"]:
        events = events.filter(agency_code=f["agency"])
    if f["type"].isdigit():
        events = events.filter(type=int(f["type"]))
    if start := parse_date(f["from"] or ""):
        events = events.filter(created_at__date__gte=start)
    if end := parse_date(f["to"] or ""):
        events = events.filter(created_at__date__lte=end)
    return events, f


def trail(request):
    membership = _auditor(request)
    events, f = _filtered(request)
    record(
        request.user,
        AuditEventType.AUDIT_READ,
        membership=membership,
        ip=client_ip(request),
        new={k: v for k, v in f.items() if v},
    )
    if request.GET.get("format") == "csv":
        record(
            request.user,
            AuditEventType.AUDIT_EXPORTED,
            membership=membership,
            ip=client_ip(request),
            new={k: v for k, v in f.items() if v},
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="zhusan-audit-{dt.date.today()}.csv"'  # noqa: DTZ011
        )
        writer = csv.writer(response)
        writer.writerow(
            [
                "id",
                "time",
                "type",
                "user",
                "agency",
                "role",
                "object",
                "person",
                "reason",
                "ip",
                "hash",
            ]
        )
        for e in events.iterator(chunk_size=2000):
            writer.writerow(
                [
                    e.id,
                    e.created_at.isoformat(),
                    e.type_label,
                    e.actor_label,
                    e.agency_code,
                    e.role,
                    f"{e.object_type}:{e.object_id}",
                    e.person_id,
                    _safe(e.reason),
                    e.ip or "",
                    e.hash,
                ]
            )
        return response
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "page": Paginator(events, 50).get_page(request.GET.get("page")),
            "f": f,
            "query": query.urlencode(),
            "types": sorted(AuditEventType.choices),
            "open_reviews": EmergencyAccess.objects.filter(reviewed_at__isnull=True).count(),
        },
    )


def _safe(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def break_glass_queue(request):
    _auditor(request)
    accesses = EmergencyAccess.objects.select_related(
        "membership__user", "membership__agency", "person"
    )
    return render(
        request,
        "audit/break_glass.html",
        {
            "waiting": accesses.filter(reviewed_at__isnull=True).order_by("granted_at"),
            "reviewed": accesses.filter(reviewed_at__isnull=False).order_by("-reviewed_at")[:20],
        },
    )


@require_POST
def break_glass_review(request, public_id):
    membership = _auditor(request)
    access = EmergencyAccess.objects.filter(public_id=public_id).first()
    if access is None:
        raise Http404
    try:
        do_review_break_glass(membership, access, note=request.POST.get("note", ""))
    except ActionError as exc:
        from django.contrib import messages

        messages.error(request, str(exc))
    return redirect("audit-break-glass")


def access_report(request, public_id):
    """Who looked at this person's record, when, from which agency and why."""
    membership = _auditor(request)
    reads = AuditEvent.objects.filter(person_id=str(public_id), type__in=READ_TYPES).order_by("-id")
    record(
        request.user,
        AuditEventType.AUDIT_READ,
        membership=membership,
        ip=client_ip(request),
        new={"access_report": str(public_id)},
    )
    return render(
        request, "audit/access_report.html", {"reads": reads[:500], "public_id": public_id}
    )

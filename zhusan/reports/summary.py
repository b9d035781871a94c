"""A person's case summary and timeline, printable and as PDF, in the viewer's language.

Prepared for a case conference: what the viewer may see of the record on one document, marked
confidential with who printed it and when. Every print is an audited read.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from zhusan.access.scope import get_person, is_visible
from zhusan.access.tiers import Tier, can_see, event_types_visible, tiers_of
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases.models import CaseTransition
from zhusan.people.queries import relatives_of
from zhusan.people.timeline import build_timeline
from zhusan.web.shortcuts import acting, client_ip


def summary_context(person, membership) -> dict:
    case = getattr(person, "case", None)
    timeline = build_timeline(
        person,
        visible_types=event_types_visible(membership),
        tiers=tiers_of(membership),
        order="asc",
    )
    context = {
        "person": person,
        "case": case,
        "arrival": getattr(person, "arrival", None),
        "names": list(person.names.select_related("agency")),
        "relatives": [
            {"label": r.label, "person": r.person, "visible": is_visible(membership, r.person)}
            for r in relatives_of(person)
        ],
        "transitions": CaseTransition.objects.filter(case=case).select_related("agency")
        if case
        else [],
        "timeline": timeline,
        "membership": membership,
        "printed_at": timezone.localtime(),
        "today": timezone.localdate(),
        "sees_justice": can_see(membership, Tier.JUSTICE),
    }
    if context["sees_justice"]:
        from zhusan.justice.views import justice_context

        justice = justice_context(person, membership)
        context["proceedings"] = justice.get("proceedings", [])
        context["assessment"] = justice.get("assessment")
        context["custody"] = justice.get("custody", [])
        context["petitions"] = justice.get("petitions", [])
    return context


def case_summary(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    as_pdf = request.GET.get("format") == "pdf"
    record(
        request.user,
        A.CASE_SUMMARY_PRINTED,
        obj=person,
        person=person,
        membership=membership,
        ip=client_ip(request),
        new={"format": "pdf" if as_pdf else "html"},
    )
    context = summary_context(person, membership)
    if not as_pdf:
        return render(request, "reports/case_summary.html", context | {"printable": True})
    from weasyprint import HTML

    html = render_to_string("reports/case_summary.html", context | {"pdf": True}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="case-summary-{person.public_id}-{context["today"]}.pdf"'
    )
    return response

"""Attaching a scan to a person's document, and reading it back (zhusan.people.scans)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhusan.access.scope import get_person
from zhusan.people.scans import SIGNATURES, ScanRefused, do_attach_scan, open_scan
from zhusan.web.shortcuts import acting, client_ip

# An image opens in the browser; a PDF is downloaded rather than rendered by a plug-in.
INLINE = {"image/png", "image/jpeg"}


@require_POST
def scan_add(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    try:
        document = person.documents.get(public_id=request.POST.get("document", ""))
    except (ValueError, person.documents.model.DoesNotExist) as exc:
        raise Http404("No such document.") from exc
    try:
        do_attach_scan(membership, document, request.FILES.get("scan"), ip=client_ip(request))
    except ScanRefused as exc:
        messages.error(
            request,
            _("The scan of the %(document)s was not attached: %(why)s")
            % {"document": document.get_kind_display(), "why": exc.errors["scan"]},
        )
    else:
        messages.success(
            request,
            _("Scan attached to the %(document)s.") % {"document": document.get_kind_display()},
        )
    url = reverse("person-detail", kwargs={"public_id": person.public_id}) + "?tab=names"
    return redirect(url)


@require_GET
def scan_read(request, public_id):
    membership = acting(request)
    document, handle = open_scan(membership, public_id, ip=client_ip(request))
    extension = SIGNATURES[document.scan_type][0]
    response = FileResponse(
        handle,
        content_type=document.scan_type,
        as_attachment=document.scan_type not in INLINE,
        filename=f"{document.kind}-{str(document.public_id)[:8]}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    # Nothing in a scan may run or load anything, whatever a crafted file holds.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response

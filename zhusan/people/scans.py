"""Scans of identity documents: accepted by what the bytes are, stored under a random name.

A scan is accepted only as PDF, PNG or JPEG recognised from its first bytes (the file name and the
browser's content type are ignored), up to ZHUSAN_MAX_UPLOAD_MB. It is written to
ZHUSAN_HOME/uploads under a random name, outside every static or media URL, and read back only
through `open_scan`, which checks scope like any other read and is audited.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from zhusan.access.scope import require_person_write, visible_persons
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.lib.errors import ActionError
from zhusan.people.models import Document

# content type -> (file extension, the bytes a file of that type starts with)
SIGNATURES = {
    "application/pdf": ("pdf", (b"%PDF-",)),
    "image/png": ("png", (b"\x89PNG\r\n\x1a\n",)),
    "image/jpeg": ("jpg", (b"\xff\xd8\xff",)),
}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")
CHUNK = 64 * 1024


def uploads_dir() -> Path:
    return Path(settings.ZHUSAN_HOME) / "uploads"


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, if it is one Zhusan accepts."""
    for content_type, (_ext, magics) in SIGNATURES.items():
        if any(head.startswith(m) for m in magics):
            if content_type == "image/png" and head[12:16] != b"IHDR":
                return None
            return content_type
    return None


class ScanRefused(ActionError):
    """A file refused as a scan; `code` names why (kept in the audit trail, whatever the language)."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__({"scan": message})


def check(upload) -> str:
    """The accepted content type of an uploaded file, or ScanRefused saying what is wrong."""
    limit = settings.ZHUSAN_MAX_UPLOAD_BYTES
    if upload is None:
        raise ScanRefused("missing", gettext("Choose a file to upload."))
    if upload.size == 0:
        raise ScanRefused("empty", gettext("The file is empty."))
    if upload.size > limit:
        raise ScanRefused(
            "too_large",
            gettext("The file is %(size)s MB; the largest accepted is %(limit)s MB.")
            % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:g}"},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ScanRefused(
            "not_pdf_png_jpeg",
            gettext(
                "The file is not a PDF, PNG or JPEG, whatever its name says. Scan or save the "
                "document in one of those formats."
            ),
        )
    return content_type


def _write(upload, content_type: str) -> tuple[str, str]:
    """Store the upload under a new random name; return the name and the SHA-256 of its bytes."""
    folder = uploads_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{SIGNATURES[content_type][0]}"
    digest = hashlib.sha256()
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return name, digest.hexdigest()


def _remove(name: str) -> None:
    if STORED_NAME.match(name or ""):
        (uploads_dir() / name).unlink(missing_ok=True)


def do_attach_scan(acting: Membership, document: Document, upload, *, ip=None) -> Document:
    """Attach a scan to a person's document, replacing an earlier one; a refused file is audited."""
    person = document.person
    require_person_write(acting, person, Perm.EDIT_PERSON)
    try:
        content_type = check(upload)
    except ScanRefused as exc:
        record(
            acting.user,
            A.DOCUMENT_SCAN_REFUSED,
            obj=document,
            person=person,
            membership=acting,
            new={
                "reason": exc.code,
                "size": getattr(upload, "size", None),
                "declared_type": (getattr(upload, "content_type", "") or "")[:100],
            },
            ip=ip,
        )
        raise
    name, sha256 = _write(upload, content_type)
    previous = document.scan_name
    old = {"scan_type": document.scan_type, "scan_sha256": document.scan_sha256}
    try:
        with transaction.atomic():
            Document.objects.filter(pk=document.pk).update(
                scan_name=name,
                scan_type=content_type,
                scan_size=upload.size,
                scan_sha256=sha256,
                scan_uploaded_at=timezone.now(),
            )
            record(
                acting.user,
                A.DOCUMENT_SCAN_ATTACHED,
                obj=document,
                person=person,
                membership=acting,
                old=old if previous else None,
                new={"scan_type": content_type, "scan_size": upload.size, "scan_sha256": sha256},
                ip=ip,
            )
            if previous:
                transaction.on_commit(lambda: _remove(previous))
    except BaseException:
        _remove(name)
        raise
    document.refresh_from_db()
    return document


def get_document(acting: Membership | None, public_id) -> Document:
    """A document of a person the acting membership may see, or Http404 ('missing' = 'not yours')."""
    try:
        return Document.objects.select_related("person").get(
            public_id=public_id, person__in=visible_persons(acting)
        )
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such document.") from exc


def open_scan(acting: Membership, public_id, *, ip=None):
    """The document and an open file of its scan, for a viewer in scope; the read is audited."""
    document = get_document(acting, public_id)
    if not STORED_NAME.match(document.scan_name or ""):
        raise Http404("This document has no scan.")
    path = uploads_dir() / document.scan_name
    if not path.is_file():
        raise Http404("This document has no scan.")
    handle = path.open("rb")
    record(
        acting.user,
        A.DOCUMENT_SCAN_VIEWED,
        obj=document,
        person=document.person,
        membership=acting,
        ip=ip,
    )
    return document, handle

"""Scans of identity documents: recognised by their bytes, size-limited, stored away from any public
URL, and read only by those who may see the person, with an audit event."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.people.actions import do_add_document
from zhusan.people.scans import sniff

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def passport(world, settings, tmp_path):
    settings.ZHUSAN_HOME = tmp_path
    return do_add_document(world.aliya, world.asel, kind="passport", status="valid", number="N1")


def upload(client, world, document, content, name="scan.pdf", content_type="application/pdf"):
    return client.post(
        f"/persons/{world.asel.public_id}/scans/",
        {
            "document": str(document.public_id),
            "scan": SimpleUploadedFile(name, content, content_type),
        },
        follow=True,
    )


def stored(settings):
    folder = settings.ZHUSAN_HOME / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_scan_is_recognised_by_its_bytes_and_kept_under_a_random_name(
    signed_in, world, passport, settings
):
    client = signed_in("aliya")
    page = upload(client, world, passport, PNG, name="passport.pdf")
    assert "Scan attached" in page.content.decode()
    passport.refresh_from_db()
    assert passport.scan_type == "image/png" and passport.scan_size == len(PNG)
    [path] = stored(settings)
    assert path.name == passport.scan_name and "passport" not in path.name
    assert path.read_bytes() == PNG and path.stat().st_mode & 0o077 == 0
    attached = AuditEvent.objects.get(type=AuditEventType.DOCUMENT_SCAN_ATTACHED)
    assert attached.person_id == str(world.asel.public_id)


def test_the_scan_is_served_only_through_the_checked_view_and_each_read_is_audited(
    signed_in, world, passport
):
    client = signed_in("aliya")
    upload(client, world, passport, JPEG)
    response = client.get(f"/documents/{passport.public_id}/scan/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == JPEG
    assert (
        "no-store" in response["Cache-Control"] and "sandbox" in response["Content-Security-Policy"]
    )
    read = AuditEvent.objects.get(type=AuditEventType.DOCUMENT_SCAN_VIEWED)
    assert read.actor == world.aliya.user and read.object_id == str(passport.public_id)
    passport.refresh_from_db()
    for prefix in ("/static/", "/media/", "/uploads/"):
        assert client.get(prefix + passport.scan_name).status_code == 404


def test_a_pdf_is_downloaded_rather_than_rendered(signed_in, world, passport):
    client = signed_in("aliya")
    upload(client, world, passport, PDF)
    response = client.get(f"/documents/{passport.public_id}/scan/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_file_that_is_not_pdf_png_or_jpeg_is_refused_whatever_its_name_and_type(
    signed_in, world, passport, settings
):
    client = signed_in("aliya")
    page = upload(client, world, passport, b"<html><script>alert(1)</script></html>")
    assert "not a PDF, PNG or JPEG" in page.content.decode()
    assert stored(settings) == []
    refused = AuditEvent.objects.get(type=AuditEventType.DOCUMENT_SCAN_REFUSED)
    assert refused.new["reason"] == "not_pdf_png_jpeg"
    assert refused.new["declared_type"] == "application/pdf"


def test_a_file_over_the_limit_is_refused_saying_both_sizes(signed_in, world, passport, settings):
    settings.ZHUSAN_MAX_UPLOAD_BYTES = 1024 * 1024
    page = upload(signed_in("aliya"), world, passport, PDF + b"0" * (1536 * 1024))
    assert "The file is 1.5 MB; the largest accepted is 1 MB." in page.content.decode()
    assert stored(settings) == []


def test_an_empty_file_is_refused(signed_in, world, passport):
    page = upload(signed_in("aliya"), world, passport, b"")
    passport.refresh_from_db()
    assert passport.scan_name == "" and "not attached" in page.content.decode()


def test_a_new_scan_replaces_the_old_file(
    signed_in, world, passport, settings, django_capture_on_commit_callbacks
):
    client = signed_in("aliya")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, world, passport, PNG)
        upload(client, world, passport, PDF)
    [path] = stored(settings)
    assert path.read_bytes() == PDF
    replaced = AuditEvent.objects.filter(type=AuditEventType.DOCUMENT_SCAN_ATTACHED).last()
    assert (
        replaced.old["scan_type"] == "image/png" and replaced.new["scan_type"] == "application/pdf"
    )


def test_no_one_outside_the_record_reads_or_attaches_a_scan(signed_in, world, passport):
    upload(signed_in("aliya"), world, passport, PNG)
    client = signed_in("chingiz")
    assert client.get(f"/documents/{passport.public_id}/scan/").status_code == 404
    response = client.post(
        f"/persons/{world.asel.public_id}/scans/",
        {"document": str(passport.public_id), "scan": SimpleUploadedFile("a.png", PNG)},
    )
    assert response.status_code == 404


def test_an_excluded_colleague_cannot_read_the_scan(client, world, passport):
    from zhusan.access.actions import do_exclude
    from zhusan.accounts.models import Membership

    admin = Membership.objects.get(user__username="admin")
    do_exclude(admin, user=world.bolat.user, person=world.asel, reason="Conflict of interest")
    client.force_login(world.aliya.user)
    upload(client, world, passport, PNG)
    client.force_login(world.bolat.user)
    assert client.get(f"/documents/{passport.public_id}/scan/").status_code == 404


def test_a_role_that_may_see_but_not_edit_reads_the_scan_but_cannot_attach_one(
    signed_in, world, passport
):
    upload(signed_in("aliya"), world, passport, PNG)
    client = signed_in("bolat")
    assert client.get(f"/documents/{passport.public_id}/scan/").status_code == 200
    response = client.post(
        f"/persons/{world.asel.public_id}/scans/",
        {"document": str(passport.public_id), "scan": SimpleUploadedFile("a.png", PNG)},
    )
    assert response.status_code == 403


def test_the_names_tab_offers_the_upload_and_links_the_scan(signed_in, world, passport):
    client = signed_in("aliya")
    page = client.get(f"/persons/{world.asel.public_id}/?tab=names").content.decode()
    assert 'enctype="multipart/form-data"' in page and "up to 10 MB" in page
    upload(client, world, passport, PNG)
    page = client.get(f"/persons/{world.asel.public_id}/?tab=names").content.decode()
    assert f"/documents/{passport.public_id}/scan/" in page


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, None),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),
        (b"MZ\x90\x00", None),
        (b"", None),
    ],
)
def test_only_pdf_png_and_jpeg_signatures_are_recognised(head, expected):
    assert sniff(head[:16]) == expected

"""Break-the-glass, exclusions and the auditor's pages."""

import pytest

from zhusan.access.actions import do_break_glass, do_exclude
from zhusan.access.models import EmergencyAccess
from zhusan.access.scope import visible_persons
from zhusan.audit.models import AuditEvent, AuditEventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(world):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user

    oversight = do_create_agency(None, code="ombudsman", name="Ombudsman", kind="oversight")
    return do_add_membership(
        None,
        user=do_create_user(None, username="zhanar", password="a" * 16),
        agency=oversight,
        role="auditor",
    )


@pytest.fixture
def admin(world):
    from zhusan.accounts.models import Membership

    return Membership.objects.get(user__username="admin")


def test_break_the_glass_opens_a_record_for_a_while_with_a_reason_and_flags_it(signed_in, world):
    client = signed_in("chingiz")
    assert client.get(f"/persons/{world.asel.public_id}/").status_code == 404
    r = client.post(
        "/emergency-access/",
        {
            "person": str(world.asel.public_id),
            "reason": "Her child was brought to our centre tonight without papers",
        },
    )
    assert r.status_code == 302
    assert client.get(f"/persons/{world.asel.public_id}/").status_code == 200
    access = EmergencyAccess.objects.get()
    assert access.reviewed_at is None and access.expires_at > access.granted_at
    assert AuditEvent.objects.filter(
        type=AuditEventType.BREAK_GLASS, reason__startswith="Her child"
    ).exists()


def test_break_the_glass_needs_a_real_reason(signed_in, world):
    r = signed_in("chingiz").post(
        "/emergency-access/", {"person": str(world.asel.public_id), "reason": "need"}
    )
    assert r.status_code == 200 and not EmergencyAccess.objects.exists()


def test_an_expired_emergency_access_no_longer_opens_the_record(world):
    import datetime as dt

    access = do_break_glass(
        world.chingiz, world.asel.public_id, reason="Urgent placement decision tonight"
    )
    assert world.asel in set(visible_persons(world.chingiz))
    # Five hours later:
    EmergencyAccess.objects.filter(pk=access.pk).update(
        granted_at=access.granted_at - dt.timedelta(hours=5),
        expires_at=access.expires_at - dt.timedelta(hours=5),
    )
    assert world.asel not in set(visible_persons(world.chingiz))


def test_an_excluded_user_sees_nothing_of_the_record_even_in_scope(signed_in, world, admin):
    do_exclude(
        admin, user=world.aliya.user, person=world.asel, reason="Her sister is the case worker"
    )
    client = signed_in("aliya")
    assert client.get(f"/persons/{world.asel.public_id}/").status_code == 404
    assert "Нұрланқызы Асель" not in client.get("/persons/", {"q": "Asel"}).content.decode()
    from django.http import Http404

    with pytest.raises(Http404):
        do_break_glass(
            world.aliya, world.asel.public_id, reason="Trying to get around the exclusion"
        )


def test_the_auditor_reviews_emergency_accesses(client, world, auditor):
    do_break_glass(world.chingiz, world.asel.public_id, reason="Urgent placement decision tonight")
    client.force_login(auditor.user)
    page = client.get("/audit/break-glass/").content.decode()
    assert "Urgent placement decision tonight" in page
    access = EmergencyAccess.objects.get()
    client.post(
        f"/audit/break-glass/{access.public_id}/", {"note": "Justified: child placed that night"}
    )
    access.refresh_from_db()
    assert access.reviewed_by == auditor.user


def test_the_auditor_filters_and_exports_the_trail_and_reads_are_audited(client, world, auditor):
    client.force_login(world.aliya.user)
    client.get(f"/persons/{world.asel.public_id}/")
    client.force_login(auditor.user)
    page = client.get(
        "/audit/", {"person": str(world.asel.public_id), "type": "901"}
    ).content.decode()
    assert 'data-testid="audit-trail"' in page and "aliya" in page
    csv = client.get("/audit/", {"user": "aliya", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and b"person record viewed" in csv.content
    report = client.get(f"/audit/persons/{world.asel.public_id}/").content.decode()
    assert "aliya" in report and "centre-a" in report
    assert AuditEvent.objects.filter(
        type=AuditEventType.AUDIT_EXPORTED, actor=auditor.user
    ).exists()


def test_only_auditors_reach_the_audit_pages_and_only_administrators_the_exclusions(
    signed_in, world
):
    client = signed_in("aliya")
    for url in (
        "/audit/",
        "/audit/break-glass/",
        f"/audit/persons/{world.asel.public_id}/",
        "/administration/exclusions/",
    ):
        assert client.get(url).status_code == 404, url

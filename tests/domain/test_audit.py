import pytest
from django.db import connection

from zhusan.audit.chain import verify
from zhusan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_trail_of_a_fresh_world_verifies(world):
    verdict = verify()
    assert verdict.ok and verdict.checked == AuditEvent.objects.count() > 10


def test_an_altered_event_is_named(world):
    target = AuditEvent.objects.order_by("id")[5]
    AuditEvent.objects.filter(pk=target.pk).update(reason="tampered")
    verdict = verify()
    assert not verdict.ok and verdict.event_id == target.id and "altered" in verdict.problem


def test_a_removed_event_is_named_by_the_one_after_it(world):
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [ids[3]])
    verdict = verify()
    assert not verdict.ok and verdict.event_id == ids[4]


def test_removing_the_last_event_is_detected(world):
    last = AuditEvent.objects.order_by("-id").first()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [last.id])
    assert not verify().ok

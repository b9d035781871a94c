import pytest
from django.db import DatabaseError, connection, transaction

from tests.tampering import tampering
from zhusan.audit.chain import verify
from zhusan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_trail_of_a_fresh_world_verifies(world):
    verdict = verify()
    assert verdict.ok and verdict.checked == AuditEvent.objects.count() > 10


def test_an_altered_event_is_named(world):
    target = AuditEvent.objects.order_by("id")[5]
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(reason="tampered")
    verdict = verify()
    assert not verdict.ok and verdict.event_id == target.id and "altered" in verdict.problem


def test_a_removed_event_is_named_by_the_one_after_it(world):
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    with tampering(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [ids[3]])
    verdict = verify()
    assert not verdict.ok and verdict.event_id == ids[4]


def test_removing_the_last_event_is_detected(world):
    last = AuditEvent.objects.order_by("-id").first()
    with tampering(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [last.id])
    assert not verify().ok


def test_an_inserted_event_is_named(world):
    from zhusan.audit.models import AuditEvent as E

    second = E.objects.order_by("id")[1]
    forged = E.objects.get(pk=second.pk)
    forged.pk = None
    forged.reason = "forged"
    forged.hash = "f" * 64
    with tampering():
        forged.save(force_insert=True)
    verdict = verify()
    assert not verdict.ok and verdict.event_id == forged.pk


def test_postgresql_itself_refuses_to_alter_or_delete_an_event(world):
    if connection.vendor != "postgresql":
        pytest.skip("database-level protection exists on PostgreSQL only; verify() covers SQLite")
    event = AuditEvent.objects.order_by("id").first()
    for statement in (
        "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(statement, [event.id])
    assert verify().ok

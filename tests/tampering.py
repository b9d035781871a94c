"""Simulate an attacker with the table owner's rights altering the audit trail."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def tampering():
    """Let a test alter the trail as an attacker with the table owner's rights would (PostgreSQL trigger off)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # no pending FK checks, so the table may be altered
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")

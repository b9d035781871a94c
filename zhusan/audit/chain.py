"""Append to and verify the hash chain of the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhusan.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "type": int(event.type),
        "created_at": event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "agency": event.agency_code,
        "role": event.role,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person_id": event.person_id,
        "old": event.old,
        "new": event.new,
        "reason": event.reason,
        "ip": event.ip,
        "prev": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def append(event: AuditEvent) -> AuditEvent:
    """Chain and save one event; the caller's transaction makes it atomic with the write it records."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        event.created_at = event.created_at or timezone.now()
        # Round-trip through JSON so what is hashed is exactly what the database returns.
        event.old = (
            json.loads(json.dumps(event.old, default=str)) if event.old is not None else None
        )
        event.new = (
            json.loads(json.dumps(event.new, default=str)) if event.new is not None else None
        )
        event.prev_hash = head.last_hash
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, count=head.count + 1)
    return event


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    problem: str = ""
    event_id: int | None = None


def verify(events: Iterable[AuditEvent] | None = None) -> Verdict:
    """Walk the chain in order and name the first event that does not fit."""
    if events is None:
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    prev = GENESIS
    checked = 0
    for event in events:
        if event.prev_hash != prev:
            return Verdict(
                False,
                checked,
                f"event {event.id} does not follow the event before it "
                "(an event was removed or inserted here)",
                event.id,
            )
        if compute_hash(event) != event.hash:
            return Verdict(False, checked, f"event {event.id} was altered", event.id)
        prev = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != checked):
        return Verdict(
            False,
            checked,
            f"the trail ends at event {checked} but {head.count} were written "
            "(events were removed from the end)",
            None,
        )
    return Verdict(True, checked)

"""Write audit events from actions and access helpers."""

from __future__ import annotations

from typing import Any

from zhusan.audit.chain import append
from zhusan.audit.models import AuditEvent, AuditEventType


def record(
    actor,
    type: AuditEventType,
    *,
    obj: Any = None,
    person: Any = None,
    old: dict | None = None,
    new: dict | None = None,
    reason: str = "",
    membership: Any = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit event naming who did what to which record."""
    object_id = ""
    if obj is not None:
        object_id = str(getattr(obj, "public_id", None) or obj.pk)
    event = AuditEvent(
        type=type,
        created_at=None,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", "") or "system",
        agency_code=membership.agency.code if membership else "",
        role=membership.role if membership else "",
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=object_id,
        person_id=str(person.public_id) if person is not None else "",
        old=old,
        new=new,
        reason=reason,
        ip=ip,
    )
    return append(event)

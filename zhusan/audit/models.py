from django.conf import settings
from django.db import models


class AuditEventType(models.IntegerChoices):
    """Every kind of audit event, in numbered ranges by area (documented in docs/audit-events.md)."""

    # 100–199: accounts and sessions
    USER_CREATED = 101, "user created"
    MEMBERSHIP_CREATED = 102, "membership created"
    AGENCY_CREATED = 103, "agency created"
    SIGNED_IN = 110, "signed in"
    SIGN_IN_FAILED = 111, "sign-in failed"
    SIGNED_OUT = 112, "signed out"
    BREAK_GLASS = 130, "emergency (break-the-glass) access granted"
    BREAK_GLASS_REVIEWED = 131, "emergency access reviewed"
    EXCLUSION_ADDED = 140, "user excluded from a record"
    EXCLUSION_LIFTED = 141, "exclusion lifted"
    AUDIT_READ = 150, "audit trail read"
    AUDIT_EXPORTED = 151, "audit trail exported"
    TOKEN_ISSUED = 120, "API token issued"
    TOKEN_REVOKED = 121, "API token revoked"
    # 200–299: persons, names, documents, relationships, families
    PERSON_CREATED = 201, "person created"
    PERSON_UPDATED = 202, "person updated"
    NAME_ADDED = 210, "name added"
    DOCUMENT_ADDED = 220, "document added"
    RELATIONSHIP_ADDED = 230, "relationship added"
    FAMILY_CREATED = 240, "family created"
    FAMILY_MEMBER_ADDED = 241, "family member added"
    PERSONS_MERGED = 250, "duplicate person records merged"
    PERSONS_UNMERGED = 251, "merge undone"
    DUPLICATE_FOUND = 252, "possible duplicate found"
    DUPLICATE_DISMISSED = 253, "possible duplicate marked as different persons"
    # 300–399: operations, cases, events
    OPERATION_CREATED = 301, "operation created"
    STAGE_CREATED = 302, "operation stage created"
    ARRIVAL_RECORDED = 310, "arrival recorded"
    CASE_OPENED = 320, "case opened"
    CASE_MOVED = 321, "case moved along its pathway"
    CASE_ASSIGNED = 322, "case assigned to an agency"
    EVENT_ADDED = 330, "timeline event added"
    # 400–499: justice
    PROCEEDING_OPENED = 401, "criminal proceeding opened"
    CHARGE_ADDED = 402, "charge added"
    VERDICT_RECORDED = 403, "verdict recorded"
    SENTENCE_RECORDED = 404, "sentence recorded"
    CUSTODY_STARTED = 410, "custody period started"
    CUSTODY_ENDED = 411, "custody period ended"
    LEGAL_FACTS_UPDATED = 420, "legal facts updated"
    PETITION_FILED = 430, "petition filed"
    PETITION_DECIDED = 431, "petition decided"
    ASSESSMENT_STORED = 440, "legal assessment stored"
    # 900–999: reads of records
    PERSON_VIEWED = 901, "person record viewed"
    PERSON_SEARCHED = 902, "persons searched"


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    `hash` covers every field and the previous event's hash, so altering, removing or inserting
    an event breaks the chain at that point (see zhusan.audit.chain).
    """

    # No `choices` on the column: new event types must not need a migration.
    type = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=40, blank=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    person_id = models.CharField(max_length=64, blank=True, db_index=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["type", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type_label}"

    @property
    def type_label(self) -> str:
        try:
            return AuditEventType(self.type).label
        except ValueError:
            return f"event type {self.type}"


class AuditChainHead(models.Model):
    """A single row locked while an event is appended, so the chain has one order."""

    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit chain head ({self.count} events)"

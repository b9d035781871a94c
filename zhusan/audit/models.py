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
    TWO_FACTOR_ENROLLED = 113, "two-factor sign-in set up"
    TWO_FACTOR_VERIFIED = 114, "second factor accepted"
    TWO_FACTOR_FAILED = 115, "second factor refused"
    RECOVERY_CODE_USED = 116, "recovery code used"
    SIGN_IN_LOCKED = 117, "sign-in locked after repeated failures"
    SIGN_IN_UNLOCKED = 118, "sign-in lockout lifted"
    SESSION_EXPIRED = 119, "session ended by the idle or absolute limit"
    BREAK_GLASS = 130, "emergency (break-the-glass) access granted"
    BREAK_GLASS_REVIEWED = 131, "emergency access reviewed"
    EXCLUSION_ADDED = 140, "user excluded from a record"
    EXCLUSION_LIFTED = 141, "exclusion lifted"
    AUDIT_READ = 150, "audit trail read"
    AUDIT_EXPORTED = 151, "audit trail exported"
    TOKEN_ISSUED = 120, "API token issued"
    TOKEN_REVOKED = 121, "API token revoked"
    TWO_FACTOR_RESET = 122, "two-factor sign-in reset by an administrator"
    # 200–299: persons, names, documents, relationships, families
    PERSON_CREATED = 201, "person created"
    PERSON_UPDATED = 202, "person updated"
    NAME_ADDED = 210, "name added"
    DOCUMENT_ADDED = 220, "document added"
    DOCUMENT_SCAN_ATTACHED = 221, "document scan attached"
    DOCUMENT_SCAN_REFUSED = 222, "document scan refused"
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
    REFERRAL_MADE = 340, "referral sent to another agency"
    REFERRAL_ACCEPTED = 341, "referral accepted"
    REFERRAL_DECLINED = 342, "referral declined"
    REFERRAL_COMPLETED = 343, "referral completed"
    REFERRAL_WITHDRAWN = 344, "referral withdrawn"
    TASK_CREATED = 350, "task created"
    TASK_DONE = 351, "task done"
    REFERRALS_READ = 360, "referrals waiting for the agency read"
    TASKS_READ = 361, "tasks due read, with reminders above the general tier"
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
    ASSESSMENTS_WRITTEN = 441, "legal assessments of every convicted person written to a file"
    # 500–599: rehabilitation and reintegration
    REHAB_ASSESSMENT_RECORDED = 501, "rehabilitation assessment recorded"
    GOAL_ADDED = 510, "case-plan goal added"
    GOAL_UPDATED = 511, "case-plan goal updated"
    PLAN_ACTION_ADDED = 512, "case-plan action added"
    PLAN_ACTION_UPDATED = 513, "case-plan action updated"
    PLAN_REVIEWED = 514, "case plan reviewed"
    SESSION_RECORDED = 520, "session recorded"
    PROGRAMME_ENROLLED = 530, "programme enrolment recorded"
    PROGRAMME_ENDED = 531, "programme completed or withdrawn"
    HOUSING_RECORDED = 540, "housing recorded"
    HOUSING_ENDED = 541, "housing ended"
    BENEFIT_GRANTED = 542, "benefit recorded"
    BENEFIT_ENDED = 543, "benefit ended"
    ENGAGEMENT_RECORDED = 544, "employment, volunteering or education recorded"
    ENGAGEMENT_ENDED = 545, "employment, volunteering or education ended"
    RECONCILIATION_RECORDED = 546, "family reconciliation recorded"
    FOLLOW_UP_RECORDED = 550, "follow-up visit recorded"
    CONFERENCE_HELD = 560, "case conference recorded"
    # 600–699: children (identity, citizenship, placements, contact, reunification, school)
    CHILD_IDENTITY_STEP = 601, "child identity step recorded"
    CHILD_CITIZENSHIP_DETERMINED = 610, "child citizenship determined"
    PLACEMENT_STARTED = 620, "child placement started"
    PLACEMENT_UPDATED = 621, "child placement updated"
    PLACEMENT_ENDED = 622, "child placement ended"
    PARENT_CONTACT_RECORDED = 630, "contact between a child and a parent recorded"
    REUNIFICATION_PLAN_CREATED = 640, "reunification plan agreed"
    REUNIFICATION_STEP_ADDED = 641, "reunification step added"
    REUNIFICATION_STEP_UPDATED = 642, "reunification step updated"
    REUNIFICATION_RECORDED = 643, "child reunified with a parent"
    SCHOOL_ENROLLED = 650, "school or kindergarten enrolment recorded"
    SCHOOL_ENROLMENT_ENDED = 651, "school or kindergarten enrolment ended"
    # 700–799: statistics and exports
    PUBLISHED_FIGURE_ADDED = 701, "published figure entered for reconciliation"
    EXPORT_REQUESTED = 710, "export requested"
    EXPORT_DOWNLOADED = 711, "export downloaded"
    STATISTICS_EXPORTED = 712, "indicator table exported"
    # 900–999: reads of records
    CASE_SUMMARY_PRINTED = 930, "case summary printed (PDF)"
    PERSON_VIEWED = 901, "person record viewed"
    PERSON_SEARCHED = 902, "persons searched"
    REHAB_RECORDS_VIEWED = 910, "rehabilitation records viewed (psychosocial)"
    CONFERENCES_VIEWED = 911, "case conferences viewed"
    CHILD_RECORD_VIEWED = 920, "child protection record viewed"
    CHILDREN_LISTED = 921, "children list read"
    DOCUMENT_SCAN_VIEWED = 903, "document scan viewed"


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

"""A child's pathway: identity established step by step, citizenship, placements and guardianship,
contact with a parent in prison, reunification, school."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhusan.children import citizenship as rule


class DocumentationStatus(models.TextChoices):
    """How far the child's identity is established, derived from the identity steps."""

    NO_DOCUMENTS = "no_documents", _("no documents")
    DNA_CONFIRMED = "dna_confirmed", _("kinship confirmed by DNA")
    COURT_ESTABLISHED = "court_established", _("established by a court")
    DOCUMENTED = "documented", _("documented (birth certificate)")


class IdentityStep(models.Model):
    """One step of establishing a child's identity: documents missing → DNA → court → certificate."""

    class Kind(models.TextChoices):
        DOCUMENTS_MISSING = "documents_missing", _("Documents missing")
        DNA_TEST = "dna_test", _("DNA test")
        COURT_DECISION = "court_decision", _("Court decision")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate issued")

    class Result(models.TextChoices):
        MATCH = "match", _("match")
        NO_MATCH = "no_match", _("no match")
        INCONCLUSIVE = "inconclusive", _("inconclusive")
        ESTABLISHED = "established", _("fact established")
        NOT_ESTABLISHED = "not_established", _("not established")

    class Relation(models.TextChoices):
        MOTHER = "mother", _("alleged mother")
        FATHER = "father", _("alleged father")
        GRANDMOTHER = "grandmother", _("grandmother")
        GRANDFATHER = "grandfather", _("grandfather")
        AUNT_UNCLE = "aunt_uncle", _("aunt or uncle")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", _("other relative")

    class Establishes(models.TextChoices):
        BIRTH = "birth", _("the fact of birth")
        KINSHIP = "kinship", _("kinship")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="child_identity_steps"
    )
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    # DNA test: with whom (a person in the registry), how related, the lab.
    tested_with = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    relation = models.CharField(
        _("tested with"), max_length=12, choices=Relation.choices, blank=True
    )
    lab = models.CharField(_("laboratory"), max_length=200, blank=True)
    # DNA test or court decision.
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    # Court decision.
    court = models.CharField(_("court"), max_length=200, blank=True)
    establishes = models.CharField(
        _("establishes"), max_length=8, choices=Establishes.choices, blank=True
    )
    decision = models.CharField(_("decision"), max_length=300, blank=True)
    # Birth certificate.
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    registry_office = models.CharField(_("civil registry office"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"


class CitizenshipDetermination(models.Model):
    """The citizenship rule applied to the facts of the child's birth, kept as shown (with its citation)."""

    class Outcome(models.TextChoices):
        CITIZEN = rule.CITIZEN, _("citizen of Kazakhstan")
        NOT_CITIZEN = rule.NOT_CITIZEN, _("not a citizen of Kazakhstan by birth")
        NEEDS_FACTS = rule.NEEDS_FACTS, _("facts missing")
        NEEDS_REVIEW = rule.NEEDS_REVIEW, _("needs legal review")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="citizenship_determinations"
    )
    determined_on = models.DateField(_("determined on"))
    facts = models.JSONField()
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    rule = models.CharField(_("rule"), max_length=40)
    reasons = models.JSONField(default=list)
    citations = models.JSONField(default=list)
    needs_facts = models.JSONField(default=list)
    needs_review = models.BooleanField(default=False)
    rules_version = models.CharField(max_length=40)
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-determined_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.determined_on})"


class Placement(models.Model):
    """Where and with whom the child lives, under which legal status; the open one is current."""

    class Kind(models.TextChoices):
        WITH_MOTHER = "with_mother", _("with the mother")
        WITH_FATHER = "with_father", _("with the father")
        GRANDPARENTS = "grandparents", _("with grandparents")
        RELATIVES = "relatives", _("with other relatives")
        FOSTER = "foster_family", _("foster family")
        INSTITUTION = "institution", _("children's home or other institution")
        OTHER = "other", _("other")

    class LegalStatus(models.TextChoices):
        TEMPORARY_CUSTODY = "temporary_custody", _("temporary custody")
        GUARDIANSHIP = "guardianship", _("guardianship")
        TRUSTEESHIP = "trusteeship", _("trusteeship")
        ADOPTION = "adoption", _("adoption")
        NONE = "none", _("none yet")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("placement"), max_length=16, choices=Kind.choices)
    carer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.CharField(_("institution or family"), max_length=200, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=18, choices=LegalStatus.choices, default=LegalStatus.NONE
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=200, blank=True)
    authority = models.CharField(_("deciding authority"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    orphan = models.BooleanField(_("orphan (no parent able to care)"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(end_date__isnull=True),
                name="placement_one_open_per_child",
            )
        ]
        indexes = [models.Index(fields=["end_date", "review_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start_date}–{self.end_date or ''})"


class ParentContact(models.Model):
    """A call, visit or letter between the child and a parent (typically a parent in prison)."""

    class Kind(models.TextChoices):
        CALL = "call", _("phone or video call")
        VISIT = "visit", _("visit")
        LETTER = "letter", _("letter")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="parent_contacts"
    )
    parent = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    supervised_by = models.CharField(_("supervised by"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"


class ReunificationPlan(models.Model):
    """The way back to a parent released from prison, as steps with dates."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in progress")
        COMPLETED = "completed", _("completed")
        ABANDONED = "abandoned", _("abandoned")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="reunification_plans"
    )
    parent = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField(_("agreed on"))
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="active"),
                name="reunification_one_active_plan",
            )
        ]

    def __str__(self) -> str:
        return f"reunification plan ({self.agreed_on} → {self.target_date})"


class ReunificationStep(models.Model):
    class Kind(models.TextChoices):
        HOUSING = "housing_confirmed", _("Parent's housing confirmed")
        JOINT_SESSIONS = "joint_sessions", _("Joint sessions with the parent")
        TRIAL_STAYS = "trial_stays", _("Trial stays with the parent")
        COURT = "court_decision", _("Court decision ending temporary custody")
        FINAL = "final_reunification", _("Final reunification")
        OTHER = "other", _("Other step")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ReunificationPlan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("detail"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class Reunification(models.Model):
    """The child returned to a parent: the placement it ended and the one it opened."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="reunifications"
    )
    parent = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    plan = models.ForeignKey(
        ReunificationPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(_("deciding authority"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"reunification ({self.date})"


class SchoolEnrolment(models.Model):
    """A kindergarten or school place (general tier: schools and social services need it too)."""

    class Kind(models.TextChoices):
        KINDERGARTEN = "kindergarten", _("kindergarten")
        SCHOOL = "school", _("school")
        OTHER = "other", _("other education")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="school_enrolments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    institution = models.CharField(_("institution"), max_length=200)
    region = models.CharField(_("region"), max_length=100, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    grade = models.CharField(_("grade or group"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return f"{self.institution} ({self.start_date})"

"""Rehabilitation and reintegration: assessments, case plans, sessions, programmes, support,
follow-up visits and case conferences.

Sensitivity (zhusan.access.tiers): an assessment is in its instrument's tier; case plans, session
notes, programme outcomes and conference decisions are psychosocial; that a session, programme,
benefit, home, job, visit or conference took place is general.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentRecord(models.Model):
    """One completed assessment with an instrument (zhusan/rehab/instruments/), as rated."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="rehab_assessments"
    )
    instrument = models.CharField(_("instrument"), max_length=40)
    instrument_version = models.PositiveSmallIntegerField(_("instrument version"))
    tier = models.CharField(max_length=20)  # the instrument's tier when recorded
    assessed_on = models.DateField(_("assessed on"))
    age_band = models.CharField(_("age band"), max_length=20, blank=True)
    # item id -> value on the item's scale; item id -> the assessor's reasons (judgements).
    ratings = models.JSONField(default=dict)
    rationales = models.JSONField(default=dict, blank=True)
    # Section sums of a scored instrument (None for a structured judgement: never scored).
    scores = models.JSONField(null=True, blank=True)
    overall = models.PositiveSmallIntegerField(_("overall judgement"), null=True, blank=True)
    overall_rationale = models.TextField(_("reasons for the overall judgement"), blank=True)
    note = models.TextField(_("note"), blank=True)
    next_due = models.DateField(_("reassessment due"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["person", "instrument", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.instrument_version} ({self.assessed_on})"


class Domain(models.TextChoices):
    HOUSING = "housing", _("housing")
    INCOME = "income", _("income")
    FAMILY = "family", _("family")
    HEALTH = "health", _("health")
    EDUCATION_WORK = "education_work", _("education and work")
    SOCIAL_TIES = "social_ties", _("social ties")
    FAITH_MEANING = "faith_meaning", _("faith and meaning")
    LEGAL = "legal", _("legal matters")
    WELLBEING = "wellbeing", _("wellbeing")
    CHILD = "child", _("child's development and schooling")
    OTHER = "other", _("other")


class Goal(models.Model):
    """A goal of a case plan."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("area"), max_length=20, choices=Domain.choices)
    text = models.CharField(_("goal"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class PlanAction(models.Model):
    """A step of a case plan: who does what by when (under a goal, or agreed at a conference)."""

    class Status(models.TextChoices):
        OPEN = "open", _("to do")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plan_actions")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("worker"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    conference = models.ForeignKey(
        "rehab.Conference", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.text


class PlanReview(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plan_reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("note"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"review {self.reviewed_on}"


class Session(models.Model):
    """A session with a psychologist, theologian, social worker, teacher or doctor."""

    class Kind(models.TextChoices):
        PSYCHOLOGIST = "psychologist", _("psychologist")
        THEOLOGIAN = "theologian", _("theologian")
        SOCIAL_WORKER = "social_worker", _("social worker")
        TEACHER = "teacher", _("teacher")
        MEDICAL = "medical", _("medical staff")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="rehab_sessions"
    )
    kind = models.CharField(_("with"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    attended = models.BooleanField(_("attended"), default=True)
    absence_reason = models.CharField(_("reason for not attending"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Psychosocial: shown only to viewers with that tier.
    note = models.TextField(_("note"), blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["person", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on})"


class Programme(models.Model):
    """An education, vocational or deradicalisation programme, usually in custody."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("education")
        VOCATIONAL = "vocational", _("vocational training")
        DERADICALISATION = "deradicalisation", _("deradicalisation programme")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="rehab_programmes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    institution = models.CharField(_("institution"), max_length=200)
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    ended_on = models.DateField(_("completed or withdrawn on"), null=True, blank=True)
    # Psychosocial: how the person took part and what came of it.
    outcome = models.TextField(_("outcome"), blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolled_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.institution}"


class Housing(models.Model):
    class Kind(models.TextChoices):
        WITH_FAMILY = "with_family", _("with parents or relatives")
        OWN = "own", _("own home")
        RENTED = "rented", _("rented home")
        SOCIAL = "social", _("social housing")
        CENTRE = "centre", _("rehabilitation centre")
        OTHER = "other", _("other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="housing")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=100)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_on", "id"]
        verbose_name_plural = "housing"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.region}"


class Benefit(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_PAYMENT = "social_payment", _("monthly social payment")
        SURVIVOR = "survivor", _("survivor's allowance")
        CHILD = "child", _("child benefit")
        DISABILITY = "disability", _("disability benefit")
        OTHER = "other", _("other benefit")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount_kzt = models.PositiveIntegerField(_("amount (KZT a month)"))
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_kzt} KZT"


class Engagement(models.Model):
    """Employment, volunteering or education after the centre."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("employment")
        VOLUNTEERING = "volunteering", _("volunteering")
        EDUCATION = "education", pgettext_lazy("engagement", "education or training")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="engagements"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role or course"), max_length=200, blank=True)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.organisation}"


class Reconciliation(models.Model):
    """A step of family reconciliation (e.g. first visit to the parents' home)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="reconciliations"
    )
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"reconciliation {self.on}"


class FollowUp(models.Model):
    """A follow-up visit by local services, with when the next one is due."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField(_("visited on"))
    outcome = models.TextField(_("outcome"))
    next_due = models.DateField(_("next visit due"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"follow-up {self.visited_on}"


class Conference(models.Model):
    """A case conference between agencies about a person or a family; decisions are psychosocial."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agencies = models.ManyToManyField("accounts.Agency", related_name="+", blank=True)
    attendees = models.ManyToManyField("accounts.Membership", related_name="+", blank=True)
    persons = models.ManyToManyField("people.Person", related_name="conferences")
    decisions = models.TextField(_("decisions"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"case conference {self.held_on}"

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhusan.access.tiers import Tier
from zhusan.cases.pathway import State
from zhusan.lib.dates import DatePrecision


class Operation(models.Model):
    """A repatriation operation (e.g. Zhusan, Rusafa)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    country = models.CharField(_("country of departure"), max_length=60)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["start_date", "code"]

    def __str__(self) -> str:
        return self.name


class OperationStage(models.Model):
    """One stage (flight or group of flights) of an operation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField(_("stage"))
    name = models.CharField(_("name"), max_length=100)
    country = models.CharField(_("country of departure"), max_length=60)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    # The figures reported publicly for this stage, as a record of what was announced.
    reported_total = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["start_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "number"], name="stage_unique_number")
        ]

    def __str__(self) -> str:
        return self.name


class AgeGroup(models.TextChoices):
    MAN = "man", _("man")
    WOMAN = "woman", _("woman")
    CHILD = "child", _("child")


class Arrival(models.Model):
    """A person's arrival in one stage of an operation."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="arrival")
    stage = models.ForeignKey(OperationStage, on_delete=models.PROTECT, related_name="arrivals")
    arrived_on = models.DateField(_("arrived on"))
    # Man, woman or child (under 18) on the day of arrival: how the programme counted people.
    age_group = models.CharField(_("counted as"), max_length=6, choices=AgeGroup.choices)
    unaccompanied = models.BooleanField(_("orphan / unaccompanied child"), default=False)
    health_check_done = models.BooleanField(_("health check done"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person} — {self.stage}"


class Case(models.Model):
    """A person's case in the programme: one per person, with its pathway state."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="case")
    state = models.CharField(
        _("pathway state"), max_length=20, choices=State.choices, default=State.ARRIVED
    )
    state_since = models.DateField(_("in this state since"))
    state_place = models.CharField(_("where"), max_length=120, blank=True)
    opened_on = models.DateField(_("opened on"))
    lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="led_cases"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_state_display()})"


class CloseOutcome(models.TextChoices):
    """How a case ended: asked whenever a case moves to Closed, kept on that move."""

    REINTEGRATED = "reintegrated", _("Reintegrated")
    TRANSFERRED = "transferred", _("Transferred to another programme")
    EMIGRATED = "emigrated", _("Emigrated")
    DECEASED = "deceased", _("Deceased")
    LOST = "lost_to_follow_up", _("Lost to follow-up")
    OTHER = "other", _("Other outcome")


class CaseTransition(models.Model):
    """One move of a case along its pathway: the case history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("where"), max_length=120, blank=True)
    reason = models.TextField(_("reason"))
    # Set on a move to Closed only; a reopened case keeps the outcome of each closure here.
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CloseOutcome.choices, blank=True
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state} ({self.date})"


class Assignment(models.Model):
    """A case in an agency's caseload: what puts a person in that agency's scope."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="assignments"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    active = models.BooleanField(default=True)
    since = models.DateField(_("since"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "active", "case"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="assignment_unique_agency")
        ]

    def __str__(self) -> str:
        return f"{self.case} @ {self.agency}"


class EventType(models.TextChoices):
    LEFT_COUNTRY = "left_country", _("Left the country")
    ENTERED_CONFLICT_ZONE = "entered_conflict_zone", _("Entered the conflict zone")
    MARRIAGE = "marriage", _("Marriage")
    CHILD_BORN = "child_born", _("Birth of a child")
    BORN = "born", _("Born")
    SPOUSE_DIED = "spouse_died", _("Death of a spouse")
    DETAINED_IN_CAMP = "detained_in_camp", _("Detained in a camp")
    REPATRIATED = "repatriated", _("Repatriated")
    HEALTH_CHECK = "health_check", _("Health check")
    SCREENING_OUTCOME = "screening_outcome", _("Screening outcome")
    DETAINED = "detained", _("Detained")
    CHARGED = "charged", _("Charged")
    TRIAL = "trial", _("Trial")
    SENTENCED = "sentenced", _("Sentenced")
    TRANSFERRED = "transferred", _("Transferred")
    PETITION_FILED = "petition_filed", _("Petition filed")
    PETITION_DECIDED = "petition_decided", _("Petition decided")
    RELEASED = "released", pgettext_lazy("timeline event", "Released")
    REHAB_ADMITTED = "rehab_admitted", _("Admitted to a rehabilitation centre")
    SESSION = "session", _("Session")
    DNA_TEST = "dna_test", _("DNA test")
    DOCUMENT_ISSUED = "document_issued", _("Document issued")
    PLACED_WITH_FAMILY = "placed_with_family", _("Placed with a family")
    SCHOOL_ENROLLED = "school_enrolled", _("Enrolled in school")
    REUNIFIED = "reunified", _("Reunified with a parent")
    BENEFIT_GRANTED = "benefit_granted", _("Benefit granted")
    EMPLOYED = "employed", _("Employment")
    FOLLOW_UP = "follow_up", _("Follow-up visit")
    DIED = "died", _("Died")
    NOTE = "note", _("Note")


class ScreeningOutcome(models.TextChoices):
    PROSECUTE = "prosecute", _("Prosecute")
    INVESTIGATION = "investigation", _("Investigation under way")
    CLARIFICATION = "clarification", _("Aims of return under clarification")
    ABSOLVED = "absolved", _("Absolved, no charges")


class Event(models.Model):
    """One entry on a person's timeline, before or inside the programme."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=30, choices=EventType.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    # Typed detail where the event type has one (e.g. the screening outcome).
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    related_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["person", "date"]), models.Index(fields=["type", "date"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.date})"


class ReferralKind(models.TextChoices):
    EDUCATION = "education", _("Education (school enrolment)")
    PROBATION = "probation", _("Probation supervision")
    MEDICAL_COMMISSION = "medical_commission", _("Special medical commission")
    SOCIAL_SERVICES = "social_services", _("Social services and benefits")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Psychological support")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other")


K = ReferralKind
# Whether a referral of each kind may be sent only with consent: the person's own, or a parent's
# or legal representative's for a child. A referral passes personal data to another agency, which
# the personal-data law allows without consent only where a law itself makes the other agency
# act; a service the person may refuse needs their consent first.
CONSENT_REQUIRED: dict[str, bool] = {
    # Schooling is compulsory and the education authority must enrol every school-age child.
    K.EDUCATION: False,
    # Supervision follows from the court's decision (parole, restriction of liberty).
    K.PROBATION: False,
    # A medical examination needs the patient's informed consent.
    K.MEDICAL_COMMISSION: True,
    # Benefits, counselling, housing and jobs are offered, never imposed.
    K.SOCIAL_SERVICES: True,
    K.PSYCHOLOGICAL_SUPPORT: True,
    K.HOUSING: True,
    K.EMPLOYMENT: True,
    # A purpose not foreseen here: ask.
    K.OTHER: True,
}

# The sensitivity tier a referral of each kind reveals (kinds not listed are general): only a
# role holding the tier sends, receives or sees such a referral.
REFERRAL_TIERS: dict[str, str] = {
    K.PROBATION: Tier.JUSTICE,
    K.MEDICAL_COMMISSION: Tier.HEALTH,
    K.PSYCHOLOGICAL_SUPPORT: Tier.PSYCHOSOCIAL,
}

# Days a receiving agency has to accept or decline before the referral shows as overdue.
REFERRAL_DECISION_DAYS = 14


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("the person")
    REPRESENTATIVE = "representative", _("a parent or legal representative")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("written")
    ORAL = "oral", _("oral")


class ReferralState(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Referral(models.Model):
    """A person referred by one agency to another, which decides whether to take them on.

    The receiving agency sees only the person's name, age and the reason until it accepts;
    accepting puts the case in its caseload (an Assignment), which is what gives it the record.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    from_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    from_membership = models.ForeignKey(
        "accounts.Membership", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_received"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReferralKind.choices)
    reason = models.TextField(_("reason"))
    consent_required = models.BooleanField(_("consent required"))
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_by = models.CharField(
        _("consent given by"), max_length=16, choices=ConsentGiver.choices, blank=True
    )
    consent_representative = models.CharField(
        _("parent or legal representative"), max_length=200, blank=True
    )
    consent_form = models.CharField(
        _("form of consent"), max_length=8, choices=ConsentForm.choices, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReferralState.choices, default=ReferralState.PENDING
    )
    sent_on = models.DateField(_("sent on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(_("why declined"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_note = models.TextField(_("result"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.TextField(_("why withdrawn"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "state"]),
            models.Index(fields=["from_agency", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.from_agency} → {self.to_agency}"

    @property
    def tier(self) -> str:
        return REFERRAL_TIERS.get(self.kind, Tier.GENERAL)

    @property
    def decide_by(self) -> dt.date:
        return self.sent_on + dt.timedelta(days=REFERRAL_DECISION_DAYS)


class Task(models.Model):
    """A piece of work an agency (or one of its workers) must do by a date, about a person or not."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    due_on = models.DateField(_("due on"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="tasks")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title

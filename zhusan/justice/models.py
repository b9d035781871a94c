"""Charges, proceedings, sentences, custody, petitions, and the legal facts the engine needs."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Proceeding(models.Model):
    """A criminal case from charge to verdict."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("pending")
        CONVICTED = "convicted", _("convicted")
        ACQUITTED = "acquitted", _("acquitted")
        TERMINATED = "terminated", _("proceedings terminated")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="proceedings"
    )
    court = models.CharField(_("court"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"))
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=Verdict.choices, default=Verdict.PENDING
    )
    verdict_date = models.DateField(_("verdict date"), null=True, blank=True)
    co_defendants = models.PositiveSmallIntegerField(_("co-defendants"), default=0)
    video_link = models.BooleanField(_("heard by video link"), default=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opened_on", "id"]

    def __str__(self) -> str:
        return f"{self.court or _('criminal case')} ({self.opened_on})"


class Charge(models.Model):
    """One count: an article and part of the Criminal Code, and when the offence was committed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="charges")
    article = models.CharField(_("article"), max_length=8)
    part = models.CharField(_("part"), max_length=3)
    offence_date = models.DateField(_("offence date"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"CC art. {self.article}({self.part})"


class SecurityLevel(models.TextChoices):
    MINIMUM = "minimum", _("minimum security")
    MEDIUM = "medium", _("medium security")
    MEDIUM_JUVENILE = "medium_juvenile", _("medium security (juveniles)")
    MAXIMUM = "maximum", _("maximum security")
    EXTRAORDINARY = "extraordinary", _("extraordinary security")
    FULL = "full", _("full security")


class Sentence(models.Model):
    class Kind(models.TextChoices):
        IMPRISONMENT = "imprisonment", _("imprisonment")
        RESTRICTION = "restriction_of_liberty", _("restriction of liberty")
        SUSPENDED = "suspended", _("suspended sentence")
        FINE = "fine", _("fine")
        OTHER = "other", _("other punishment")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proceeding = models.OneToOneField(Proceeding, on_delete=models.CASCADE, related_name="sentence")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    years = models.PositiveSmallIntegerField(_("years"), default=0)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    life = models.BooleanField(_("life imprisonment"), default=False)
    start_date = models.DateField(_("counted from"))
    security_level = models.CharField(
        _("security level"), max_length=16, choices=SecurityLevel.choices, blank=True
    )
    pretrial_custody_days = models.PositiveIntegerField(_("pre-trial custody (days)"), default=0)
    house_arrest_days = models.PositiveIntegerField(_("house arrest (days)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        if self.life:
            return str(_("life imprisonment"))
        return f"{self.get_kind_display()} {self.years}y {self.months}m {self.days}d"


class CustodyPeriod(models.Model):
    """Time in one facility; a transfer ends one period and starts the next."""

    class Kind(models.TextChoices):
        PRE_TRIAL = "pre_trial", _("pre-trial detention")
        SERVING = "serving", _("serving the sentence")
        MEDICAL = "medical", _("medical unit")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="custody_periods"
    )
    facility = models.CharField(_("facility"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=200, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return f"{self.facility} ({self.start_date}–{self.end_date or ''})"


class LegalFacts(models.Model):
    """Facts the rules engine needs beyond charges and sentence; None means not known."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="legal_facts"
    )
    pregnant = models.BooleanField(_("pregnant"), null=True, blank=True)
    children_under_14 = models.PositiveSmallIntegerField(
        _("children under 14"), null=True, blank=True
    )
    disability_group = models.PositiveSmallIntegerField(
        _("disability group (0 for none)"), null=True, blank=True
    )
    raises_child_alone = models.BooleanField(
        _("raises a child under 14 alone"), null=True, blank=True
    )
    raises_disabled_child = models.BooleanField(_("raises a disabled child"), null=True, blank=True)
    replaced_under_art73 = models.BooleanField(
        _("imprisonment already replaced with restriction of liberty (art. 73)"),
        null=True,
        blank=True,
    )
    malicious_violations = models.BooleanField(
        _("malicious violations of the regime"), null=True, blank=True
    )
    damage_compensated = models.BooleanField(_("damage fully compensated"), null=True, blank=True)
    active_assistance = models.BooleanField(
        _("active assistance in preventing or uncovering terrorist or extremist crimes"),
        null=True,
        blank=True,
    )
    cooperation_agreement = models.BooleanField(
        _("procedural cooperation agreement fulfilled"), null=True, blank=True
    )
    prior_parole_revoked = models.BooleanField(
        _("an earlier parole was revoked"), null=True, blank=True
    )
    prior_revocation_ground = models.PositiveSmallIntegerField(
        _("ground of that revocation (art. 72(7))"),
        null=True,
        blank=True,
        choices=[
            (1, _("1: administrative offences or evaded duties")),
            (2, _("2: a negligent or minor crime")),
            (3, _("3: another intentional crime")),
        ],
    )
    commission_conclusion = models.BooleanField(
        _("medical commission conclusion filed"), null=True, blank=True
    )
    on_authorised_list = models.BooleanField(
        _("diagnosis on the Health Ministry list"), null=True, blank=True
    )
    prevents_serving = models.BooleanField(
        _("illness prevents serving the sentence"), null=True, blank=True
    )
    incapacitating_mental_disorder = models.BooleanField(
        _("mental disorder removing capacity"), null=True, blank=True
    )
    caused_death = models.BooleanField(_("the offence caused deaths"), null=True, blank=True)
    criminal_group = models.BooleanField(
        _("committed within a criminal group"), null=True, blank=True
    )
    corruption_crime = models.BooleanField(
        _("a corruption crime among the counts"), null=True, blank=True
    )
    sexual_crime_against_minor = models.BooleanField(
        _("a crime against the sexual inviolability of a minor among the counts"),
        null=True,
        blank=True,
    )
    torture = models.BooleanField(_("torture among the counts"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"legal facts of {self.person}"


class Assessment(models.Model):
    """An engine assessment as shown to someone deciding: inputs, outputs and versions, reproducible."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    as_of = models.DateField(_("as of"))
    facts = models.JSONField()
    result = models.JSONField()
    engine_version = models.CharField(max_length=20)
    law_version = models.CharField(max_length=40)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"assessment of {self.person} as of {self.as_of}"


class Petition(models.Model):
    class Measure(models.TextChoices):
        PAROLE = "parole", _("parole (CC art. 72)")
        MILDER = "milder_punishment", _("milder punishment (CC art. 73)")
        ILLNESS = "illness_release", _("release for illness (CC art. 75, CPC art. 481)")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="petitions")
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    filed_on = models.DateField(_("filed on"))
    hearing_date = models.DateField(_("hearing date"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    reasons = models.TextField(_("reasons given"), blank=True)
    # The engine's assessment as it stood when the petition was filed (kept for the decision).
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} ({self.filed_on})"

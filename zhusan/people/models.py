import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhusan.lib.dates import DatePrecision


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")
    UNKNOWN = "U", _("unknown")


class Citizenship(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    STATELESS = "stateless", _("stateless")
    OTHER = "other", _("citizen of another state")
    UNDETERMINED = "undetermined", _("undetermined")


class Person(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("birth date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    birth_place = models.CharField(_("birth place"), max_length=200, blank=True)
    citizenship = models.CharField(
        _("citizenship"),
        max_length=20,
        choices=Citizenship.choices,
        default=Citizenship.UNDETERMINED,
    )
    deceased = models.BooleanField(_("deceased"), default=False)
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    home_region = models.CharField(_("home region"), max_length=100, blank=True)
    care_needs = models.CharField(_("care needs"), max_length=200, blank=True)
    # The name shown when no agency-specific form exists; kept equal to one of the names.
    display_name = models.CharField(max_length=300, blank=True, db_index=True)
    created_by_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when this record was found to be a duplicate and merged into another (see identity.Merge).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["sex", "birth_date"])]

    def __str__(self) -> str:
        return self.display_name or str(self.public_id)


class Script(models.TextChoices):
    KAZAKH_CYRILLIC = "kk-Cyrl", _("Kazakh Cyrillic")
    RUSSIAN_CYRILLIC = "ru-Cyrl", _("Russian Cyrillic")
    LATIN = "Latn", _("Latin")
    ARABIC = "Arab", _("Arabic")
    OTHER = "other", _("other")


class NameKind(models.TextChoices):
    DOCUMENT = "document", _("as in documents")
    AGENCY = "agency", _("as recorded by an agency")
    ALIAS = "alias", _("alias")
    KUNYA = "kunya", _("kunya")


class PersonName(models.Model):
    """One way a person's name is written, stored exactly as written."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    full_name = models.CharField(_("name as written"), max_length=300)
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices)
    kind = models.CharField(
        _("kind"), max_length=10, choices=NameKind.choices, default=NameKind.AGENCY
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A folded ASCII key (zhusan.identity.keys.fold) so any spelling finds any other.
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.full_name


class NameToken(models.Model):
    """A folded token of a name: the search index (prefix range scans on `key`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="tokens")
    key = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["key", "person"])]

    def __str__(self) -> str:
        return self.key


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    ID_CARD = "id_card", _("identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    STATELESS_PASSPORT = "stateless_passport", _("stateless person's passport")
    OTHER = "other", _("other document")


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    LOST = "lost", _("lost")
    ANNULLED = "annulled", _("annulled")
    APPLIED = "applied", _("applied for")
    MISSING = "missing", _("missing")


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issuing_country = models.CharField(_("issuing country"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A scan of the paper document (zhusan.people.scans): a random file name under
    # ZHUSAN_HOME/uploads, the type recognised from its bytes, never a name or type the sender chose.
    scan_name = models.CharField(max_length=64, blank=True, editable=False)
    scan_type = models.CharField(max_length=20, blank=True, editable=False)
    scan_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    scan_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    scan_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class RelationshipKind(models.TextChoices):
    PARENT = "parent", _("parent of")
    SPOUSE = "spouse", _("spouse of")
    GUARDIAN = "guardian", _("guardian of")
    SIBLING = "sibling", _("sibling of")


class MarriageEnd(models.TextChoices):
    NONE = "", _("not ended")
    DEATH = "death", _("death of a spouse")
    DIVORCE = "divorce", _("divorce")
    ANNULMENT = "annulment", _("annulled")
    SEPARATION = "separation", _("separated, whereabouts unknown")


class Relationship(models.Model):
    """A directed link: `source` is the parent, spouse, guardian or sibling of `target`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_out")
    target = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_in")
    kind = models.CharField(_("kind"), max_length=10, choices=RelationshipKind.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=12, choices=MarriageEnd.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="relationship_not_self"
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relationship_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} — {self.get_kind_display()} — {self.target}"


class Family(models.Model):
    """A group of persons seen as one picture: a mother, her children, the grandparents caring for them."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return self.label


class FamilyRole(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    CHILD = "child", _("child")
    GRANDPARENT = "grandparent", _("grandparent")
    GUARDIAN = "guardian", _("guardian")
    RELATIVE = "relative", _("other relative")


class FamilyMember(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_memberships")
    role = models.CharField(_("role"), max_length=12, choices=FamilyRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["family", "person"], name="family_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}) in {self.family}"

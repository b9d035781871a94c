import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhusan.accounts.roles import Role, role_has


class AgencyKind(models.TextChoices):
    OPERATION = "operation", _("Repatriation operation")
    SECURITY = "security", _("Security service")
    PROSECUTION = "prosecution", pgettext_lazy("agency kind", "Prosecution")
    COURT = "court", _("Court")
    PRISON = "prison", _("Prison service")
    REHABILITATION = "rehabilitation", _("Rehabilitation centre")
    NGO = "ngo", _("Non-governmental organisation")
    CHILD_PROTECTION = "child_protection", _("Guardianship / child protection")
    HEALTH = "health", _("Health service")
    SOCIAL = "social", _("Local social services")
    MINISTRY = "ministry", _("Ministry")
    OVERSIGHT = "oversight", _("Oversight body")
    OPERATOR = "operator", _("System operator")


class Agency(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    # Demo accounts may sign in without a second factor; nothing else may (see docs/security-model.md).
    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    """A user's role in one agency: the unit of everything they may see and do."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]
        ordering = ["agency__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.agency}"

    def can(self, perm: str) -> bool:
        return self.active and role_has(self.role, perm)


class APIToken(models.Model):
    """A revocable API token bound to one membership; only its SHA-256 is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    label = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

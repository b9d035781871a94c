import uuid

from django.db import models


class ScopeEntry(models.Model):
    """One person in one agency's scope: the materialised answer of `zhusan.access.scope`.

    Derived data, rebuilt from assignments and families by `refresh_scope` whenever an action
    changes either; `zhusan manage rebuild_scope` rebuilds it whole, and a test checks it never
    drifts from the rule.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "person"], name="scope_entry_once")
        ]
        indexes = [models.Index(fields=["person", "agency"])]

    def __str__(self) -> str:
        return f"{self.person_id} in scope of {self.agency_id}"


class Exclusion(models.Model):
    """A named user kept away from a named record (conflict of interest), whatever their scope."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="exclusions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "person"])]

    def __str__(self) -> str:
        return f"{self.user} excluded from {self.person_id}"


class EmergencyAccess(models.Model):
    """Break-the-glass: a time-limited look at a record outside the caseload, for a stated reason."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["membership", "person", "expires_at"])]

    def __str__(self) -> str:
        return f"emergency access to {self.person_id} until {self.expires_at}"

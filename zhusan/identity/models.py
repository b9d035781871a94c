"""The identity index in the database: blocking keys per name, duplicate candidates, merges."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NameKey(models.Model):
    """A blocking key of one name (zhusan.identity.blocking): who is worth comparing with whom."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    name = models.ForeignKey(
        "people.PersonName", on_delete=models.CASCADE, related_name="blocking_keys"
    )
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["key", "person"])]

    def __str__(self) -> str:
        return self.key


class DuplicateCandidate(models.Model):
    """Two person records that may be one person, waiting for a human decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        DISTINCT = "distinct", _("different persons")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # person_a has the lower id, so a pair is stored once.
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    evidence = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-probability"])]

    def __str__(self) -> str:
        return f"{self.person_a} ~ {self.person_b} ({self.probability:.2f})"


class Merge(models.Model):
    """One merge of a duplicate into the record kept, with everything needed to undo it exactly."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kept = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="merges_merged"
    )
    reason = models.TextField()
    # {"app_label.model": [row ids moved from `merged` to `kept`], "assignments_created": [...], ...}
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"

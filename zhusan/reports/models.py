import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFigure(models.Model):
    """A figure about the programme as it was published, beside the indicator it corresponds to.

    The reconciliation page computes the indicator (as of `as_of`, restricted to `cells`) and
    shows the difference with the published value and the explanation by definition.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    value = models.PositiveIntegerField(_("published value"))
    approximate = models.BooleanField(_("published as approximate (“about”)"), default=False)
    quote = models.CharField(_("as published"), max_length=300)
    source = models.CharField(_("source"), max_length=200)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("address"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=40)
    as_of = models.DateField(_("counted as of"))
    start = models.DateField(_("period from"), null=True, blank=True)
    # The cells of the indicator the figure corresponds to: {breakdown: [values]}; {} = the total.
    cells = models.JSONField(_("restricted to"), default=dict, blank=True)
    explanation = models.TextField(_("difference explained by definition"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["as_of", "indicator", "id"]

    def __str__(self) -> str:
        return f"{self.quote} ({self.source}, {self.published_on})"


class ExportJob(models.Model):
    """A large export produced in the background, downloadable when done."""

    class Kind(models.TextChoices):
        WORKBOOK = "workbook", _("All indicators (XLSX workbook)")
        CASE_LIST = "case_list", _("Case list (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="export_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class Snapshot(models.Model):
    """Indicator tables computed ahead of time, as analytics tables are in DHIS2.

    On a large registry the dashboard's queries take seconds each; the worker computes them once
    (`zhusan stats --snapshot`, or on demand when the records have changed) and the dashboard
    reads them here. `data_version` is the last audited write the snapshot saw: when it is still
    the last one, the snapshot is exactly what a live computation would give.
    """

    as_of = models.DateField()
    built_at = models.DateTimeField()
    data_version = models.BigIntegerField()
    seconds = models.FloatField()
    # "code|by|start" → {"cells": [[key..., n], …], "total": n}
    tables = models.JSONField(default=dict)

    class Meta:
        ordering = ["-built_at"]
        indexes = [models.Index(fields=["as_of", "-built_at"])]

    def __str__(self) -> str:
        return f"snapshot as of {self.as_of} ({self.built_at:%Y-%m-%d %H:%M})"

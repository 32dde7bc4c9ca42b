"""Rendered report files, cached per case version, and their background rendering state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the background worker")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class RenderedFile(models.Model):
    """One rendered output (the PDF) of one version of a case.

    ``key`` is ``Report.cache_key``: it changes on every save of the case (``updated_at``, which the
    wizard touches on each save) and every workflow move, so a stale file is never served. The
    bytes live in the database so that app servers stay stateless; only the latest file per case
    and kind is kept.
    """

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, default="pdf")
    key = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    content = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind", "key"], name="one_rendered_file_per_version")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.key} ({self.status})"

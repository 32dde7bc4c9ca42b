"""The search index of the guide: one row per page and language, rebuilt from the Markdown
files whenever their content changes (see :mod:`asm_guide.guide.search`)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class GuidanceDocument(models.Model):
    language = models.CharField(max_length=8)
    key = models.CharField(max_length=200)
    position = models.PositiveIntegerField()
    url = models.CharField(max_length=300)
    section = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField()
    # The language the text is actually in (English where no translation exists) and the
    # matching PostgreSQL text search configuration.
    text_language = models.CharField(max_length=8)
    config = models.CharField(max_length=20)
    # Weighted title (A) + body (B), filled on PostgreSQL only; NULL elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["language", "position"]
        constraints = [
            models.UniqueConstraint(fields=["language", "key"], name="one_guide_document_per_language_and_key"),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class GuidanceIndexState(models.Model):
    """One row: the fingerprint of the content the index was last built from."""

    fingerprint = models.CharField(max_length=64, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.fingerprint or "(empty)"

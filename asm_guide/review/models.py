"""Review records: workflow events, frozen revisions, comments, the audit log, step versions
(optimistic concurrency) and typing kept across an expired sign-in.

Revisions, workflow events and audit entries are append-only: a row is written once and never
changed or deleted by the application (``AppendOnly``). Removing a whole case still removes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableRowError(Exception):
    """Raised when code tries to change or delete an append-only row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRowError(f"{self.model.__name__} rows cannot be changed")

    def delete(self):
        raise ImmutableRowError(f"{self.model.__name__} rows cannot be deleted")


class AppendOnly(models.Model):
    """A row that is written once. ``save`` of an existing row and ``delete`` both refuse.

    Cascading deletion of the whole case goes through Django's collector, which does not call
    these methods, so deleting a case still removes its history.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ImmutableRowError(f"{type(self).__name__} {self.pk} cannot be changed")
        kwargs.pop("force_update", None)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError(f"{type(self).__name__} {self.pk} cannot be deleted")


class Transition(models.TextChoices):
    SUBMIT = "submit", _("Submitted for review")
    APPROVE = "approve", _("Approved")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    REOPEN = "reopen", _("Reopened as a new draft")


class WorkflowEvent(AppendOnly):
    """One status change of a case: who, when, from and to which status, and why."""

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="workflow_events")
    transition = models.CharField(_("transition"), max_length=20, choices=Transition.choices)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revision = models.ForeignKey("Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_transition_display()}"


class RevisionKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")


class Revision(AppendOnly):
    """An immutable, numbered snapshot of the whole case, frozen on submission (and on approval).

    ``snapshot`` holds every case-scoped record in the format named by ``snapshot_format`` (see
    ``asm_guide.review.snapshot``); ``sha256`` fingerprints it. The PDF of an approved revision is
    kept in ``RevisionFile`` (written once, by the reports issue), never on this row.
    """

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    version = models.PositiveIntegerField(_("draft version"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=RevisionKind.choices)
    label = models.CharField(_("label"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot_format = models.CharField(max_length=60)
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    # A revision submitted for review while parts of the case were not complete: the person
    # confirmed it, and ``missing`` keeps what was missing then, as ``asm_guide.review.completeness``
    # lists it ({"part", "flow", "subject_id", "subject_label", "step", "message"}; the page names
    # parts and steps again in its reader's language).
    submitted_incomplete = models.BooleanField(_("submitted incomplete"), default=False)
    missing = models.JSONField(_("missing when submitted"), default=list, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_revision_number_per_case")]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class RevisionFile(AppendOnly):
    """A file rendered from a revision (the PDF of an approved revision). Written once.

    Hook for the reports issue: render the PDF from ``revision.snapshot`` (or the live case right
    after approval) and create one row; nothing in the review app writes here yet.
    """

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, default="pdf")
    file = models.FileField(upload_to="revisions/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "kind"], name="one_file_per_revision_and_kind")]

    def __str__(self) -> str:
        return f"{self.revision} ({self.kind})"


class Comment(models.Model):
    """A comment on one step of a case (optionally on one item of one of its lists), or a reply.

    The target is named the way the registry names it: flow name, subject id (per-subject flows)
    and step slug. Replies point at the thread's first comment; resolving and the blocking flag
    belong to that first comment.
    """

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="comments")
    flow = models.CharField(max_length=60)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    step = models.CharField(max_length=80)
    item_model = models.CharField(max_length=100, blank=True)
    item_id = models.PositiveBigIntegerField(null=True, blank=True)
    item_label = models.CharField(_("item"), max_length=300, blank=True)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    blocking = models.BooleanField(_("blocks approval"), default=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="assigned_comments")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "flow", "step"], name="comment_target")]
        verbose_name = _("comment")

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class AuditEntry(AppendOnly):
    """One save of one step, or one blocking comment resolved or reopened: who, when, which step
    and records, and what changed.

    ``changes`` is a list of ``{"model", "model_label", "pk", "item", "action", "fields": [{"name",
    "label", "old", "new"}]}`` with values as the person saw them. ``action`` is "created",
    "changed" or "deleted" for a save, "resolved" or "reopened" for a blocking comment (model
    ``review.comment``, ``item`` the start of its text).
    """

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="audit_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150)
    flow = models.CharField(max_length=60)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_label = models.CharField(max_length=300, blank=True)
    step = models.CharField(max_length=80)
    step_title = models.CharField(max_length=300)
    version = models.PositiveIntegerField()
    changes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.username} {self.flow}/{self.step} v{self.version}"


class StepVersion(models.Model):
    """How many times one step (of one subject) of a case was saved: the optimistic-lock version."""

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="+")
    flow = models.CharField(max_length=60)
    subject_key = models.PositiveBigIntegerField(default=0)
    step = models.CharField(max_length=80)
    number = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "flow", "subject_key", "step"],
                                               name="one_version_per_step")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.flow}/{self.subject_key}/{self.step} v{self.number}"


class PendingSubmission(models.Model):
    """Typing that arrived after the sign-in expired, kept for one step until ``expires_at``.

    Found again by ``token`` (in the address the person returns to) together with the same token in
    a cookie of the browser that sent it. Never applied to the case until the person saves.
    """

    token = models.CharField(max_length=64, unique=True)
    case_id_value = models.PositiveBigIntegerField()
    flow = models.CharField(max_length=60)
    subject_key = models.PositiveBigIntegerField(default=0)
    step = models.CharField(max_length=80)
    data = models.JSONField()
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.case_id_value} {self.flow}/{self.step}"

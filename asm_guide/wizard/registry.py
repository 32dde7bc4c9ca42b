"""The step registry: each part of the Guidance declares its steps once, as data.

URLs, task-list rows, statuses, navigation, check-answers pages and report sections are
all derived from these declarations. Adding a step is a line in ``<part>/steps.py``, a
form and a guidance file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANNOT_START = "cannot_start"

    LABELS = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETED: _("Completed"),
        CANNOT_START: _("Cannot start yet"),
    }


@dataclass
class StepContext:
    """What predicates and completeness rules look at: the case, and the subject for
    per-subject flows (for example one subtype). ``shared`` is one dict per request and
    case, so that rules can compute facts for all subjects in one query."""

    case: Any
    subject: Any = None
    shared: dict = field(default_factory=dict)

    def cached(self, key, compute: Callable[[], Any]):
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]


def always(ctx: StepContext) -> bool:
    return True


def nothing_missing(ctx: StepContext) -> list[str]:
    return []


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any
    form: type | None = None
    lists: tuple[tuple[str, type], ...] = ()
    guidance: str | None = None
    hint: Any = ""
    applies_when: Callable[[StepContext], bool] = always
    available_when: Callable[[StepContext], bool] = always
    unavailable_reason: Any = ""
    missing: Callable[[StepContext], list] = nothing_missing
    has_data: Callable[[StepContext], bool] | None = None
    context: Callable[[StepContext], dict] | None = None
    # Rows for a read-only summary, read in bulk for every subject: {"instance": row or None,
    # "items": {list name: rows}}. Keeps a check-answers page with many subjects at a fixed
    # number of queries. Without it the step's forms read their own rows.
    preload: Callable[[StepContext], dict] | None = None
    # Values for a new 'add another' row that the page proposes ("add:<list>:<key>" buttons):
    # (ctx, list name, key) -> {field name: value as posted}, or None for an unknown key. The
    # row is only added to the page; nothing is saved until the person saves the step.
    prefill: Callable[[StepContext, str, str], dict | None] | None = None
    # For a step that applies only to some cases: why it does not apply to this one, shown on its
    # own address instead of "page not found": {"reasons": [...], "explanation": str,
    # "links": [(text, url), ...]} (ctx -> dict). Without it the address of a step that does not
    # apply is not found.
    not_applicable: Callable[[StepContext], dict] | None = None

    @property
    def guidance_slug(self) -> str:
        return self.guidance or self.slug

    def data_present(self, ctx: StepContext) -> bool:
        if self.has_data is not None:
            return self.has_data(ctx)
        from .forms import scope_filter

        for form_class in [self.form, *(formset.model for _name, formset in self.lists)]:
            if form_class is None:
                continue
            model = form_class if isinstance(form_class, type) and issubclass(form_class, models.Model) else None
            if model is None:
                meta = getattr(form_class, "_meta", None)
                model = getattr(meta, "model", None)
            if model is not None and model.objects.filter(**scope_filter(model, ctx.case, ctx.subject)).exists():
                return True
        return False

    def status(self, ctx: StepContext) -> str:
        if not self.available_when(ctx):
            return Status.CANNOT_START
        if not self.data_present(ctx):
            return Status.NOT_STARTED
        if self.missing(ctx):
            return Status.IN_PROGRESS
        return Status.COMPLETED


@dataclass(frozen=True)
class Flow:
    """An ordered list of steps served by one wizard. A flow with a ``subject_model`` is
    instantiated once per subject (for example one substrategy wizard per subtype)."""

    name: str
    namespace: str
    title: Any
    steps: tuple[Step, ...]
    url_prefix: str
    subject_model: str | None = None
    subject_label: Any = ""

    def get(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def active_steps(self, ctx: StepContext) -> list[Step]:
        return [step for step in self.steps if step.applies_when(ctx)]

    @property
    def url_name(self) -> str:
        return f"{self.namespace}:{self.name}-step"

    def url_kwargs(self, case, subject=None) -> dict:
        kwargs = {"case_id": case.pk}
        if self.subject_model:
            kwargs["subject_id"] = subject.pk
        return kwargs

    def step_url(self, step: Step | str, case, subject=None) -> str:
        slug = step if isinstance(step, str) else step.slug
        return reverse(self.url_name, kwargs={**self.url_kwargs(case, subject), "step": slug})

    def get_subject_model(self) -> type[models.Model] | None:
        if not self.subject_model:
            return None
        from django.apps import apps

        return apps.get_model(self.subject_model)


@dataclass(frozen=True)
class Part:
    """One part of the Guidance: its main flow, optional per-subject flows and its check page."""

    number: int
    slug: str
    namespace: str
    title: Any
    flow: Flow
    subject_flows: tuple[Flow, ...] = ()
    summary: Any = ""
    subjects: Callable[[Any], Iterable] | None = None
    # Extra context for the part's check-answers page (template ``<namespace>/check_answers.html``
    # may extend ``wizard/check_answers.html``), e.g. consistency findings shown before any POST.
    check_context: Callable[[StepContext], dict] | None = None

    @property
    def completion_key(self) -> str:
        return self.slug

    def check_url(self, case) -> str:
        return reverse(f"{self.namespace}:check-answers", kwargs={"case_id": case.pk})

    @property
    def flows(self) -> tuple[Flow, ...]:
        return (self.flow, *self.subject_flows)

    def step_count(self) -> int:
        return len(self.flow.steps)


class _Registry:
    @cached_property
    def parts(self) -> list[Part]:
        return sorted((import_string(path) for path in settings.ASM_PARTS), key=lambda part: part.number)

    def part(self, slug: str) -> Part:
        for part in self.parts:
            if part.slug == slug:
                return part
        raise LookupError(slug)

    def part_of(self, flow: Flow) -> Part:
        for part in self.parts:
            if flow in part.flows:
                return part
        raise LookupError(flow.name)


registry = _Registry()

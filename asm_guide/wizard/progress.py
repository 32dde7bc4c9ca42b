"""Statuses for the task list, the dashboard and check-answers pages, computed from the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from asm_guide import l10n

from .models import PartCompletion
from .registry import Flow, Part, Status, Step, StepContext, registry


@dataclass
class StepRow:
    step: Step
    flow: Flow
    status: str
    url: str | None
    subject: Any = None

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def reason(self):
        return self.step.unavailable_reason if self.status == Status.CANNOT_START else ""


@dataclass
class SubjectGroup:
    subject: Any
    flow: Flow
    rows: list[StepRow]


@dataclass
class PartProgress:
    part: Part
    rows: list[StepRow]
    groups: list[SubjectGroup] = field(default_factory=list)
    marked_complete: PartCompletion | None = None
    check_url: str = ""

    @property
    def all_rows(self) -> list[StepRow]:
        return self.rows + [row for group in self.groups for row in group.rows]

    @property
    def completed(self) -> int:
        return sum(1 for row in self.all_rows if row.status == Status.COMPLETED)

    @property
    def total(self) -> int:
        return len(self.all_rows)

    @property
    def has_steps(self) -> bool:
        return bool(self.part.flow.steps)


def flow_rows(flow: Flow, ctx: StepContext) -> list[StepRow]:
    rows = []
    for step in flow.active_steps(ctx):
        status = step.status(ctx)
        url = None if status == Status.CANNOT_START else flow.step_url(step, ctx.case, ctx.subject)
        rows.append(StepRow(step=step, flow=flow, status=status, url=url, subject=ctx.subject))
    return rows


def case_progress(case, shared: dict | None = None) -> list[PartProgress]:
    shared = {} if shared is None else shared
    completions = {item.part: item for item in case.part_completions.all()}
    result = []
    for part in registry.parts:
        ctx = StepContext(case=case, shared=shared)
        rows = flow_rows(part.flow, ctx) if part.flow.steps else []
        groups = []
        if part.subjects is not None:
            subjects = list(part.subjects(case))
            for subject in subjects:
                for flow in part.subject_flows:
                    sub_ctx = StepContext(case=case, subject=subject, shared=shared)
                    groups.append(SubjectGroup(subject=subject, flow=flow, rows=flow_rows(flow, sub_ctx)))
        check_url = ""
        if part.flow.steps:
            check_url = reverse(f"{part.namespace}:check-answers", kwargs={"case_id": case.pk})
        result.append(PartProgress(part=part, rows=rows, groups=groups,
                                   marked_complete=completions.get(part.completion_key), check_url=check_url))
    return result


def missing_steps(part: Part, case, shared: dict | None = None):
    """``(flow, step, subject, message)`` for everything still missing before the part can be
    marked complete: a step not yet available gives its reason, the others their ``missing``
    messages; subject flows (one per subtype) follow the main flow, ``subject`` None there."""
    shared = {} if shared is None else shared
    ctx = StepContext(case=case, shared=shared)
    for step in part.flow.active_steps(ctx):
        if not step.available_when(ctx):
            yield part.flow, step, None, step.unavailable_reason
            continue
        for message in step.missing(ctx):
            yield part.flow, step, None, message
    if part.subjects is not None:
        for subject in part.subjects(case):
            for flow in part.subject_flows:
                sub_ctx = StepContext(case=case, subject=subject, shared=shared)
                for step in flow.active_steps(sub_ctx):
                    for message in step.missing(sub_ctx):
                        yield flow, step, subject, message


def missing_for_part(part: Part, case, shared: dict | None = None) -> list[tuple[str, str]]:
    """(url, message) for everything still missing before the part can be marked complete."""
    missing = []
    for flow, step, subject, message in missing_steps(part, case, shared):
        if subject is None:
            missing.append((flow.step_url(step, case), l10n.labelled(step.title, message)))
        else:
            missing.append((flow.step_url(step, case, subject), l10n.labelled(f"{subject} – {step.title}", message)))
    return missing


def refresh_progress(case, *, touch: bool = True) -> tuple[int, int]:
    """Recompute and store the case's step counts (shown on the dashboard). Returns (done, total).

    ``touch`` also records now as the case's last change (after an edit); without it the row is
    written only when the counts changed.
    """
    parts = case_progress(case)
    done = sum(part.completed for part in parts)
    total = sum(part.total for part in parts)
    changes: dict = {}
    if (done, total) != (case.steps_completed, case.steps_total):
        changes.update(steps_completed=done, steps_total=total)
    if touch:
        changes["updated_at"] = timezone.now()
    if changes:
        type(case).objects.filter(pk=case.pk).update(**changes)
        for key, value in changes.items():
            setattr(case, key, value)
    return done, total

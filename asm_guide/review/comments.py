"""Comments on steps: where they point (resolved through the registry), writing them, counting them.

Any member of a case may comment, reply, resolve and reopen: this is the one write a reviewer
makes. A comment names its step the way the registry does (flow, subject, step) and optionally
one item of one of the step's lists.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asm_guide.casefile import step_models
from asm_guide.wizard.registry import Step, registry

from . import notifications
from .models import Comment


def find_flow(name: str):
    for part in registry.parts:
        for flow in part.flows:
            if flow.name == name:
                return part, flow
    return None, None


def step_url(case, flow_name: str, subject_id, step_slug: str) -> str:
    """The step page a comment belongs to ("" when the step no longer exists)."""
    _part, flow = find_flow(flow_name)
    if flow is None or flow.get(step_slug) is None:
        return ""
    kwargs = {"case_id": case.pk if hasattr(case, "pk") else case, "step": step_slug}
    if flow.subject_model:
        if subject_id is None:
            return ""
        kwargs["subject_id"] = subject_id
    try:
        return reverse(flow.url_name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def step_title(flow_name: str, step_slug: str) -> str:
    _part, flow = find_flow(flow_name)
    step = flow.get(step_slug) if flow is not None else None
    return str(step.title) if step is not None else step_slug


def item_choices(step: Step, case, subject=None) -> list[tuple[str, str]]:
    """("app.model:pk", name) for every item of the step's lists, for the 'which item' choice."""
    from asm_guide.wizard.forms import scope_filter

    choices = []
    for list_name, model, _form in step_models(step):
        if list_name is None:
            continue
        for obj in model.objects.filter(**scope_filter(model, case, subject)).order_by("pk"):
            choices.append((f"{model._meta.label_lower}:{obj.pk}", str(obj)))
    return choices


def resolve_target(case, flow_name: str, subject_id, step_slug: str, item: str = ""):
    """(flow, step, subject, item model label, item id, item label), or ValidationError."""
    from asm_guide.wizard.forms import scope_filter

    _part, flow = find_flow(flow_name)
    step = flow.get(step_slug) if flow is not None else None
    if step is None:
        raise ValidationError(_("This step does not exist."), code="unknown_step")
    subject = None
    subject_model = flow.get_subject_model()
    if subject_model is not None:
        try:
            subject = subject_model.objects.get(pk=int(subject_id), case=case)
        except (subject_model.DoesNotExist, TypeError, ValueError):
            raise ValidationError(_("This step does not exist."), code="unknown_step") from None
    item_model, item_id, item_label = "", None, ""
    if item:
        label, _sep, pk = item.partition(":")
        models = {model._meta.label_lower: model for name, model, _f in step_models(step) if name is not None}
        model = models.get(label)
        obj = None
        if model is not None and pk.isdigit():
            obj = model.objects.filter(pk=int(pk), **scope_filter(model, case, subject)).first()
        if obj is None:
            raise ValidationError(_("Choose an item of this step from the list"), code="invalid_item")
        item_model, item_id, item_label = label, obj.pk, str(obj)[:300]
    return flow, step, subject, item_model, item_id, item_label


@transaction.atomic
def post_comment(*, case, author, flow_name: str, subject_id, step_slug: str, body: str, item: str = "",
                 blocking: bool = False, assignee=None) -> Comment:
    flow, step, subject, item_model, item_id, item_label = resolve_target(case, flow_name, subject_id, step_slug,
                                                                         item)
    comment = Comment.objects.create(
        case=case, flow=flow.name, subject_id=subject.pk if subject is not None else None, step=step.slug,
        item_model=item_model, item_id=item_id, item_label=item_label, author=author, body=body.strip(),
        blocking=blocking, assignee=assignee,
    )
    notifications.comment_posted(comment, step_url(case, flow.name, comment.subject_id, step.slug))
    return comment


@transaction.atomic
def reply(*, comment: Comment, author, body: str) -> Comment:
    root = comment.parent or comment
    answer = Comment.objects.create(
        case=root.case, flow=root.flow, subject_id=root.subject_id, step=root.step, item_model=root.item_model,
        item_id=root.item_id, item_label=root.item_label, parent=root, author=author, body=body.strip(),
    )
    notifications.comment_posted(answer, step_url(root.case, root.flow, root.subject_id, root.step))
    return answer


@transaction.atomic
def set_resolved(*, comment: Comment, user, resolved: bool) -> Comment:
    """Resolve or reopen a thread. Resolving or reopening a blocking comment is written to the
    case's history of changes (who, when, which comment), as a save of a step is."""
    root = comment.parent or comment
    # Whether it changes is read from the row (locked), not from a copy that may be out of date.
    was_open = Comment.objects.select_for_update().filter(pk=root.pk, resolved_at__isnull=True).exists()
    changed = was_open == resolved
    root.resolved_at = timezone.now() if resolved else None
    root.resolved_by = user if resolved else None
    root.save(update_fields=["resolved_at", "resolved_by"])
    if changed and root.blocking:
        _audit_resolution(root, user, "resolved" if resolved else "reopened")
    return root


def _audit_resolution(root: Comment, user, action: str) -> None:
    from .models import AuditEntry, StepVersion

    _part, flow = find_flow(root.flow)
    subject_label = ""
    subject_model = flow.get_subject_model() if flow is not None else None
    if subject_model is not None and root.subject_id is not None:
        subject = subject_model.objects.filter(pk=root.subject_id).first()
        subject_label = str(subject)[:300] if subject is not None else ""
    version = (StepVersion.objects.filter(case_id=root.case_id, flow=root.flow, subject_key=root.subject_id or 0,
                                          step=root.step).values_list("number", flat=True).first() or 0)
    AuditEntry.objects.create(
        case_id=root.case_id, user=user, username=user.get_username() if user is not None else "", flow=root.flow,
        subject_id=root.subject_id, subject_label=subject_label, step=root.step,
        step_title=step_title(root.flow, root.step)[:300], version=version,
        changes=[{"model": Comment._meta.label_lower, "model_label": str(Comment._meta.verbose_name),
                  "pk": root.pk, "item": root.body[:300], "action": action, "fields": []}],
    )


def open_counts(case) -> dict[tuple[str, int | None, str], int]:
    """Open threads per (flow, subject id, step) for the whole case, in one query."""
    rows = (Comment.objects.filter(case=case, parent__isnull=True, resolved_at__isnull=True)
            .values("flow", "subject_id", "step").annotate(n=Count("pk")))
    return {(row["flow"], row["subject_id"], row["step"]): row["n"] for row in rows}


def threads(queryset, limit: int | None = None):
    """Thread roots of ``queryset`` with their replies and people, in a fixed number of queries."""
    roots = (queryset.filter(parent__isnull=True).select_related("author", "assignee", "resolved_by", "case")
             .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
             .order_by("created_at", "pk"))
    return list(roots[:limit] if limit else roots)

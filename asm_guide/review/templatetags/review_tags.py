"""Template hooks the engine's pages use: comment counts, the comments panel, the version field.

Counts for a whole case are read once per request (one query), whatever the number of rows.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from asm_guide.cases.models import Membership

from .. import comments as comment_service
from ..editing import VERSION_FIELD, version_for_form
from ..forms import CommentForm, ReplyForm
from ..models import Comment

register = template.Library()


def _counts(context, case):
    request = context.get("request")
    cache = getattr(request, "_review_comment_counts", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._review_comment_counts = cache
    if case.pk not in cache:
        cache[case.pk] = comment_service.open_counts(case)
    return cache[case.pk]


@register.simple_tag(takes_context=True)
def open_comment_count(context, case, flow, subject, step) -> int:
    """Open comment threads on one step (of one subject)."""
    key = (flow.name, subject.pk if subject is not None and subject != "" else None, step.slug)
    return _counts(context, case).get(key, 0)


@register.inclusion_tag("review/comment_count.html", takes_context=True)
def comment_badge(context, case, flow, subject, step):
    return {"count": open_comment_count(context, case, flow, subject, step)}


@register.simple_tag(takes_context=True)
def step_version_field(context):
    """The hidden field with the step version the person started from (optimistic concurrency)."""
    value = version_for_form(context["case"], context["flow"], context.get("subject"), context["step"],
                             context.get("bundle"), context.get("conflict"))
    return format_html('<input type="hidden" name="{}" value="{}">', VERSION_FIELD, value)


@register.inclusion_tag("review/comments_panel.html", takes_context=True)
def comments_panel(context):
    """The comment threads of the step on the page, and a form to add one."""
    case, flow, step = context["case"], context["flow"], context["step"]
    subject = context.get("subject")
    request = context.get("request")
    queryset = Comment.objects.filter(case=case, flow=flow.name, step=step.slug,
                                      subject_id=subject.pk if subject is not None else None)
    threads = comment_service.threads(queryset)
    items = []
    bundle = context.get("bundle")
    for _name, formset in getattr(bundle, "lists", []):
        model = formset.model
        items += [(f"{model._meta.label_lower}:{obj.pk}", str(obj)) for obj in formset.get_queryset()]
    members = Membership.objects.filter(case=case).select_related("user").order_by("user__username")
    return {
        "case": case, "flow": flow, "step": step, "subject": subject, "request": request,
        "threads": threads, "open": sum(1 for thread in threads if thread.is_open),
        "form": CommentForm(members=list(members), items=items, auto_id="id_comment_%s"),
        "reply_form": ReplyForm(auto_id=False),
        "next": request.path if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }

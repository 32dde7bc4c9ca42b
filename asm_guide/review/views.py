"""Review pages: status and transitions, revisions and their comparison, the audit log, comments.

Every case-scoped view goes through ``CaseMemberRequiredMixin`` (non-members: 404). Transitions
need an owner (MANAGE). Comment writes need only membership (READ): commenting is the one write a
reviewer makes, and it never touches the strategy itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from asm_guide.cases.models import CaseStatus, Membership
from asm_guide.cases.permissions import MANAGE, READ, CaseMemberRequiredMixin

from . import comments as comment_service
from . import completeness, history, workflow
from .diff import compare
from .forms import CommentForm, ReplyForm, TransitionForm
from .models import AuditEntry, Comment, Revision, WorkflowEvent
from .snapshot import current_snapshot

LIST_LIMIT = 200


def _error_items(*forms_) -> list[tuple[str, str]]:
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append(("form-errors", str(message)))
        for name, errors in form.errors.items():
            if name in form.fields:
                items.extend((form[name].id_for_label or form[name].auto_id, str(message)) for message in errors)
    return items


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- Status and transitions ---------------------------------------------------------------------


class ReviewStatusView(CaseMemberRequiredMixin, TemplateView):
    template_name = "review/status.html"

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or TransitionForm()
        events = WorkflowEvent.objects.filter(case=self.case).select_related("actor", "revision")[:50]
        latest = Revision.objects.filter(case=self.case).select_related("created_by").defer("snapshot").first()
        in_review_incomplete = []
        if latest is not None and self.case.status == CaseStatus.IN_REVIEW and latest.submitted_incomplete:
            in_review_incomplete = completeness.describe(self.case, latest.missing)
        return super().get_context_data(
            moves=workflow.allowed_moves(self.case, self.membership),
            version=workflow.draft_version(self.case),
            blocking=workflow.open_blocking_count(self.case),
            open_comments=Comment.objects.filter(case=self.case, parent__isnull=True,
                                                 resolved_at__isnull=True).count(),
            events=events,
            latest=latest,
            in_review_incomplete=in_review_incomplete,
            incomplete=kwargs.pop("incomplete", None) or [],
            form=form,
            error_items=kwargs.pop("error_items", None) or _error_items(form),
            **kwargs,
        )


class TransitionView(CaseMemberRequiredMixin, TemplateView):
    write_level = MANAGE
    template_name = "review/status.html"

    def get(self, request, *args, **kwargs):
        return redirect("review:status", case_id=self.case.pk)

    def post(self, request, *args, **kwargs):
        name = kwargs["transition"]
        form = TransitionForm(request.POST)
        incomplete = []
        if form.is_valid():
            try:
                event = workflow.make_transition(case=self.case, user=request.user, name=name,
                                                 reason=form.cleaned_data["reason"], label=form.cleaned_data["label"],
                                                 confirm_incomplete=form.cleaned_data["confirm_incomplete"])
            except ValidationError as error:
                field = {"reason_missing": "reason", "incomplete": "confirm_incomplete"}.get(error.code)
                form.add_error(field, error)
                if error.code == "incomplete":
                    incomplete = completeness.describe(self.case, getattr(error, "missing", ()))
            else:
                messages.success(request, _("%(what)s. The members were told by e-mail.")
                                 % {"what": event.get_transition_display()})
                return redirect("review:status", case_id=self.case.pk)
        # The page has one form per move: point the error summary at the one that was sent.
        anchors = {"id_label": f"id_label_{name}", "form-errors": f"move-{name}"}
        error_items = [(anchors.get(anchor, anchor), message) for anchor, message in _error_items(form)]
        view = ReviewStatusView(request=request, kwargs=kwargs)
        view.case, view.membership = self.case, self.membership
        return view.render_to_response(view.get_context_data(form=form, error_items=error_items,
                                                             incomplete=incomplete))


# --- Revisions ------------------------------------------------------------------------------------


class RevisionListView(CaseMemberRequiredMixin, TemplateView):
    template_name = "review/revisions.html"

    def get_context_data(self, **kwargs):
        revisions = list(Revision.objects.filter(case=self.case).select_related("created_by").defer("snapshot"))
        for revision in revisions:
            revision.missing_groups = (completeness.describe(self.case, revision.missing)
                                       if revision.submitted_incomplete else [])
        return super().get_context_data(revisions=revisions, **kwargs)


class RevisionCompareView(CaseMemberRequiredMixin, TemplateView):
    """Compare two revisions (``?old=1&new=3``); ``new=current`` compares with the draft as it is now."""

    template_name = "review/compare.html"

    def _revision(self, value):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise Http404 from None
        return get_object_or_404(Revision.objects.select_related("created_by"), case=self.case, number=number)

    def get(self, request, *args, **kwargs):
        if not request.GET.get("old"):
            return redirect("review:revisions", case_id=self.case.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        old = self._revision(self.request.GET.get("old"))
        new_value = self.request.GET.get("new", "current")
        if new_value == "current":
            new, new_snapshot = None, current_snapshot(self.case)
        else:
            new = self._revision(new_value)
            new_snapshot = new.snapshot
        try:
            result = compare(old.snapshot, new_snapshot, case=self.case)
        except ValueError:
            raise Http404 from None
        numbers = list(Revision.objects.filter(case=self.case).values_list("number", "label"))
        return super().get_context_data(old=old, new=new, diff=result, numbers=numbers,
                                        new_value=new_value, **kwargs)


# --- Audit log ------------------------------------------------------------------------------------


class AuditLogView(CaseMemberRequiredMixin, TemplateView):
    template_name = "review/audit.html"
    per_page = 50

    def get_context_data(self, **kwargs):
        entries = AuditEntry.objects.filter(case=self.case).order_by("-created_at", "-pk")
        page = Paginator(entries, self.per_page).get_page(self.request.GET.get("page"))
        for entry in page:
            entry.step_url = comment_service.step_url(self.case, entry.flow, entry.subject_id, entry.step)
            entry.readable = history.readable(entry, self.case)
        return super().get_context_data(page=page, **kwargs)


# --- Comments ---------------------------------------------------------------------------------------


def _members(case):
    return list(Membership.objects.filter(case=case).select_related("user").order_by("user__username"))


def _decorate(threads, case_id=None):
    for thread in threads:
        thread.step_url = comment_service.step_url(case_id or thread.case_id, thread.flow, thread.subject_id,
                                                   thread.step)
        thread.step_title = comment_service.step_title(thread.flow, thread.step)
    return threads


class CaseCommentsView(CaseMemberRequiredMixin, TemplateView):
    """Every comment thread of a case, open ones first by default."""

    template_name = "review/case_comments.html"

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "open")
        queryset = Comment.objects.filter(case=self.case)
        if show != "all":
            queryset = queryset.filter(resolved_at__isnull=True)
        return super().get_context_data(threads=_decorate(comment_service.threads(queryset), self.case.pk),
                                        show=show, **kwargs)


class CommentCreateView(CaseMemberRequiredMixin, TemplateView):
    """Add a comment to a step. Posted from the step page's panel; shown as a page of its own
    when the comment needs correcting (so nothing typed is lost) or when opened directly."""

    write_level = READ
    template_name = "review/comment_form.html"

    def _target(self, data):
        try:
            flow, step, subject, *_rest = comment_service.resolve_target(
                self.case, data.get("flow", ""), data.get("subject") or None, data.get("step", ""))
        except ValidationError:
            raise Http404 from None
        return flow, step, subject

    def _form(self, data=None, step=None, subject=None):
        items = comment_service.item_choices(step, self.case, subject)
        return CommentForm(data, members=_members(self.case), items=items,
                           initial={"item": self.request.GET.get("item", "")})

    def _render(self, form, flow, step, subject):
        url = comment_service.step_url(self.case, flow.name, subject.pk if subject else None, step.slug)
        return self.render_to_response(self.get_context_data(
            form=form, flow=flow, step=step, subject=subject, step_url=url, error_items=_error_items(form),
            next=_safe_next(self.request, url)))

    def get(self, request, *args, **kwargs):
        if not request.GET.get("step"):
            return redirect("review:comments", case_id=self.case.pk)
        flow, step, subject = self._target(request.GET)
        return self._render(self._form(step=step, subject=subject), flow, step, subject)

    def post(self, request, *args, **kwargs):
        flow, step, subject = self._target(request.POST)
        form = self._form(request.POST, step=step, subject=subject)
        if form.is_valid():
            try:
                comment_service.post_comment(
                    case=self.case, author=request.user, flow_name=flow.name,
                    subject_id=subject.pk if subject else None, step_slug=step.slug, body=form.cleaned_data["body"],
                    item=form.cleaned_data["item"], blocking=form.cleaned_data["blocking"],
                    assignee=form.cleaned_data["assignee"],
                )
            except ValidationError as error:
                form.add_error("item", error)
            else:
                messages.success(request, _("Your comment was added."))
                url = comment_service.step_url(self.case, flow.name, subject.pk if subject else None, step.slug)
                return HttpResponseRedirect(_safe_next(request, url) + "#comments")
        return self._render(form, flow, step, subject)


class CommentThreadView(CaseMemberRequiredMixin, TemplateView):
    """One thread with its replies: reply, resolve or reopen."""

    write_level = READ
    template_name = "review/thread.html"

    def _thread(self):
        comment = get_object_or_404(Comment.objects.select_related("parent"), pk=self.kwargs["comment_id"],
                                    case=self.case)
        root = comment.parent or comment
        return _decorate(comment_service.threads(Comment.objects.filter(pk=root.pk)), self.case.pk)[0]

    def get_context_data(self, **kwargs):
        thread = kwargs.pop("thread", None) or self._thread()
        form = kwargs.pop("form", None) or ReplyForm()
        return super().get_context_data(thread=thread, form=form, error_items=_error_items(form),
                                        next=_safe_next(self.request, thread.step_url or reverse(
                                            "review:comments", args=[self.case.pk])), **kwargs)

    def post(self, request, *args, **kwargs):
        thread = self._thread()
        action = request.POST.get("action", "reply")
        fallback = thread.step_url or reverse("review:comments", args=[self.case.pk])
        if action in ("resolve", "reopen"):
            comment_service.set_resolved(comment=thread, user=request.user, resolved=action == "resolve")
            messages.success(request, _("The comment was resolved.") if action == "resolve"
                             else _("The comment was reopened."))
            return HttpResponseRedirect(_safe_next(request, fallback) + "#comments")
        form = ReplyForm(request.POST)
        if form.is_valid():
            comment_service.reply(comment=thread, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your reply was added."))
            return HttpResponseRedirect(_safe_next(request, fallback) + "#comments")
        return self.render_to_response(self.get_context_data(thread=thread, form=form))


@login_required
@require_GET
def my_comments(request):
    """Open comments assigned to me, and open comments on the cases I am a member of."""
    member_of = Membership.objects.filter(user=request.user).values("case_id")
    base = Comment.objects.filter(case_id__in=member_of, resolved_at__isnull=True)
    assigned = _decorate(comment_service.threads(base.filter(assignee=request.user), limit=LIST_LIMIT))
    others = base.exclude(assignee=request.user)
    on_my_cases = _decorate(comment_service.threads(others, limit=LIST_LIMIT))
    return render(request, "review/my_comments.html", {
        "assigned": assigned, "on_my_cases": on_my_cases, "limit": LIST_LIMIT,
        "more": len(on_my_cases) == LIST_LIMIT or len(assigned) == LIST_LIMIT,
    })

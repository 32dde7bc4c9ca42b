from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import TemplateView

from asm_guide.wizard.progress import case_progress, refresh_progress

from . import services
from .forms import AddMemberForm, CaseForm, ChangeRoleForm
from .models import Membership
from .permissions import MANAGE, CaseMemberRequiredMixin


@login_required
@require_GET
def dashboard(request):
    memberships = Membership.objects.filter(user=request.user).select_related("case").order_by("-case__updated_at")
    rows = [
        {"membership": membership, "case": membership.case, "done": membership.case.steps_completed,
         "total": membership.case.steps_total}
        for membership in memberships
    ]
    return render(request, "cases/dashboard.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def create_case(request):
    form = CaseForm(request.POST or None, initial={"currency": "USD", "horizon_years": 5,
                                                   "report_language": _interface_language()})
    if request.method == "POST" and form.is_valid():
        case = services.create_case(user=request.user, **form.cleaned_data)
        refresh_progress(case)
        messages.success(request, _("The case was created. You are its owner."))
        return redirect("cases:task-list", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "error_items": _errors(form)})


def _interface_language() -> str:
    """The language the person creating a case reads the pages in, as a report language."""
    current = (get_language() or settings.LANGUAGE_CODE).lower()
    codes = [code for code, _name in settings.LANGUAGES]
    return next((code for code in codes if current in (code, code.split("-")[0]) or current.split("-")[0] == code),
                settings.LANGUAGE_CODE)


class CaseSettingsView(CaseMemberRequiredMixin, TemplateView):
    template_name = "cases/case_form.html"
    write_level = MANAGE

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or CaseForm(instance=self.case)
        return super().get_context_data(form=form, error_items=_errors(form), editing=True, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CaseForm(request.POST, instance=self.case)
        if form.is_valid():
            form.save()
            refresh_progress(self.case)  # the Minamata answers decide whether the NAP crosswalk step applies
            messages.success(request, _("The case details were saved."))
            return redirect("cases:task-list", case_id=self.case.pk)
        return self.render_to_response(self.get_context_data(form=form))


class TaskListView(CaseMemberRequiredMixin, TemplateView):
    template_name = "cases/task_list.html"

    def get_context_data(self, **kwargs):
        parts = case_progress(self.case)
        return super().get_context_data(
            parts=parts,
            done=sum(part.completed for part in parts),
            total=sum(part.total for part in parts),
            **kwargs,
        )


class MembersView(CaseMemberRequiredMixin, TemplateView):
    template_name = "cases/members.html"
    write_level = MANAGE

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or AddMemberForm(case=self.case)
        members = Membership.objects.filter(case=self.case).select_related("user").order_by("user__username")
        return super().get_context_data(
            members=members, form=form, error_items=_errors(form), role_form=ChangeRoleForm(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "add")
        if action == "add":
            form = AddMemberForm(request.POST, case=self.case)
            if form.is_valid():
                Membership.objects.create(
                    case=self.case, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
                )
                messages.success(request, _("%(user)s was added.") % {"user": form.cleaned_data["user"]})
                return redirect("cases:members", case_id=self.case.pk)
            return self.render_to_response(self.get_context_data(form=form))
        try:
            member_id = int(request.POST.get("member", ""))
        except ValueError:
            member_id = 0
        membership = get_object_or_404(Membership, pk=member_id, case=self.case)
        try:
            if action == "remove":
                services.remove_member(membership=membership)
                messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
            elif action == "role":
                role_form = ChangeRoleForm(request.POST)
                if not role_form.is_valid():
                    raise ValidationError(_("Select a role"), code="role_missing")
                services.change_role(membership=membership, role=role_form.cleaned_data["role"])
                messages.success(request, _("The role of %(user)s was changed.") % {"user": membership.user})
        except ValidationError as error:
            messages.error(request, error.messages[0])
        if membership.user_id == request.user.pk and action == "remove":
            return redirect("cases:dashboard")
        return HttpResponseRedirect(reverse("cases:members", kwargs={"case_id": self.case.pk}))


def _errors(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    items = []
    for message in form.non_field_errors():
        items.append(("form-errors", str(message)))
    for name, errors in form.errors.items():
        if name in form.fields:
            anchor = form[name].id_for_label or form[name].auto_id
            if name == "role" and isinstance(form, AddMemberForm):
                anchor = f"{form[name].auto_id}_0"
            items.extend((anchor, str(message)) for message in errors)
    return items


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

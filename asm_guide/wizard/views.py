"""The one step view that serves every registered step, built on django-formtools'
named-URL wizard, and the check-answers page of each part.

What we take from formtools: the ordered form list with callable conditions, the steps
helper (``wizard.steps``), named step URLs, the management form and the storage hook.
What we change (ANCHORS §2.2): storage is in the database per user and case and holds
only the current step; every valid POST is saved to the models at once; moving to
another step saves what was typed first (formtools#284); any step is reachable directly
and in any order; a tampered management form or unknown step never gives a 500; the end
of a part is its check-answers page, not ``done()`` (formtools#105).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import classonlymethod
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlWizardView

from asm_guide.cases.permissions import READ, WRITE, CaseMemberRequiredMixin, get_case_for
from asm_guide.content import guidance_for
from asm_guide.review.editing import EditConflict, guarded_step_save, keep_post_for_sign_in, restored_post

from .forms import StepBundle, display_label, display_value
from .models import PartCompletion
from .progress import missing_for_part, refresh_progress
from .registry import Flow, Part, StepContext, registry

TASK_LIST = "task-list"
CHECK_ANSWERS = "check-answers"


class StepWizardView(NamedUrlWizardView):
    storage_name = "asm_guide.wizard.storage.DatabaseStorage"
    template_name = "wizard/step.html"
    flow: Flow | None = None

    @classonlymethod
    def as_view(cls, flow: Flow, **initkwargs):
        form_list = [(step.slug, StepBundle.for_step(step)) for step in flow.steps]
        condition_dict = {step.slug: (lambda wizard, step=step: step.applies_when(wizard.ctx)) for step in flow.steps}
        return super().as_view(
            form_list=form_list, condition_dict=condition_dict, url_name=flow.url_name, flow=flow, **initkwargs
        )

    # -- access ---------------------------------------------------------------------------
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":  # the sign-in expired while they typed: keep it (review.editing)
                return keep_post_for_sign_in(request, flow=self.flow, case_id=kwargs["case_id"],
                                             subject_id=kwargs.get("subject_id"), step_slug=kwargs.get("step"))
            return redirect_to_login(request.get_full_path())
        level = READ if request.method in ("GET", "HEAD") else WRITE
        self.case, self.membership = get_case_for(request.user, kwargs["case_id"], level)
        self.subject = None
        subject_model = self.flow.get_subject_model()
        if subject_model is not None:
            self.subject = get_object_or_404(subject_model, pk=kwargs["subject_id"], case=self.case)
        self.ctx = StepContext(case=self.case, subject=self.subject)
        self.part = registry.part_of(self.flow)
        request.wizard_case_id = self.case.pk
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        prefix = f"{self.flow.name}-{kwargs['case_id']}"
        if "subject_id" in kwargs:
            prefix += f"-{kwargs['subject_id']}"
        return prefix

    def get_step_url(self, step):
        return self.flow.step_url(step, self.case, self.subject)

    # -- formtools hooks --------------------------------------------------------------------
    def get_form(self, step=None, data=None, files=None):
        step = step or self.steps.current
        bundle_class = self.get_form_list()[step]
        return bundle_class(data, files, case=self.case, subject=self.subject)

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        form_list = self.get_form_list()
        if step is None:
            current = self.storage.current_step
            return redirect(self.get_step_url(current if current in form_list else self.steps.first))
        if step not in form_list:
            return self.not_applicable(step)
        self.storage.current_step = step
        restored = restored_post(request, flow=self.flow, case=self.case, subject=self.subject, step_slug=step)
        if restored is not None and self.membership.can_edit and self.case.is_editable:
            bundle = self.get_form(step, data=restored)
            bundle.suppress_errors()
            return self.render(bundle, restored=True)
        return self.render(self.get_form(step))

    def render(self, form=None, **kwargs):
        step = self.flow.get(self.steps.current)
        if not step.available_when(self.ctx):
            kwargs["unavailable"] = step.unavailable_reason
        return super().render(form, **kwargs)

    def post(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step not in self.get_form_list():
            return self.not_applicable(step)  # nothing is saved for a step that does not apply
        self.storage.current_step = step
        if not self.flow.get(step).available_when(self.ctx):
            return self.render(self.get_form(step))
        # formtools raises SuspiciousOperation on a bad management form; the URL names the step.
        ManagementForm(request.POST, prefix=self.prefix).is_valid()
        bundle = self.get_form(step, data=request.POST.copy(), files=request.FILES)
        action = request.POST.get("action", "continue")

        if action.startswith(("add:", "remove:", "undo:", "up:", "down:")):
            bundle = self._list_action(step, bundle, action)
            bundle.suppress_errors()
            return self.render(bundle)

        goto = request.POST.get("wizard_goto_step", "")
        target = self._target_url(step, action, goto)
        if goto and not bundle.has_changed():
            return HttpResponseRedirect(target)
        if bundle.is_valid():
            try:
                with guarded_step_save(request=request, flow=self.flow, step=self.flow.get(step), case=self.case,
                                       subject=self.subject, bundle=bundle):
                    bundle.save()
            except EditConflict as conflict:
                return self.render(bundle, conflict=conflict)
            refresh_progress(self.case)
            messages.success(request, _("Your answers were saved."))
            # The next step follows the answers just saved (choosing an approach can bring in a
            # step of its own), not the facts read before saving.
            self.ctx = StepContext(case=self.case, subject=self.subject)
            self.__dict__.pop("_resolved_form_list", None)  # formtools caches the conditions' answers
            return HttpResponseRedirect(self._target_url(step, action, goto))
        return self.render(bundle)

    def not_applicable(self, slug):
        """The page of a step that does not apply to this case: why, and where that is decided
        (a step without ``not_applicable``, or an unknown one, is not found)."""
        step = self.flow.get(slug) if slug else None
        if step is None or step.not_applicable is None:
            raise Http404
        return TemplateResponse(self.request, "wizard/not_applicable.html", {
            "case": self.case, "membership": self.membership, "part": self.part, "flow": self.flow,
            "subject": self.subject, "step": step, "not_applicable": step.not_applicable(self.ctx),
            "guidance": guidance_for(self.part.namespace, step.guidance_slug),
        })

    def _list_action(self, step, bundle, action):
        verb, _sep, target = action.partition(":")
        data = bundle.data
        names = {name for name, _formset in bundle.lists}
        list_name, _sep, proposal = target.partition(":")
        if verb == "add" and list_name in names:
            formset = dict(bundle.lists)[list_name]
            key = f"{list_name}-TOTAL_FORMS"
            try:
                total = int(data.get(key, 0))
            except ValueError:
                total = 0
            if 0 <= total < formset.max_num:
                data[key] = str(total + 1)
                # The new row starts with the same defaults as a first, empty row (a choice the
                # model defaults to, say); otherwise it would show them unanswered, and an added
                # row left untouched would be validated instead of ignored.
                _put_row_defaults(data, formset.empty_form, f"{list_name}-{total}")
                values = self.flow.get(step).prefill(self.ctx, list_name, proposal) if (
                    proposal and self.flow.get(step).prefill) else None
                for field, value in (values or {}).items():
                    name = f"{list_name}-{total}-{field}"
                    if isinstance(value, list | tuple):
                        data.setlist(name, [str(item) for item in value])
                    elif value not in (None, ""):
                        data[name] = str(value)
        elif verb in ("remove", "undo") and target.split("-")[0] in names:
            if verb == "remove":
                data[f"{target}-DELETE"] = "on"
            else:
                data.pop(f"{target}-DELETE", None)
        elif verb in ("up", "down") and target.split("-")[0] in names:
            formset = dict(bundle.lists)[target.split("-")[0]]
            formset.move(target, -1 if verb == "up" else 1, data)
        new_bundle = self.get_form(step, data=data, files=self.request.FILES)
        new_bundle.focus = self._focus_after(action, new_bundle)
        return new_bundle

    @staticmethod
    def _focus_after(action, bundle):
        verb, _sep, target = action.partition(":")
        if verb == "add":
            formset = dict(bundle.lists).get(target.partition(":")[0])
            if formset is not None and formset.forms:
                return f"{formset.forms[-1].prefix}-item"
        if verb in ("up", "down"):
            return f"{target}-item"
        return ""

    def _target_url(self, step, action, goto) -> str:
        check_url = reverse(f"{self.part.namespace}:check-answers", kwargs={"case_id": self.case.pk})
        task_list = reverse("cases:task-list", kwargs={"case_id": self.case.pk})
        return_to = self.request.POST.get("return_to", "")
        if goto == TASK_LIST or action == "return":
            return task_list
        if goto == CHECK_ANSWERS:
            return check_url
        if goto and goto in self.get_form_list():
            return self.get_step_url(goto)
        if return_to and url_has_allowed_host_and_scheme(return_to, allowed_hosts={self.request.get_host()}):
            return return_to
        following = self.get_next_step(step)
        if following is None:
            return check_url if not self.flow.subject_model else task_list
        return self.get_step_url(following)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.flow.get(self.steps.current)
        prev_step = self.get_prev_step(step.slug)
        index = self.get_step_index(step.slug)
        return_to = self.request.POST.get("return_to") or self.request.GET.get("return_to", "")
        if return_to and not url_has_allowed_host_and_scheme(return_to, allowed_hosts={self.request.get_host()}):
            return_to = ""
        context.update(
            case=self.case,
            membership=self.membership,
            subject=self.subject,
            flow=self.flow,
            part=self.part,
            step=step,
            bundle=form,
            error_items=form.error_items(),
            focus=getattr(form, "focus", ""),
            guidance=guidance_for(self.part.namespace, step.guidance_slug),
            step_number=(index or 0) + 1,
            step_count=self.steps.count,
            prev_step=prev_step,
            prev_url=self.get_step_url(prev_step) if prev_step else reverse(
                "cases:task-list", kwargs={"case_id": self.case.pk}),
            return_to=return_to,
            can_edit=self.membership.can_edit and self.case.is_editable,
            check_url=reverse(f"{self.part.namespace}:check-answers", kwargs={"case_id": self.case.pk}),
        )
        if step.context is not None:
            context.update(step.context(self.ctx))
        return context

    def get_template_names(self):
        step = self.flow.get(self.steps.current)
        return [f"{self.part.namespace}/{step.slug}.html", self.template_name]


def _put_row_defaults(data, empty_form, prefix: str) -> None:
    """Write the initial values of a new list row (``empty_form``'s, from the model's defaults)
    into the posted ``data`` under ``prefix``, as a first empty row shows them."""
    for bound in empty_form:
        if bound.name in ("id", "DELETE", "ORDER") or bound.field.disabled:
            continue
        value = bound.initial
        if value in (None, "", [], ()) or value is False:
            continue
        name = f"{prefix}-{bound.name}"
        if isinstance(value, list | tuple):
            data.setlist(name, [str(item) for item in value])
        elif value is True:
            data[name] = "on"
        else:
            shown = bound.field.widget.format_value(value)
            data[name] = str(shown[0] if isinstance(shown, list) else shown)


#: Lists longer than this show one line per item on check-answers pages.
LONG_LIST = 12


def summarise_step(step, ctx: StepContext) -> dict:
    """The rows a check-answers page shows for one step, read through the step's own forms.
    Choices are read once per page; a step's ``preload`` supplies its rows in bulk."""
    preloaded = step.preload(ctx) if step.preload is not None else {}
    bundle = StepBundle.for_step(step)(case=ctx.case, subject=ctx.subject,
                                       choice_cache=ctx.cached("wizard:choices", dict), **preloaded)
    fields = []
    if bundle.form is not None:
        for bound in bundle.form:
            if bound.is_hidden:
                continue
            fields.append({"label": display_label(bound), "value": display_value(bound), "id": bound.id_for_label})
    lists = []
    for name, formset in bundle.lists:
        if formset.initial_form_count() > LONG_LIST:
            # A long list shows one line per item (its name); every answer of every item is on
            # the step page. Reading 60 items × a dozen answers is not checking, and the page
            # stayed megabytes long for officials on slow links.
            titles = [str(instance) for instance in formset.get_queryset()]
            lists.append({"name": name, "label": formset.item_label, "compact": True,
                          "items": [{"number": n, "title": t} for n, t in enumerate(titles, start=1)]})
            continue
        items = []
        for number, item_form in enumerate(formset.initial_forms, start=1):
            rows = [
                {"label": display_label(bound), "value": display_value(bound)}
                for bound in item_form
                if not bound.is_hidden and bound.name != "DELETE"
            ]
            items.append({"number": number, "title": str(item_form.instance), "rows": rows})
        lists.append({"name": name, "label": formset.item_label, "items": items})
    return {"fields": fields, "lists": lists}


class CheckAnswersView(CaseMemberRequiredMixin, TemplateView):
    template_name = "wizard/check_answers.html"
    part: Part | None = None

    def get_template_names(self):
        return [f"{self.part.namespace}/check_answers.html", self.template_name]

    def get_context_data(self, **kwargs):
        shared: dict = {}
        part = self.part
        sections = []
        ctx = StepContext(case=self.case, shared=shared)
        for step in part.flow.active_steps(ctx):
            sections.append({
                "step": step,
                "status": step.status(ctx),
                "url": part.flow.step_url(step, self.case),
                "summary": summarise_step(step, ctx),
            })
        subject_sections = []
        if part.subjects is not None:
            for subject in part.subjects(self.case):
                for flow in part.subject_flows:
                    sub_ctx = StepContext(case=self.case, subject=subject, shared=shared)
                    subject_sections.append({
                        "subject": subject,
                        "flow": flow,
                        "steps": [
                            {"step": step, "url": flow.step_url(step, self.case, subject),
                             "summary": summarise_step(step, sub_ctx)}
                            for step in flow.active_steps(sub_ctx)
                        ],
                    })
        completion = PartCompletion.objects.filter(case=self.case, part=part.completion_key).first()
        kwargs.setdefault("missing", None)
        if part.check_context is not None:
            kwargs.update(part.check_context(ctx))
        return super().get_context_data(
            part=part, sections=sections, subject_sections=subject_sections, completion=completion,
            check_url=self.request.path, can_edit=self.membership.can_edit and self.case.is_editable,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        missing = missing_for_part(self.part, self.case)
        if missing:
            return self.render_to_response(self.get_context_data(missing=missing))
        PartCompletion.objects.update_or_create(
            case=self.case, part=self.part.completion_key, defaults={"completed_by": request.user}
        )
        refresh_progress(self.case)
        messages.success(request, _("%(part)s is marked as complete.") % {"part": self.part.title})
        return redirect("cases:task-list", case_id=self.case.pk)


def part_urlpatterns(part: Part) -> list:
    """URLs of one part: its check-answers page and the step wizard(s), named from the registry."""
    flow = part.flow
    if not flow.steps:
        return []
    urls = [
        path(f"cases/<int:case_id>/{flow.url_prefix}/check-answers/",
             CheckAnswersView.as_view(part=part), name="check-answers"),
    ]
    for each in part.flows:
        view = StepWizardView.as_view(flow=each)
        if each.subject_model:
            base = f"cases/<int:case_id>/{each.url_prefix}/<int:subject_id>/"
        else:
            base = f"cases/<int:case_id>/{each.url_prefix}/"
        urls += [
            path(base, view, name=f"{each.name}-start"),
            path(base + "<slug:step>/", view, name=f"{each.name}-step"),
        ]
    return urls

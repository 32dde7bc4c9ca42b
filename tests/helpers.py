"""Test helpers generated from the URL conf and the step registry, so new pages and steps
are covered without writing new tests."""

from __future__ import annotations

import datetime

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from asm_guide.wizard.forms import StepBundle
from asm_guide.wizard.registry import StepContext, registry


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}:{entry.name}" if namespace else entry.name)


def case_url_patterns() -> list[tuple[str, str]]:
    """(route, name) of every URL that takes a case id."""
    return [(route, name) for route, name in _walk(get_resolver().url_patterns) if "<int:case_id>" in route]


def flow_for_url_name(name: str):
    for part in registry.parts:
        for flow in part.flows:
            if name in (flow.url_name, f"{part.namespace}:{flow.name}-start"):
                return part, flow
    return None, None


def _make_comment(case):
    from asm_guide.review.models import Comment

    part = registry.parts[0]
    return Comment.objects.create(case=case, flow=part.flow.name, step=part.flow.steps[0].slug, body="A comment").pk


# Case URLs that act only on POST (or need query parameters) and send a GET elsewhere.
GET_REDIRECT_URL_NAMES = {"review:transition", "review:compare", "review:comment-new"}

# Other URL parameters a case URL may take, and how to make a value for one case.
URL_PARAM_MAKERS = {
    "comment_id": _make_comment,
    "transition": lambda case: "submit",
}


def fill_url(route: str, name: str, case, subject_for=None) -> str:
    part, flow = flow_for_url_name(name)
    values = {"case_id": case.pk}
    if "<int:subject_id>" in route:
        subject = subject_for(flow)
        values["subject_id"] = subject.pk
        values["subject_obj"] = subject
    if "<slug:step>" in route:
        # The first step that applies to this case (a part's steps may depend on earlier answers).
        ctx = StepContext(case=case, subject=values.get("subject_obj"))
        values["step"] = next((step.slug for step in flow.steps if step.applies_when(ctx)), flow.steps[0].slug)
    for key, make in URL_PARAM_MAKERS.items():
        if f":{key}>" in route:
            values[key] = make(case)
    url = "/" + route
    values.pop("subject_obj", None)
    for key, value in values.items():
        for converter in ("int", "slug", "str"):
            url = url.replace(f"<{converter}:{key}>", str(value))
    return url


def sample_value(field: forms.Field, name: str = ""):
    if "year" in name and isinstance(field, forms.IntegerField):
        return "2030"  # inside any strategy period the test cases use (start 2026, 5 years)
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        options = [key for key, _label in field.widget.choices if key not in ("", None)]
        return [str(options[0])] if options else []
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        options = [key for key, _label in field.widget.choices if key not in ("", None)]
        return str(getattr(options[0], "value", options[0])) if options else ""
    if isinstance(field, forms.DateField):
        return "2026-03-01"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "1"
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.EmailField):
        return "someone@example.org"
    return "Sample answer"


def _format(bound) -> object:
    value = bound.value()
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else ""
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    shown = widget.format_value(value)
    if isinstance(shown, list):
        return shown[0] if shown else ""
    return "" if shown is None else str(shown)


def _form_data(form, fill_required: bool) -> dict:
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        if fill_required and bound.field.required and bound.value() in (None, "", []):
            data[bound.html_name] = sample_value(bound.field, bound.name)
        else:
            data[bound.html_name] = _format(bound)
    return data


def valid_post(step, case, subject=None) -> dict:
    """What a person would post after filling every required answer of ``step``: existing
    values as shown, required fields of the main form and of one new row filled in."""
    bundle = StepBundle.for_step(step)(case=case, subject=subject)
    data: dict = {}
    if bundle.form is not None:
        data.update(_form_data(bundle.form, fill_required=True))
    for name, formset in bundle.lists:
        # A new row that must point at a record nobody has entered yet (a monitoring record needs
        # an indicator) cannot be filled in: leave it out.
        forms_list = [
            form for index, form in enumerate(formset.forms)
            if index < formset.initial_form_count() or not any(
                bound.field.required and isinstance(bound.field, forms.ModelChoiceField)
                and not [key for key, _label in bound.field.widget.choices if key not in ("", None)]
                for bound in form
            )
        ]
        data[f"{name}-TOTAL_FORMS"] = str(len(forms_list))
        data[f"{name}-INITIAL_FORMS"] = str(formset.initial_form_count())
        data[f"{name}-MIN_NUM_FORMS"] = "0"
        data[f"{name}-MAX_NUM_FORMS"] = str(formset.max_num)
        for form in forms_list:
            data.update(_form_data(form, fill_required=True))
    return {key: value for key, value in data.items() if value not in ("", [])}


def query_counts(client, urls, case, subject=None) -> dict[str, int]:
    """The queries each page of ``urls`` makes on a second visit (the first may write navigation
    state once), keyed by its URL with the case's id (and ``subject``'s) masked."""
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        key = url.replace(f"/{case.pk}/", "/<id>/")
        if subject is not None:
            key = key.replace(f"/{subject.pk}/", "/<sid>/")
        counts[key] = len(queries)
    return counts


def grown(small: dict[str, int], large: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The pages whose query count is higher for the large case than for the small one (none is
    the aim). A page may take fewer: check answers names the items of a long list without
    building their forms."""
    assert small.keys() == large.keys()
    return {page: (small[page], n) for page, n in large.items() if n > small[page]}

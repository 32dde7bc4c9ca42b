"""The Python form markup (asm_guide/wizard/rendering.py) is the same HTML as the templates."""

from __future__ import annotations

import re

import pytest
from django.utils.datastructures import MultiValueDict

from asm_guide.wizard.forms import StepBundle
from asm_guide.wizard.registry import StepContext, registry
from asm_guide.wizard.rendering import form_html
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db


def normalise(html: str) -> str:
    html = re.sub(r">\s+<", "><", str(html).strip())
    return re.sub(r"\s+", " ", html)


def every_form(bundle):
    if bundle.form is not None:
        yield bundle.form
    for _name, formset in bundle.lists:
        yield from formset.forms


def contexts(case):
    for part in registry.parts:
        for flow in part.flows:
            subjects = [None]
            if flow.subject_model:
                subjects = list(part.subjects(case))[:2]
            for subject in subjects:
                for step in flow.steps:
                    yield step, subject


@pytest.fixture
def demo_case(case, settings):
    from importlib import import_module

    for app in ("setup_phase", "strategy", "implementation"):
        try:
            import_module(f"{app}.demo").load(case)
        except ModuleNotFoundError:
            pass
    return case


@pytest.mark.parametrize("bound", ["unbound", "errors", "valid"])
def test_python_markup_matches_the_templates(demo_case, bound):
    checked = 0
    for step, subject in contexts(demo_case):
        if not step.available_when(StepContext(case=demo_case, subject=subject)):
            continue
        data = None
        if bound == "valid":
            data = MultiValueDict({k: v if isinstance(v, list) else [v]
                                   for k, v in valid_post(step, demo_case, subject).items()})
        elif bound == "errors":
            # Every answer emptied or made absurd, lists kept: required, invalid and choice errors.
            posted = valid_post(step, demo_case, subject)
            data = MultiValueDict({
                k: [v] if k.endswith(("_FORMS", "-id")) else (["-5<b>"] if i % 2 else [""])
                for i, (k, v) in enumerate(posted.items())
            })
        bundle = StepBundle.for_step(step)(data, case=demo_case, subject=subject)
        for form in every_form(bundle):
            if data is not None:
                form.is_valid()
            expected = form.render(template_name="forms/govuk_form.html")
            assert normalise(form_html(form)) == normalise(expected), (step.slug, form.prefix)
            checked += 1
    assert checked > 20


def test_markup_escapes_what_people_typed(case):
    from setup_phase.forms import PartnerForm

    form = PartnerForm({"name": '<script>alert("x")</script>', "interests": "</textarea><b>"}, case=case)
    html = str(form)
    assert "<script>" not in html and "</textarea><b>" not in html
    assert "&lt;script&gt;" in html


def test_forms_in_templates_use_the_python_markup(case, monkeypatch):
    from setup_phase.forms import PartnerForm

    calls = []
    monkeypatch.setattr("asm_guide.wizard.rendering.form_html", lambda form: calls.append(form) or "")
    form = PartnerForm(case=case)
    str(form)
    form.__html__()
    assert len(calls) == 2

"""Bad input, tried systematically on every step of every part, from the step registry.

Every step (of every flow, including per-subject flows) receives very long strings, all of
Unicode, HTML and script, null bytes, negative and huge numbers, malformed dates, tampered
list counts and row ids, and ids of another case's records, both as fixed sweeps (one kind
of bad value in every field at once) and as hypothesis-generated mixtures. Whatever arrives:

- the answer is a page (200) or a redirect within the site (302), never a 500;
- a refused save shows errors (the page names what is wrong);
- what was stored renders escaped: no page ever carries script, style or event handlers;
- another case is never read (its text never appears) nor changed (rows compared before
  and after), and this case's rows never point at another case's rows.

Examples per step: ``FUZZ_EXAMPLES`` (default 10; fixed examples under CI=true). Each example
runs in a savepoint that is rolled back, so every example starts from the same case.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asm_guide.cases.models import Role, StrategyCase
from asm_guide.wizard.forms import (
    CachedModelChoiceField,
    CachedModelMultipleChoiceField,
    RowIdField,
    StepBundle,
)
from asm_guide.wizard.registry import StepContext, registry

from .factories import CaseFactory, MembershipFactory, UserFactory
from .generate import case_scoped_models, fill_case, snapshot, subject_for
from .helpers import sample_value, valid_post
from .test_production import inline_code

pytestmark = pytest.mark.django_db

OTHER = "Zzothercasezz"  # text only the other case holds: it must never appear in this case's pages
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
# CI replays the same examples every run (a new find must not block a merge by chance);
# local runs draw new ones each time, and FUZZ_EXAMPLES=200 searches harder.
DERANDOMIZE = os.environ.get("CI", "").lower() in ("1", "true")

EVERY_STEP = [
    pytest.param(flow, step, id=f"{flow.name}/{step.slug}")
    for part in registry.parts for flow in part.flows for step in flow.steps
]

SCRIPT = "<script>fz()</script>"
HTML = SCRIPT + "\"'><img src=x onerror=fz()><b style=x onmouseover=fz()>"
UNICODE = "Ünïcødé 𝕏 👩🏽‍🔬 مرحبا ‮gnp.exe‬ 中文 \u200b\ufeff\u0301 ﷽ \U0010fffd"


# --- The case under attack and the other case --------------------------------------------------


def foreign_references(case) -> list[str]:
    """Rows of ``case`` that point at a row of another case."""
    found = []
    scoped = set(case_scoped_models())
    for model in scoped:
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.name == "case" or target not in scoped or not (field.many_to_one or field.many_to_many):
                continue
            if field.auto_created and not field.concrete:
                continue
            bad = model.objects.filter(case=case).exclude(**{f"{field.name}__case": case}).exclude(
                **{f"{field.name}__isnull": True})
            found += [f"{model._meta.label}.{field.name} #{pk}" for pk in bad.values_list("pk", flat=True)]
    return found


@dataclass
class World:
    case: StrategyCase
    other: StrategyCase
    client: Client
    other_ids: dict  # model -> ids of the other case's rows
    other_rows: dict  # snapshot of the other case


@pytest.fixture
def world(db) -> World:
    editor = UserFactory(username="fuzz-editor")
    # Our case is the demo (every approach, a Minamata Party: every step of every part applies);
    # the other case is generated, its text marked so that a leak would show.
    case = CaseFactory(title="Ours", is_minamata_party=True, asgm_more_than_insignificant=True)
    other = CaseFactory(title=OTHER, country_name=OTHER)
    MembershipFactory(case=case, user=editor, role=Role.EDITOR)
    MembershipFactory(case=other, user=UserFactory(username="other-owner"), role=Role.OWNER)
    for app in ("setup_phase", "strategy", "implementation"):
        import_module(f"{app}.demo").load(case)
    fill_case(other, 2, marker=OTHER)
    client = Client()
    client.force_login(editor)
    other_ids = {model: [str(pk) for pk in model.objects.filter(case=other).values_list("pk", flat=True)]
                 for model in case_scoped_models()}
    return World(case, other, client, other_ids, snapshot(other))


def subject_of_step(flow, step, case):
    """The subject a per-subject step is tried on; a step for one approach only (the conflict
    risks: preconditions first) gets a subject with that approach."""
    if not flow.subject_model:
        return None
    subject = subject_for(flow, case)
    if not step.applies_when(StepContext(case=case, subject=subject)):
        from strategy.models import SubStrategy

        SubStrategy.objects.update_or_create(subtype=subject, defaults={"case": case, "approach": "preconditions"})
    return subject


# --- What a step's page posts, field by field -----------------------------------------------------


@dataclass(frozen=True)
class Slot:
    key: str
    kind: str  # text, number, date, choice, multi, bool, id, management, other
    model: type | None = None
    max_length: int | None = None
    unique: bool = False  # the field's value must differ between the rows of its list (a region's name)


def slot_kind(name: str, field: forms.Field) -> tuple[str, type | None]:
    if isinstance(field, RowIdField | forms.ModelChoiceField) and not isinstance(field, CachedModelChoiceField):
        return "id", field.queryset.model
    if isinstance(field, CachedModelMultipleChoiceField):
        return "multi", field.queryset.model
    if isinstance(field, CachedModelChoiceField):
        return "choice", field.queryset.model
    if isinstance(field, forms.MultipleChoiceField):
        return "multi", None
    if isinstance(field, forms.ChoiceField):
        return "choice", None
    if isinstance(field, forms.BooleanField):
        return "bool", None
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "number", None
    if isinstance(field, forms.DateField):
        return "date", None
    if type(field) is forms.CharField:
        return "text", None
    return "other", None


def base_post(step, case, subject) -> dict:
    """What the page would post unchanged, plus one new valid row in each list that can grow
    (where a new copy of a row would break a rule of the list, such as one entry per programme,
    the list is left as it is)."""
    data = valid_post(step, case, subject)
    bundle = StepBundle.for_step(step)(case=case, subject=subject)
    for name, formset in bundle.lists:
        total = int(data.get(f"{name}-TOTAL_FORMS", 0))
        if not getattr(formset, "can_add", True) or total >= formset.max_num:
            continue
        added = dict(data)
        for bound in formset.empty_form:
            if bound.field.required and not bound.field.disabled:
                added[bound.html_name.replace("__prefix__", str(total))] = sample_value(bound.field, bound.name)
        added[f"{name}-TOTAL_FORMS"] = str(total + 1)
        trial = StepBundle.for_step(step)(_multi(added), case=case, subject=subject)
        if trial.is_valid():
            data = added
    return data


def slots_of(step, case, subject, data) -> list[Slot]:
    bundle = StepBundle.for_step(step)(_multi(data), case=case, subject=subject)
    all_forms = [bundle.form] if bundle.form is not None else []
    slots = []
    for name, formset in bundle.lists:
        slots += [Slot(f"{name}-{key}", "management") for key in ("TOTAL_FORMS", "INITIAL_FORMS")]
        all_forms += list(formset.forms)
    for form in all_forms:
        for bound in form:
            if bound.field.disabled or bound.name == "DELETE":
                continue
            kind, model = slot_kind(bound.name, bound.field)
            slots.append(Slot(bound.html_name, kind, model, getattr(bound.field, "max_length", None),
                              getattr(bound.field, "unique_in_list", False)))
    return slots


def _multi(data: dict):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()})


# --- Posting and the properties every answer must have -------------------------------------------


def step_url(flow, step, world, subject):
    return flow.step_url(step, world.case, subject)


def check_page(html: str) -> None:
    assert inline_code(html) == [], "a page carries inline script or style"
    assert OTHER not in html, "another case's data appeared"


def post_and_check(world: World, flow, step, subject, data: dict, *, must_save: bool = False) -> None:
    url = step_url(flow, step, world, subject)
    response = world.client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    action = data.get("action", "continue") if isinstance(data.get("action"), str) else "continue"
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), location
        for page in (url, registry.part_of(flow).check_url(world.case)):
            shown = world.client.get(page)
            assert shown.status_code == 200
            check_page(shown.content.decode())
    else:
        assert not must_save, response.context["error_items"]
        check_page(response.content.decode())
        ctx = response.context
        if not action.startswith(("add:", "remove:", "undo:")) and not ctx.get("unavailable"):
            assert ctx["error_items"], "a refused save shows no error"
    assert snapshot(world.other) == world.other_rows, "another case was changed"
    assert foreign_references(world.case) == [], "this case now points at another case's rows"


def in_savepoint(check, *args, **kwargs):
    with transaction.atomic():
        try:
            check(*args, **kwargs)
        finally:
            transaction.set_rollback(True)


# --- Sweeps: one kind of bad value in every field at once ---------------------------------------


def fits(value: str, slot: Slot) -> str:
    if slot.unique:  # any text, but not the same text in two rows
        value = f"{slot.key} {value}"
    return value[: slot.max_length] if slot.max_length else value


SWEEPS = {
    # kind: (value for a slot or None to keep it, whether the save must succeed)
    "script-in-text": (lambda slot, w: fits(HTML, slot) if slot.kind == "text" else None, True),
    "unicode-in-text": (lambda slot, w: fits(UNICODE, slot) if slot.kind == "text" else None, True),
    "long-strings": (lambda slot, w: "Ω" * 5_000 if slot.kind not in ("management", "id") else None, False),
    "null-bytes": (lambda slot, w: "a\x00b" if slot.kind not in ("management", "id") else None, False),
    "script-everywhere": (lambda slot, w: SCRIPT if slot.kind not in ("management", "id") else None, False),
    "negative-numbers": (lambda slot, w: "-1" if slot.kind in ("number", "choice", "id", "multi") else None, False),
    "huge-numbers": (lambda slot, w: "9" * 40 if slot.kind in ("number", "choice", "id", "multi") else None, False),
    "not-numbers": (lambda slot, w: "1e400" if slot.kind == "number" else "NaN" if slot.kind == "id" else None,
                    False),
    "malformed-dates": (lambda slot, w: "2025-02-30" if slot.kind == "date" else None, False),
    "far-dates": (lambda slot, w: "99999-12-31" if slot.kind == "date" else None, False),
    "other-case-ids": (lambda slot, w: (w.other_ids.get(slot.model) or ["0"])[0]
                       if slot.kind in ("id", "choice", "multi") and slot.model else None, False),
    "negative-counts": (lambda slot, w: "-1" if slot.kind == "management" else None, False),
    "huge-counts": (lambda slot, w: "100000000" if slot.kind == "management" else None, False),
    "garbage-counts": (lambda slot, w: "many" if slot.kind == "management" else None, False),
    "missing-everything": (lambda slot, w: "", False),
}


@pytest.mark.parametrize(("flow", "step"), EVERY_STEP)
def test_sweeps(world, flow, step):
    """Each sweep in turn (rolled back after each), on one case built once for the step."""
    subject = subject_of_step(flow, step, world.case)
    available = step.available_when(StepContext(case=world.case, subject=subject))
    for sweep, (make, must_save) in SWEEPS.items():
        data = base_post(step, world.case, subject)
        changed = 0
        for slot in slots_of(step, world.case, subject, data):
            value = make(slot, world)
            if value is not None:
                data[slot.key] = value
                changed += 1
        data["action"] = "continue"
        try:
            in_savepoint(post_and_check, world, flow, step, subject, data,
                         must_save=must_save and changed > 0 and available)
        except AssertionError as error:
            raise AssertionError(f"sweep {sweep!r}: {error}") from error


@pytest.mark.parametrize(("flow", "step"), EVERY_STEP)
def test_stored_script_renders_escaped(world, flow, step):
    """The sweep above saves script in every text field; here we look for it, escaped."""
    subject = subject_of_step(flow, step, world.case)
    data = base_post(step, world.case, subject)
    text_slots = [slot for slot in slots_of(step, world.case, subject, data) if slot.kind == "text"]
    if not text_slots or not step.available_when(StepContext(case=world.case, subject=subject)):
        return  # nothing free-text to store on this step
    for slot in text_slots:
        data[slot.key] = fits(HTML, slot)

    def check():
        response = world.client.post(step_url(flow, step, world, subject), {**data, "action": "continue"})
        assert response.status_code == 302, response.context and response.context["error_items"]
        html = world.client.get(step_url(flow, step, world, subject)).content.decode()
        assert "&lt;script&gt;fz()" in html and SCRIPT not in html

    in_savepoint(check)


@pytest.mark.parametrize(("flow", "step"), EVERY_STEP)
def test_undecodable_bytes_are_not_a_500(world, flow, step):
    subject = subject_of_step(flow, step, world.case)
    body = b"action=continue&" + "&".join(f"{key}=%FF%FE\xff" for key in base_post(step, world.case, subject)
                                         ).encode("latin-1")
    url = step_url(flow, step, world, subject)

    def check():
        response = world.client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 302)
        assert snapshot(world.other) == world.other_rows

    in_savepoint(check)


def test_another_cases_subjects_are_not_found(world):
    """Per-subject steps: a subject of another case, in this case's URL, is 404 (read or write)."""
    for part in registry.parts:
        for flow in part.subject_flows:
            theirs = subject_for(flow, world.other)
            for step in flow.steps:
                url = flow.step_url(step, world.case, theirs)
                assert world.client.get(url).status_code == 404
                assert world.client.post(url, valid_post(step, world.other, theirs)).status_code == 404
    assert snapshot(world.other) == world.other_rows


# --- Hypothesis: mixtures of bad values ---------------------------------------------------------

any_text = st.text(st.characters(codec="utf-8"), max_size=60)
numbers = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e5", "1,000", " 12 ", "٣", "0x10", "-0", "1_000", "+5", "12.345678901234567890"]),
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2025-02-30", "0000-01-01", "9999-12-31", "10000-01-01", "2025-13-01", "31/12/2025",
                     "2025-1-1", "yesterday", "2025-02-28T25:00", "-2025-01-01"]),
)
markup = st.sampled_from([SCRIPT, HTML, "</textarea><script>fz()</script>", "\"><svg onload=fz()>",
                          "javascript:fz()", "{{ 7|add:7 }}{% debug %}", "%(label)s %s {0}"])
bad_text = st.one_of(
    any_text,
    markup,
    st.builds(lambda a, b: a + "\x00" + b, any_text, any_text),
    st.integers(256, 100_000).map(lambda n: "é" * n),
    st.just(UNICODE),
)


def value_for(slot: Slot, world: World):
    generic = st.one_of(bad_text, numbers, dates, st.just(""))
    ids = st.one_of(st.sampled_from(world.other_ids.get(slot.model) or ["0"]), numbers, st.just(""))
    if slot.kind in ("id", "choice"):
        return st.one_of(ids, generic)
    if slot.kind == "multi":
        return st.lists(st.one_of(ids, any_text), max_size=4)
    if slot.kind == "number":
        return st.one_of(numbers, generic)
    if slot.kind == "date":
        return st.one_of(dates, generic)
    if slot.kind == "management":
        return st.one_of(numbers, st.just(""), any_text)
    return generic


@pytest.mark.parametrize(("flow", "step"), EVERY_STEP)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(draw=st.data())
def test_generated_bad_input(world, flow, step, draw):
    subject = subject_of_step(flow, step, world.case)
    data = base_post(step, world.case, subject)
    slots = slots_of(step, world.case, subject, data)
    chosen = draw.draw(st.lists(st.sampled_from(slots), max_size=6, unique_by=lambda slot: slot.key), label="slots")
    for slot in chosen:
        data[slot.key] = draw.draw(value_for(slot, world), label=slot.key)
    names = [name for name, _formset in step.lists] or ["none"]
    data["action"] = draw.draw(st.one_of(
        st.sampled_from(["continue", "return"]),
        st.sampled_from(names).map(lambda n: f"add:{n}"),
        st.builds(lambda verb, n, i: f"{verb}:{n}-{i}", st.sampled_from(["remove", "undo"]), st.sampled_from(names),
                  st.integers(-2, 400)),
        any_text,
    ), label="action")
    extras = draw.draw(st.fixed_dictionaries({}, optional={
        "wizard_goto_step": st.one_of(st.sampled_from([s.slug for s in flow.steps] + ["task-list", "check-answers"]),
                                      any_text),
        "return_to": st.sampled_from(["https://evil.example/", "//evil.example/", "javascript:fz()",
                                      f"/cases/{world.other.pk}/", "/cases/"]),
    }), label="extras")
    data.update(extras)
    in_savepoint(post_and_check, world, flow, step, subject, data)


def test_the_checks_can_fail(world):
    """The properties above are not vacuous: a foreign reference and a changed other case are seen."""
    candidates = [
        (model.objects.filter(case=world.case).first(), field,
         field.related_model.objects.filter(case=world.other).first())
        for model in case_scoped_models() for field in model._meta.get_fields()
        if field.many_to_one and field.name != "case" and field.related_model in case_scoped_models()
    ]
    row, field, theirs = next((c for c in candidates if c[0] is not None and c[2] is not None), (None,) * 3)
    assert row is not None, "no filled row refers to another case-scoped record"
    with transaction.atomic():
        setattr(row, field.name, theirs)
        row.save()
        assert foreign_references(world.case)
        StrategyCase.objects.filter(pk=world.other.pk).update(title="changed")
        assert snapshot(world.other) != world.other_rows
        transaction.set_rollback(True)

"""Part 2 pages that lead back to the case, and the branches of the approach step: the
subtype's own figures beside the feasibility factors, optional answers that never hold a
step in progress, zones combined with market access, and preconditions first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asm_guide.wizard.registry import Status, StepContext
from strategy import feasibility as fz
from strategy import models as m
from strategy.forms import ObjectiveForm
from strategy.steps import FLOW, SUBSTRATEGY_FLOW
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db

ALL_YES = {code: fz.YES for code in fz.FACTOR_CODES}


@pytest.fixture
def subtype(case):
    return m.Subtype.objects.create(
        case=case, name="Forest rush gold", scale="micro_artisanal", activity="mining", minerals=["gold"],
        mobility="rush", est_miners=12000, sites=340, pct_women=Decimal("27.5"), official_channel_pct=Decimal("8"),
        production_value=Decimal("1.5"), production_unit="t/yr", lsm_overlap="yes")


# --- 2: the feasibility step shows the subtype's own figures --------------------------------------


def test_the_feasibility_step_shows_the_subtypes_own_figures(editor_client, case, subtype):
    response = editor_client.get(SUBSTRATEGY_FLOW.step_url("feasibility", case, subtype))
    html = response.content.decode()
    side = html.split('id="subtype-figures"', 1)[1].split("</section>", 1)[0]
    for text in ("Estimated number of miners", "12,000", "Number of sites", "340", "Mobility", "Rush",
                 "Women among the miners", "27.5%", "Share sold through official channels", "8%",
                 "Production estimate", "1.5 t/yr", "Overlap with large-scale mining licences"):
        assert text in side, text
    assert "(%)" not in side
    # Beside the factors they bear on: sites and miners at F2, mobility at F3, the official share at M.
    by_factor = response.context["figures_by_factor"]
    assert [row["value"] for row in by_factor["f2"]] == ["12,000", "340"]
    assert [row["value"] for row in by_factor["f3"]] == ["Rush"]
    assert "8%" in [row["value"] for row in by_factor["m"]]
    f3 = html.split('id="factor-f3-title"', 1)[1].split("</section>", 1)[0]
    assert "Rush" in f3 and f3.index("Rush") < f3.index('name="f3"')


def test_the_figures_are_written_in_the_readers_language(client_for, editor, case, subtype):
    from django.conf import settings

    client = client_for(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(SUBSTRATEGY_FLOW.step_url("feasibility", case, subtype)).content.decode()
    side = html.split('id="subtype-figures"', 1)[1].split("</section>", 1)[0]
    assert "12\u202f000" in side and "27,5\u00a0%" in side


def test_a_subtype_without_figures_says_so(editor_client, case):
    bare = m.Subtype.make_for_tests(case)
    context = editor_client.get(SUBSTRATEGY_FLOW.step_url("feasibility", case, bare)).context
    labels = [row["label"] for row in context["subtype_figures"]]
    assert "Estimated number of miners" not in labels and "Mobility" not in labels


# --- 5: optional answers never hold a step in progress ---------------------------------------------


def test_feasibility_without_evidence_notes_is_complete(editor_client, case, subtype):
    step = SUBSTRATEGY_FLOW.get("feasibility")
    data = {**valid_post(step, case, subtype), **ALL_YES, "action": "continue"}
    assert not any(key.endswith("_note") for key in data)
    assert editor_client.post(SUBSTRATEGY_FLOW.step_url(step, case, subtype), data).status_code == 302
    ctx = StepContext(case=case, subject=subtype)
    assert step.missing(ctx) == []
    assert step.status(ctx) == Status.COMPLETED


def _required_only(step, case, subject):
    return {**valid_post(step, case, subject), "action": "continue"}


@pytest.mark.parametrize("slug", [step.slug for step in SUBSTRATEGY_FLOW.steps])
def test_a_substrategy_step_with_its_required_answers_is_complete(editor_client, case, subtype, slug):
    """Whatever a step's form does not require, and does not label as needed, cannot be what keeps
    the step in progress."""
    m.FeasibilityAssessment.objects.create(case=case, subtype=subtype, **ALL_YES)
    step = SUBSTRATEGY_FLOW.get(slug)
    ctx = StepContext(case=case, subject=subtype)
    if not step.applies_when(ctx):
        pytest.skip("the step does not apply to this subtype")
    response = editor_client.post(SUBSTRATEGY_FLOW.step_url(step, case, subtype), _required_only(step, case, subtype))
    assert response.status_code == 302
    assert step.missing(StepContext(case=case, subject=subtype)) == []


@pytest.mark.parametrize("slug", [step.slug for step in FLOW.steps])
def test_a_main_step_is_complete_with_its_required_answers_and_those_labelled_needed(editor_client, case, slug):
    step = FLOW.get(slug)
    data = _required_only(step, case, None)
    if slug == "vision":
        data["horizon_year"] = "2035"
    if slug == "objectives":
        data.update({"objectives-0-indicator": "Licensed operations", "objectives-0-unit": "operations",
                     "objectives-0-baseline_value": "450", "objectives-0-target_value": "900",
                     "objectives-0-target_date": "2030-12-31"})
    response = editor_client.post(FLOW.step_url(step, case), data)
    assert response.status_code == 302
    assert step.missing(StepContext(case=case)) == []


def test_the_fields_an_objective_needs_to_be_complete_are_labelled_so(editor_client, case):
    html = editor_client.get(FLOW.step_url("objectives", case)).content.decode()
    form = ObjectiveForm(case=case, prefix="objectives-0")
    for name in ("indicator", "unit", "baseline_value", "target_value", "target_date"):
        assert not form.fields[name].required and form.fields[name].needed_to_complete
        label = html.split(f'for="id_objectives-0-{name}"', 1)[1].split("</label>", 1)[0]
        assert "(needed to complete this part)" in label and "(optional)" not in label, name
    label = html.split('for="id_objectives-0-data_source"', 1)[1].split("</label>", 1)[0]
    assert "(optional)" in label

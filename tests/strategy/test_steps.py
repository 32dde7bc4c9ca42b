"""Registry-driven tests for the Part 2 steps (main flow and the per-subtype substrategy flow),
then the rules that matter most: override justification, mismatch, safe subtype removal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from asm_guide.content import guidance_for
from asm_guide.wizard.registry import Status, StepContext
from setup_phase import models as p1
from strategy import feasibility as fz
from strategy import models as m
from strategy.steps import FLOW, PART, SUBSTRATEGY_FLOW
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db
ALL_STEPS = [(FLOW, step) for step in FLOW.steps] + [(SUBSTRATEGY_FLOW, step) for step in SUBSTRATEGY_FLOW.steps]
EACH_STEP = pytest.mark.parametrize(("flow", "step"), ALL_STEPS, ids=[f"{f.name}-{s.slug}" for f, s in ALL_STEPS])

ALL_YES = {code: fz.YES for code in fz.FACTOR_CODES}
S2_VECTOR = {"f1": "yes", "f2": "yes", "f3": "yes", "f4": "yes", "f5": "partly", "f6": "partly", "f7": "partly",
             "z": "", "m": "yes"}
# Answers the generic sample values cannot give (a horizon year after the strategy's start).
SAMPLE_OVERRIDES = {"vision": {"horizon_year": "2035"},
                    # The first answer is "Red flags found", which needs its note.
                    "conflict-risks": {f"oecd_{code}_note": "Sample answer" for code in (
                        "abuses", "armed_groups", "security_forces", "bribery", "laundering", "taxes")}}
S5_VECTOR = {**{code: fz.NO for code in fz.CORE_FACTORS}, "f7": "yes", "z": "no", "m": "yes"}


@pytest.fixture
def subtype(case):
    return m.Subtype.make_for_tests(case)


@pytest.fixture
def study(case):
    return p1.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity")


@pytest.fixture
def finding(case, study):
    return p1.ResearchFinding.objects.create(case=case, study=study, topic="inspectors", value=22,
                                             unit="inspectors", text="22 inspectors for 2,100 sites")


@pytest.fixture
def assessment(case, subtype):
    return m.FeasibilityAssessment.objects.create(case=case, subtype=subtype, **ALL_YES)


def url_for(flow, step, case, subject=None):
    return flow.step_url(step, case, subject if flow.subject_model else None)


def error_codes(response) -> set[str]:
    bundle = response.context["bundle"]
    codes = set()
    if bundle.form is not None:
        codes |= {e.code for errors in bundle.form.errors.as_data().values() for e in errors}
    for _name, formset in bundle.lists:
        codes |= {e.code for e in formset.non_form_errors().as_data()}
        for form in formset.forms:
            codes |= {e.code for errors in form.errors.as_data().values() for e in errors}
    return codes


def subject_of(flow, subtype):
    return subtype if flow.subject_model else None


def make_applicable(flow, step, case, subtype):
    """A step that applies to some subtypes only (the conflict risks: preconditions first) is
    tested on a subtype it applies to."""
    if flow.subject_model and not step.applies_when(StepContext(case=case, subject=subtype)):
        m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions",
                                     approach_recommended="preconditions")
        assert step.applies_when(StepContext(case=case, subject=subtype))


# --- registry-driven -----------------------------------------------------------------------------


@EACH_STEP
def test_every_step_has_guidance(flow, step):
    guidance = guidance_for("strategy", step.guidance_slug, language="en")
    assert guidance.title and guidance.body and not guidance.is_fallback


@EACH_STEP
def test_every_step_renders_for_an_editor(flow, step, editor_client, case, subtype, assessment, finding):
    make_applicable(flow, step, case, subtype)
    response = editor_client.get(url_for(flow, step, case, subtype))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1 class=\"heading-l\">{step.title}</h1>" in html
    assert 'id="step-form"' in html and "novalidate" in html
    if flow.subject_model:
        assert subtype.name in html


@EACH_STEP
def test_empty_post_shows_errors_with_codes(flow, step, editor_client, case, subtype, assessment):
    make_applicable(flow, step, case, subtype)
    response = editor_client.post(url_for(flow, step, case, subtype), {"action": "continue"})
    assert response.status_code == 200
    expected = {"required"} if step.form is not None else {"missing_management_form"}
    assert expected <= error_codes(response)
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error:" in html


@EACH_STEP
def test_valid_post_saves_and_goes_to_the_next_step(flow, step, editor_client, editor, case, subtype, assessment):
    make_applicable(flow, step, case, subtype)
    subject = subject_of(flow, subtype)
    data = {**valid_post(step, case, subject), **SAMPLE_OVERRIDES.get(step.slug, {})}
    response = editor_client.post(url_for(flow, step, case, subtype), {**data, "action": "continue"})
    assert response.status_code == 302, error_codes(response)
    index = flow.steps.index(step)
    after = [following for following in flow.steps[index + 1:]
             if following.applies_when(StepContext(case=case, subject=subject))]
    if after:
        expected = url_for(flow, after[0], case, subtype)
    elif flow.subject_model:
        expected = reverse("cases:task-list", args=[case.pk])
    else:
        expected = reverse("strategy:check-answers", args=[case.pk])
    assert response["Location"] == expected
    assert step.status(StepContext(case=case, subject=subject)) != Status.NOT_STARTED
    fresh = Client()
    fresh.force_login(editor)
    page = fresh.get(url_for(flow, step, case, subtype))
    assert page.status_code == 200
    if "Sample answer" in data.values():
        assert "Sample answer" in page.content.decode()


@EACH_STEP
def test_reviewer_cannot_post(flow, step, reviewer_client, case, subtype, assessment):
    make_applicable(flow, step, case, subtype)
    subject = subject_of(flow, subtype)
    before = step.status(StepContext(case=case, subject=subject))
    response = reviewer_client.post(url_for(flow, step, case, subtype), valid_post(step, case, subject))
    assert response.status_code == 403
    assert step.status(StepContext(case=case, subject=subject)) == before


def test_a_subtype_of_another_case_is_404(editor_client, case):
    from tests.factories import CaseFactory

    foreign = m.Subtype.make_for_tests(CaseFactory())
    url = SUBSTRATEGY_FLOW.step_url("feasibility", case, foreign)
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url, {**ALL_YES, "action": "continue"}).status_code == 404
    assert not m.FeasibilityAssessment.objects.exists()


# --- the task list and the subtype flow ------------------------------------------------------------


def test_each_subtype_has_its_rows_on_the_task_list(editor_client, case):
    first = m.Subtype.objects.create(case=case, name="Highlands tin", scale="small_scale", activity="mining")
    second = m.Subtype.objects.create(case=case, name="Forest rush gold", scale="micro_artisanal", activity="mining")
    response = editor_client.get(reverse("cases:task-list", args=[case.pk]))
    html = response.content.decode()
    for subtype in (first, second):
        assert subtype.name in html
        for step in SUBSTRATEGY_FLOW.steps:
            if step.slug not in ("approach", "conflict-risks"):
                assert SUBSTRATEGY_FLOW.step_url(step, case, subtype) in html
    part = next(progress for progress in response.context["parts"] if progress.part is PART)
    statuses = {(group.subject.name, row.step.slug): row.status for group in part.groups for row in group.rows}
    assert statuses[("Highlands tin", "approach")] == Status.CANNOT_START
    assert statuses[("Forest rush gold", "feasibility")] == Status.NOT_STARTED


def test_approach_cannot_start_before_feasibility(editor_client, case, subtype):
    url = SUBSTRATEGY_FLOW.step_url("approach", case, subtype)
    response = editor_client.get(url)
    assert 'id="step-form"' not in response.content.decode()
    response = editor_client.post(url, {"approach": "zones", "action": "continue"})
    assert response.status_code == 200
    assert not m.SubStrategy.objects.exists()


# --- approach: recommendation, override, mismatch ---------------------------------------------------


def post_feasibility(client, case, subtype, vector):
    data = {**valid_post(SUBSTRATEGY_FLOW.get("feasibility"), case, subtype), **vector, "action": "continue"}
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post(SUBSTRATEGY_FLOW.step_url("feasibility", case, subtype), data)
    assert response.status_code == 302, error_codes(response)


def test_the_page_shows_the_recommendation_with_reasons_as_the_tools_aid(editor_client, case, subtype):
    post_feasibility(editor_client, case, subtype, S2_VECTOR)
    response = editor_client.get(SUBSTRATEGY_FLOW.step_url("approach", case, subtype))
    recommendation = response.context["recommendation"]
    assert recommendation.approach == fz.MARKET_ACCESS
    assert "not_feasible_everywhere" in recommendation.codes
    html = response.content.decode()
    assert 'id="recommendation"' in html
    assert "not the text of the IGF Guidance" in html
    # The recommended option is marked among the choices.
    assert html.index('value="market_access"') < html.index("Recommended by this tool") < html.index(
        'value="preconditions"')
    for reason in recommendation.reasons:
        assert reason.text.split(":")[0] in html


def test_an_override_needs_a_written_justification(editor_client, case, subtype):
    post_feasibility(editor_client, case, subtype, S2_VECTOR)
    url = SUBSTRATEGY_FLOW.step_url("approach", case, subtype)
    response = editor_client.post(url, {"approach": "license_regulate", "action": "continue"})
    assert response.status_code == 200
    assert "override_justification_missing" in error_codes(response)
    assert 'href="#id_override_justification"' in response.content.decode()
    assert not m.SubStrategy.objects.filter(subtype=subtype).exclude(approach="").exists()
    response = editor_client.post(url, {"approach": "license_regulate", "override_justification": "Mills are few",
                                        "legal_reform": "on", "action": "continue"})
    assert response.status_code == 302
    row = m.SubStrategy.objects.get(subtype=subtype)
    assert (row.approach, row.approach_recommended, row.is_override, row.legal_reform) == (
        "license_regulate", "market_access", True, True)


def test_accepting_the_recommendation_needs_no_justification(editor_client, case, subtype):
    post_feasibility(editor_client, case, subtype, S2_VECTOR)
    response = editor_client.post(SUBSTRATEGY_FLOW.step_url("approach", case, subtype),
                                  {"approach": "market_access", "action": "continue"})
    assert response.status_code == 302
    assert not m.SubStrategy.objects.get(subtype=subtype).is_override


def test_editing_feasibility_after_the_choice_flags_a_mismatch_and_keeps_the_choice(editor_client, case, subtype):
    post_feasibility(editor_client, case, subtype, ALL_YES)
    url = SUBSTRATEGY_FLOW.step_url("approach", case, subtype)
    assert editor_client.post(url, {"approach": "license_regulate", "action": "continue"}).status_code == 302
    step = SUBSTRATEGY_FLOW.get("approach")
    assert step.status(StepContext(case=case, subject=subtype)) == Status.COMPLETED

    post_feasibility(editor_client, case, subtype, S5_VECTOR)
    row = m.SubStrategy.objects.get(subtype=subtype)
    assert (row.approach, row.approach_recommended) == ("license_regulate", "license_regulate")
    response = editor_client.get(url)
    assert response.context["mismatch"].approach == fz.MARKET_ACCESS
    assert 'id="mismatch-title"' in response.content.decode()
    ctx = StepContext(case=case, subject=subtype)
    assert step.status(ctx) == Status.IN_PROGRESS
    assert str(fz.APPROACH_LABELS[fz.MARKET_ACCESS]) in step.missing(ctx)[0]

    # Keeping the choice is now an override, and saving it again clears the mismatch.
    response = editor_client.post(url, {"approach": "license_regulate", "action": "continue"})
    assert "override_justification_missing" in error_codes(response)
    editor_client.post(url, {"approach": "license_regulate", "override_justification": "Security restored",
                             "action": "continue"})
    assert editor_client.get(url).context["mismatch"] is None
    assert step.status(StepContext(case=case, subject=subtype)) == Status.COMPLETED


# --- feasibility beside the findings ------------------------------------------------------------------


def test_each_factor_is_shown_beside_the_findings_that_bear_on_it(editor_client, case, study):
    north = p1.Region.objects.create(case=case, name="Northern Highlands")
    southern = p1.Region.objects.create(case=case, name="Southern Forest")
    subtype = m.Subtype.objects.create(case=case, name="Highlands tin", scale="small_scale", activity="mining",
                                       minerals=["tin"])
    subtype.regions.set([north])
    inspectors = p1.ResearchFinding.objects.create(case=case, study=study, topic="inspectors", value=22,
                                                   unit="inspectors", text="22 inspectors nationally")
    south = p1.ResearchFinding.objects.create(case=case, study=study, topic="offices", text="No office in the South",
                                              region=southern)
    r7 = p1.ResearchStudy.objects.create(case=case, research_type="R7", status="validated")
    land = p1.ResearchFinding.objects.create(case=case, study=r7, topic="land_overlap", text="No overlap in the north",
                                             region=north, mineral="tin")
    response = editor_client.get(SUBSTRATEGY_FLOW.step_url("feasibility", case, subtype))
    evidence = response.context["evidence"]
    assert evidence["f1"] == [inspectors]
    assert land in evidence["f4"] and land in evidence["z"] and land not in evidence["f1"]
    assert south not in evidence["f1"]
    assert response.context["hidden_count"] == 1
    html = response.content.decode()
    assert html.index("22 inspectors nationally") < html.index('name="f1"')


# --- objectives and baselines ------------------------------------------------------------------------


def test_a_baseline_chosen_from_a_finding_takes_its_value(editor_client, case, finding):
    step = FLOW.get("objectives")
    data = valid_post(step, case)
    data.update({"objectives-0-title": "Inspect every site", "objectives-0-indicator": "Inspectors",
                 "objectives-0-baseline_finding": str(finding.pk), "objectives-0-target_value": "60",
                 "objectives-0-target_date": "2029-12-31"})
    response = editor_client.post(FLOW.step_url(step, case), data)
    assert response.status_code == 302, error_codes(response)
    objective = m.Objective.objects.get(case=case)
    assert objective.baseline_value == Decimal("22") and objective.unit == "inspectors"
    assert objective.indicator_missing == []
    assert step.status(StepContext(case=case)) == Status.COMPLETED


def test_another_cases_finding_cannot_be_a_baseline(editor_client, case):
    from tests.factories import CaseFactory

    other = CaseFactory()
    study = p1.ResearchStudy.objects.create(case=other, research_type="R1", status="validated")
    foreign = p1.ResearchFinding.objects.create(case=other, study=study, topic="sites", text="Elsewhere")
    step = FLOW.get("objectives")
    data = valid_post(step, case)
    data["objectives-0-baseline_finding"] = str(foreign.pk)
    assert "invalid_choice" in error_codes(editor_client.post(FLOW.step_url(step, case), data))


def test_an_objective_without_indicator_is_missing(case):
    m.Objective.objects.create(case=case, title="Cleaner rivers", goal_area="environment_mercury")
    step = FLOW.get("objectives")
    ctx = StepContext(case=case)
    assert step.status(ctx) == Status.IN_PROGRESS
    assert "Cleaner rivers" in step.missing(ctx)[0]


# --- industrial strategy rules -------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "code"), [
    ({"start_year": "2020"}, "outside_strategy_period"),
    ({"end_year": "2045"}, "outside_strategy_period"),
    ({"start_year": "2028", "end_year": "2027"}, "end_before_start"),
    ({"conditional": "on", "condition": ""}, "condition_missing"),
    ({"budget": "1000", "funding_source": ""}, "funding_source_missing"),
])
def test_programme_rules(editor_client, case, subtype, changes, code):
    step = SUBSTRATEGY_FLOW.get("industrial-strategy")
    data = valid_post(step, case, subtype)
    data.update({f"programs-0-{key}": value for key, value in changes.items()})
    data = {key: value for key, value in data.items() if value != ""}
    response = editor_client.post(SUBSTRATEGY_FLOW.step_url(step, case, subtype), data)
    assert code in error_codes(response)
    assert not m.AssistanceProgram.objects.exists()


def test_a_programme_partner_comes_from_this_case(editor_client, case, subtype):
    from tests.factories import CaseFactory

    mine = p1.Partner.objects.create(case=case, name="Ours", partner_type="ngo")
    theirs = p1.Partner.objects.create(case=CaseFactory(), name="Theirs", partner_type="ngo")
    step = SUBSTRATEGY_FLOW.get("industrial-strategy")
    url = SUBSTRATEGY_FLOW.step_url(step, case, subtype)
    data = valid_post(step, case, subtype)
    data["programs-0-partner"] = str(theirs.pk)
    assert "invalid_choice" in error_codes(editor_client.post(url, data))
    data["programs-0-partner"] = str(mine.pk)
    assert editor_client.post(url, data).status_code == 302
    assert m.AssistanceProgram.objects.get(subtype=subtype).partner == mine


# --- subtypes: hint and safe removal ------------------------------------------------------------------


def test_subtype_count_hint(editor_client, case, subtype):
    url = FLOW.step_url("subtypes", case)
    assert editor_client.get(url).context["too_few"] is True
    m.Subtype.objects.bulk_create(m.Subtype(case=case, name=f"S{i}", scale="mixed", activity="mixed")
                                  for i in range(10))
    context = editor_client.get(url).context
    assert context["too_few"] is False and context["too_many"] is True


def test_an_added_subtype_row_starts_with_the_first_rows_defaults(editor_client, case, subtype):
    """Regression (found by the browser journey): "Add another subtype" showed the new row's
    choices that default to "Not known" unanswered, so filling it in like the first row failed
    with "Select children present", and an added row left empty was refused instead of ignored."""
    step = FLOW.get("subtypes")
    url = FLOW.step_url(step, case)
    first = editor_client.get(url).context["bundle"].lists[0][1].forms[0]
    assert first["children_present"].value() == "unknown"  # a saved row: its own value
    data = valid_post(step, case)
    response = editor_client.post(url, {**data, "action": "add:subtypes"})
    added = response.context["bundle"].lists[0][1].forms[1]
    assert (added["children_present"].value(), added["lsm_overlap"].value()) == ("unknown", "unknown")
    html = response.content.decode()
    assert 'name="subtypes-1-children_present" value="unknown" id="id_subtypes-1-children_present_2" checked' in html

    # Left as added, the row is ignored; filled in like the first row, it is saved.
    posted = {key: value for key, value in response.context["bundle"].lists[0][1].data.lists()}
    assert editor_client.post(url, {**posted, "action": "continue"}).status_code == 302
    assert m.Subtype.objects.filter(case=case).count() == 1
    posted.update({"subtypes-1-name": "Riverlands gold", "subtypes-1-minerals": ["gold"],
                   "subtypes-1-scale": "mixed", "subtypes-1-activity": "mining", "action": "continue"})
    assert editor_client.post(url, posted).status_code == 302
    assert m.Subtype.objects.get(case=case, name="Riverlands gold").children_present == "unknown"


def test_removing_a_subtype_without_substrategy_needs_no_confirmation(editor_client, case, subtype):
    step = FLOW.get("subtypes")
    data = {**valid_post(step, case), "subtypes-0-DELETE": "on", "action": "continue"}
    assert editor_client.post(FLOW.step_url(step, case), data).status_code == 302
    assert not m.Subtype.objects.exists()


def test_removing_a_subtype_with_a_substrategy_asks_for_confirmation_naming_what_goes(editor_client, case, subtype,
                                                                                       assessment):
    m.AssistanceProgram.objects.create(case=case, subtype=subtype, program_type="transport", title="Feeder roads")
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="license_regulate",
                                 approach_recommended="license_regulate")
    step = FLOW.get("subtypes")
    url = FLOW.step_url(step, case)
    data = valid_post(step, case)
    response = editor_client.post(url, {**data, "action": "remove:subtypes-0"})
    html = response.content.decode()
    assert "will be removed when you save" in html
    assert "Feeder roads" in html and "feasibility answers" in html and "License and regulate" in html
    assert 'name="subtypes-0-confirm_removal"' in html
    assert m.Subtype.objects.filter(pk=subtype.pk).exists()

    data["subtypes-0-DELETE"] = "on"
    response = editor_client.post(url, {**data, "action": "continue"})
    assert response.status_code == 200
    assert "removal_not_confirmed" in error_codes(response)
    assert "Feeder roads" in response.content.decode()
    assert m.Subtype.objects.filter(pk=subtype.pk).exists()
    assert m.AssistanceProgram.objects.filter(subtype=subtype).exists()

    response = editor_client.post(url, {**data, "subtypes-0-confirm_removal": "on", "action": "continue"})
    assert response.status_code == 302
    assert not m.Subtype.objects.exists()
    assert not m.AssistanceProgram.objects.exists() and not m.FeasibilityAssessment.objects.exists()
    assert not m.SubStrategy.objects.exists()


def test_undo_keeps_the_subtype(editor_client, case, subtype, assessment):
    step = FLOW.get("subtypes")
    data = {**valid_post(step, case), "subtypes-0-DELETE": "on", "action": "undo:subtypes-0"}
    response = editor_client.post(FLOW.step_url(step, case), data)
    assert "will be removed" not in response.content.decode()
    assert m.Subtype.objects.filter(pk=subtype.pk).exists()


# --- check answers --------------------------------------------------------------------------------


def test_check_answers_lists_the_consistency_problems(editor_client, case, subtype, finding):
    m.Objective.objects.create(case=case, title="Cleaner rivers", goal_area="environment_mercury")
    url = reverse("strategy:check-answers", args=[case.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert page.context["unused_findings"] == [finding]
    assert finding.text in page.content.decode()
    response = editor_client.post(url)
    assert response.status_code == 200
    messages = [message for _url, message in response.context["missing"]]
    assert any("Cleaner rivers" in message for message in messages)
    assert any(subtype.name in message and "assistance programme" in message for message in messages)
    assert any(subtype.name in message and "Choose an approach" in message for message in messages)
    assert any(finding.text in message for message in messages)

    subtype.findings.add(finding)
    assert editor_client.get(url).context["unused_findings"] == []


def test_demo_part_two_matches_the_guidance_and_can_be_marked_complete(editor_client, case):
    from setup_phase import demo as setup_demo
    from strategy import demo

    setup_demo.load(case)
    demo.load(case)
    demo.load(case)  # idempotent
    assert m.Vision.objects.get(case=case).horizon_year == 2035
    objectives = list(m.Objective.objects.filter(case=case))
    assert len(objectives) == 7 and all(not objective.indicator_missing for objective in objectives)
    assert sum(1 for objective in objectives if objective.baseline_finding_id) == 5
    subtypes = list(m.Subtype.objects.filter(case=case))
    assert len(subtypes) == 6
    expected = {
        "S1": ("Y Y Y Y P Y Y", "", "yes", "license_regulate", "license_regulate"),
        "S2": ("Y Y Y Y P P P", "", "yes", "license_regulate", "market_access"),
        "S3": ("P P Y P N P Y", "yes", "yes", "zones", "zones"),
        "S4": ("N N P P N P Y", "yes", "partly", "zones", "zones"),
        "S5": ("N N N N N N Y", "no", "yes", "market_access", "market_access"),
        "S6": ("Y Y Y Y P Y P", "", "", "license_regulate", "license_regulate"),
    }
    letters = {"Y": "yes", "P": "partly", "N": "no"}
    for subtype in subtypes:
        scores, z, market, approach, recommended = expected[subtype.name.split()[0]]
        assessment = m.FeasibilityAssessment.objects.get(subtype=subtype)
        assert [getattr(assessment, code) for code in fz.FACTOR_CODES] == [letters[s] for s in scores.split()]
        assert (assessment.z, assessment.m) == (z, market)
        assert assessment.recommendation().approach == recommended
        row = m.SubStrategy.objects.get(subtype=subtype)
        assert (row.approach, row.approach_recommended) == (approach, recommended)
        assert row.is_override is (subtype.name.startswith("S2"))
        if row.is_override:
            assert row.override_justification and row.legal_reform
        assert m.AssistanceProgram.objects.filter(subtype=subtype).exists()
    assert {row.approach for row in m.SubStrategy.objects.filter(case=case)} == {
        "license_regulate", "zones", "market_access"}
    programs = m.AssistanceProgram.objects.filter(case=case)
    assert programs.filter(conditional=True).exists() and programs.filter(conditional=False).exists()
    assert programs.get(title__startswith="50% subsidy").partner.name == "GoldFuture Programme"

    url = reverse("strategy:check-answers", args=[case.pk])
    page = editor_client.get(url)
    assert page.context["unused_findings"] == []
    response = editor_client.post(url)
    assert response.status_code == 302, response.context["missing"]


def test_finding_choices_show_only_this_cases_findings(editor_client, case, subtype, finding):
    from tests.factories import CaseFactory

    other = CaseFactory()
    study = p1.ResearchStudy.objects.create(case=other, research_type="R1", status="validated")
    p1.ResearchFinding.objects.create(case=other, study=study, topic="sites", text="Secret finding elsewhere")
    for flow, slug in ((SUBSTRATEGY_FLOW, "feasibility"), (FLOW, "subtypes"), (FLOW, "objectives")):
        html = editor_client.get(url_for(flow, flow.get(slug), case, subtype)).content.decode()
        assert finding.text in html
        assert "Secret finding elsewhere" not in html


@pytest.mark.parametrize(("changes", "code"), [
    ({"horizon_year": "2020"}, "horizon_before_start"),
    ({"horizon_year": "2035", "stance": "varies", "stance_note": ""}, "stance_note_missing"),
])
def test_vision_rules(editor_client, case, changes, code):
    step = FLOW.get("vision")
    data = {**valid_post(step, case), **changes}
    data = {key: value for key, value in data.items() if value != ""}
    assert code in error_codes(editor_client.post(FLOW.step_url(step, case), data))
    assert not m.Vision.objects.exists()

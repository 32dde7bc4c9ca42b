"""Registry-driven tests for the Part 3 steps, then the rules that matter most: which steps a
case sees per approach, proposed actions, dependency cycles, dates and money, deleting what
is referenced elsewhere, ordered tiers, the compliance-cost warning and the demo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from asm_guide.content import guidance_for
from asm_guide.wizard.registry import Status, StepContext
from implementation import models as m
from implementation import rules
from implementation.steps import FLOW
from setup_phase import models as p1
from strategy import models as p2
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db
EACH_STEP = pytest.mark.parametrize("step", FLOW.steps, ids=[step.slug for step in FLOW.steps])

# Answers the generic sample values cannot give: years within the strategy period (2026–2030).
SAMPLE_OVERRIDES = {
    "leverage": {"leverage-0-from_year": "2027"},
    "further-assistance": {"further-0-start_year": "2027"},
    "action-plan": {"actions-0-start_year": "2026", "actions-0-end_year": "2027", "actions-0-funding": "government"},
}


def make_subtype(case, name, approach, *, legal_reform=False, **feasibility):
    subtype = p2.Subtype.objects.create(case=case, name=name, scale="mixed", activity="mining", minerals=["gold"])
    if approach:
        p2.SubStrategy.objects.create(case=case, subtype=subtype, approach=approach, approach_recommended=approach,
                                      legal_reform=legal_reform)
    if feasibility:
        scores = {code: "yes" for code in ("f1", "f2", "f3", "f4", "f5", "f6", "f7")}
        p2.FeasibilityAssessment.objects.create(case=case, subtype=subtype, **{**scores, **feasibility})
    return subtype


@pytest.fixture
def world(case):
    """A case where every Part 3 step applies: one subtype per approach, a programme, a scheme,
    and the Minamata flags set."""
    case.is_minamata_party = case.asgm_more_than_insignificant = True
    case.save()
    partner = p1.Partner.objects.create(case=case, name="Bank", partner_type="multilateral")
    tin = make_subtype(case, "S1 Tin", "license_regulate", legal_reform=True)
    river = make_subtype(case, "S4 River gold", "zones", f5="no")
    forest = make_subtype(case, "S5 Forest gold", "market_access")
    program = p2.AssistanceProgram.objects.create(
        case=case, subtype=tin, program_type="equipment", title="Kits", budget=Decimal("1000"), partner=partner,
        funding_source="Bank", start_year=2027, end_year=2028, conditional=True, condition="Licence")
    scheme = m.MarketAccessScheme.objects.create(case=case, subtype=forest, name="CBL buying",
                                                 chokepoint_type="central_bank", operator="CBL")
    m.Regulation.objects.create(case=case, title="Safety", category="health_safety", requirement="Bench the pits")
    return {"case": case, "tin": tin, "river": river, "forest": forest, "program": program, "scheme": scheme,
            "partner": partner}


def existing_rows_only(step, case) -> dict:
    """What the page posts when no new row is added: the saved rows as they are."""
    data = valid_post(step, case)
    for name, _formset in step.lists:
        initial = int(data[f"{name}-INITIAL_FORMS"])
        data[f"{name}-TOTAL_FORMS"] = str(initial)
        data = {key: value for key, value in data.items() if not (
            key.startswith(f"{name}-") and key.split("-")[1].isdigit() and int(key.split("-")[1]) >= initial)}
    return data


def url(step, case) -> str:
    return FLOW.step_url(step, case)


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


def non_form_errors(response, name) -> list[str]:
    return [str(message) for message in dict(response.context["bundle"].lists)[name].non_form_errors()]


# --- registry-driven ---------------------------------------------------------------------------------


@EACH_STEP
def test_every_step_has_guidance(step):
    guidance = guidance_for("implementation", step.guidance_slug, language="en")
    assert guidance.title and guidance.body and not guidance.is_fallback


@EACH_STEP
def test_every_step_renders_for_an_editor(step, editor_client, world):
    response = editor_client.get(url(step, world["case"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1 class=\"heading-l\">{step.title}</h1>" in html
    assert 'id="step-form"' in html and "novalidate" in html


@EACH_STEP
def test_empty_post_shows_errors_with_codes(step, editor_client, world):
    response = editor_client.post(url(step, world["case"]), {"action": "continue"})
    if not step.lists and not any(field.required for field in step.form.base_fields.values()):
        assert response.status_code == 302  # nothing is required on this page
        return
    assert response.status_code == 200
    required = step.form is not None and any(field.required for field in step.form.base_fields.values())
    expected = {"required"} if required else {"missing_management_form"}
    assert expected <= error_codes(response)
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error:" in html


@EACH_STEP
def test_valid_post_saves_and_goes_to_the_next_step(step, editor_client, editor, world):
    case = world["case"]
    m.Regulation.objects.create(case=case, title="Permit", category="licensing", requirement="Hold a permit")
    m.Indicator.objects.create(case=case, name="Licences")
    data = {**valid_post(step, case), **SAMPLE_OVERRIDES.get(step.slug, {})}
    response = editor_client.post(url(step, case), {**data, "action": "continue"})
    assert response.status_code == 302, error_codes(response)
    index = FLOW.steps.index(step)
    following = FLOW.steps[index + 1] if index + 1 < len(FLOW.steps) else None
    expected = url(following, case) if following else reverse("implementation:check-answers", args=[case.pk])
    assert response["Location"] == expected
    assert step.status(StepContext(case=case)) != Status.NOT_STARTED
    fresh = Client()
    fresh.force_login(editor)
    page = fresh.get(url(step, case))
    assert page.status_code == 200
    if "Sample answer" in data.values():
        assert "Sample answer" in page.content.decode()


@EACH_STEP
def test_reviewer_cannot_post(step, reviewer_client, world):
    case = world["case"]
    before = step.status(StepContext(case=case))
    assert reviewer_client.get(url(step, case)).status_code == 200
    assert reviewer_client.post(url(step, case), valid_post(step, case)).status_code == 403
    assert step.status(StepContext(case=case)) == before


def test_outsider_gets_404(outsider_client, world):
    assert outsider_client.get(url(FLOW.get("action-plan"), world["case"])).status_code == 404


# --- which steps a case sees ------------------------------------------------------------------------

BASE = ["training", "leverage", "further-assistance", "action-plan", "monitoring"]


@pytest.mark.parametrize(("approaches", "flags", "expected"), [
    ([], (False, False), BASE),
    (["preconditions"], (False, False), BASE),
    (["license_regulate"], (False, False), ["regulations", "adjust-regulations", *BASE]),
    (["zones"], (False, False), ["regulations", "adjust-regulations", *BASE[:3], "zones", *BASE[3:]]),
    (["market_access"], (False, False), [*BASE[:3], "market-access", *BASE[3:]]),
    (["license_regulate", "zones", "market_access"], (True, True),
     ["regulations", "adjust-regulations", *BASE[:3], "zones", "market-access", *BASE[3:], "nap-crosswalk"]),
    (["market_access"], (True, False), [*BASE[:3], "market-access", *BASE[3:]]),
    ([], (False, True), BASE),
])
def test_steps_follow_the_approaches_and_the_minamata_flags(case, editor_client, approaches, flags, expected):
    case.is_minamata_party, case.asgm_more_than_insignificant = flags
    case.save()
    for number, approach in enumerate(approaches):
        make_subtype(case, f"S{number}", approach)
    assert [step.slug for step in FLOW.active_steps(StepContext(case=case))] == expected
    for step in FLOW.steps:
        status = editor_client.get(url(step, case)).status_code
        # A step that says why it does not apply (the NAP crosswalk) shows that instead of "not found".
        assert status == (200 if step.slug in expected or step.not_applicable else 404), step.slug
    task_list = editor_client.get(reverse("cases:task-list", args=[case.pk])).content.decode()
    assert (url(FLOW.get("zones"), case) in task_list) is ("zones" in expected)


def test_adjusting_regulations_waits_for_regulations(case, editor_client):
    make_subtype(case, "S1", "license_regulate")
    step = FLOW.get("adjust-regulations")
    assert step.status(StepContext(case=case)) == Status.CANNOT_START
    m.Regulation.objects.create(case=case, title="Permit", category="licensing", requirement="Hold a permit")
    assert step.status(StepContext(case=case)) == Status.NOT_STARTED


def test_leverage_waits_for_part_two_programmes(case, editor_client):
    step = FLOW.get("leverage")
    assert step.status(StepContext(case=case)) == Status.CANNOT_START
    assert 'id="step-form"' not in editor_client.get(url(step, case)).content.decode()


# --- proposed actions ------------------------------------------------------------------------------


def proposal_keys(case) -> set[str]:
    return {proposal.key for proposal in rules.pending_proposals(StepContext(case=case))}


def test_proposals_follow_the_earlier_answers(world):
    case = world["case"]
    by_f7 = make_subtype(case, "S6 Sand", "license_regulate", f7="no")
    proposed = m.Regulation.objects.create(case=case, title="Permit", category="licensing", requirement="x",
                                           effective_date=date(2027, 7, 1))
    adopted = m.Regulation.objects.create(case=case, title="Old", category="licensing", requirement="x",
                                          status="adopted")
    candidate = m.Zone.objects.create(case=case, subtype=world["river"], name="Zone A", land_status="free")
    gazetted = m.Zone.objects.create(case=case, subtype=world["river"], name="Zone B", land_status="free",
                                     status="gazetted", gazette_ref="GN 1", gazette_date=date(2026, 5, 1))
    keys = proposal_keys(case)
    assert f"legal-reform:{world['tin'].pk}" in keys  # flagged on the approach page
    assert f"legal-reform:{by_f7.pk}" in keys  # F7 = No
    assert f"legal-reform:{world['river'].pk}" not in keys
    assert f"regulation:{proposed.pk}" in keys and f"regulation:{adopted.pk}" not in keys
    assert f"zone:{candidate.pk}" in keys and f"zone:{gazetted.pk}" not in keys
    assert f"program:{world['program'].pk}" in keys and f"market:{world['scheme'].pk}" in keys

    ctx = StepContext(case=case)
    values = rules.action_prefill(ctx, "actions", f"regulation:{proposed.pk}")
    assert (values["start_year"], values["start_quarter"], values["end_year"], values["end_quarter"]) == (
        2027, 1, 2027, 3)
    program = rules.action_prefill(ctx, "actions", f"program:{world['program'].pk}")
    assert program["cost"] == Decimal("1000") and program["funding"] == "partner"
    assert program["partner"] == world["partner"].pk
    assert rules.action_prefill(ctx, "actions", "program:999999") is None


def test_a_proposal_is_added_to_the_page_then_saved_only_when_confirmed(world, editor_client):
    case = world["case"]
    step = FLOW.get("action-plan")
    key = f"legal-reform:{world['tin'].pk}"
    response = editor_client.post(url(step, case), {**existing_rows_only(step, case), "action": f"add:actions:{key}"})
    assert response.status_code == 200
    assert not m.ImplementationAction.objects.exists()
    formset = dict(response.context["bundle"].lists)["actions"]
    row = formset.forms[-1]
    assert row["source_key"].value() == key and "S1 Tin" in row["title"].value()
    assert row["subtypes"].value() == [str(world["tin"].pk)]

    data = {name: value for name, value in response.context["bundle"].data.lists()}
    data = {name: values if len(values) > 1 or name.endswith("subtypes") else values[0]
            for name, values in data.items()}
    data["action"] = "continue"
    response = editor_client.post(url(step, case), data)
    assert response.status_code == 302, error_codes(response)
    action = m.ImplementationAction.objects.get()
    assert action.source_key == key and action.step == "legal_reform" and action.ref == "A1"
    assert list(action.subtypes.all()) == [world["tin"]]
    assert key not in proposal_keys(case)


def test_a_proposal_marked_not_needed_stops_being_proposed_and_can_come_back(world, editor_client):
    case = world["case"]
    step = FLOW.get("action-plan")
    key = f"market:{world['scheme'].pk}"
    data = {**existing_rows_only(step, case), "dropped_proposals": [key], "action": "continue"}
    assert editor_client.post(url(step, case), data).status_code == 302
    assert key not in proposal_keys(case)
    page = editor_client.get(url(step, case))
    assert key in [proposal.key for proposal in page.context["dropped"]]
    assert step.missing(StepContext(case=case))  # the others are still waiting
    data = {**existing_rows_only(step, case), "action": "continue"}
    data.pop("dropped_proposals", None)
    assert editor_client.post(url(step, case), data).status_code == 302
    assert key in proposal_keys(case)


def test_a_tampered_proposal_key_is_refused(world, editor_client):
    step = FLOW.get("action-plan")
    data = {**existing_rows_only(step, world["case"]), "dropped_proposals": ["<script>"], "action": "continue"}
    response = editor_client.post(url(step, world["case"]), data)
    assert response.status_code == 200 and "invalid_choice" in error_codes(response)


# --- the action list: dependencies, dates, money -----------------------------------------------------


def make_action(case, title, **extra):
    values = {"step": "set_regulations", "responsible_institution": "MMG", "start_year": 2026, "start_quarter": 1,
              "end_year": 2026, "end_quarter": 4, **extra}
    return m.ImplementationAction.objects.create(case=case, title=title, **values)


@pytest.fixture
def three_actions(world):
    case = world["case"]
    first, second, third = (make_action(case, title) for title in ("Law", "Permits", "Zones"))
    second.depends_on.set([first])
    third.depends_on.set([second])
    return first, second, third


def post_actions(client, case, changes):
    step = FLOW.get("action-plan")
    data = {**valid_post(step, case), **changes, "action": "continue"}
    return client.post(url(step, case), data)


def test_a_dependency_cycle_is_refused_naming_it(world, editor_client, three_actions):
    response = post_actions(editor_client, world["case"], {"actions-0-depends_on": "A3"})
    assert response.status_code == 200
    assert "dependency_cycle" in error_codes(response)
    assert any("A1 → A3 → A2 → A1" in message for message in non_form_errors(response, "actions"))
    assert "A1 → A3 → A2 → A1" in response.content.decode()
    assert not three_actions[0].depends_on.exists()


@pytest.mark.parametrize(("value", "code"), [
    ("A1", "depends_on_itself"), ("A42", "unknown_action"), ("first", "bad_action_number"),
])
def test_bad_dependencies(world, editor_client, three_actions, value, code):
    assert code in error_codes(post_actions(editor_client, world["case"], {"actions-0-depends_on": value}))


def test_dependencies_are_saved_from_numbers(world, editor_client, three_actions):
    response = post_actions(editor_client, world["case"], {"actions-2-depends_on": "a1; 2"})
    assert response.status_code == 302, error_codes(response)
    assert set(three_actions[2].depends_on.all()) == {three_actions[0], three_actions[1]}


def test_removing_an_action_others_depend_on_is_refused(world, editor_client, three_actions):
    response = post_actions(editor_client, world["case"], {"actions-0-DELETE": "on"})
    assert "depends_on_removed" in error_codes(response)
    assert m.ImplementationAction.objects.count() == 3


@pytest.mark.parametrize(("changes", "code"), [
    ({"start_year": "2027", "end_year": "2026"}, "end_before_start"),
    ({"start_year": "2026", "start_quarter": "3", "end_year": "2026", "end_quarter": "2"}, "end_before_start"),
    ({"start_year": "2020"}, "outside_strategy_period"),
    ({"end_year": "2031"}, "outside_strategy_period"),
    ({"cost": "-5"}, "min_value"),
    ({"cost": "lots"}, "invalid"),
    ({"funding": "partner", "partner": ""}, "partner_missing"),
])
def test_action_dates_and_money(world, editor_client, changes, code):
    step = FLOW.get("action-plan")
    data = {**valid_post(step, world["case"]), **SAMPLE_OVERRIDES["action-plan"]}
    data.update({f"actions-0-{key}": value for key, value in changes.items()})
    data = {key: value for key, value in data.items() if value != ""}
    response = editor_client.post(url(step, world["case"]), {**data, "action": "continue"})
    assert code in error_codes(response)
    assert not m.ImplementationAction.objects.exists()
    assert 'value="' + changes.get("cost", changes.get("start_year", "")) in response.content.decode()


def test_money_labels_name_the_case_currency(world, editor_client):
    world["case"].currency = "XOF"
    world["case"].save()
    html = editor_client.get(url(FLOW.get("action-plan"), world["case"])).content.decode()
    assert "Cost (XOF)" in html


def test_the_page_shows_the_budget_and_the_timeline(world, editor_client):
    case = world["case"]
    make_action(case, "Law", cost=Decimal("1000"), funding="government")
    make_action(case, "Roads", cost=Decimal("800"), funding="partner", partner=world["partner"], start_year=2026,
                start_quarter=3, end_year=2027, end_quarter=2)
    make_action(case, "Health", cost=Decimal("400"), funding="unfunded", start_year=2027, end_year=2028)
    response = editor_client.get(url(FLOW.get("action-plan"), case))
    budget = response.context["budget"]
    assert budget.total == Decimal("2200") and budget.gap == Decimal("400")
    assert budget.totals.amounts["partner"] == 800 and budget.by_partner == [("Bank", Decimal("800"))]
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert html.count('class="timeline__bar') == 3
    assert 'id="plan-table"' in html and 'id="budget-table"' in html
    # The timeline scrolls sideways on a narrow screen: a keyboard user can reach and scroll it
    # (axe-core "scrollable-region-focusable", found by tests/e2e/test_accessibility.py).
    assert '<div class="timeline__scroll" tabindex="0" role="region" aria-labelledby="timeline-caption">' in html


# --- deleting what is referenced elsewhere -----------------------------------------------------------------


def test_a_regulation_with_changes_cannot_be_removed(world, editor_client):
    case = world["case"]
    rule = m.Regulation.objects.create(case=case, title="Permit", category="licensing", requirement="x")
    m.RegulationChange.objects.create(case=case, regulation=rule, change_type="relax", review_date=date(2027, 7, 1),
                                      change="No fee", reason="Uptake")
    step = FLOW.get("regulations")
    response = editor_client.post(url(step, case), {**valid_post(step, case), "regulations-1-DELETE": "on",
                                                    "action": "continue"})
    assert response.status_code == 200 and "still_referenced" in error_codes(response)
    assert "No fee" in non_form_errors(response, "regulations")[0]
    assert m.Regulation.objects.filter(pk=rule.pk).exists()


def test_a_programme_used_as_leverage_cannot_be_removed_in_part_two(world, editor_client):
    from strategy.steps import SUBSTRATEGY_FLOW

    case, program = world["case"], world["program"]
    m.Leverage.objects.create(case=case, program=program, condition="Licence", from_year=2027)
    step = SUBSTRATEGY_FLOW.get("industrial-strategy")
    page = SUBSTRATEGY_FLOW.step_url(step, case, world["tin"])
    response = editor_client.post(page, {**valid_post(step, case, world["tin"]), "programs-0-DELETE": "on",
                                         "action": "continue"})
    assert response.status_code == 200 and "still_referenced" in error_codes(response)
    assert p2.AssistanceProgram.objects.filter(pk=program.pk).exists()


def test_a_subtype_with_zones_cannot_be_removed_in_part_two(world, editor_client):
    from strategy.steps import FLOW as STRATEGY_FLOW

    case = world["case"]
    m.Zone.objects.create(case=case, subtype=world["river"], name="Zone A", land_status="free")
    step = STRATEGY_FLOW.get("subtypes")
    data = valid_post(step, case)
    index = next(i for i in range(3) if data.get(f"subtypes-{i}-name") == "S4 River gold")
    data.update({f"subtypes-{index}-DELETE": "on", f"subtypes-{index}-confirm_removal": "on", "action": "continue"})
    response = editor_client.post(STRATEGY_FLOW.step_url(step, case), data)
    assert response.status_code == 200 and "still_referenced" in error_codes(response)
    assert "Zone A" in response.content.decode()
    assert p2.Subtype.objects.filter(pk=world["river"].pk).exists()


# --- leverage, zones, market tiers, regulations --------------------------------------------------------


def test_make_conditional_prefills_the_part_two_condition(world, editor_client):
    case = world["case"]
    step = FLOW.get("leverage")
    response = editor_client.post(url(step, case), {**valid_post(step, case),
                                                    "action": f"add:leverage:program:{world['program'].pk}"})
    row = dict(response.context["bundle"].lists)["leverage"].forms[-1]
    assert row["program"].value() == str(world["program"].pk) and row["condition"].value() == "Licence"
    assert not m.Leverage.objects.exists()


def test_a_programme_is_made_conditional_once(world, editor_client):
    case = world["case"]
    step = FLOW.get("leverage")
    data = valid_post(step, case)
    data.update({"leverage-TOTAL_FORMS": "2", "leverage-1-program": str(world["program"].pk),
                 "leverage-1-condition": "Other", "leverage-1-from_year": "2027", "leverage-0-from_year": "2027",
                 "action": "continue"})
    assert "duplicate_program" in error_codes(editor_client.post(url(step, case), data))


def test_zone_subtypes_are_limited_to_zone_approach(world, editor_client):
    response = editor_client.get(url(FLOW.get("zones"), world["case"]))
    choices = dict(response.context["bundle"].lists)["zones"].forms[0].fields["subtype"].choices
    assert [label for value, label in choices if value] == ["S4 River gold"]


@pytest.mark.parametrize(("changes", "code"), [
    ({"plots_capacity": "10", "plots_allocated": "11"}, "allocated_over_capacity"),
    ({"status": "gazetted"}, "gazette_missing"),
    ({"area_ha": "-1"}, "min_value"),
])
def test_zone_rules(world, editor_client, changes, code):
    step = FLOW.get("zones")
    data = valid_post(step, world["case"])
    data.update({f"zones-0-{key}": value for key, value in changes.items()})
    assert code in error_codes(editor_client.post(url(step, world["case"]), {**data, "action": "continue"}))


def test_tiers_move_with_up_and_down_buttons(world, editor_client):
    case, scheme = world["case"], world["scheme"]
    for position, standard in enumerate(("Entry", "Middle", "Top"), start=1):
        m.MarketTier.objects.create(case=case, scheme=scheme, position=position, standard=standard, benefit="b")
    step = FLOW.get("market-access")
    data = valid_post(step, case)
    response = editor_client.post(url(step, case), {**data, "action": "down:tiers-0"})
    shown = [form["standard"].value() for form in dict(response.context["bundle"].lists)["tiers"].display_forms]
    assert shown == ["Middle", "Entry", "Top"]
    html = response.content.decode()
    assert html.index("Tier 1: Middle</legend>") < html.index("Tier 2: Entry</legend>")
    assert 'value="up:tiers-' in html and "draggable" not in html
    moved = {name: value for name, value in response.context["bundle"].data.items()}
    moved["action"] = "continue"
    assert editor_client.post(url(step, case), moved).status_code == 302
    assert list(m.MarketTier.objects.order_by("position").values_list("standard", flat=True)) == [
        "Middle", "Entry", "Top"]
    response = editor_client.post(url(step, case), {**valid_post(step, case), "action": "up:tiers-2"})
    shown = [form["standard"].value() for form in dict(response.context["bundle"].lists)["tiers"].display_forms]
    assert shown == ["Middle", "Top", "Entry"]


def test_compliance_cost_warning_when_f5_is_no(world, editor_client):
    case = world["case"]
    rule = m.Regulation.objects.create(case=case, title="Plot permit", category="licensing", requirement="x",
                                       est_compliance_cost=Decimal("120"))
    rule.subtypes.set([world["river"]])
    other = m.Regulation.objects.create(case=case, title="Tin permit", category="licensing", requirement="x")
    other.subtypes.set([world["tin"]])
    response = editor_client.get(url(FLOW.get("regulations"), case))
    warnings = response.context["compliance_warnings"]
    assert [warning["rule"] for warning in warnings] == [rule]
    assert warnings[0]["subtypes"] == [world["river"]]
    assert 'id="compliance-title"' in response.content.decode()


def test_a_change_needs_its_regulation_unless_new(world, editor_client):
    case = world["case"]
    m.Regulation.objects.create(case=case, title="Permit", category="licensing", requirement="x")
    step = FLOW.get("adjust-regulations")
    data = {**valid_post(step, case), "changes-0-change_type": "relax", "action": "continue"}
    data.pop("changes-0-regulation", None)
    assert "regulation_missing" in error_codes(editor_client.post(url(step, case), data))


# --- monitoring and the crosswalk page -------------------------------------------------------------------


def test_minamata_flags_are_edited_in_monitoring_and_open_the_crosswalk(case, editor_client):
    step = FLOW.get("monitoring")
    data = {**existing_rows_only(step, case), "is_minamata_party": "on", "asgm_more_than_insignificant": "on",
            "nap_status": "submitted", "action": "continue"}
    assert "nap_date_missing" in error_codes(editor_client.post(url(step, case), data))
    data.pop("is_minamata_party")
    assert "asgm_needs_party" in error_codes(editor_client.post(url(step, case), data))
    data.update({"is_minamata_party": "on", "nap_submission_date": "2022-09-30"})
    assert editor_client.post(url(step, case), data).status_code == 302
    case.refresh_from_db()
    assert case.is_minamata_party and case.nap_submission_date == date(2022, 9, 30)
    assert editor_client.get(url(FLOW.get("nap-crosswalk"), case)).status_code == 200


def test_a_review_can_decide_a_new_approach_shown_with_a_link_to_part_two(world, editor_client):
    case = world["case"]
    step = FLOW.get("monitoring")
    data = {**valid_post(step, case), "reviews-0-approach_subtype": str(world["river"].pk), "action": "continue"}
    assert "approach_change_incomplete" in error_codes(editor_client.post(url(step, case), data))
    m.Review.objects.create(case=case, kind="annual", date=date(2029, 6, 30), approach_subtype=world["river"],
                            new_approach="license_regulate")
    response = editor_client.get(url(step, case))
    decision = response.context["approach_decisions"][0]
    assert decision["subtype"] == world["river"] and not decision["applied"]
    assert decision["url"] in response.content.decode()


def test_track_adds_an_objective_indicator(world, editor_client):
    case = world["case"]
    objective = p2.Objective.objects.create(case=case, title="Halve mercury", goal_area="environment_mercury",
                                            indicator="Mercury used", unit="t/yr", baseline_value=14,
                                            target_value=7, target_date=date(2029, 12, 31))
    step = FLOW.get("monitoring")
    response = editor_client.post(url(step, case), {**valid_post(step, case),
                                                    "action": f"add:indicators:objective:{objective.pk}"})
    row = dict(response.context["bundle"].lists)["indicators"].forms[-1]
    assert row["name"].value() == "Mercury used" and row["target_year"].value() == "2029"


def test_the_crosswalk_page_links_each_element(world, editor_client):
    response = editor_client.get(url(FLOW.get("nap-crosswalk"), world["case"]))
    elements = response.context["nap_elements"]
    assert [row["element"].code for row in elements][0] == "C-a"
    html = response.content.decode()
    assert 'id="nap-C-f"' in html and reverse("setup_phase:setup-step", args=[world["case"].pk, "research"]) in html
    assert "tool's own reading" in html


# --- the demo -------------------------------------------------------------------------------------------------


def test_demo_part_three_matches_the_guidance(editor_client, case):
    from implementation import demo
    from setup_phase import demo as setup_demo
    from strategy import demo as strategy_demo

    case.is_minamata_party = case.asgm_more_than_insignificant = True
    case.nap_status = "submitted"
    case.save()
    setup_demo.load(case)
    strategy_demo.load(case)
    demo.load(case)
    demo.load(case)  # idempotent
    assert m.ImplementationAction.objects.filter(case=case).count() == len(demo.ACTIONS)

    ctx = StepContext(case=case)
    budget = rules.budget(ctx)
    assert budget.total == Decimal("17600000")
    assert budget.totals.amounts["government"] == Decimal("4100000")
    assert budget.totals.amounts["partner"] == Decimal("11300000")
    assert budget.gap == Decimal("2200000") and budget.outside_period == 0
    assert [row.year for row in budget.rows] == [2026, 2027, 2028, 2029, 2030]

    statuses = {element.code: element.status for element in rules.nap_elements(ctx)}
    assert statuses.pop("C-f") == "missing"
    assert statuses.pop("C-h") == "partial" and statuses.pop("C-i") == "partial"
    assert set(statuses.values()) == {"covered"}

    riverlands = m.Zone.objects.filter(case=case, region="Eastern Riverlands")
    assert riverlands.count() == 3
    assert sum(zone.area_ha for zone in riverlands) == 1850 and sum(z.plots_capacity for z in riverlands) == 600
    assert list(m.MarketTier.objects.filter(case=case).values_list("position", flat=True)) == [1, 2, 3]
    assert {c.change_type for c in m.RegulationChange.objects.filter(case=case)} == {"relax", "tighten"}
    review = m.Review.objects.get(case=case, approach_subtype__isnull=False)
    assert review.approach_subtype.name.startswith("S3") and review.new_approach == "license_regulate"
    leverage = m.Leverage.objects.filter(case=case)
    assert leverage.exists() and all(row.from_year == 2027 for row in leverage)
    assert p2.AssistanceProgram.objects.filter(case=case, conditional=False).exists()  # basic support stays
    assert rules.pending_proposals(ctx) == []

    for step in FLOW.active_steps(ctx):
        assert step.status(StepContext(case=case)) == Status.COMPLETED, (step.slug, step.missing(ctx))
    response = editor_client.post(reverse("implementation:check-answers", args=[case.pk]))
    assert response.status_code == 302, response.context["missing"]
    for step in FLOW.active_steps(ctx):
        assert editor_client.get(url(step, case)).status_code == 200

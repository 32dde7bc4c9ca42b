"""Part 3 along Part 2's branches: the zones step leads back to Z and R7 and warns about zones
gazetted before the mapping is validated; a zones subtype that also takes a market channel gets
the market-access step; basic assistance and preconditions-first assistance are never leverage;
preconditions-first subtypes get their own proposed actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from asm_guide.wizard.registry import StepContext
from implementation import models as m
from implementation import rules
from implementation.steps import FLOW
from setup_phase import models as p1
from strategy import models as p2
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db

ZONES_AND_MARKET = {"f1": "partly", "f2": "partly", "f3": "yes", "f4": "partly", "f5": "no", "f6": "partly",
                    "f7": "yes", "z": "yes", "m": "yes"}


def make_subtype(case, name, approach, *, market_outside_zones=False, **substrategy):
    subtype = p2.Subtype.objects.create(case=case, name=name, scale="mixed", activity="mining", minerals=["gold"])
    p2.SubStrategy.objects.create(case=case, subtype=subtype, approach=approach, approach_recommended=approach,
                                  market_outside_zones=market_outside_zones, **substrategy)
    return subtype


def step_url(case, slug) -> str:
    return FLOW.step_url(slug, case)


def ctx_for(case) -> StepContext:
    return StepContext(case=case)


def error_codes(response, list_name) -> set[str]:
    formset = dict(response.context["bundle"].lists)[list_name]
    return {e.code for form in formset.forms for errors in form.errors.as_data().values() for e in errors}


@pytest.fixture
def river(case):
    subtype = make_subtype(case, "River gold", "zones", market_outside_zones=True)
    p2.FeasibilityAssessment.objects.create(case=case, subtype=subtype, **ZONES_AND_MARKET,
                                            z_note="Three alluvial terraces mapped by the survey in 2024")
    return subtype


# --- 1: the zones step leads back to Z and R7 ---------------------------------------------------------


def test_the_zones_step_shows_z_and_its_note_and_the_r7_status(editor_client, case, river):
    p1.ResearchStudy.objects.create(case=case, research_type="R7", status="deferred",
                                    deferred_reason="No survey budget before 2027")
    html = editor_client.get(step_url(case, "zones")).content.decode()
    basis = html.split('id="zone-basis"', 1)[1].split("</section>", 1)[0]
    assert "River gold" in basis and "Three alluvial terraces mapped by the survey in 2024" in basis
    assert "Z Zoneable areas exist" in basis and "Yes" in basis
    assert "also market access outside the zones" in basis
    status = basis.split('id="mapping-status"', 1)[1].split("</p>", 1)[0]
    assert "Geological and land-use mapping (R7)" in status and "Deferred" in status
    assert "No survey budget before 2027" in status


def test_r7_not_recorded_is_said(editor_client, case, river):
    html = editor_client.get(step_url(case, "zones")).content.decode()
    assert "Geological and land-use mapping (R7) is not recorded in Part 1." in html


@pytest.mark.parametrize(("r7", "warned"), [
    (None, True), ("deferred", True), ("in_progress", True), ("draft", True), ("validated", False),
    ("covered", False),
])
def test_a_gazetted_zone_is_flagged_while_r7_is_not_validated(editor_client, case, river, r7, warned):
    if r7:
        p1.ResearchStudy.objects.create(case=case, research_type="R7", status=r7)
    m.Zone.objects.create(case=case, subtype=river, name="Kassa terrace", land_status="free", status="gazetted",
                          gazette_ref="GN 12/2026", gazette_date=datetime.date(2026, 5, 1))
    m.Zone.objects.create(case=case, subtype=river, name="Lower bend", land_status="free", status="candidate")
    warnings = rules.zone_warnings(ctx_for(case))
    assert [w["zone"].name for w in warnings] == (["Kassa terrace"] if warned else [])
    html = editor_client.get(step_url(case, "zones")).content.decode()
    assert ('id="zone-warnings"' in html) is warned
    if warned:
        panel = html.split('id="zone-warnings"', 1)[1].split("</div>", 1)[0]
        assert "Kassa terrace" in panel and "Lower bend" not in panel and "(R7)" in panel


def test_an_operational_zone_is_flagged_too_and_saving_stays_possible(editor_client, case, river):
    p1.ResearchStudy.objects.create(case=case, research_type="R7", status="deferred")
    step = FLOW.get("zones")
    data = valid_post(step, case)
    data.update({"zones-0-subtype": str(river.pk), "zones-0-name": "Kassa terrace", "zones-0-land_status": "free",
                 "zones-0-status": "operational", "zones-0-gazette_ref": "GN 12/2026",
                 "zones-0-gazette_date": "2026-05-01", "action": "continue"})
    response = editor_client.post(step_url(case, "zones"), data)
    assert response.status_code == 302  # a warning, not an error
    assert [w["zone"].name for w in rules.zone_warnings(ctx_for(case))] == ["Kassa terrace"]


# --- 3: zones plus market access ----------------------------------------------------------------------


def test_a_zones_subtype_with_a_market_channel_gets_the_market_access_step(editor_client, case, river):
    plain = make_subtype(case, "Hill gold", "zones")
    ctx = ctx_for(case)
    assert rules.has_market_subtype(ctx)
    assert [s.name for s in rules.market_subtypes(ctx)] == ["River gold"]
    assert "market-access" in [step.slug for step in FLOW.active_steps(ctx)]
    assert rules.market_missing(ctx) == ["River gold: add a market-access scheme"]
    response = editor_client.get(step_url(case, "market-access"))
    assert response.status_code == 200
    choices = dict(response.context["bundle"].lists)["schemes"].forms[0].fields["subtype"].choices
    assert [label for value, label in choices if value] == ["River gold"]
    assert "ASM zones, with market access for production outside the zones" in response.content.decode()

    step = FLOW.get("market-access")
    data = valid_post(step, case)
    data.update({"schemes-0-subtype": str(plain.pk), "schemes-0-name": "Gold buying centres",
                 "schemes-0-chokepoint_type": "licensed_buying_centres", "schemes-0-operator": "Central bank",
                 "action": "continue"})
    response = editor_client.post(step_url(case, "market-access"), data)
    assert "invalid_choice" in error_codes(response, "schemes")
    assert 'value="Gold buying centres"' in response.content.decode()
    data["schemes-0-subtype"] = str(river.pk)
    assert editor_client.post(step_url(case, "market-access"), data).status_code == 302
    assert m.MarketAccessScheme.objects.get(case=case).subtype == river
    assert rules.market_missing(ctx_for(case)) == ["“Gold buying centres”: add at least one tier"]


def test_zones_alone_do_not_bring_the_market_access_step(case):
    make_subtype(case, "Hill gold", "zones")
    ctx = ctx_for(case)
    assert not rules.has_market_subtype(ctx)
    assert "market-access" not in [step.slug for step in FLOW.active_steps(ctx)]


# --- 4: basic assistance is never leverage ---------------------------------------------------------------


@pytest.fixture
def programmes(case):
    tin = make_subtype(case, "Tin", "license_regulate")
    forest = make_subtype(case, "Forest gold", "preconditions")
    kits = p2.AssistanceProgram.objects.create(case=case, subtype=tin, program_type="equipment", title="Kits")
    health = p2.AssistanceProgram.objects.create(case=case, subtype=tin, program_type="health", title="Clinics",
                                                 basic=True)
    posts = p2.AssistanceProgram.objects.create(case=case, subtype=forest, program_type="health",
                                                title="Health posts")
    return {"kits": kits, "health": health, "posts": posts}


def test_basic_and_preconditions_assistance_is_not_offered_as_leverage(editor_client, case, programmes):
    response = editor_client.get(step_url(case, "leverage"))
    context = response.context
    assert [p.title for p in context["candidates"]] == ["Kits"]
    assert {p.title for p in context["unconditional"]} == {"Kits", "Clinics", "Health posts"}
    choices = dict(context["bundle"].lists)["leverage"].forms[0].fields["program"].choices
    assert [label for value, label in choices if value] == ["Tin · Kits"]
    html = response.content.decode()
    assert f'value="add:leverage:program:{programmes["health"].pk}"' not in html
    assert f'value="add:leverage:program:{programmes["kits"].pk}"' in html
    assert rules.leverage_prefill(ctx_for(case), "leverage", f"program:{programmes['posts'].pk}") is None


def test_basic_assistance_posted_as_leverage_is_refused(editor_client, case, programmes):
    step = FLOW.get("leverage")
    data = valid_post(step, case)
    data.update({"leverage-0-program": str(programmes["health"].pk), "leverage-0-condition": "Licence",
                 "leverage-0-from_year": "2027", "action": "continue"})
    response = editor_client.post(step_url(case, "leverage"), data)
    assert "invalid_choice" in error_codes(response, "leverage")
    assert not m.Leverage.objects.exists()


def test_leverage_made_before_a_programme_became_basic_is_flagged(editor_client, case, programmes):
    m.Leverage.objects.create(case=case, program=programmes["posts"], condition="Licence", from_year=2027)
    html = editor_client.get(step_url(case, "leverage")).content.decode()
    panel = html.split('id="never-leverage"', 1)[1].split("</div>", 1)[0]
    assert "Health posts" in panel


def test_the_zones_and_market_pages_are_not_found_for_others(outsider_client, case, river):
    for slug in ("zones", "market-access"):
        assert outsider_client.get(step_url(case, slug)).status_code == 404


def test_an_official_marketplace_or_exchange_is_a_chokepoint_a_scheme_can_use(editor_client, case, river):
    step = FLOW.get("market-access")
    data = valid_post(step, case)
    data.update({"schemes-0-subtype": str(river.pk), "schemes-0-name": "Gold exchange",
                 "schemes-0-chokepoint_type": "official_marketplace", "schemes-0-operator": "Mineral exchange",
                 "action": "continue"})
    assert editor_client.post(step_url(case, "market-access"), data).status_code == 302
    scheme = m.MarketAccessScheme.objects.get(case=case)
    assert scheme.get_chokepoint_type_display() == "Official marketplace or exchange"


# --- 4: proposed actions for a preconditions-first subtype -----------------------------------------------


def proposals_by_key(case) -> dict:
    return {proposal.key: proposal for proposal in rules.all_proposals(ctx_for(case))}


def test_a_preconditions_subtype_gets_its_own_proposed_actions(case):
    from implementation import casekeys

    forest = make_subtype(case, "Forest gold", "preconditions", oecd_armed_groups="found",
                          oecd_armed_groups_note="Gangs on the river road", oecd_bribery="found",
                          oecd_bribery_note="Origin misdeclared", oecd_taxes="unknown", oecd_abuses="none",
                          oecd_security_forces="none", oecd_laundering="none")
    p2.FeasibilityAssessment.objects.create(case=case, subtype=forest, f1="no", f2="partly", f3="no", f4="yes",
                                            f5="yes", f6="no", f7="yes", z="no", m="no")
    m.Review.objects.create(case=case, kind="annual", date=datetime.date(2027, 11, 15))
    found = proposals_by_key(case)
    risks = found[f"conflict-risks:{forest.pk}"]
    assert risks.title == "Act on the security and conflict risks of Forest gold"
    assert "Support to non-state armed groups and Bribery and fraudulent misrepresentation of origin" in risks.why
    assert "OECD Due Diligence Guidance, Annex II" in risks.why
    assert risks.values["subtypes"] == [forest.pk] and risks.values["step"] == m.ActionStep.CAPACITY
    research = found[f"conflict-research:{forest.pk}"]
    assert "Non-payment of taxes, fees and royalties" in research.why
    capacity = found[f"preconditions-capacity:{forest.pk}"]
    assert capacity.title == "Build what Forest gold lacks: F1 Reach, F3 Stability, and F6 Political and security " \
                             "feasibility"
    review = found[f"preconditions-review:{forest.pk}"]
    assert (review.values["start_year"], review.values["start_quarter"]) == (2027, 4)  # the first review
    assert review.values["step"] == m.ActionStep.REVIEW
    for key in (risks.key, research.key, capacity.key, review.key):
        assert casekeys.parse(key) == (key.split(":")[0], forest.pk) and key.split(":")[0] in casekeys.KINDS


def test_no_red_flags_and_nothing_unknown_propose_only_the_capacity_and_the_review(case):
    forest = make_subtype(case, "Forest gold", "preconditions",
                          **{f"oecd_{code}": "none" for code in ("abuses", "armed_groups", "security_forces",
                                                                 "bribery", "laundering", "taxes")})
    kinds = {key.split(":")[0] for key in proposals_by_key(case) if key.endswith(f":{forest.pk}")}
    assert kinds == {"preconditions-review"}  # no feasibility answers: no capacity gap named


def test_other_approaches_get_none_of_these_proposals(case):
    make_subtype(case, "Tin", "license_regulate", oecd_armed_groups="found")
    assert not [key for key in proposals_by_key(case) if key.startswith(("conflict-", "preconditions-"))]


def test_a_preconditions_proposal_can_be_added_to_the_plan(editor_client, case):
    forest = make_subtype(case, "Forest gold", "preconditions", oecd_armed_groups="found",
                          oecd_armed_groups_note="Gangs")
    key = f"conflict-risks:{forest.pk}"
    step = FLOW.get("action-plan")
    response = editor_client.post(step_url(case, "action-plan"), {**valid_post(step, case),
                                                                  "action": f"add:actions:{key}"})
    html = response.content.decode()
    assert 'value="Act on the security and conflict risks of Forest gold"' in html


def test_part_three_check_answers_warns_about_zones_gazetted_before_r7(editor_client, case, river):
    p1.ResearchStudy.objects.create(case=case, research_type="R7", status="deferred")
    m.Zone.objects.create(case=case, subtype=river, name="Kassa terrace", land_status="free", status="gazetted",
                          gazette_ref="GN 12/2026", gazette_date=datetime.date(2026, 5, 1))
    url = reverse("implementation:check-answers", args=[case.pk])
    html = editor_client.get(url).content.decode()
    panel = html.split('id="zone-warnings"', 1)[1].split("</div>", 1)[0]
    assert "Kassa terrace" in panel and "“Deferred”" in panel
    assert f'{step_url(case, "zones")}?return_to=' in html
    p1.ResearchStudy.objects.filter(case=case).update(status="validated")
    assert 'id="zone-warnings"' not in editor_client.get(url).content.decode()

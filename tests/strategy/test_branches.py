"""Part 2 pages that lead back to the case, and the branches of the approach step: the
subtype's own figures beside the feasibility factors, optional answers that never hold a
step in progress, zones combined with market access, and preconditions first."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

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
    data = _required_only(step, case, subtype)
    if not step.applies_when(ctx):  # the conflict risks: preconditions first only
        m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions")
        data = {**data, **{key: "none" for key in data if key.startswith("oecd_")}}
    response = editor_client.post(SUBSTRATEGY_FLOW.step_url(step, case, subtype), data)
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


# --- helpers for the branches ------------------------------------------------------------------------

ZONES_AND_MARKET = {"f1": "partly", "f2": "partly", "f3": "yes", "f4": "partly", "f5": "no", "f6": "partly",
                    "f7": "yes", "z": "yes", "m": "yes"}
ZONES_ONLY = {**ZONES_AND_MARKET, "m": "no"}
NOTHING_HOLDS = {**{code: fz.NO for code in fz.CORE_FACTORS}, "f7": "yes", "z": "no", "m": "no"}


def assess(case, subtype, vector):
    return m.FeasibilityAssessment.objects.create(case=case, subtype=subtype, **vector)


def error_codes(response) -> set[str]:
    form = response.context["bundle"].form
    return {e.code for errors in form.errors.as_data().values() for e in errors}


def report_text(case) -> str:
    """Every text of Part 2's report sections, one line each."""
    from strategy.report import report

    lines = []
    for contributions in report(case).sections.values():
        for contribution in contributions:
            for block in contribution.blocks:
                if hasattr(block, "text"):
                    lines.append(str(block.text))
                for row in getattr(block, "rows", ()):
                    lines.append(" | ".join(str(cell) for cell in row))
                for item in getattr(block, "items", ()):
                    lines.append(" | ".join(map(str, item)) if isinstance(item, tuple) else str(item))
    return "\n".join(lines)


# --- 3: zones plus market access ---------------------------------------------------------------------


def test_the_approach_step_offers_the_market_channel_where_the_aid_recommends_both(editor_client, case, subtype):
    assess(case, subtype, ZONES_AND_MARKET)
    url = SUBSTRATEGY_FLOW.step_url("approach", case, subtype)
    response = editor_client.get(url)
    assert response.context["recommendation"].market_access_outside_zones
    html = response.content.decode()
    assert 'name="market_outside_zones"' in html and "Recommended with a market-access channel" in html
    box = html.split('name="market_outside_zones"', 1)[1].split(">", 1)[0]
    assert "checked" in box
    response = editor_client.post(url, {"approach": "zones", "market_outside_zones": "on", "action": "continue"})
    assert response.status_code == 302
    row = m.SubStrategy.objects.get(subtype=subtype)
    assert (row.approach, row.market_outside_zones, row.is_override) == ("zones", True, False)


def test_zones_alone_leaves_the_channel_unticked(editor_client, case, subtype):
    assess(case, subtype, ZONES_ONLY)
    url = SUBSTRATEGY_FLOW.step_url("approach", case, subtype)
    box = editor_client.get(url).content.decode().split('name="market_outside_zones"', 1)[1].split(">", 1)[0]
    assert "checked" not in box
    # The person may still take both (M is not Yes, but they know a channel will exist).
    assert editor_client.post(url, {"approach": "zones", "market_outside_zones": "on",
                                    "action": "continue"}).status_code == 302
    assert m.SubStrategy.objects.get(subtype=subtype).market_outside_zones


def test_the_market_channel_needs_the_zones_approach(editor_client, case, subtype):
    assess(case, subtype, ZONES_AND_MARKET)
    url = SUBSTRATEGY_FLOW.step_url("approach", case, subtype)
    response = editor_client.post(url, {"approach": "market_access", "market_outside_zones": "on",
                                        "override_justification": "A buyer exists", "action": "continue"})
    assert response.status_code == 200
    assert "market_outside_zones_needs_zones" in error_codes(response)
    html = response.content.decode()
    assert 'href="#id_market_outside_zones"' in html and "A buyer exists" in html
    assert not m.SubStrategy.objects.filter(subtype=subtype).exclude(approach="").exists()


def test_the_report_says_both_for_zones_with_market_access(case, subtype):
    assess(case, subtype, ZONES_AND_MARKET)
    row = m.SubStrategy.objects.create(case=case, subtype=subtype, approach="zones", approach_recommended="zones",
                                       market_outside_zones=True)
    text = report_text(case)
    assert "designated ASM zones" in text and "outside them can reach buyers through a market-access scheme" in text
    from strategy.report import report

    summary = dict(report(case).summary)["Subtypes and approaches"]
    assert summary == "Forest rush gold: ASM zones, with market access for production outside the zones"
    row.market_outside_zones = False
    row.save()
    text = report_text(case)
    assert "designated ASM zones" in text and "market-access scheme" not in text


def test_existing_zones_choices_take_the_channel_where_the_aid_recommended_it(case, subtype):
    """The data migration: a zones subtype whose answers recommend zones with market access keeps
    reading so in the report."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("strategy.migrations.0006_substrategy_branches")
    other = m.Subtype.objects.create(case=case, name="Zones only", scale="mixed", activity="mining")
    assess(case, subtype, ZONES_AND_MARKET)
    assess(case, other, ZONES_ONLY)
    for row in (subtype, other):
        m.SubStrategy.objects.create(case=case, subtype=row, approach="zones", approach_recommended="zones")
    migration.combine_where_recommended(apps, None)
    assert m.SubStrategy.objects.get(subtype=subtype).market_outside_zones
    assert not m.SubStrategy.objects.get(subtype=other).market_outside_zones


# --- 4: preconditions first --------------------------------------------------------------------------

RISK_CODES = ("abuses", "armed_groups", "security_forces", "bribery", "laundering", "taxes")


def risks_post(**answers) -> dict:
    data = {f"oecd_{code}": "none" for code in RISK_CODES}
    data.update({f"oecd_{code}": value for code, value in answers.items() if not code.endswith("_note")})
    data.update({f"oecd_{code}": value for code, value in answers.items() if code.endswith("_note")})
    return {**data, "action": "continue"}


def test_choosing_preconditions_leads_to_the_conflict_risks_step(editor_client, case, subtype):
    assess(case, subtype, NOTHING_HOLDS)
    response = editor_client.post(SUBSTRATEGY_FLOW.step_url("approach", case, subtype),
                                  {"approach": "preconditions", "action": "continue"})
    assert response["Location"] == SUBSTRATEGY_FLOW.step_url("conflict-risks", case, subtype)
    page = editor_client.get(response["Location"]).content.decode()
    assert "OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from Conflict-Affected and " \
           "High-Risk Areas, Annex II" in page
    for name in ("Serious abuses", "Support to non-state armed groups", "Public or private security forces",
                 "Bribery and fraudulent misrepresentation of origin", "Money laundering",
                 "Non-payment of taxes, fees and royalties"):
        assert name in page
    assert page.count('value="found"') == 6 and page.count('value="unknown"') == 6


def test_the_conflict_risks_step_applies_only_to_preconditions_first(editor_client, case, subtype):
    assess(case, subtype, ALL_YES)
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="license_regulate",
                                 approach_recommended="license_regulate")
    url = SUBSTRATEGY_FLOW.step_url("conflict-risks", case, subtype)
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="not-applicable"' in html and "License and regulate" in html and 'id="step-form"' not in html
    assert editor_client.post(url, risks_post()).status_code == 200
    assert not m.SubStrategy.objects.get(subtype=subtype).oecd_abuses
    task_list = editor_client.get(reverse("cases:task-list", args=[case.pk])).content.decode()
    assert url not in task_list


def test_the_conflict_risks_step_is_not_found_for_others(outsider_client, case, subtype):
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions")
    url = SUBSTRATEGY_FLOW.step_url("conflict-risks", case, subtype)
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, risks_post()).status_code == 404


def test_red_flags_need_their_note_and_nothing_typed_is_lost(editor_client, case, subtype):
    assess(case, subtype, NOTHING_HOLDS)
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions",
                                 approach_recommended="preconditions")
    url = SUBSTRATEGY_FLOW.step_url("conflict-risks", case, subtype)
    response = editor_client.post(url, risks_post(armed_groups="found", taxes="unknown",
                                                  taxes_note="Royalty records not seen"))
    assert response.status_code == 200
    assert "red_flag_note_missing" in error_codes(response)
    html = response.content.decode()
    assert 'href="#id_oecd_armed_groups_note"' in html and "Royalty records not seen" in html
    step = SUBSTRATEGY_FLOW.get("conflict-risks")
    assert step.status(StepContext(case=case, subject=subtype)) == Status.NOT_STARTED

    response = editor_client.post(url, risks_post(armed_groups="found", taxes="unknown",
                                                  armed_groups_note="Gangs tax the river road (R5, 2025)"))
    assert response.status_code == 302
    assert response["Location"] == SUBSTRATEGY_FLOW.step_url("risks", case, subtype)
    row = m.SubStrategy.objects.get(subtype=subtype)
    assert (row.oecd_armed_groups, row.oecd_taxes, row.oecd_abuses) == ("found", "unknown", "none")
    assert step.status(StepContext(case=case, subject=subtype)) == Status.COMPLETED


def test_an_unanswered_risk_keeps_the_step_in_progress(case, subtype):
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions", oecd_abuses="none")
    step = SUBSTRATEGY_FLOW.get("conflict-risks")
    ctx = StepContext(case=case, subject=subtype)
    assert step.status(ctx) == Status.IN_PROGRESS
    assert "Money laundering" in step.missing(ctx)[0] and "Serious abuses" not in step.missing(ctx)[0]


def test_basic_assistance_is_never_conditional(editor_client, case, subtype):
    step = SUBSTRATEGY_FLOW.get("industrial-strategy")
    url = SUBSTRATEGY_FLOW.step_url(step, case, subtype)
    data = valid_post(step, case, subtype)
    data.update({"programs-0-title": "Health posts", "programs-0-basic": "on", "programs-0-conditional": "on",
                 "programs-0-condition": "Licence"})
    response = editor_client.post(url, data)
    formset = dict(response.context["bundle"].lists)["programs"]
    assert "basic_is_conditional" in {e.code for errors in formset.forms[0].errors.as_data().values() for e in errors}
    data.pop("programs-0-conditional")
    data.pop("programs-0-condition")
    assert editor_client.post(url, data).status_code == 302
    assert m.AssistanceProgram.objects.get(subtype=subtype).basic


def test_the_conflict_page_shows_the_basic_assistance_and_f6(editor_client, case, subtype):
    assess(case, subtype, {**NOTHING_HOLDS, "f6_note": "Armed gangs on the river road"})
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions")
    m.AssistanceProgram.objects.create(case=case, subtype=subtype, program_type="health", title="Health posts",
                                       basic=True)
    m.AssistanceProgram.objects.create(case=case, subtype=subtype, program_type="equipment", title="Kits",
                                       conditional=True, condition="Licence")
    html = editor_client.get(SUBSTRATEGY_FLOW.step_url("conflict-risks", case, subtype)).content.decode()
    panel = html.split('id="basic-assistance"', 1)[1].split("</section>", 1)[0]
    assert "Health posts" in panel and "Kits" in panel and "does not offer this subtype" in panel
    assert "Armed gangs on the river road" in html


def test_the_report_of_a_preconditions_subtype_says_what_comes_first(case, subtype):
    assess(case, subtype, NOTHING_HOLDS)
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions",
                                 approach_recommended="preconditions", oecd_abuses="none",
                                 oecd_armed_groups="found", oecd_armed_groups_note="Gangs tax the river road",
                                 oecd_security_forces="none", oecd_bribery="found",
                                 oecd_bribery_note="Gold declared as Central Belt gold", oecd_laundering="none",
                                 oecd_taxes="unknown")
    m.AssistanceProgram.objects.create(case=case, subtype=subtype, program_type="health", title="Health posts",
                                       basic=True)
    text = report_text(case)
    assert ("Red flags were found for 2 risks: Support to non-state armed groups and Bribery and fraudulent "
            "misrepresentation of origin. Acting on them comes first.") in text
    assert "Not known yet, to be researched: Non-payment of taxes, fees and royalties." in text
    assert "Support to non-state armed groups | Red flags found | Gangs tax the river road" in text
    assert "Risks as listed in the OECD Due Diligence Guidance" in text
    assert "Basic assistance given without conditions while preconditions come first: Health posts." in text
    assert "this assistance is given without conditions" in text
    for planned in ("the zones are planned", "The scheme is planned", "enforces regulations"):
        assert planned not in text


def test_a_preconditions_subtype_not_yet_assessed_says_so_in_the_report(case, subtype):
    m.SubStrategy.objects.create(case=case, subtype=subtype, approach="preconditions")
    text = report_text(case)
    assert "The security and conflict risks have not been assessed yet." in text
    assert "No basic assistance has been planned for this subtype yet." in text


# --- query counts stay flat in case size ------------------------------------------------------------------


def _fill_branches(case, n: int) -> None:
    """n preconditions-first subtypes with risks and basic assistance, and n zones subtypes with a
    market channel, each with a gazetted zone and a scheme."""
    from implementation import models as p3
    from setup_phase import models as p1

    p1.ResearchStudy.objects.create(case=case, research_type="R7", status="deferred")
    for i in range(n):
        forest = m.Subtype.objects.create(case=case, name=f"Forest {i}", scale="mixed", activity="mining",
                                          minerals=["gold"], est_miners=100 + i)
        assess(case, forest, NOTHING_HOLDS)
        m.SubStrategy.objects.create(case=case, subtype=forest, approach="preconditions",
                                     approach_recommended="preconditions", oecd_armed_groups="found",
                                     oecd_armed_groups_note="Gangs", oecd_taxes="unknown",
                                     **{f"oecd_{code}": "none" for code in ("abuses", "security_forces", "bribery",
                                                                            "laundering")})
        m.AssistanceProgram.objects.create(case=case, subtype=forest, program_type="health", title=f"Posts {i}",
                                           basic=True)
        river = m.Subtype.objects.create(case=case, name=f"River {i}", scale="mixed", activity="mining",
                                         minerals=["gold"])
        assess(case, river, ZONES_AND_MARKET)
        m.SubStrategy.objects.create(case=case, subtype=river, approach="zones", approach_recommended="zones",
                                     market_outside_zones=True)
        p3.Zone.objects.create(case=case, subtype=river, name=f"Zone {i}", land_status="free", status="gazetted")
        p3.MarketAccessScheme.objects.create(case=case, subtype=river, name=f"Scheme {i}",
                                             chokepoint_type="central_bank", operator="Bank")


def _branch_pages(case):
    from implementation.steps import FLOW as PART3

    forest = m.Subtype.objects.filter(case=case, name__startswith="Forest").order_by("pk").first()
    yield reverse("cases:task-list", args=[case.pk])
    yield reverse("strategy:check-answers", args=[case.pk])
    yield reverse("implementation:check-answers", args=[case.pk])
    for slug in ("industrial-strategy", "feasibility", "approach", "conflict-risks"):
        yield SUBSTRATEGY_FLOW.step_url(slug, case, forest)
    for slug in ("leverage", "zones", "market-access", "action-plan"):
        yield PART3.step_url(slug, case)


def test_branch_pages_do_not_grow_with_the_number_of_subtypes(client_for):
    from tests.factories import CaseFactory, MembershipFactory, UserFactory
    from tests.helpers import grown, query_counts

    user = UserFactory()
    client = client_for(user)
    counts = []
    spare = CaseFactory()  # subtype ids unlike any case id, so the page keys mask both
    for _i in range(30):
        m.Subtype.make_for_tests(spare)
    for n in (1, 12):
        case = CaseFactory()
        MembershipFactory(case=case, user=user)
        _fill_branches(case, n)
        first = m.Subtype.objects.filter(case=case, name__startswith="Forest").order_by("pk").first()
        counts.append(query_counts(client, _branch_pages(case), case, subject=first))
    assert grown(*counts) == {}

"""Part 2's branches in a real browser: a preconditions-first subtype (conflict-affected gold) and
a zones subtype that also takes a market-access channel for production outside the zones, entered
through the pages (industrial strategy with basic assistance, feasibility beside the subtype's own
figures, the approach step, the security and conflict risks checklist, the market-access step
accepting the zones subtype), then read in the report preview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from asm_guide.cases.models import Role
from strategy import models as p2
from tests.factories import CaseFactory, MembershipFactory, UserFactory

from . import journey as j
from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOREST = "Forest conflict gold"
TERRACE = "Riverlands terrace gold"
HEALTH = "Health posts for the river camps"
HUB = "Terrace processing hub"
RED_FLAG = "Armed gangs tax diggers at two river crossings (R5 political economy analysis, 2025)"
SCHEME = "Terrace gold buying centres"
ANSWER = {"yes": 0, "partly": 1, "no": 2}


def make_case():
    owner = UserFactory(username="official")
    case = CaseFactory(title="Branches strategy")
    MembershipFactory(case=case, user=owner, role=Role.OWNER)
    p2.Subtype.objects.create(case=case, name=FOREST, scale="micro_artisanal", activity="mining", minerals=["gold"],
                              mobility="rush", est_miners=12000, sites=340)
    p2.Subtype.objects.create(case=case, name=TERRACE, scale="mixed", activity="mining", minerals=["gold"],
                              mobility="seasonal", est_miners=8000, sites=60)
    return case


def programme(page: Page, title: str, kind: str, *, basic: bool) -> None:
    page.locator("#id_programs-0-program_type").select_option(kind)
    page.locator("#id_programs-0-title").fill(title)
    if basic:
        page.get_by_label("Basic assistance, open to everyone and never used as leverage").check()
    j.save_and_continue(page, "Assess feasibility")


def feasibility(page: Page, answers: dict[str, str], *, figures: list[str]) -> None:
    side = page.locator("#subtype-figures")
    for text in figures:  # the subtype's own figures, entered one step earlier
        expect(side).to_contain_text(text)
    for code, answer in answers.items():
        page.locator(f"#id_{code}_{ANSWER[answer]}").check()
    page.locator("#id_z_note").fill("Three alluvial terraces mapped in 2024")
    j.save_and_continue(page, "Choose an approach to improving practices")


def risks(page: Page) -> None:
    page.get_by_label("Risks", exact=True).fill("Capture of the assistance by local strongmen")
    page.get_by_label("Mitigations").fill("Assistance delivered with the forum's monitors")
    page.get_by_label("What would move this subtype to a stronger approach").fill("Security restored on the road")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Part 2: Strategy", level=2)).to_be_visible()


def preconditions_subtype(page: Page, case, javascript: bool) -> None:
    j.open_subtype_step(page, FOREST, "Plan the industrial strategy")
    programme(page, HEALTH, "health", basic=True)
    feasibility(page, {**{f"f{n}": "no" for n in range(1, 7)}, "f7": "yes", "z": "no", "m": "no"},
                figures=["12,000", "340", "Rush"])
    expect(page.get_by_role("heading", name="Recommended: Preconditions first")).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Preconditions first")).check()
    # Choosing preconditions first brings in its own step.
    j.save_and_continue(page, "Assess security and conflict risks")
    expect(page.locator("#conflict-source")).to_contain_text("OECD Due Diligence Guidance")
    expect(page.locator("#basic-assistance")).to_contain_text(HEALTH)
    if javascript:  # axe-core runs in the page
        assert axe_violations(page) == []
    for code in ("abuses", "security_forces", "bribery", "laundering"):
        page.locator(f"#id_oecd_{code}_1").check()  # no red flags found
    page.locator("#id_oecd_armed_groups_0").check()  # red flags found
    page.locator("#id_oecd_taxes_2").check()  # not known yet
    page.get_by_role("button", name="Save and continue").click()
    j.expect_error(page, "Say what red flags were found for “Support to non-state armed groups” and where the "
                         "information comes from")
    expect(page.locator("#id_oecd_armed_groups_0")).to_be_checked()  # nothing chosen is lost
    expect(page.locator("#id_oecd_taxes_2")).to_be_checked()
    page.get_by_role("link", name=re.compile("^Say what red flags were found")).click()
    page.locator("#id_oecd_armed_groups_note").fill(RED_FLAG)
    j.save_and_continue(page, "Record risks and review triggers")
    risks(page)
    row = p2.SubStrategy.objects.get(case=case, subtype__name=FOREST)
    assert (row.approach, row.oecd_armed_groups, row.oecd_taxes) == ("preconditions", "found", "unknown")


def zones_subtype(page: Page, case) -> None:
    j.open_subtype_step(page, TERRACE, "Plan the industrial strategy")
    programme(page, HUB, "equipment", basic=False)
    feasibility(page, {"f1": "partly", "f2": "partly", "f3": "yes", "f4": "partly", "f5": "no", "f6": "partly",
                       "f7": "yes", "z": "yes", "m": "yes"}, figures=["8,000", "Seasonal"])
    expect(page.get_by_role("heading", name="Recommended: ASM zones")).to_be_visible()
    expect(page.get_by_text("Recommended with a market-access channel for production outside the zones.")
           ).to_be_visible()
    channel = page.get_by_label("Also a market-access channel for production outside the zones")
    expect(channel).to_be_checked()  # as the aid recommends
    page.get_by_role("radio", name=re.compile("^ASM zones")).check()
    j.save_and_continue(page, "Record risks and review triggers")
    risks(page)
    row = p2.SubStrategy.objects.get(case=case, subtype__name=TERRACE)
    assert (row.approach, row.market_outside_zones) == ("zones", True)


def market_access(page: Page, case) -> None:
    j.open_task_list(page, case)
    page.get_by_role("link", name="Design the market-access scheme").click()
    expect(page.get_by_role("heading", name="Design the market-access scheme", level=1)).to_be_visible()
    expect(page.locator(".grid__side")).to_contain_text(
        f"{TERRACE} (ASM zones, with market access for production outside the zones)")
    page.locator("#id_schemes-0-subtype").select_option(label=TERRACE)
    page.locator("#id_schemes-0-name").fill(SCHEME)
    page.locator("#id_schemes-0-chokepoint_type").select_option("licensed_buying_centres")
    page.locator("#id_schemes-0-operator").fill("Central bank of Testland")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()


def leverage_leaves_out_basic_assistance(page: Page, case) -> None:
    j.open_task_list(page, case)
    page.get_by_role("link", name="Use assistance as leverage").click()
    candidates = page.locator("#candidates-title").locator("xpath=..")
    expect(candidates).to_contain_text(HUB)
    expect(candidates).not_to_contain_text(HEALTH)


def action_plan_proposes_what_comes_first(page: Page, case) -> None:
    j.open_task_list(page, case)
    page.get_by_role("link", name="Plan, schedule and cost the actions").click()
    proposal = page.locator(".proposal", has_text=f"Act on the security and conflict risks of {FOREST}")
    expect(proposal).to_contain_text("Support to non-state armed groups")
    expect(page.locator(".proposal", has_text=f"Run the feasibility test for {FOREST} again")).to_have_count(1)
    proposal.get_by_role("button", name=re.compile("^Add to the plan")).click()
    row = page.locator("#list-actions fieldset.item").last
    expect(row.get_by_label("Title", exact=True)).to_have_value(f"Act on the security and conflict risks of {FOREST}")


def report_preview(page: Page, case) -> None:
    j.open_task_list(page, case)
    page.locator(".case-links").get_by_role("link", name="Strategy report").click()
    body = page.locator("main")
    expect(body).to_contain_text("Miners are brought into designated ASM zones, and what is produced outside them "
                                 "can reach buyers through a market-access scheme")
    expect(body).to_contain_text("Red flags were found for 1 risk: Support to non-state armed groups. Acting on it "
                                 "comes first.")
    expect(body).to_contain_text("Not known yet, to be researched: Non-payment of taxes, fees and royalties.")
    expect(body).to_contain_text(RED_FLAG)
    expect(body).to_contain_text(f"Basic assistance given without conditions while preconditions come first: {HEALTH}.")
    expect(body).to_contain_text("Risks as listed in the OECD Due Diligence Guidance")
    text = body.inner_text()
    forest = text.split(FOREST)[-1].split(TERRACE)[0] if text.rfind(FOREST) < text.rfind(TERRACE) else ""
    assert "zones are planned" not in forest and "The scheme is planned" not in forest


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_preconditions_first_and_zones_with_market_access(new_page, live_server, javascript):
    case = make_case()
    page = new_page(javascript=javascript)
    j.sign_in(page, live_server.url, "official")
    page.get_by_role("link", name=case.title).click()
    preconditions_subtype(page, case, javascript)
    zones_subtype(page, case)
    market_access(page, case)
    leverage_leaves_out_basic_assistance(page, case)
    action_plan_proposes_what_comes_first(page, case)
    report_preview(page, case)

"""The second built-in test case (the fictional República de Valdoria, ``load_demo --case valdoria``)
in a real browser, with and without JavaScript: its owner walks the preconditions-first subtype
(approach, the security and conflict risks step, check answers) and the zones subtype that also takes
a market channel (approach with the channel, the zones step's R7 warning, the market-access step),
then the report preview, in the case's report language (Spanish), shows both."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from asm_guide import l10n
from asm_guide.cases.models import StrategyCase
from asm_guide.reports.context import section_numbers
from implementation import demo_valdoria as d3
from setup_phase import demo_valdoria as d1
from strategy import conflict
from strategy import demo_valdoria as d2
from strategy import models as p2
from tests.factories import PASSWORD

from . import journey as j

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def load_valdoria(settings) -> StrategyCase:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", case="valdoria", password=PASSWORD, force=True,
                 stdout=open("/dev/null", "w"))  # noqa: SIM115
    return StrategyCase.objects.get(country_name="República de Valdoria")


def preconditions_subtype(page: Page, case) -> None:
    j.open_subtype_step(page, d2.V1, "Choose an approach to improving practices")
    expect(page.get_by_role("heading", name="Recommended: Preconditions first")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^Preconditions first"))).to_be_checked()
    j.save_and_continue(page, "Assess security and conflict risks")
    expect(page.locator("#conflict-source")).to_contain_text("OECD Due Diligence Guidance")
    expect(page.locator("#basic-assistance")).to_contain_text(d2.BASIC_PROGRAMME)
    expect(page.locator("#id_oecd_armed_groups_0")).to_be_checked()  # red flags found, as loaded
    expect(page.locator("#id_oecd_armed_groups_note")).to_have_value(d2.ARMED_GROUPS_NOTE)
    expect(page.locator("#id_oecd_abuses_2")).to_be_checked()  # not known yet
    expect(page.locator("main")).to_contain_text(d1.REGIONAL_FINDING)  # its region's security finding
    j.save_and_continue(page, "Record risks and review triggers")
    page.get_by_role("link", name="Check answers for this part").click()
    expect(page.get_by_role("heading", name=re.compile("^Check your answers"))).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Assess security and conflict risks")
    expect(main).to_contain_text(d2.ARMED_GROUPS_NOTE)
    expect(main).to_contain_text(d2.TAXES_NOTE)
    row = p2.SubStrategy.objects.get(case=case, subtype__name=d2.V1)
    assert (row.approach, row.oecd_armed_groups, row.oecd_taxes) == ("preconditions", "found", "found")


def zones_subtype(page: Page, case) -> None:
    j.open_task_list(page, case)
    j.open_subtype_step(page, d2.V2, "Choose an approach to improving practices")
    expect(page.get_by_role("heading", name="Recommended: ASM zones")).to_be_visible()
    expect(page.get_by_text("Recommended with a market-access channel for production outside the zones.")
           ).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^ASM zones"))).to_be_checked()
    expect(page.get_by_label("Also a market-access channel for production outside the zones")).to_be_checked()
    j.save_and_continue(page, "Record risks and review triggers")
    row = p2.SubStrategy.objects.get(case=case, subtype__name=d2.V2)
    assert (row.approach, row.market_outside_zones) == ("zones", True)

    j.open_task_list(page, case)
    page.get_by_role("link", name="Plan ASM zones").click()
    expect(page.get_by_role("heading", name="Plan ASM zones", level=1)).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text(f"“{d3.GAZETTED_ZONE}” is gazetted, but the geological and land-use mapping (R7) "
                                 "is “Deferred”")
    expect(main).to_contain_text(d2.Z_NOTE)  # the Z answer's note from Part 2
    j.save_and_continue(page, "Design the market-access scheme")  # a warning, never an error
    side = page.locator(".grid__side")
    expect(side).to_contain_text(f"{d2.V2} (ASM zones, with market access for production outside the zones)")
    expect(side).to_contain_text(d2.V4)
    scheme = page.locator("select[name$='-subtype']").nth(1)
    expect(scheme.locator("option[selected]")).to_have_text(d2.V2)
    chokepoints = page.locator("select[name$='-chokepoint_type']")
    expect(chokepoints.nth(0).locator("option[selected]")).to_have_text("Official marketplace or exchange")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Plan, schedule and cost the actions", level=1)).to_be_visible()
    # The action plan proposes the deferred study's follow-up and flags the action ending too early.
    main = page.locator("main")
    expect(main).to_contain_text("Carry out the deferred study R7 Geological and land-use mapping")
    expect(main).to_contain_text(re.compile(rf"A\d+ “{d3.DEPENDENT}” ends in Q2 2028, before A\d+"))


def report_preview(page: Page, case) -> None:
    j.open_task_list(page, case)
    page.locator(".case-links").get_by_role("link", name="Strategy report").click()
    body = page.locator("main")
    for typed in (d2.ARMED_GROUPS_NOTE, d2.BASIC_PROGRAMME, d3.MARKETPLACE_SCHEME, d3.OUTSIDE_ZONES_SCHEME,
                  d3.GAZETTED_ZONE, d1.CONFLICT_NOTE):
        expect(body).to_contain_text(typed)
    with translation.override(case.report_language):  # the report is written in the case's language
        found = l10n.join([str(conflict.NAMES[code]) for code in ("armed_groups", "security_forces", "taxes")])
        red_flags = translation.ngettext(
            "Red flags were found for %(count)d risk: %(list)s. Acting on it comes first.",
            "Red flags were found for %(count)d risks: %(list)s. Acting on them comes first.", 3) % {
            "count": 3, "list": found}
        zones = translation.gettext(
            "Chosen approach: %(approach)s. Miners are brought into designated ASM zones, and what is produced "
            "outside them can reach buyers through a market-access scheme; both are planned in the implementation "
            "plan (section %(section)s).") % {"approach": str(p2.Approach.ZONES.label),
                                               "section": section_numbers(case)["implementation"]}
    expect(body).to_contain_text(red_flags)
    expect(body).to_contain_text(zones)
    text = body.inner_text()
    forest = text.split(d2.V1)[-1].split(d2.V2)[0] if text.rfind(d2.V1) < text.rfind(d2.V2) else ""
    assert d3.GAZETTED_ZONE not in forest and d3.MARKETPLACE_SCHEME not in forest


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_second_case_preconditions_first_and_zones_with_market_access(new_page, live_server, settings, javascript):
    case = load_valdoria(settings)
    page = new_page(javascript=javascript)
    j.sign_in(page, live_server.url, "valdoria-owner")
    page.get_by_role("link", name=case.title).click()
    expect(page.get_by_role("heading", name=case.title, level=1)).to_be_visible()
    preconditions_subtype(page, case)
    zones_subtype(page, case)
    report_preview(page, case)
    assert reverse("reports:preview", args=[case.pk]) in page.url

"""A new user creates a case and works through Part 1 in a real browser, with and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from asm_guide.cases.models import StrategyCase
from setup_phase import models as m
from tests.factories import PASSWORD, UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()


def create_case(page, base, title):
    page.get_by_role("link", name="Create a case").click()
    page.get_by_label("Country").fill("Testland")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Lead ministry").fill("Ministry of Mines")
    page.get_by_label("Strategy start year").fill("2026")
    page.get_by_role("button", name="Create the case").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    return StrategyCase.objects.get(title=title)


def fill_part_one(page, case):
    page.get_by_role("link", name="Form a government ASM task force").click()
    # An error first: the summary appears, focus can reach it, nothing typed is lost.
    page.get_by_label("Legal instrument").fill("Decree 7/2026")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    expect(page.get_by_label("Legal instrument")).to_have_value("Decree 7/2026")
    page.get_by_role("link", name="Enter who chairs the task force").click()
    page.get_by_label("Chair", exact=True).fill("Permanent Secretary")
    page.get_by_label("Secretariat").fill("ASM Directorate")
    page.get_by_label("Monthly").check()
    page.get_by_label("Consensus", exact=True).check()
    page.get_by_label("Terms of reference").fill("Coordinate the strategy.")
    page.locator("#id_members-0-institution").fill("Ministry of Mines")
    page.locator("#id_members-0-institution_type").select_option("mines")
    page.get_by_role("button", name="Add another member").click()
    expect(page.locator("#id_members-0-institution")).to_have_value("Ministry of Mines")
    page.locator("#id_members-1-institution").fill("Environment Agency")
    page.locator("#id_members-1-institution_type").select_option("environment")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Collect existing information")).to_be_visible()
    assert m.TaskForceMember.objects.filter(case=case).count() == 2

    page.locator("#id_items-0-title").fill("Scoping report 2024")
    page.locator("#id_items-0-kind").select_option("study")
    page.locator("#id_items-0-year").fill("2024")
    page.locator("#id_items-0-reliability_0").check()
    page.locator("#id_items-0-covers_research_types_0").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Engage partners")).to_be_visible()
    page.locator("#id_partners-0-name").fill("Development Bank")
    page.locator("#id_partners-0-partner_type").select_option("multilateral")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Convene a consultation forum")).to_be_visible()
    page.get_by_label("Terms of reference").fill("Advise the task force.")
    page.get_by_label("Advisory only").check()
    page.get_by_label("How members are selected").fill("Elected by associations")
    page.locator("#id_members-0-stakeholder_group").select_option("miners")
    page.locator("#id_members-0-organisation").fill("Miners' association")
    page.locator("#id_members-0-gender").select_option("woman")
    page.locator("#id_meetings-0-date").fill("2026-02-01")
    page.locator("#id_meetings-0-place").fill("Capital")
    page.locator("#id_meetings-0-informed_step").select_option("research")
    page.locator("#id_meetings-0-attendance_total").fill("20")
    page.locator("#id_meetings-0-attendance_women").fill("8")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Commission research")).to_be_visible()
    for index in range(7):
        page.locator(f"#id_studies-{index}-status").select_option("validated" if index == 1 else "covered")
    page.locator("#id_studies-1-funder").select_option(label="Development Bank")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Record research findings")).to_be_visible()
    page.locator("#id_findings-0-study").select_option(index=2)
    page.locator("#id_findings-0-topic").select_option("inspectors")
    page.locator("#id_findings-0-value").fill("22")
    page.locator("#id_findings-0-unit").fill("inspectors")
    page.locator("#id_findings-0-text").fill("22 inspectors for about 2,100 sites")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers: Part 1: Set-up")).to_be_visible()
    page.get_by_role("button", name="Mark this part as complete").click()


def test_new_user_completes_part_one(page, live_server):
    UserFactory(username="official")
    sign_in(page, live_server.url, "official")
    case = create_case(page, live_server.url, "E2E strategy")
    fill_part_one(page, case)
    expect(page.get_by_text("Marked as complete", exact=True)).to_be_visible()
    assert case.part_completions.filter(part="setup").exists()


def test_part_one_without_javascript(nojs_page, live_server):
    UserFactory(username="official")
    sign_in(nojs_page, live_server.url, "official")
    case = create_case(nojs_page, live_server.url, "No-JS strategy")
    fill_part_one(nojs_page, case)
    expect(nojs_page.get_by_text("Marked as complete", exact=True)).to_be_visible()


def test_error_summary_takes_focus(page, live_server):
    UserFactory(username="official")
    sign_in(page, live_server.url, "official")
    create_case(page, live_server.url, "Focus strategy")
    page.get_by_role("link", name="Form a government ASM task force").click()
    page.get_by_role("button", name="Save and continue").click()
    focused = page.evaluate("document.activeElement.getAttribute('data-error-summary') !== null")
    assert focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"


@pytest.mark.parametrize("path_name", ["dashboard", "task_list", "step_errors", "check", "members"])
def test_pages_have_no_serious_accessibility_violations(page, live_server, path_name):
    UserFactory(username="official")
    sign_in(page, live_server.url, "official")
    case = create_case(page, live_server.url, "Axe strategy")
    paths = {
        "dashboard": "/cases/",
        "task_list": f"/cases/{case.pk}/",
        "step_errors": f"/cases/{case.pk}/setup/task-force/",
        "check": f"/cases/{case.pk}/setup/check-answers/",
        "members": f"/cases/{case.pk}/members/",
    }
    page.goto(live_server.url + paths[path_name])
    if path_name == "step_errors":
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path_name", ["task_list", "step", "check"])
def test_no_horizontal_scrolling_at_360px(new_page, live_server, path_name):
    UserFactory(username="official")
    page = new_page(width=360)
    sign_in(page, live_server.url, "official")
    case = create_case(page, live_server.url, "Narrow strategy")
    paths = {"task_list": f"/cases/{case.pk}/", "step": f"/cases/{case.pk}/setup/forum/",
             "check": f"/cases/{case.pk}/setup/check-answers/"}
    page.goto(live_server.url + paths[path_name])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

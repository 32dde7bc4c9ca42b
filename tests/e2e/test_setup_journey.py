"""Part 1 of a new, empty case in a real browser: focus after an error, accessibility and narrow
screens. (A new user working through Part 1 with and without JavaScript is part of the whole
journey in test_full_journey.py, through the same ``journey.fill_part_one``.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

from .conftest import axe_violations
from .journey import create_case, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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

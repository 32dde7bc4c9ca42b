"""The public pages in a real browser: no serious accessibility violations, no sideways
scrolling on a narrow screen, and the structure diagram readable without CSS tricks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from asm_guide.guide import contents

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = {
    "start": "/",
    "index": "/guide/",
    "step": "/guide/setup/task-force/",
    "decision_aid": "/guide/reference/decision-aid/",
    "approaches": "/guide/reference/approaches/",
    "search": "/guide/search/?q=task+force",
    "all": "/guide/all/",
}


@pytest.mark.parametrize("name", list(PATHS))
def test_public_pages_have_no_serious_accessibility_violations(page, live_server, name):
    page.goto(live_server.url + PATHS[name])
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", ["start", "step", "decision_aid", "approaches", "search", "all"])
def test_no_sideways_scrolling_at_360px(new_page, live_server, name):
    page = new_page(width=360)
    page.goto(live_server.url + PATHS[name])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_searches_and_follows_the_guide_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Read the Guidance reference").click()
    expect(page.get_by_role("heading", name="Guidance reference", level=1)).to_be_visible()
    page.get_by_label("Search the guidance").fill("consultation forum")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Convene a consultation forum").first.click()
    expect(page.get_by_role("heading", name="Convene a consultation forum", level=1)).to_be_visible()
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        str(contents.neighbours(contents.step_entry("setup", "forum"))[1].title))

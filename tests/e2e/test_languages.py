"""The language switch in a real browser, with and without JavaScript: the interface, the
guidance and the error messages follow it; French and Spanish pages stay accessible and fit a
narrow screen (longer words than English)."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from asm_guide.content import guidance_for
from asm_guide.guide import contents
from setup_phase.steps import FLOW
from tests.factories import PASSWORD, CaseFactory, MembershipFactory, UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_switching_to_french_then_spanish_from_the_header(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server.url + "/guide/setup/task-force/")
    header = page.locator("header")
    header.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(live_server.url + "/guide/setup/task-force/")
    step = contents.step_entry("setup", "task-force")
    with translation.override("fr"):
        expect(page.get_by_role("heading", level=1)).to_have_text(str(step.title))
    expect(page.locator(".guide-prose")).to_have_attribute("lang", "fr")
    expect(header.locator("[aria-current=true]")).to_have_text("Français")

    header.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name=in_language("es", "Sign in"))).to_be_visible()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_step_with_errors_in_each_language_is_accessible_and_fits_360px(new_page, live_server, language):
    user = UserFactory()
    case = CaseFactory()
    MembershipFactory(case=case, user=user, role="owner")
    page = new_page(width=360)
    page.goto(live_server.url + "/")
    page.locator("header").get_by_role("button", name={"fr": "Français", "es": "Español"}[language]).click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(in_language(language, "Username")).fill(user.username)
    page.get_by_label(in_language(language, "Password")).fill(PASSWORD)
    page.get_by_role("button", name=in_language(language, "Sign in")).click()
    page.goto(live_server.url + FLOW.step_url(FLOW.steps[0], case))
    page.get_by_role("button", name=in_language(language, "Save and continue")).click()
    summary = page.get_by_role("heading", name=in_language(language, "There is a problem"))
    expect(summary).to_be_visible()
    assert page.title().startswith(in_language(language, "Error:"))
    expect(page.locator(".lead").first).to_have_text(guidance_for("setup_phase", FLOW.steps[0].guidance_slug,
                                                                  language=language).hint)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []

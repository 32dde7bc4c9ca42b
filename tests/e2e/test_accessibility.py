"""Every page type of a case in a real browser: no serious or critical axe-core violations, no
sideways scrolling at 360 px, a visible focus indicator on everything the keyboard reaches, Tab
cycling through a page without getting stuck, and focus on the error summary after an invalid
submit.

The case is built with ``tests.generate.fill_case`` (every step answered through its own forms)
plus one comment thread, three revisions and a save made in the browser (for the audit log):
these tests are about the pages, the journey tests are about getting there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from asm_guide.cases.models import Role, StrategyCase
from asm_guide.review import comments, workflow
from asm_guide.review.models import AuditEntry, Comment
from implementation.steps import FLOW as PART3
from setup_phase.steps import FLOW as PART1
from strategy.models import Subtype
from strategy.steps import FLOW as PART2
from strategy.steps import SUBSTRATEGY_FLOW
from tests.factories import CaseFactory, MembershipFactory, UserFactory
from tests.generate import fill_case

from .conftest import axe_violations
from .journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class World:
    base: str
    case: StrategyCase
    subtype: Subtype
    thread: Comment


@pytest.fixture
def world(live_server) -> World:
    owner = UserFactory(username="official")
    reviewer = UserFactory(username="reviewer")
    case = CaseFactory(title="Accessible strategy", created_by=owner)
    MembershipFactory(case=case, user=owner, role=Role.OWNER)
    MembershipFactory(case=case, user=reviewer, role=Role.REVIEWER)
    fill_case(case, rows=1)
    thread = comments.post_comment(case=case, author=reviewer, flow_name="strategy", subject_id=None,
                                   step_slug="vision", body="Is 2035 realistic?", blocking=True, assignee=owner)
    comments.reply(comment=thread, author=owner, body="The task force agreed it in March.")
    workflow.make_transition(case=case, user=owner, name="submit", label="First draft")
    workflow.make_transition(case=case, user=owner, name="request_changes", reason="Add the budget")
    workflow.make_transition(case=case, user=owner, name="submit", label="Second draft")
    case.refresh_from_db()
    return World(base=live_server.url, case=case, subtype=Subtype.objects.filter(case=case).first(),
                 thread=thread)


def signed_in(new_page, world: World, *, width: int = 1280, javascript: bool = True) -> Page:
    page = new_page(width=width, javascript=javascript)
    sign_in(page, world.base, "official")
    return page


def show_errors(clear: str):
    """A step page after an invalid submit: one required answer emptied, then Save and continue."""

    def prepare(page: Page) -> None:
        page.locator(clear).fill("")
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()

    return prepare


def comment_errors(page: Page) -> None:
    page.locator("#comments").get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()


def case_pages(world: World) -> dict[str, tuple[str, object]]:
    """Page type -> (path, what to do there first)."""
    case, subtype = world.case, world.subtype
    return {
        "dashboard": ("/cases/", None),
        "task list": (f"/cases/{case.pk}/", None),
        "part 1 step with errors": (PART1.step_url("task-force", case), show_errors("#id_chair")),
        "part 2 step with errors": (PART2.step_url("vision", case), show_errors("#id_statement")),
        "part 2 subtype step with errors": (SUBSTRATEGY_FLOW.step_url("risks", case, subtype),
                                            show_errors("#id_risks")),
        "part 3 step with errors": (PART3.step_url("training", case), show_errors("#id_trainings-0-title")),
        "part 3 action plan": (PART3.step_url("action-plan", case), None),
        "part 1 check answers": (f"/cases/{case.pk}/setup/check-answers/", None),
        "part 2 check answers": (f"/cases/{case.pk}/strategy/check-answers/", None),
        "part 3 check answers": (f"/cases/{case.pk}/implementation/check-answers/", None),
        "members": (f"/cases/{case.pk}/members/", None),
        "case comments": (f"/cases/{case.pk}/comments/", None),
        "comment thread": (f"/cases/{case.pk}/comments/{world.thread.pk}/", None),
        "comment form with errors": (PART2.step_url("vision", case), comment_errors),
        "my open comments": ("/cases/comments/", None),
        "review and approval": (f"/cases/{case.pk}/review/", None),
        "revisions": (f"/cases/{case.pk}/revisions/", None),
        "compare revisions": (f"/cases/{case.pk}/revisions/compare/?old=1&new=2", None),
        "compare with the draft": (f"/cases/{case.pk}/revisions/compare/?old=1&new=current", None),
        "report preview": (f"/cases/{case.pk}/report/", None),
        "history of changes (audit log)": (f"/cases/{case.pk}/history/", None),
    }


def visit(page: Page, world: World, name: str) -> None:
    path, prepare = case_pages(world)[name]
    response = page.goto(world.base + path)
    assert response.status == 200, (name, response.status)
    if prepare is not None:
        prepare(page)
        page.wait_for_load_state()  # the page the form led to, with its stylesheet


def save_one_step_in_the_browser(page: Page, world: World) -> None:
    """A real save, so that the audit log has an entry to show."""
    page.goto(world.base + PART1.step_url("partners", world.case))
    page.get_by_role("button", name="Save and return to task list").click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    assert AuditEntry.objects.filter(case=world.case).exists()


def test_no_serious_accessibility_violations_on_any_page_type(new_page, world):
    page = signed_in(new_page, world)
    save_one_step_in_the_browser(page, world)
    found = {}
    for name in case_pages(world):
        visit(page, world, name)
        found[name] = axe_violations(page)
        print(f"axe {name}: {len(found[name])} serious/critical")
    # The sign-in page, with an error, in a browser that is not signed in.
    anonymous = new_page()
    anonymous.goto(world.base + "/accounts/login/")
    anonymous.get_by_label("Username").fill("official")
    anonymous.get_by_role("button", name="Sign in").click()
    expect(anonymous.get_by_role("heading", name="There is a problem")).to_be_visible()
    found["sign in with errors"] = axe_violations(anonymous)
    print(f"axe sign in with errors: {len(found['sign in with errors'])} serious/critical")
    assert {name: rows for name, rows in found.items() if rows} == {}


def test_no_sideways_scrolling_at_360px_on_any_page_type(new_page, world):
    page = signed_in(new_page, world, width=360)
    too_wide = {}
    for name in case_pages(world):
        visit(page, world, name)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            too_wide[name] = widths
            too_wide[name].append(page.evaluate(WIDEST))
    assert too_wide == {}


# The elements sticking out furthest to the right (to say what to fix when the test fails).
WIDEST = """() => Array.from(document.querySelectorAll('main *'))
  .map(e => [e.getBoundingClientRect().right, e.outerHTML.slice(0, 120)])
  .filter(pair => pair[0] > document.documentElement.clientWidth)
  .sort((a, b) => b[0] - a[0]).slice(0, 3)"""


# --- keyboard ----------------------------------------------------------------------------------------

# Everything the Tab key should reach, in document order; of a group of radios only one (the
# checked one, or the first) is a tab stop.
TAB_STOPS = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const seen = new Set();
  const stops = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.type === 'hidden') continue;
    if (el.closest('[hidden], [inert], fieldset[disabled]')) continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || !el.getClientRects().length) continue;
    if (el.type === 'radio') {
      const key = el.form ? el.form.id + '|' + el.name : el.name;
      if (seen.has(key)) continue;
      const group = Array.from(document.getElementsByName(el.name)).filter(r => r.form === el.form);
      const checked = group.find(r => r.checked);
      if (checked && checked !== el) continue;
      seen.add(key);
    }
    el.setAttribute('data-tab-stop', stops.length);
    stops.push({index: stops.length, tag: el.tagName, text: (el.innerText || el.name || el.id || '').slice(0, 40),
                unfocused: [style.outlineStyle + ' ' + style.outlineWidth, style.boxShadow, style.backgroundColor]});
  }
  return stops;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {index: el.getAttribute('data-tab-stop'), tag: el.tagName,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                   && style.outlineColor !== 'rgba(0, 0, 0, 0)',
          styles: [style.outlineStyle + ' ' + style.outlineWidth, style.boxShadow, style.backgroundColor]};
}"""


def tab_through(page: Page) -> tuple[list[dict], list[dict]]:
    """Press Tab until focus has gone round the page once. Returns the expected tab stops and the
    focused elements, in order."""
    stops = page.evaluate(TAB_STOPS)
    # Start from the top of the page, wherever the page put the focus (the error summary, say):
    # a focus target before everything else that is not itself a tab stop.
    page.evaluate("""() => { const start = document.createElement('span'); start.tabIndex = -1;
                            document.body.prepend(start); start.focus(); }""")
    visited = []
    for _press in range(len(stops) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:  # focus left the page (the browser's own controls): once round
            if visited:
                break
            continue
        if visited and focused["index"] == visited[0]["index"]:
            break
        visited.append(focused)
    return stops, visited


@pytest.mark.parametrize("name", ["task list", "part 2 step with errors", "part 3 action plan",
                                  "part 1 check answers", "comment thread", "members"])
def test_keyboard_reaches_everything_with_a_visible_focus_and_no_trap(new_page, world, name):
    page = signed_in(new_page, world)
    visit(page, world, name)
    stops, visited = tab_through(page)
    assert stops, "the page has things to reach"
    strays = [item for item in visited if item["index"] is None]
    assert strays == [], "focus reached something that is not a link, button, field or [tabindex]"
    order = [int(item["index"]) for item in visited]
    # Every stop reached, once, in document order, then focus leaves the page (no trap).
    assert order == list(range(len(stops))), (order, [stop["text"] for stop in stops])
    invisible = []
    for item in visited:
        stop = stops[int(item["index"])]
        changed = item["styles"] != stop["unfocused"]
        shadow = item["styles"][1] != "none"
        if not (item["outline"] or (changed and (shadow or item["styles"][2] != stop["unfocused"][2]))):
            invisible.append((stop["tag"], stop["text"], item["styles"]))
    assert invisible == []


ERROR_FORMS = {
    "part 1 step": ("part 1 step with errors", "#id_chair"),
    "part 2 step": ("part 2 step with errors", "#id_statement"),
    "part 2 subtype step": ("part 2 subtype step with errors", "#id_risks"),
    "part 3 step": ("part 3 step with errors", "#id_trainings-0-title"),
    "comment": ("comment form with errors", "#id_body"),
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("name", list(ERROR_FORMS))
def test_after_an_invalid_submit_focus_is_on_the_error_summary_and_its_link_leads_to_the_field(
        new_page, world, name, javascript):
    """With or without JavaScript (the summary has ``autofocus``)."""
    page_type, field = ERROR_FORMS[name]
    page = signed_in(new_page, world, javascript=javascript)
    visit(page, world, page_type)
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.keyboard.press("Tab")
    link = page.evaluate("document.activeElement.getAttribute('href')")
    assert link and link.startswith("#"), link
    page.keyboard.press("Enter")
    expect(page.locator(field)).to_be_focused()
    page.keyboard.type("Typed with the keyboard only")
    expect(page.locator(field)).to_have_value(re.compile("Typed with the keyboard only$"))


# --- links ---------------------------------------------------------------------------------------------

LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"""
MISSING_TARGETS = """() => Array.from(document.querySelectorAll('a[href^="#"]'))
  .map(a => a.getAttribute('href').slice(1)).filter(id => id && !document.getElementById(decodeURIComponent(id)))"""


def test_no_broken_links_or_fragment_targets_on_any_page_type(new_page, world):
    """Every link on every page type answers (no 404 or 500), and every in-page link ("#id",
    as in an error summary) has its target on the page."""
    page = signed_in(new_page, world)
    save_one_step_in_the_browser(page, world)
    targets, broken, missing = {}, {}, {}
    for name in case_pages(world):
        visit(page, world, name)
        if found := page.evaluate(MISSING_TARGETS):
            missing[name] = found
        for href in page.evaluate(LINKS):
            url = page.evaluate("href => new URL(href, document.baseURI).href", href).split("#")[0]
            if url.startswith(world.base + "/") and "/accounts/logout" not in url:
                targets.setdefault(url, name)
    for url, name in targets.items():
        response = page.request.get(url, max_redirects=5)
        if response.status >= 400:
            broken[url] = (response.status, name)
    print(f"links checked: {len(targets)}")
    assert (broken, missing) == ({}, {})

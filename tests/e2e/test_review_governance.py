"""In a browser without JavaScript: an owner submits a case whose parts are not complete (the page
lists them and asks to confirm), cannot approve what they submitted, and another owner approves it
after resolving the blocking comment, which the history of changes then names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from asm_guide.cases.models import CaseStatus, Role
from asm_guide.review import comments
from asm_guide.review.models import Revision
from tests.factories import CaseFactory, MembershipFactory, UserFactory

from .journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_incomplete_submission_and_approval_by_another_owner(new_page, live_server):
    first, second, reviewer = (UserFactory(username=name) for name in ("official", "chair", "reviewer"))
    case = CaseFactory(title="Governed strategy", created_by=first)
    MembershipFactory(case=case, user=first, role=Role.OWNER)
    MembershipFactory(case=case, user=second, role=Role.OWNER)
    MembershipFactory(case=case, user=reviewer, role=Role.REVIEWER)
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="partners",
                          body="Name the funders", blocking=True)

    page = new_page(javascript=False)
    sign_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/cases/{case.pk}/review/")
    submit = page.locator("section.summary-card", has=page.get_by_role("heading", name="Submit for review"))
    submit.get_by_label("Name this revision").fill("First draft")
    submit.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("These parts of the case are not complete yet")).to_be_visible()
    expect(submit.get_by_label("Name this revision")).to_have_value("First draft")
    page.locator(".error-summary").get_by_role("link").first.click()
    confirm = page.get_by_label(re.compile("^Submit it as it is"))
    expect(confirm).to_be_focused()
    expect(submit.get_by_role("link", name=re.compile("^Engage partners"))).to_be_visible()
    confirm.check()
    submit.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review. The members were told by e-mail.")).to_be_visible()
    assert Revision.objects.get(case=case).submitted_incomplete
    expect(page.get_by_text("Revision 1 was submitted with parts not complete")).to_be_visible()

    other = new_page(javascript=False)
    sign_in(other, live_server.url, "chair")
    other.goto(f"{live_server.url}/cases/{case.pk}/comments/")
    other.get_by_role("button", name="Resolve").click()
    expect(other.get_by_text("The comment was resolved.")).to_be_visible()
    # With nothing blocking, the owner who submitted still may not approve.
    page.reload()
    expect(page.get_by_text(re.compile("^You submitted this revision"))).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    other.goto(f"{live_server.url}/cases/{case.pk}/review/")
    approve = other.locator("section.summary-card", has=other.get_by_role("heading", name="Approve"))
    approve.get_by_role("button", name="Approve").click()
    expect(other.locator(".summary-list").get_by_text("Approved", exact=True)).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED

    other.goto(f"{live_server.url}/cases/{case.pk}/history/")
    entry = other.locator("section.audit-entry", has_text="Resolved the blocking comment")
    expect(entry).to_contain_text("chair")
    expect(entry).to_contain_text("“Name the funders”")

"""The whole journey in a real browser, with and without JavaScript: a new user signs in, creates
a case, completes Parts 1 to 3 (two subtypes, one overriding the decision aid's suggestion with a
reason) and marks each part complete on its check-answers page; invites a reviewer, who signs in
in a second browser and comments; the owner resolves the comment, submits and approves (only an
owner moves a case through the workflow), then downloads the PDF and its text is checked.

Without JavaScript the PDF is rendered by the background worker, as on a server whose estimate
sends the report there: the browser sees the progress page, which reloads itself (a meta refresh,
no script) until the worker, run here in the test's own thread, has rendered the file.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from asm_guide.cases.models import CaseStatus, Role
from asm_guide.reports.models import RenderedFile, RenderStatus
from asm_guide.review.models import Comment, Revision, RevisionFile
from strategy.models import SubStrategy
from tests.factories import UserFactory

from . import journey as j

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A report the size of this journey's renders at once; this makes the server hand it to the
# database queue instead, as a large report would be (see asm_guide/reports/render.py).
BACKGROUND = {"ASM_REPORT_BACKGROUND_SECONDS": 0,
              "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}


def run_worker() -> None:
    """What ``manage.py db_worker --batch`` does on a server: run every queued task, then stop.
    (Its worker class, without the command's signal handlers, which would outlive the test.)"""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="e2e-worker").run()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_whole_journey(new_page, live_server, javascript):
    base = live_server.url
    UserFactory(username="official")
    UserFactory(username="reviewer")
    owner = new_page(javascript=javascript)
    j.sign_in(owner, base, "official")
    title = f"Testland strategy ({'JS' if javascript else 'no JS'})"
    case = j.create_case(owner, base, title)

    j.fill_part_one(owner, case)
    j.fill_part_two(owner, case)
    j.fill_part_three(owner, case)
    expect(owner.get_by_text("Marked as complete", exact=True)).to_have_count(3)
    assert set(case.part_completions.values_list("part", flat=True)) == {"setup", "strategy", "implementation"}
    overridden = SubStrategy.objects.get(case=case, subtype__name=j.GOLD)
    assert (overridden.approach, overridden.approach_recommended) == ("license_regulate", "zones")
    assert overridden.override_justification == j.OVERRIDE_REASON

    j.add_member(owner, case, "reviewer", "Reviewer")
    assert case.memberships.get(user__username="reviewer").role == Role.REVIEWER
    reviewer = new_page(javascript=javascript)  # a second browser context: its own cookies
    j.sign_in(reviewer, base, "reviewer")
    j.reviewer_comments(reviewer, case)
    j.reviewer_cannot_move_the_case(reviewer, case)
    comment = Comment.objects.get(case=case, parent__isnull=True)
    assert comment.author.username == "reviewer" and comment.blocking
    assert any("official@example.org" in message.to for message in mail.outbox)

    j.owner_resolves_comment(owner, case)
    comment.refresh_from_db()
    assert comment.resolved_at is not None and comment.resolved_by.username == "official"

    if javascript:
        # Before approval the PDF is a draft: the watermark the approved one must not have.
        j.open_report_preview(owner, case)
        assert "DRAFT" in j.pdf_text(j.download_pdf(owner))
        j.submit_and_approve(owner, case)
        j.open_report_preview(owner, case)
        content = j.download_pdf(owner)
    else:
        with override_settings(**BACKGROUND):
            j.submit_and_approve(owner, case)
            j.open_report_preview(owner, case)
            owner.get_by_role("link", name="PDF", exact=True).click()
            expect(owner.get_by_role("heading", name="Preparing the PDF")).to_be_visible()
            assert RenderedFile.objects.get(case=case).status == RenderStatus.QUEUED
            with owner.expect_response(j.is_pdf, timeout=30_000) as event:
                run_worker()  # the page reloads itself meanwhile, and gets the file once it is ready
            content = j.pdf_from(owner, event.value)
        assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {
            "asm_guide.reports.tasks.render_report_pdf", "asm_guide.reports.tasks.keep_revision_pdf"}

    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert list(Revision.objects.filter(case=case).values_list("kind", flat=True).order_by("number")) == [
        "submitted", "approved"]

    text = j.pdf_text(content)
    for expected in (title, j.COUNTRY, j.TIN, j.GOLD, j.OVERRIDE_REASON, j.ACTION, j.REGULATION):
        assert expected in text, expected
    assert "DRAFT" not in text

    # The PDF kept with the approved revision (rendered when it was approved) reads the same.
    kept = RevisionFile.objects.get(revision__case=case, kind="pdf")
    text = j.pdf_text(j.fetch(owner, f"{base}/cases/{case.pk}/report.pdf?revision={kept.revision.number}"))
    assert j.OVERRIDE_REASON in text and j.ACTION in text and "DRAFT" not in text

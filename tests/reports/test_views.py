"""Report pages and downloads: preview with open comments, file responses, the cache per case
version, rendering in the background for large reports, the public demo PDF, and the PDF kept with
an approved revision."""

from __future__ import annotations

import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from asm_guide.cases.models import StrategyCase
from asm_guide.reports.models import RenderedFile, RenderStatus
from asm_guide.review.models import Comment, RevisionFile
from asm_guide.review.workflow import make_transition
from asm_guide.wizard.progress import refresh_progress
from tests.perf.reports_large_case import Size, fill

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_preview_shows_sections_downloads_and_open_comments(demo, demo_owner_client):
    Comment.objects.create(case=demo, flow="strategy", step="vision", body="Sharper, please")
    response = demo_owner_client.get(reverse("reports:preview", args=[demo.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "4. Vision, principles and strategic objectives" in html
    assert "1 open comment on this section" in html
    assert "7. Implementation plan" in html
    assert "Not yet completed" not in html  # Parts 1 to 3 of the demo are filled
    for name in ("pdf", "docx", "xlsx", "json"):
        assert reverse(f"reports:{name}", args=[demo.pk]) in html


def test_downloads_have_their_types(demo, demo_owner_client):
    types = {"pdf": "application/pdf", "docx": "wordprocessingml", "xlsx": "spreadsheetml",
             "json": "application/json"}
    for name, content_type in types.items():
        response = demo_owner_client.get(reverse(f"reports:{name}", args=[demo.pk]))
        assert response.status_code == 200, name
        assert content_type in response["Content-Type"], name
    document = json.loads(demo_owner_client.get(reverse("reports:json", args=[demo.pk]) + "?members=1").content)
    assert document["format"] == "asm-case/2" and document["members"]


def test_the_pdf_is_cached_per_version_and_invalidated_by_a_save(demo, demo_owner_client):
    url = reverse("reports:pdf", args=[demo.pk])
    first = demo_owner_client.get(url).content
    assert RenderedFile.objects.filter(case=demo, status=RenderStatus.READY).count() == 1
    assert demo_owner_client.get(url).content == first  # served from the cache
    demo.title = "A new title"
    demo.save()  # what every wizard save does (updated_at)
    refresh_progress(demo)
    second = demo_owner_client.get(url).content
    assert "A new title" in PdfReader(io.BytesIO(second)).pages[0].extract_text()
    assert RenderedFile.objects.filter(case=demo).count() == 1  # the old version's file is gone


@override_settings(ASM_REPORT_BACKGROUND_SECONDS=0, TASKS=DUMMY_TASKS)
def test_a_large_report_is_rendered_in_the_background_with_a_progress_page(demo, demo_owner_client):
    from asm_guide.reports.render import run_render

    url = reverse("reports:pdf", args=[demo.pk])
    response = demo_owner_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Preparing the PDF" in html and 'http-equiv="refresh"' in html and "Reload now" in html
    row = RenderedFile.objects.get(case=demo)
    assert row.status == RenderStatus.QUEUED
    assert demo_owner_client.get(url).status_code == 200  # asking again queues nothing new
    assert RenderedFile.objects.filter(case=demo).count() == 1
    run_render(row.pk)  # what the worker does
    response = demo_owner_client.get(url)
    assert response["Content-Type"] == "application/pdf"


@override_settings(ASM_REPORT_BACKGROUND_SECONDS=0, TASKS=DUMMY_TASKS)
def test_a_failed_render_says_so_and_can_be_retried(demo, demo_owner_client, monkeypatch):
    from asm_guide.reports import render

    url = reverse("reports:pdf", args=[demo.pk])
    demo_owner_client.get(url)
    row = RenderedFile.objects.get(case=demo)
    monkeypatch.setattr(render, "render_pdf", lambda report: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        render.run_render(row.pk)
    html = demo_owner_client.get(url).content.decode()
    assert "could not be prepared" in html and "retry=1" in html and "http-equiv" not in html
    demo_owner_client.get(url + "?retry=1")
    assert RenderedFile.objects.get(case=demo).status == RenderStatus.QUEUED


def test_the_estimate_sends_a_large_case_to_the_background(case):
    from asm_guide.reports.context import build_report
    from asm_guide.reports.pdf import estimate_seconds, renders_in_background

    small = estimate_seconds(build_report(case))
    fill(case, Size())
    case = StrategyCase.objects.get(pk=case.pk)
    report = build_report(case)
    assert estimate_seconds(report) > small
    assert renders_in_background(report)


def test_the_demo_pdf_is_public_and_only_for_the_demo(client, demo, case):
    response = client.get(reverse("reports:example-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Fictional demonstration case" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    home = client.get("/").content.decode()
    assert reverse("reports:example-pdf") in home
    # A case someone else marks fictional is not published.
    StrategyCase.objects.filter(pk=demo.pk).update(created_by=None)
    response = client.get(reverse("reports:example-pdf"))
    assert response["Content-Type"].startswith("text/html")
    assert "not available on this server" in response.content.decode()


def test_the_approved_revision_keeps_its_pdf(demo, django_capture_on_commit_callbacks):
    owner = demo.memberships.get(role="owner").user
    demo.approval_by_other_member = False  # the demo's only owner approves what they submitted
    demo.save(update_fields=["approval_by_other_member"])
    make_transition(case=demo, user=owner, name="submit")
    with django_capture_on_commit_callbacks(execute=True):
        make_transition(case=demo, user=owner, name="approve")
    kept = RevisionFile.objects.get(revision__case=demo, kind="pdf")
    assert kept.revision.kind == "approved"
    text = PdfReader(kept.file.open("rb")).pages[0].extract_text()
    assert "Approved" in text and "DRAFT" not in text
    from django.test import Client

    client = Client()
    client.force_login(owner)
    response = client.get(reverse("reports:pdf", args=[demo.pk]) + f"?revision={kept.revision.number}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(reverse("reports:pdf", args=[demo.pk]) + "?revision=99").status_code == 404


def test_preview_queries_do_not_grow_with_the_case(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CaseFactory, MembershipFactory, UserFactory

    user = UserFactory()
    client = client_for(user)
    counts = []
    for size in (Size.small(), Size(subtypes=20, objectives=30, findings=40)):
        case = CaseFactory()
        MembershipFactory(case=case, user=user)
        fill(case, size)
        url = reverse("reports:preview", args=[case.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 36, counts  # Part 3 reads its records with a fixed 12 queries

"""The review pages in the reader's language: dates and times as the language writes them, and a
history of changes that names models, questions, items and values the way the pages do, never
an internal key ("review:5") or an English label saved by a colleague."""

from __future__ import annotations

import datetime as dt
import html
import re
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from asm_guide.review import comments, workflow
from asm_guide.review.models import AuditEntry, Revision, WorkflowEvent
from asm_guide.wizard.models import PartCompletion
from implementation import models as p3
from implementation.steps import FLOW as PART3
from setup_phase import models as p1
from setup_phase.steps import FLOW as PART1
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.UTC)
RAW_KEY = re.compile(r"\b[a-z_.-]+:\d+\b")


def read(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


@pytest.fixture
def reviewed(case, owner, reviewer):
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):  # the history cannot be rewritten later
        workflow.make_transition(case=case, user=owner, name="submit", label="First draft")
        thread = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                       step_slug="task-force", body="Check the chair")
        comments.reply(comment=thread, author=owner, body="Done")
        AuditEntry.objects.create(case=case, user=owner, username="owner", flow="setup", step="task-force",
                                  step_title="Form a government ASM task force", version=1, changes=[])
    assert Revision.objects.get(case=case).created_at == MOMENT and WorkflowEvent.objects.filter(case=case)
    type(case).objects.filter(pk=case.pk).update(updated_at=MOMENT)
    return case


def review_pages(case):
    return [reverse("cases:dashboard"), reverse("review:status", args=[case.pk]),
            reverse("review:revisions", args=[case.pk]), reverse("review:comments", args=[case.pk]),
            reverse("review:audit", args=[case.pk])]


def test_review_pages_write_dates_and_times_in_french(reviewed, owner_client):
    for url in review_pages(reviewed):
        text = read(owner_client, url, "fr")
        assert "2 déc. 2026, 14:05" in text, url
        assert "Déc" not in text and "2026-12-02 " not in text and "December" not in text, url


def test_review_pages_write_dates_and_times_in_english(reviewed, owner_client):
    for url in review_pages(reviewed):
        assert "Dec 2, 2026, 2:05\u202fPM" in read(owner_client, url, "en"), url


def test_the_date_a_part_was_marked_complete_is_written_as_the_report_writes_dates(case, owner, owner_client):
    PartCompletion.objects.create(case=case, part="setup", completed_by=owner)
    PartCompletion.objects.filter(case=case).update(completed_at=MOMENT)
    url = reverse("setup_phase:check-answers", args=[case.pk])
    assert "2 décembre 2026" in read(owner_client, url, "fr")
    assert "December 2, 2026" in read(owner_client, url, "en")


# --- The history of changes ----------------------------------------------------------------------------


def page_data(client, case, flow, slug, **changes) -> dict:
    step = flow.get(slug)
    page = client.get(flow.step_url(step, case))
    version = re.search(r'name="step_version" value="(-?\d+)"', page.content.decode()).group(1)
    data = {**valid_post(step, case), "step_version": version, "action": "continue"}
    for name, _formset in step.lists:  # no new row unless the test adds one
        data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"]
    data.update(changes)
    return data


def test_the_history_is_written_again_in_the_readers_language(case, owner_client):
    case.currency = "EUR"
    case.save(update_fields=["currency"])
    data = page_data(owner_client, case, PART1, "partners", **{
        "partners-TOTAL_FORMS": "1", "partners-0-name": "World Bank", "partners-0-partner_type": "multilateral",
        "partners-0-status": "active", "partners-0-committed_amount": "9800000", "partners-0-mou_date": "2026-03-12"})
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert owner_client.post(PART1.step_url(PART1.get("partners"), case), data).status_code == 302
    assert p1.Partner.objects.filter(case=case, name="World Bank").exists()

    text = read(owner_client, reverse("review:audit", args=[case.pk]), "fr")
    with translation.override("fr"):
        model_label = str(p1.Partner._meta.verbose_name)
        step_title = str(PART1.get("partners").title)
        field_label = translation.gettext("Committed amount")
        status = str(p1.PartnerStatus.ACTIVE.label)
    assert f"{model_label} «\u00a0World Bank\u00a0»" in text
    assert step_title in text and "Engage partners" not in text
    assert field_label in text and "Committed amount" not in text
    assert "9\u202f800\u202f000\u00a0EUR" in text and "9800000" not in text
    assert "12 mars 2026" in text and "2026-03-12" not in text
    assert status in text and ">Active<" not in text


def test_the_history_names_proposals_and_leaves_out_their_keys(case, owner_client):
    review = p3.Review.objects.create(case=case, kind="midterm", date=dt.date(2028, 6, 30))
    key = f"review:{review.pk}"
    data = page_data(owner_client, case, PART3, "action-plan", dropped_proposals=[key])
    assert owner_client.post(PART3.step_url(PART3.get("action-plan"), case), data).status_code == 302
    assert p3.ActionPlan.objects.get(case=case).dropped_proposals == [key]
    data = page_data(owner_client, case, PART3, "action-plan", **{  # an action added from the proposal
        "dropped_proposals": [], "actions-TOTAL_FORMS": "1", "actions-0-step": "me_review",
        "actions-0-title": "Mid-term review", "actions-0-responsible_institution": "Ministry",
        "actions-0-start_year": "2028", "actions-0-start_quarter": "2", "actions-0-end_year": "2028",
        "actions-0-end_quarter": "2", "actions-0-funding": "government", "actions-0-status": "planned",
        "actions-0-source_key": key})
    assert owner_client.post(PART3.step_url(PART3.get("action-plan"), case), data).status_code == 302
    assert p3.ImplementationAction.objects.get(case=case).source_key == key
    # An entry written before values were kept: its words hold the keys as they were stored.
    AuditEntry.objects.create(case=case, username="owner", flow="implementation", step="action-plan",
                              step_title="Plan, schedule and cost the actions", version=9, changes=[{
                                  "model": "implementation.actionplan", "model_label": "action plan", "pk": 1,
                                  "item": "Action plan", "action": "changed", "fields": [{
                                      "name": "dropped_proposals", "label": "Proposals not needed", "old": "",
                                      "new": f"{key}, regulation:99"}]}])

    for language in ("fr", "en"):
        text = read(owner_client, reverse("review:audit", args=[case.pk]), language)
        body = text[text.index("<main"):text.index("</main>")]
        with translation.override(language):
            title = str(p3.Review.objects.get().__str__())
        assert RAW_KEY.findall(re.sub(r"<[^>]+>", " ", body)) == [], language
        assert title in body, language

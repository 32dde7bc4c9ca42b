"""The review pages make a bounded number of queries, whatever the number of comments,
revisions, audit entries or status changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asm_guide.review import comments, workflow
from asm_guide.review.models import AuditEntry
from setup_phase import models as m
from setup_phase.steps import FLOW
from tests.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
BUDGET = 25
# Comparing with the current draft builds a snapshot of the case: one query per case-scoped model
# (about 30 with Part 3), the same whatever the case's size.
CURRENT_SNAPSHOT_BUDGET = 50


def fill(case, owner, reviewer, n: int) -> None:
    for i in range(n + 1):
        m.Partner.objects.create(case=case, name=f"Partner {i}", partner_type="ngo")
        workflow.make_transition(case=case, user=owner, name="submit", label=f"Round {i}")
        workflow.make_transition(case=case, user=owner, name="request_changes", reason=f"Reason {i}")
    for i in range(n * len(FLOW.steps)):  # every step has comments, even in the small case
        thread = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                       step_slug=FLOW.steps[i % len(FLOW.steps)].slug, body=f"Comment {i}",
                                       assignee=owner, blocking=i % 2 == 0)
        comments.reply(comment=thread, author=owner, body=f"Reply {i}")
        comments.reply(comment=thread, author=reviewer, body=f"Second reply {i}")
    for i in range(n * 3):
        AuditEntry.objects.create(case=case, user=owner, username=owner.username, flow="setup", step="partners",
                                  step_title="Engage partners", version=i + 1,
                                  changes=[{"model": "setup_phase.partner", "model_label": "partner", "pk": 1,
                                            "item": "x", "action": "changed",
                                            "fields": [{"name": "name", "label": "Name", "old": "a", "new": "b"}]}])


def pages(case):
    yield reverse("review:status", args=[case.pk])
    yield reverse("review:revisions", args=[case.pk])
    yield reverse("review:compare", args=[case.pk]) + "?old=1&new=2"
    yield reverse("review:compare", args=[case.pk]) + "?old=1&new=current"
    yield reverse("review:audit", args=[case.pk])
    yield reverse("review:comments", args=[case.pk]) + "?show=all"
    yield reverse("review:thread", args=[case.pk, case.comments.order_by("pk").first().pk])
    yield reverse("review:my-comments")
    yield reverse("cases:task-list", args=[case.pk])
    yield reverse("setup_phase:check-answers", args=[case.pk])
    for step in FLOW.steps:
        yield FLOW.step_url(step, case)


def measure(client, case) -> dict[str, int]:
    counts = {}
    for index, url in enumerate(pages(case)):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[f"{index}: {url.replace(f'/{case.pk}/', '/<id>/')}".split("/comments/")[0]] = len(queries)
    return counts


def test_review_pages_do_not_grow_with_comments_revisions_or_history(client_for, settings):
    settings.AXES_ENABLED = False
    counts = []
    for n in (1, 8):
        owner, reviewer = UserFactory(username=f"owner{n}"), UserFactory(username=f"reviewer{n}")
        case = CaseFactory()
        MembershipFactory(case=case, user=owner, role="owner")
        MembershipFactory(case=case, user=reviewer, role="reviewer")
        fill(case, owner, reviewer, n)
        counts.append(measure(client_for(owner), case))
    small, large = counts
    assert small == large
    for page, count in large.items():
        assert count <= (CURRENT_SNAPSHOT_BUDGET if "new=current" in page else BUDGET), (page, count)

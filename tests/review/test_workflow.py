"""The review workflow: transitions allowed and refused per role and status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from asm_guide.cases.models import CaseStatus
from asm_guide.review import comments, workflow
from asm_guide.review.models import Revision, RevisionKind, Transition, WorkflowEvent
from setup_phase import models as m
from setup_phase.steps import FLOW
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db

S = CaseStatus
T = Transition
ALLOWED = {  # (status, transition) -> status after, for an owner
    (S.DRAFT, T.SUBMIT): S.IN_REVIEW,
    (S.IN_REVIEW, T.APPROVE): S.APPROVED,
    (S.IN_REVIEW, T.REQUEST_CHANGES): S.DRAFT,
    (S.APPROVED, T.REOPEN): S.DRAFT,
}
STATUSES = [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.ARCHIVED]
TABLE = [(status, name) for status in STATUSES for name in T.values]


def set_status(case, status):
    case.status = status
    case.save(update_fields=["status"])


def go(client, case, name, **data):
    """Post a move from the status page, confirming a submission of an incomplete case (asking for
    that confirmation is tested in test_governance.py)."""
    return client.post(reverse("review:transition", args=[case.pk, name]), {"confirm_incomplete": "on", **data})


def one_owner_approves_own_submission(case):
    """These tests are about other rules: let the case's only owner approve what they submitted
    (the rule that someone else approves is tested in test_governance.py)."""
    case.approval_by_other_member = False
    case.save(update_fields=["approval_by_other_member"])


@pytest.mark.parametrize(("status", "name"), TABLE, ids=[f"{s}-{n}" for s, n in TABLE])
def test_owner_transitions_by_status(case, owner, owner_client, status, name, django_capture_on_commit_callbacks):
    set_status(case, status)
    expected = ALLOWED.get((status, name))
    with django_capture_on_commit_callbacks(execute=True):
        response = go(owner_client, case, name, reason="Fix the budget")
    case.refresh_from_db()
    if expected is None:
        assert response.status_code == 200
        assert case.status == status
        assert "There is a problem" in response.content.decode()
        assert not WorkflowEvent.objects.filter(case=case).exists()
    else:
        assert response.status_code == 302
        assert case.status == expected
        event = WorkflowEvent.objects.get(case=case)
        assert (event.transition, event.from_status, event.to_status, event.actor) == (name, status, expected, owner)


@pytest.mark.parametrize("role", ["editor", "reviewer"])
@pytest.mark.parametrize(("status", "name"), list(ALLOWED), ids=[f"{s}-{n}" for s, n in ALLOWED])
def test_only_owners_move_a_case(case, request, role, status, name):
    client = request.getfixturevalue(f"{role}_client")
    user = request.getfixturevalue(role)
    set_status(case, status)
    assert go(client, case, name, reason="x").status_code == 403
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.make_transition(case=case, user=user, name=name, reason="x")
    assert refused.value.code == "not_owner"
    case.refresh_from_db()
    assert case.status == status


def test_non_members_get_404(case, outsider_client):
    assert go(outsider_client, case, "submit").status_code == 404
    assert outsider_client.get(reverse("review:status", args=[case.pk])).status_code == 404


def test_refusals_have_codes(case, owner):
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.make_transition(case=case, user=owner, name="approve")
    assert refused.value.code == "wrong_status"
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.make_transition(case=case, user=owner, name="publish")
    assert refused.value.code == "unknown_transition"


def test_requesting_changes_needs_a_reason(case, owner, owner_client):
    set_status(case, S.IN_REVIEW)
    response = go(owner_client, case, "request_changes", reason="  ")
    assert response.status_code == 200
    assert 'href="#id_reason"' in response.content.decode()
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.make_transition(case=case, user=owner, name="request_changes")
    assert refused.value.code == "reason_missing"
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW


def test_approval_is_refused_while_blocking_comments_are_open(case, owner, reviewer, owner_client):
    set_status(case, S.IN_REVIEW)
    blocking = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                     step_slug="partners", body="The budget is missing", blocking=True)
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="partners",
                          body="A remark that does not block")
    response = go(owner_client, case, "approve")
    assert response.status_code == 200
    assert "blocking comment" in response.content.decode()
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.make_transition(case=case, user=owner, name="approve")
    assert refused.value.code == "blocking_comments"
    comments.set_resolved(comment=blocking, user=owner, resolved=True)
    assert go(owner_client, case, "approve").status_code == 302
    case.refresh_from_db()
    assert case.status == S.APPROVED


def test_an_approved_case_is_read_only_until_reopened(case, owner_client, editor_client):
    one_owner_approves_own_submission(case)
    step = FLOW.get("partners")
    go(owner_client, case, "submit")
    go(owner_client, case, "approve")
    assert editor_client.post(FLOW.step_url(step, case), valid_post(step, case)).status_code == 403
    assert owner_client.post(FLOW.step_url(step, case), valid_post(step, case)).status_code == 403
    page = editor_client.get(FLOW.step_url(step, case)).content.decode()
    assert 'id="step-form"' in page and "disabled" in page
    assert not m.Partner.objects.filter(case=case).exists()
    go(owner_client, case, "reopen")
    case.refresh_from_db()
    assert case.status == S.DRAFT and workflow.draft_version(case) == 2
    assert editor_client.post(FLOW.step_url(step, case), valid_post(step, case)).status_code == 302


def test_submitting_and_approving_freeze_numbered_revisions(case, owner, owner_client):
    one_owner_approves_own_submission(case)
    m.Partner.objects.create(case=case, name="World Bank", partner_type="multilateral")
    go(owner_client, case, "submit", label="For the March meeting")
    go(owner_client, case, "approve")
    go(owner_client, case, "reopen")
    go(owner_client, case, "submit")
    revisions = list(Revision.objects.filter(case=case).order_by("number"))
    assert [(r.number, r.kind, r.version) for r in revisions] == [
        (1, RevisionKind.SUBMITTED, 1), (2, RevisionKind.APPROVED, 1), (3, RevisionKind.SUBMITTED, 2)]
    assert revisions[0].label == "For the March meeting"
    assert revisions[0].created_by == owner
    assert revisions[0].snapshot["records"]["setup_phase.partner"][0]["fields"]["name"] == "World Bank"
    assert len(revisions[0].sha256) == 64


def test_status_changes_are_mailed_to_the_other_members(case, owner_client, editor, reviewer, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        go(owner_client, case, "submit")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([editor.email, reviewer.email])
    assert case.title in mailoutbox[0].subject
    assert f"/cases/{case.pk}/review/" in mailoutbox[0].body


def test_status_page_shows_moves_per_role(case, owner_client, reviewer_client):
    owner_page = owner_client.get(reverse("review:status", args=[case.pk])).content.decode()
    assert reverse("review:transition", args=[case.pk, "submit"]) in owner_page
    reviewer_page = reviewer_client.get(reverse("review:status", args=[case.pk])).content.decode()
    assert reverse("review:transition", args=[case.pk, "submit"]) not in reviewer_page


FROZEN = []


def remember(revision):
    FROZEN.append(revision)


def test_each_frozen_revision_is_handed_to_the_hooks(case, owner, settings, django_capture_on_commit_callbacks):
    one_owner_approves_own_submission(case)
    settings.ASM_REVISION_HOOKS = ["tests.review.test_workflow.remember"]
    FROZEN.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.make_transition(case=case, user=owner, name="submit")
        workflow.make_transition(case=case, user=owner, name="approve")
    assert [revision.kind for revision in FROZEN] == [RevisionKind.SUBMITTED, RevisionKind.APPROVED]


def test_a_refused_transition_links_its_message_to_its_form(case, owner_client):
    set_status(case, S.IN_REVIEW)
    from asm_guide.review import comments as c
    c.post_comment(case=case, author=case.memberships.get().user, flow_name="setup", subject_id=None,
                   step_slug="partners", body="Blocking", blocking=True)
    html = go(owner_client, case, "approve").content.decode()
    assert 'href="#move-approve"' in html and 'id="move-approve"' in html

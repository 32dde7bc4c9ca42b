"""Review governance: a case submitted with parts not complete lists what is missing and asks to
confirm, and its revision records it; someone other than the person who submitted a revision
approves it (a case setting, on by default); resolving or reopening a blocking comment is in the
history of changes, shown in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from asm_guide.cases.models import CaseStatus, Role
from asm_guide.review import comments, completeness, workflow
from asm_guide.review.models import AuditEntry, Revision, WorkflowEvent
from asm_guide.wizard.registry import registry
from setup_phase.steps import FLOW as SETUP
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def go(client, case, name, **data):
    return client.post(reverse("review:transition", args=[case.pk, name]), data)


@pytest.fixture
def second_owner(case):
    user = UserFactory(username="second-owner")
    MembershipFactory(case=case, user=user, role=Role.OWNER)
    return user


@pytest.fixture
def second_owner_client(second_owner, client_for):
    return client_for(second_owner)


# --- submitting with parts not complete ----------------------------------------------------------------


def test_submitting_an_incomplete_case_lists_what_is_missing_and_asks_to_confirm(case, owner_client):
    response = go(owner_client, case, "submit", label="For the March meeting")
    assert response.status_code == 200
    html = response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and not Revision.objects.exists()
    assert "There is a problem" in html and 'href="#id_confirm_incomplete"' in html
    assert 'id="id_confirm_incomplete"' in html and 'value="For the March meeting"' in html, "typing kept"
    assert "These parts of the case are not complete yet" in html
    for part in registry.parts:
        if part.flow.steps:
            assert f'<a href="{part.check_url(case)}">{part.title}</a>' in html, part.title
    partners = SETUP.step_url("partners", case)
    assert f'<a href="{partners}">{SETUP.get("partners").title}: ' in html, "the step by name, linking to it"


def test_confirming_submits_and_the_revision_records_what_was_missing(case, owner, owner_client, second_owner_client):
    response = go(owner_client, case, "submit", confirm_incomplete="on")
    assert response.status_code == 302
    revision = Revision.objects.get(case=case)
    assert revision.submitted_incomplete
    steps = {(entry["part"], entry["step"]) for entry in revision.missing}
    assert ("setup", "partners") in steps
    assert all(set(entry) == {"part", "flow", "subject_id", "subject_label", "step", "message"}
               for entry in revision.missing)

    partners = SETUP.step_url("partners", case)
    revisions = owner_client.get(reverse("review:revisions", args=[case.pk])).content.decode()
    assert "Submitted incomplete" in revisions and "What was missing in revision 1" in revisions
    assert f'<a href="{partners}">' in revisions
    # The approval view: whoever approves sees it was submitted incomplete, and what was missing.
    status = second_owner_client.get(reverse("review:status", args=[case.pk])).content.decode()
    assert "Revision 1 was submitted with parts not complete" in status and f'<a href="{partners}">' in status


def test_a_complete_case_is_submitted_without_being_asked(case, owner_client, monkeypatch):
    monkeypatch.setattr(completeness, "missing", lambda case: [])
    assert go(owner_client, case, "submit").status_code == 302
    revision = Revision.objects.get(case=case)
    assert not revision.submitted_incomplete and revision.missing == []
    assert "Submitted incomplete" not in owner_client.get(reverse("review:revisions", args=[case.pk])).content.decode()


def test_a_part_with_nothing_missing_that_nobody_marked_complete_is_listed(case, monkeypatch):
    from asm_guide.wizard.models import PartCompletion
    from asm_guide.wizard.registry import Flow

    monkeypatch.setattr(Flow, "active_steps", lambda flow, ctx: [])  # no step has anything missing
    parts = [part for part in registry.parts if part.flow.steps]
    assert completeness.missing(case) == [
        {"part": part.slug, "flow": "", "subject_id": None, "subject_label": "", "step": "", "message": ""}
        for part in parts]
    groups = completeness.describe(case, completeness.missing(case))
    assert groups[0]["items"] == [{"text": "The part is not marked as complete on its check-answers page.",
                                   "url": parts[0].check_url(case)}]
    for part in parts:
        PartCompletion.objects.create(case=case, part=part.completion_key)
    assert completeness.missing(case) == []


def test_the_missing_list_is_named_again_in_the_readers_language(case, owner):
    workflow.make_transition(case=case, user=owner, name="submit")
    revision = Revision.objects.get(case=case)
    from django.utils import translation

    with translation.override("fr"):
        groups = completeness.describe(case, revision.missing)
        titles = [group["title"] for group in groups]
        assert str(registry.parts[0].title) in titles
        assert any(item["text"].startswith(str(SETUP.get("partners").title)) for group in groups
                   for item in group["items"])


def test_a_refused_submission_is_for_members_only(case, outsider_client, editor_client):
    assert go(outsider_client, case, "submit", confirm_incomplete="on").status_code == 404
    assert go(editor_client, case, "submit", confirm_incomplete="on").status_code == 403
    assert not Revision.objects.exists()


# --- approval by a member other than the one who submitted ---------------------------------------------


def test_the_member_who_submitted_cannot_approve_it(case, owner, owner_client, second_owner, second_owner_client):
    assert case.approval_by_other_member
    go(owner_client, case, "submit", confirm_incomplete="on")
    status = owner_client.get(reverse("review:status", args=[case.pk])).content.decode()
    assert "You submitted this revision" in status
    assert reverse("review:transition", args=[case.pk, "approve"]) not in status, "no approve button for them"

    response = go(owner_client, case, "approve")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#move-approve"' in html
    assert "Another owner can approve it; an owner can turn this rule off in the case details." in html
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.make_transition(case=case, user=owner, name="approve")
    assert refused.value.code == "own_submission"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW

    other_page = second_owner_client.get(reverse("review:status", args=[case.pk])).content.decode()
    assert reverse("review:transition", args=[case.pk, "approve"]) in other_page
    assert go(second_owner_client, case, "approve").status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert WorkflowEvent.objects.filter(case=case, transition="approve").get().actor == second_owner


def test_the_rule_follows_the_latest_submission(case, owner, second_owner):
    workflow.make_transition(case=case, user=owner, name="submit")
    workflow.make_transition(case=case, user=second_owner, name="request_changes", reason="Budget")
    workflow.make_transition(case=case, user=second_owner, name="submit")
    assert workflow.refusal(case, case.memberships.get(user=second_owner), "approve").code == "own_submission"
    assert workflow.refusal(case, case.memberships.get(user=owner), "approve") is None


def test_an_owner_who_turned_the_rule_off_approves_their_own_submission(case, owner, owner_client):
    case.approval_by_other_member = False
    case.save(update_fields=["approval_by_other_member"])
    go(owner_client, case, "submit", confirm_incomplete="on")
    assert go(owner_client, case, "approve").status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_blocking_comments_are_still_named_first(case, owner, reviewer, second_owner):
    workflow.make_transition(case=case, user=owner, name="submit")
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="partners",
                          body="Blocks", blocking=True)
    assert workflow.refusal(case, case.memberships.get(user=owner), "approve").code == "blocking_comments"


# --- who resolved a blocking comment, in the history of changes ----------------------------------------


def test_resolving_a_blocking_comment_is_in_the_history(case, owner, reviewer, owner_client, reviewer_client):
    blocking = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                     step_slug="partners", body="The budget is missing", blocking=True)
    remark = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                   step_slug="partners", body="A remark")
    thread = reverse("review:thread", args=[case.pk, blocking.pk])
    assert owner_client.post(thread, {"action": "resolve"}).status_code == 302
    comments.set_resolved(comment=remark, user=owner, resolved=True)  # not blocking: not in the history
    comments.set_resolved(comment=blocking, user=owner, resolved=True)  # already resolved: no second entry
    entry = AuditEntry.objects.get(case=case)
    assert (entry.user, entry.username, entry.flow, entry.step) == (owner, "owner", "setup", "partners")
    assert entry.changes[0]["action"] == "resolved" and entry.changes[0]["pk"] == blocking.pk

    assert reviewer_client.post(thread, {"action": "reopen"}).status_code == 302
    assert AuditEntry.objects.filter(case=case).count() == 2

    page = reviewer_client.get(reverse("review:audit", args=[case.pk])).content.decode()
    assert "Resolved the blocking comment “The budget is missing”" in page
    assert "Reopened the blocking comment “The budget is missing”" in page
    resolved = re.search(r'<h2 class="heading-s">[^\n]*· owner · <a href="([^"]+)">([^<]+)</a></h2>\s*<p>Resolved',
                         page)
    assert resolved and resolved[1] == SETUP.step_url("partners", case)
    assert resolved[2] == str(SETUP.get("partners").title)


def test_the_history_of_a_resolution_names_its_step_in_the_readers_language(case, owner, reviewer, owner_client):
    blocking = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                     step_slug="partners", body="Le budget manque", blocking=True)
    comments.set_resolved(comment=blocking, user=owner, resolved=True)
    from django.utils import translation

    with translation.override("fr"):
        french_step = str(SETUP.get("partners").title)
    assert french_step != str(SETUP.get("partners").title)
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = owner_client.get(reverse("review:audit", args=[case.pk])).content.decode()
    assert french_step in page and "Le budget manque" in page


def test_the_history_is_for_members_only(case, owner, reviewer, outsider_client):
    blocking = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                     step_slug="partners", body="Blocks", blocking=True)
    assert outsider_client.get(reverse("review:audit", args=[case.pk])).status_code == 404
    assert outsider_client.post(reverse("review:thread", args=[case.pk, blocking.pk]),
                                {"action": "resolve"}).status_code == 404
    blocking.refresh_from_db()
    assert blocking.is_open and not AuditEntry.objects.exists()

"""Comments on steps: who may read and write them, threads, resolving, counts, notifications."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from asm_guide.review import comments
from asm_guide.review.models import Comment
from setup_phase import models as m
from setup_phase.steps import FLOW
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db
PARTNERS = FLOW.get("partners")


def new_url(case):
    return reverse("review:comment-new", args=[case.pk])


def comment_data(**extra):
    return {"flow": "setup", "step": "partners", "body": "Please add the mining ministry's donors", **extra}


def test_a_non_member_can_neither_read_nor_post(case, outsider_client, reviewer):
    thread = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                   step_slug="partners", body="Secret")
    for url in (reverse("review:comments", args=[case.pk]), reverse("review:thread", args=[case.pk, thread.pk]),
                new_url(case) + "?flow=setup&step=partners"):
        assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(new_url(case), comment_data()).status_code == 404
    assert outsider_client.post(reverse("review:thread", args=[case.pk, thread.pk]),
                                {"body": "hi", "action": "reply"}).status_code == 404
    assert outsider_client.post(reverse("review:thread", args=[case.pk, thread.pk]),
                                {"action": "resolve"}).status_code == 404
    assert Comment.objects.count() == 1
    assert "Secret" not in outsider_client.get(reverse("review:my-comments")).content.decode()


def test_a_reviewer_can_comment_but_not_edit_steps(case, reviewer, reviewer_client):
    response = reviewer_client.post(new_url(case), comment_data(blocking="on"))
    assert response.status_code == 302
    assert response["Location"] == FLOW.step_url(PARTNERS, case) + "#comments"
    comment = Comment.objects.get()
    assert (comment.author, comment.flow, comment.step, comment.blocking) == (reviewer, "setup", "partners", True)
    assert reviewer_client.post(FLOW.step_url(PARTNERS, case), valid_post(PARTNERS, case)).status_code == 403
    assert not m.Partner.objects.filter(case=case).exists()


def test_an_empty_comment_is_refused_with_a_message(case, editor_client):
    response = editor_client.post(new_url(case), comment_data(body="  ", blocking="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Enter your comment" in html
    assert 'checked' in html  # what was chosen is kept
    assert not Comment.objects.exists()


def test_a_comment_may_point_at_an_item_of_the_steps_list(case, editor_client):
    partner = m.Partner.objects.create(case=case, name="World Bank", partner_type="multilateral")
    response = editor_client.post(new_url(case), comment_data(item=f"setup_phase.partner:{partner.pk}"))
    assert response.status_code == 302
    assert Comment.objects.get().item_label == "World Bank"


def test_an_item_of_another_case_or_step_is_refused(case, editor_client):
    from tests.factories import CaseFactory

    foreign = m.Partner.objects.create(case=CaseFactory(), name="Foreign", partner_type="ngo")
    response = editor_client.post(new_url(case), comment_data(item=f"setup_phase.partner:{foreign.pk}"))
    assert response.status_code == 200 and not Comment.objects.exists()
    assert editor_client.post(new_url(case), comment_data(step="no-such-step")).status_code == 404


def test_assignee_must_be_a_member(case, editor_client, outsider, reviewer):
    assert editor_client.post(new_url(case), comment_data(assignee=outsider.pk)).status_code == 200
    assert editor_client.post(new_url(case), comment_data(assignee=reviewer.pk)).status_code == 302
    assert Comment.objects.get().assignee == reviewer


def test_threads_replies_resolve_and_reopen(case, owner, reviewer, editor_client, reviewer_client):
    thread = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                   step_slug="partners", body="Missing donors")
    url = reverse("review:thread", args=[case.pk, thread.pk])
    assert editor_client.post(url, {"action": "reply", "body": "Added two"}).status_code == 302
    reply = thread.replies.get()
    assert reply.body == "Added two"
    # A reply to a reply joins the same thread.
    reviewer_client.post(reverse("review:thread", args=[case.pk, reply.pk]), {"action": "reply", "body": "Thanks"})
    assert thread.replies.count() == 2
    empty = editor_client.post(url, {"action": "reply", "body": ""})
    assert empty.status_code == 200 and "Enter your reply" in empty.content.decode()

    reviewer_client.post(url, {"action": "resolve"})
    thread.refresh_from_db()
    assert not thread.is_open and thread.resolved_by.username == "reviewer"
    editor_client.post(url, {"action": "reopen"})
    thread.refresh_from_db()
    assert thread.is_open and thread.resolved_by is None


def test_comments_show_beside_their_step_and_counts_on_task_list_and_check_answers(case, reviewer, editor_client):
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="partners",
                          body="Where is the mining ministry?")
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="partners",
                          body="Second point")
    resolved = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                     step_slug="forum", body="Done")
    comments.set_resolved(comment=resolved, user=reviewer, resolved=True)

    step_page = editor_client.get(FLOW.step_url(PARTNERS, case)).content.decode()
    assert 'id="comments"' in step_page and "Where is the mining ministry?" in step_page
    other_step = editor_client.get(FLOW.step_url(FLOW.get("task-force"), case)).content.decode()
    assert "Where is the mining ministry?" not in other_step

    task_list = editor_client.get(reverse("cases:task-list", args=[case.pk])).content.decode()
    assert task_list.count("2 open comments") == 1
    assert "1 open comment" not in task_list  # the resolved one does not count
    check = editor_client.get(reverse("setup_phase:check-answers", args=[case.pk])).content.decode()
    assert check.count("2 open comments") == 1


def test_case_comments_page_lists_open_then_all(case, reviewer, editor_client):
    open_one = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                     step_slug="partners", body="Still open")
    done = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                 step_slug="forum", body="Already resolved")
    comments.set_resolved(comment=done, user=reviewer, resolved=True)
    url = reverse("review:comments", args=[case.pk])
    page = editor_client.get(url).content.decode()
    assert open_one.body in page and done.body not in page
    assert done.body in editor_client.get(url, {"show": "all"}).content.decode()


def test_open_comments_across_my_cases(case, owner, reviewer, editor, client_for):
    from tests.factories import CaseFactory, MembershipFactory

    mine = comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None,
                                 step_slug="partners", body="Assigned to the editor", assignee=editor)
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="forum",
                          body="For everyone")
    elsewhere = CaseFactory()
    stranger = MembershipFactory(case=elsewhere).user
    comments.post_comment(case=elsewhere, author=stranger, flow_name="setup", subject_id=None,
                          step_slug="forum", body="Not on the editor's cases")
    response = client_for(editor).get(reverse("review:my-comments"))
    assigned, others = response.context["assigned"], response.context["on_my_cases"]
    assert [thread.pk for thread in assigned] == [mine.pk]
    assert [thread.body for thread in others] == ["For everyone"]
    assert "Not on the editor" not in response.content.decode()


def test_new_comments_and_replies_are_mailed(case, owner, editor, reviewer, mailoutbox, reviewer_client,
                                             editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(new_url(case), comment_data())
    assert sorted(message.to[0] for message in mailoutbox) == sorted([owner.email, editor.email])
    assert "Please add the mining ministry" in mailoutbox[0].body
    mailoutbox.clear()
    thread = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("review:thread", args=[case.pk, thread.pk]), {"action": "reply", "body": "Done"})
    assert [message.to[0] for message in mailoutbox] == [reviewer.email]  # the people in the thread


def test_mail_is_written_in_the_cases_language_whatever_the_authors(case, reviewer_client, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    case.report_language = "es"
    case.save(update_fields=["report_language"])
    reviewer_client.cookies["django_language"] = "fr"
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(new_url(case), comment_data())
    assert mailoutbox and all(message.subject == f"{case.title}: nuevo comentario" for message in mailoutbox)
    with translation.override("es"):
        intro = translation.gettext('%(who)s commented on "%(case)s":') % {"who": "", "case": case.title}
    assert intro.strip() in mailoutbox[0].body and "commented on" not in mailoutbox[0].body


def test_comments_on_an_approved_case_are_still_possible(case, owner, reviewer_client):
    case.status = "approved"
    case.save(update_fields=["status"])
    assert reviewer_client.post(new_url(case), comment_data()).status_code == 302

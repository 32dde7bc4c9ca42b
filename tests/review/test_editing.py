"""Never losing an edit: concurrent saves, expired sign-in, audit entries, sign-in throttling."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from asm_guide.review.editing import RESTORE_COOKIE
from asm_guide.review.models import AuditEntry, ImmutableRowError, PendingSubmission, StepVersion
from setup_phase import models as m
from setup_phase.steps import FLOW
from tests.factories import PASSWORD
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db

TASK_FORCE = FLOW.get("task-force")
PARTNERS = FLOW.get("partners")


def url(case, step):
    return FLOW.step_url(step, case)


def version_on_page(response) -> str:
    match = re.search(r'name="step_version" value="(-?\d+)"', response.content.decode())
    assert match, "the step form carries the version it was opened at"
    return match.group(1)


def post_from_page(client, case, step, **changes):
    """What a browser sends: the page's hidden version plus a valid answer."""
    page = client.get(url(case, step))
    data = {**valid_post(step, case), "step_version": version_on_page(page), "action": "continue"}
    data.update(changes)
    return data


# --- Concurrency -------------------------------------------------------------------------------------


def test_a_stale_save_is_refused_and_keeps_what_was_typed(case, owner_client, editor_client, editor):
    # Both open the step at version 0.
    mine = post_from_page(owner_client, case, TASK_FORCE, chair="Owner's chair")
    theirs = post_from_page(editor_client, case, TASK_FORCE, chair="Editor's chair")
    assert mine["step_version"] == theirs["step_version"] == "0"

    assert editor_client.post(url(case, TASK_FORCE), theirs).status_code == 302
    response = owner_client.post(url(case, TASK_FORCE), mine)

    assert response.status_code == 200
    assert response.context["conflict"] is not None
    html = response.content.decode()
    assert 'id="conflict"' in html and "<title>Error:" in html
    assert "Editor&#x27;s chair" in html or "Editor's chair" in html  # their saved version is shown
    assert 'value="Owner&#x27;s chair"' in html  # my typing is still in the form
    assert m.TaskForce.objects.get(case=case).chair == "Editor's chair"  # nothing overwritten
    # Side by side, question by question: theirs (saved) and mine (typed).
    rows = response.context["conflict"].differences()
    assert {"label": "Chair", "id": "id_chair", "theirs": "Editor's chair", "mine": "Owner's chair"} in rows
    assert "Where your answers differ from theirs" in html
    # The form now carries their version: saving again knowingly replaces it.
    assert version_on_page(response) == "1"
    mine["step_version"] = "1"
    assert owner_client.post(url(case, TASK_FORCE), mine).status_code == 302
    assert m.TaskForce.objects.get(case=case).chair == "Owner's chair"
    assert StepVersion.objects.get(case=case, step="task-force").number == 2


def test_saving_one_step_does_not_block_another_step(case, owner_client, editor_client):
    mine = post_from_page(owner_client, case, PARTNERS)
    theirs = post_from_page(editor_client, case, TASK_FORCE)
    assert editor_client.post(url(case, TASK_FORCE), theirs).status_code == 302
    assert owner_client.post(url(case, PARTNERS), mine).status_code == 302


def test_a_list_action_keeps_the_version_the_person_started_from(case, owner_client, editor_client):
    mine = post_from_page(owner_client, case, PARTNERS, action="add:partners")
    theirs = post_from_page(editor_client, case, PARTNERS)
    assert editor_client.post(url(case, PARTNERS), theirs).status_code == 302
    # "Add another" re-displays the page: the hidden field still says version 0.
    response = owner_client.post(url(case, PARTNERS), mine)
    assert version_on_page(response) == "0"


def test_a_tampered_version_never_overwrites(case, owner_client):
    data = post_from_page(owner_client, case, TASK_FORCE, step_version="abc")
    response = owner_client.post(url(case, TASK_FORCE), data)
    assert response.status_code == 200 and response.context["conflict"] is not None
    assert not m.TaskForce.objects.filter(case=case).exists()


# --- Audit log ---------------------------------------------------------------------------------------


def test_every_save_writes_an_audit_entry_with_what_changed(case, owner_client, owner):
    data = post_from_page(owner_client, case, TASK_FORCE, chair="Permanent Secretary")
    owner_client.post(url(case, TASK_FORCE), data)
    entry = AuditEntry.objects.get(case=case)
    assert (entry.user, entry.flow, entry.step, entry.version) == (owner, "setup", "task-force", 1)
    task_force = next(change for change in entry.changes if change["model"] == "setup_phase.taskforce")
    assert task_force["action"] == "created"
    assert task_force["pk"] == m.TaskForce.objects.get(case=case).pk
    assert {"name": "chair", "label": "Chair", "old": "", "new": "Permanent Secretary", "raw_old": None,
            "raw_new": "Permanent Secretary"} in task_force["fields"]

    data = post_from_page(owner_client, case, TASK_FORCE, chair="The Minister", meeting_frequency="monthly")
    owner_client.post(url(case, TASK_FORCE), data)
    latest = AuditEntry.objects.filter(case=case).first()
    assert latest.version == 2
    fields = {f["name"]: f for change in latest.changes for f in change["fields"]}
    assert fields["chair"]["old"] == "Permanent Secretary" and fields["chair"]["new"] == "The Minister"
    assert fields["meeting_frequency"]["new"] == "Monthly"  # the label a person reads, not the code
    assert AuditEntry.objects.count() == 2


def test_audit_records_list_items_added_changed_and_removed(case, owner_client):
    keep = m.Partner.objects.create(case=case, name="Keep", partner_type="ngo")
    drop = m.Partner.objects.create(case=case, name="Drop", partner_type="ngo")
    data = post_from_page(owner_client, case, PARTNERS)
    data.update({"partners-0-name": "Kept and renamed", "partners-1-DELETE": "on", "partners-TOTAL_FORMS": "3",
                 "partners-2-name": "New partner", "partners-2-partner_type": "un",
                 "partners-2-status": "identified"})
    response = owner_client.post(url(case, PARTNERS), data)
    assert response.status_code == 302, response.context["error_items"]
    changes = {(c["action"], c["item"]): c for c in AuditEntry.objects.get(case=case).changes}
    assert ("changed", "Kept and renamed") in changes
    assert changes[("changed", "Kept and renamed")]["pk"] == keep.pk
    assert changes[("changed", "Kept and renamed")]["fields"][0]["old"] == "Keep"
    assert changes[("deleted", "Drop")]["pk"] == drop.pk
    added = changes[("created", "New partner")]
    assert added["pk"] == m.Partner.objects.get(name="New partner").pk


def test_audit_entries_are_append_only(case, owner_client):
    owner_client.post(url(case, TASK_FORCE), post_from_page(owner_client, case, TASK_FORCE))
    entry = AuditEntry.objects.get(case=case)
    entry.username = "someone else"
    with pytest.raises(ImmutableRowError):
        entry.save()
    with pytest.raises(ImmutableRowError):
        entry.delete()
    with pytest.raises(ImmutableRowError):
        AuditEntry.objects.filter(case=case).update(username="x")
    with pytest.raises(ImmutableRowError):
        AuditEntry.objects.filter(case=case).delete()


def test_members_read_the_history_and_reviewers_too(case, owner_client, reviewer_client):
    owner_client.post(url(case, TASK_FORCE), post_from_page(owner_client, case, TASK_FORCE, chair="Chair X"))
    response = reviewer_client.get(reverse("review:audit", args=[case.pk]))
    assert response.status_code == 200
    assert "Chair X" in response.content.decode()


def test_the_admin_cannot_edit_or_delete_audit_entries(case, owner_client, admin_client):
    owner_client.post(url(case, TASK_FORCE), post_from_page(owner_client, case, TASK_FORCE))
    entry = AuditEntry.objects.get(case=case)
    assert admin_client.get(reverse("admin:review_auditentry_changelist")).status_code == 200
    assert admin_client.post(reverse("admin:review_auditentry_delete", args=[entry.pk]), {"post": "yes"}
                             ).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- Expired sign-in -----------------------------------------------------------------------------------


def test_typing_sent_after_the_sign_in_expired_comes_back_after_signing_in(case, owner):
    browser = Client()
    browser.force_login(owner)
    data = post_from_page(browser, case, TASK_FORCE, chair="Typed while signed out",
                          terms_of_reference="Long terms typed over an hour")
    browser.logout()  # the session expires while the page is open

    response = browser.post(url(case, TASK_FORCE), data)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("login"))
    assert "restore" in login_url
    assert not m.TaskForce.objects.filter(case=case).exists()
    assert PendingSubmission.objects.count() == 1

    # Sign in through the real page (django-axes is in the way of password guessers, not of this).
    next_url = re.search(r"next=([^&]+)", login_url).group(1)
    from urllib.parse import unquote

    next_url = unquote(next_url)
    signed_in = browser.post(reverse("login"), {"username": owner.username, "password": PASSWORD, "next": next_url})
    assert signed_in.status_code == 302 and signed_in["Location"] == next_url

    page = browser.get(next_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="restored"' in html
    assert 'value="Typed while signed out"' in html
    assert "Long terms typed over an hour" in html
    assert "There is a problem" not in html
    assert not m.TaskForce.objects.filter(case=case).exists()  # not saved until they confirm
    assert version_on_page(page) == "0"  # the version they started from

    confirm = {**data}
    assert browser.post(url(case, TASK_FORCE), confirm).status_code == 302
    assert m.TaskForce.objects.get(case=case).chair == "Typed while signed out"


def test_kept_typing_is_bound_to_the_browser_case_and_step(case, owner, editor):
    browser = Client()
    response = browser.post(url(case, TASK_FORCE), {"chair": "Secret draft", "action": "continue"})
    token = browser.cookies[RESTORE_COOKIE].value
    restore = f"{url(case, TASK_FORCE)}?restore={token}"
    # Another browser (without the cookie), even a signed-in member, gets nothing back.
    other = Client()
    other.force_login(editor)
    assert "Secret draft" not in other.get(restore).content.decode()
    # The same browser, on another step, gets nothing either.
    browser.force_login(owner)
    assert "Secret draft" not in browser.get(f"{url(case, PARTNERS)}?restore={token}").content.decode()
    assert "Secret draft" in browser.get(restore).content.decode()
    assert response.status_code == 302


def test_kept_typing_is_bounded(case, settings):
    settings.ASM_PENDING_POST_MAX_BYTES = 1000
    browser = Client()
    response = browser.post(url(case, TASK_FORCE), {"terms_of_reference": "x" * 5000})
    assert response.status_code == 302 and "restore" not in response["Location"]
    assert PendingSubmission.objects.count() == 0
    settings.ASM_PENDING_POST_MAX_BYTES = 100_000
    settings.ASM_PENDING_POST_MAX_ROWS = 3
    settings.ASM_PENDING_POST_MAX_PER_IP = 2
    for _ in range(4):
        browser.post(url(case, TASK_FORCE), {"chair": "x"})
    assert PendingSubmission.objects.count() == 2  # per address
    Client(REMOTE_ADDR="10.0.0.9").post(url(case, TASK_FORCE), {"chair": "x"})
    Client(REMOTE_ADDR="10.0.0.10").post(url(case, TASK_FORCE), {"chair": "x"})
    assert PendingSubmission.objects.count() == 3  # in all
    # Nothing is kept for a case that does not exist.
    PendingSubmission.objects.all().delete()
    Client().post(url(case, TASK_FORCE).replace(f"/{case.pk}/", "/999999/"), {"chair": "x"})
    assert not PendingSubmission.objects.exists()


def test_expired_typing_is_not_restored(case, owner):
    from django.utils import timezone

    browser = Client()
    browser.post(url(case, TASK_FORCE), {"chair": "Old typing"})
    PendingSubmission.objects.update(expires_at=timezone.now())
    token = browser.cookies[RESTORE_COOKIE].value
    browser.force_login(owner)
    assert "Old typing" not in browser.get(f"{url(case, TASK_FORCE)}?restore={token}").content.decode()


# --- Sign-in throttling ------------------------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_sign_in(owner, settings):
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = browser.post(reverse("login"), {"username": owner.username, "password": "wrong-guess"})
        assert response.status_code == 200
    # The last allowed failure locks; then even the right password is refused for a while.
    assert browser.post(reverse("login"), {"username": owner.username, "password": "wrong"}).status_code == 429
    locked = browser.post(reverse("login"), {"username": owner.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in browser.session


def test_password_validators_are_on(settings):
    names = {validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names

"""E-mail to the people a review event concerns, through Django's mail API.

Sent after the transaction commits, one message per recipient, in plain text. A mail server that
fails is logged, never shown to the person who acted (their change is saved). Written in the case's
language (its report language), whatever the language of the person who acted: members do not
store a language of their own, and the case's is the one its team works in.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from asm_guide.cases.models import Membership

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}"


def _send(recipients, subject_template: str, template: str, context: dict) -> None:
    addresses = sorted({user.email for user in recipients if user is not None and user.email})
    if not addresses:
        return
    with translation.override(context["case"].report_language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(template, context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]

    def deliver():
        try:
            get_connection().send_messages(messages)
        except Exception:  # noqa: BLE001 - a mail outage must not undo or hide a saved change
            logger.exception("Could not send review e-mail %r", subject)

    transaction.on_commit(deliver)


def _members(case, exclude):
    return [m.user for m in Membership.objects.filter(case=case).select_related("user") if m.user_id != exclude.pk]


def status_changed(event) -> None:
    case = event.case
    context = {"event": event, "case": case, "url": _absolute(reverse("review:status", args=[case.pk]))}
    _send(_members(case, event.actor), "review/email/status_subject.txt", "review/email/status_body.txt", context)


def comment_posted(comment, target_url: str) -> None:
    """A new thread goes to every other member; a reply to the people in the thread and its assignee."""
    case = comment.case
    if comment.parent_id is None:
        recipients = _members(case, comment.author)
        if comment.assignee is not None and comment.assignee not in recipients and comment.assignee != comment.author:
            recipients.append(comment.assignee)
        template = "review/email/comment_body.txt"
    else:
        root = comment.parent
        people = {root.author, root.assignee, *(reply.author for reply in root.replies.select_related("author"))}
        member_ids = set(Membership.objects.filter(case=case).values_list("user_id", flat=True))
        recipients = [user for user in people if user is not None and user != comment.author and user.pk in member_ids]
        template = "review/email/reply_body.txt"
    context = {"comment": comment, "case": case, "url": _absolute(target_url)}
    _send(recipients, "review/email/comment_subject.txt", template, context)

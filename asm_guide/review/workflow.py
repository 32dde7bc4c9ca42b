"""The review workflow of a case: a small, explicit state machine.

    Draft --submit--> In review --approve--> Approved --reopen--> Draft (a new draft version)
                      In review --request_changes (with a reason)--> Draft

Only an owner moves a case. Approval is refused while a blocking comment is unresolved, and,
unless the case turns it off (``StrategyCase.approval_by_other_member``, on by default), to the
member who submitted the revision in review: someone else approves it. Submitting a case whose
parts are not complete asks the person to confirm (``confirm_incomplete``) and the revision keeps
what was missing (``asm_guide.review.completeness``). Submitting freezes a numbered, immutable
revision of the whole case; approving freezes the approved text as another revision (the one a
PDF is later kept with). Every transition is recorded as a ``WorkflowEvent`` and announced by
e-mail to the other members.

Hook: after a revision is frozen (and the transaction committed) every dotted path in
``settings.ASM_REVISION_HOOKS`` is called with it. The reports issue renders and keeps the PDF of an
approved revision there (``RevisionFile``).

A library (django-fsm-2) was considered (ANCHORS §4.2); four transitions with their guards read
more plainly as the table below, and need no protected status field on the shared case model.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from asm_guide.cases.models import CaseStatus, Membership, StrategyCase

from . import completeness, notifications
from .models import Comment, Revision, RevisionKind, Transition, WorkflowEvent
from .snapshot import SNAPSHOT_FORMAT, current_snapshot, fingerprint


@dataclass(frozen=True)
class Move:
    name: str
    source: str
    target: str
    label: object
    needs_reason: bool = False


MOVES = {
    Transition.SUBMIT: Move(Transition.SUBMIT, CaseStatus.DRAFT, CaseStatus.IN_REVIEW,
                            gettext_lazy("Submit for review")),
    Transition.APPROVE: Move(Transition.APPROVE, CaseStatus.IN_REVIEW, CaseStatus.APPROVED,
                             gettext_lazy("Approve")),
    Transition.REQUEST_CHANGES: Move(Transition.REQUEST_CHANGES, CaseStatus.IN_REVIEW, CaseStatus.DRAFT,
                                     gettext_lazy("Request changes"), needs_reason=True),
    Transition.REOPEN: Move(Transition.REOPEN, CaseStatus.APPROVED, CaseStatus.DRAFT,
                            gettext_lazy("Reopen as a new draft")),
}


class TransitionRefused(ValidationError):
    """A move that may not be made now. ``missing`` holds what is incomplete when a submission
    is refused for not being confirmed (code ``incomplete``)."""

    missing: list | tuple = ()


def open_blocking_count(case: StrategyCase) -> int:
    return Comment.objects.filter(case=case, parent__isnull=True, blocking=True, resolved_at__isnull=True).count()


def draft_version(case: StrategyCase) -> int:
    """1 for the first draft; one more each time an approved case is reopened."""
    return 1 + WorkflowEvent.objects.filter(case=case, transition=Transition.REOPEN).count()


def refusal(case: StrategyCase, membership: Membership | None, name: str) -> TransitionRefused | None:
    """Why ``membership`` may not make transition ``name`` now, or None when it may."""
    move = MOVES.get(name)
    if move is None:
        return TransitionRefused(_("That is not a step of the review workflow."), code="unknown_transition")
    if membership is None or not membership.is_owner:
        return TransitionRefused(
            _("Only an owner of the case can %(action)s.") % {"action": str(move.label).lower()}, code="not_owner")
    if case.status != move.source:
        return TransitionRefused(
            _("The case is %(status)s, so it cannot be moved this way. %(hint)s")
            % {"status": case.get_status_display().lower(), "hint": _STATUS_HINTS.get(case.status, "")},
            code="wrong_status",
        )
    if name == Transition.APPROVE:
        blocking = open_blocking_count(case)
        if blocking:
            return TransitionRefused(
                ngettext("The case cannot be approved while %(count)d blocking comment is unresolved. "
                         "Resolve it first.",
                         "The case cannot be approved while %(count)d blocking comments are unresolved. "
                         "Resolve them first.", blocking) % {"count": blocking},
                code="blocking_comments",
            )
        if case.approval_by_other_member and submitted_by(case) == membership.user_id:
            return TransitionRefused(
                _("You submitted this revision, and this case asks for someone other than the person who submitted "
                  "a revision to approve it. Another owner can approve it; an owner can turn this rule off in "
                  "the case details."),
                code="own_submission",
            )
    return None


def submitted_by(case: StrategyCase) -> int | None:
    """The id of the member who submitted the case for review most recently (None if unknown)."""
    return (WorkflowEvent.objects.filter(case=case, transition=Transition.SUBMIT).order_by("-created_at", "-pk")
            .values_list("actor_id", flat=True).first())


_STATUS_HINTS = {
    CaseStatus.DRAFT: gettext_lazy("A draft can only be submitted for review."),
    CaseStatus.IN_REVIEW: gettext_lazy("A case in review can be approved or sent back with changes requested."),
    CaseStatus.APPROVED: gettext_lazy("An approved case can only be reopened as a new draft."),
    CaseStatus.ARCHIVED: gettext_lazy("An archived case cannot change status."),
}


def allowed_moves(case: StrategyCase, membership: Membership) -> list[tuple[Move, TransitionRefused | None]]:
    """The moves leaving the current status, each with the reason it is refused (or None)."""
    return [(move, refusal(case, membership, move.name)) for move in MOVES.values() if move.source == case.status]


def _freeze(case: StrategyCase, user, kind: str, label: str, version: int, **extra) -> Revision:
    snapshot = current_snapshot(case)
    number = (Revision.objects.filter(case=case).order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    revision = Revision.objects.create(
        case=case, number=number, version=version, kind=kind, label=label[:200], created_by=user,
        snapshot_format=snapshot.get("format", SNAPSHOT_FORMAT), snapshot=snapshot, sha256=fingerprint(snapshot),
        **extra,
    )
    for hook in settings.ASM_REVISION_HOOKS:
        transaction.on_commit(lambda hook=hook: import_string(hook)(revision))
    return revision


@transaction.atomic
def make_transition(*, case: StrategyCase, user, name: str, reason: str = "", label: str = "",
                    confirm_incomplete: bool | None = None) -> WorkflowEvent:
    """Move ``case`` along transition ``name`` for ``user``, or raise ``TransitionRefused``.

    Submitting a case with parts not complete needs ``confirm_incomplete=True`` from a person's
    page (False refuses it with code ``incomplete`` and the list in ``missing``); None, for callers
    that are not a person's page (commands, tests), does not ask. Either way the revision records
    whether it was submitted incomplete and what was missing."""
    locked = StrategyCase.objects.select_for_update().get(pk=case.pk)
    membership = Membership.objects.filter(case=locked, user=user).first()
    problem = refusal(locked, membership, name)
    if problem is not None:
        raise problem
    move = MOVES[name]
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise TransitionRefused(_("Enter what needs to change"), code="reason_missing")
    version = draft_version(locked)
    revision = None
    if name == Transition.SUBMIT:
        missing = completeness.missing(locked)
        if missing and confirm_incomplete is False:
            refused = TransitionRefused(
                _("Parts of the case are not complete. Tick the box to confirm that you submit it as it is, or "
                  "complete them first."), code="incomplete")
            refused.missing = missing
            raise refused
        label = label.strip() or _("Version %(version)d, submitted for review") % {"version": version}
        revision = _freeze(locked, user, RevisionKind.SUBMITTED, label, version,
                           submitted_incomplete=bool(missing), missing=missing)
    elif name == Transition.APPROVE:
        label = label.strip() or _("Version %(version)d, approved") % {"version": version}
        revision = _freeze(locked, user, RevisionKind.APPROVED, label, version)
    event = WorkflowEvent.objects.create(
        case=locked, transition=name, from_status=locked.status, to_status=move.target, reason=reason,
        actor=user, revision=revision,
    )
    StrategyCase.objects.filter(pk=locked.pk).update(status=move.target, updated_at=timezone.now())
    case.status = move.target
    notifications.status_changed(event)
    return event

"""The one permission check every case-scoped view goes through.

A user sees a case only through a Membership. Anyone else gets 404, never 403, so nothing
tells an outsider that the case exists. Reviewers read; owners and editors write; only
owners manage members and the workflow.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, StrategyCase

READ = "read"
WRITE = "write"
MANAGE = "manage"


def get_case_for(user, case_id, level: str = READ) -> tuple[StrategyCase, Membership]:
    """Return the case and the user's membership, or raise 404 (not a member) / 403 (role too low)."""
    if not user.is_authenticated:
        raise Http404
    try:
        membership = Membership.objects.select_related("case").get(case_id=int(case_id), user=user)
    except (Membership.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if level == WRITE and not (membership.can_edit and membership.case.is_editable):
        raise PermissionDenied
    if level == MANAGE and not membership.is_owner:
        raise PermissionDenied
    return membership.case, membership


class CaseMemberRequiredMixin(LoginRequiredMixin):
    """Resolves ``self.case`` and ``self.membership`` for views with a ``case_id`` URL kwarg.

    GET and HEAD need READ; other methods need ``write_level`` (WRITE by default).
    """

    read_level = READ
    write_level = WRITE

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        level = self.read_level if request.method in ("GET", "HEAD", "OPTIONS") else self.write_level
        self.case, self.membership = get_case_for(request.user, kwargs["case_id"], level)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("case", self.case)
        kwargs.setdefault("membership", self.membership)
        return super().get_context_data(**kwargs)

"""Writes on cases and memberships. The last owner rule lives here and nowhere else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership, Role, StrategyCase


@transaction.atomic
def create_case(*, user, **fields) -> StrategyCase:
    case = StrategyCase.objects.create(created_by=user, **fields)
    Membership.objects.create(case=case, user=user, role=Role.OWNER)
    return case


def _owner_count(case: StrategyCase) -> int:
    return Membership.objects.select_for_update().filter(case=case, role=Role.OWNER).count()


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(membership.case) <= 1:
        raise ValidationError(_("A case must keep at least one owner. Make someone else an owner first."),
                              code="last_owner")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    if membership.role == Role.OWNER and _owner_count(membership.case) <= 1:
        raise ValidationError(_("The last owner cannot be removed. Make someone else an owner first."),
                              code="last_owner")
    membership.delete()

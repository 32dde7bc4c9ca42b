"""What later parts may read from Part 2: objectives, subtypes with their chosen approach,
feasibility answers and assistance programmes. This is Part 2's public interface; other
parts import nothing else from this app except its models for foreign keys.

Every function reads with one query.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery

from . import models as m


def objectives(case) -> list[m.Objective]:
    return list(m.Objective.objects.filter(case=case))


def subtypes(case) -> list[m.Subtype]:
    """The case's subtypes, each with ``approach`` ("" when not chosen), ``approach_label``,
    ``legal_reform`` (bool) and ``market_outside_zones`` (bool: a zones subtype that also takes a
    market-access channel for production outside the zones) from its substrategy."""
    substrategy = m.SubStrategy.objects.filter(subtype=OuterRef("pk"))
    rows = m.Subtype.objects.filter(case=case).annotate(
        approach=Subquery(substrategy.values("approach")[:1]),
        legal_reform=Subquery(substrategy.values("legal_reform")[:1]),
        market_outside_zones=Subquery(substrategy.values("market_outside_zones")[:1]),
    ).order_by("pk")
    result = list(rows)
    for row in result:
        row.approach = row.approach or ""
        row.approach_label = m.Approach(row.approach).label if row.approach else ""
        row.legal_reform = bool(row.legal_reform)
        row.market_outside_zones = bool(row.market_outside_zones and row.approach == m.Approach.ZONES)
    return result


def substrategies(case) -> dict[int, m.SubStrategy]:
    """Substrategies per subtype id (approach, security and conflict risks, ...)."""
    return {row.subtype_id: row for row in m.SubStrategy.objects.filter(case=case)}


def subtypes_choosing(*approaches: str) -> QuerySet:
    """Subtypes whose chosen approach is one of ``approaches``, for choice fields (not yet
    limited to a case: the form engine limits every choice to the case)."""
    return m.Subtype.objects.filter(substrategies__approach__in=approaches).order_by("pk")


def market_access_subtypes() -> QuerySet:
    """Subtypes a market-access scheme may serve, for choice fields: those whose approach is market
    access, and zones subtypes that also take a market channel for production outside the zones."""
    return m.Subtype.objects.filter(
        Q(substrategies__approach=m.Approach.MARKET_ACCESS)
        | Q(substrategies__approach=m.Approach.ZONES, substrategies__market_outside_zones=True)).order_by("pk")


def feasibility(case) -> dict[int, m.FeasibilityAssessment]:
    """Feasibility answers per subtype id."""
    return {row.subtype_id: row for row in m.FeasibilityAssessment.objects.filter(case=case)}


def programs(case) -> list[m.AssistanceProgram]:
    """Assistance programmes with their subtype and partner, in subtype order."""
    return list(m.AssistanceProgram.objects.filter(case=case).select_related("subtype", "partner")
                .order_by("subtype_id", "pk"))


def programs_queryset() -> QuerySet:
    """Assistance programmes for choice fields (the form engine limits them to the case)."""
    return m.AssistanceProgram.objects.select_related("subtype").order_by("subtype_id", "pk")


def leverage_programs_queryset() -> QuerySet:
    """The programmes that may be used as leverage: not basic assistance, and not of a subtype whose
    preconditions come first (its assistance is given without conditions)."""
    return programs_queryset().filter(basic=False).exclude(subtype__substrategies__approach=m.Approach.PRECONDITIONS)

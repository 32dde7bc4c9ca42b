"""What later parts may read from Part 1: research findings, studies and partners.
This is Part 1's public interface; other parts import nothing else from this app."""

from __future__ import annotations

from collections.abc import Iterable

from . import models as m


def findings(case, *, research_types: Iterable[str] | None = None, topics: Iterable[str] | None = None):
    """Findings of a case, with their study and region, in research-type order. One query."""
    queryset = m.ResearchFinding.objects.filter(case=case).select_related("study", "region")
    if research_types:
        queryset = queryset.filter(study__research_type__in=list(research_types))
    if topics:
        queryset = queryset.filter(topic__in=list(topics))
    return list(queryset.order_by("study__research_type", "pk"))


def regions(case):
    """The case's regions, by name. One query."""
    return list(m.Region.objects.filter(case=case).order_by("name", "pk"))


def partners(case):
    return list(m.Partner.objects.filter(case=case).order_by("name"))


def studies(case):
    return list(m.ResearchStudy.objects.filter(case=case).select_related("funder"))


def forum_counts(case) -> dict[str, int]:
    """How many forum members and forum meetings the case has recorded. One query."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from asm_guide.cases.models import StrategyCase

    def count(model):
        return Coalesce(Subquery(model.objects.filter(case=OuterRef("pk")).order_by().values("case")
                                 .annotate(n=Count("pk")).values("n")[:1]), 0)

    row = StrategyCase.objects.filter(pk=case.pk).annotate(
        n_members=count(m.ForumMember), n_meetings=count(m.ForumMeeting)).values("n_members", "n_meetings").get()
    return {"members": row["n_members"], "meetings": row["n_meetings"]}

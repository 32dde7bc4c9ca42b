"""Pure rules for Part 1: the research gap list, step completeness and availability.

Each rule reads the case through ``StepContext.cached`` so that a page computes each fact
once, whatever the size of the case.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from asm_guide.cases.models import StrategyCase
from asm_guide.wizard.registry import StepContext

from . import models as m

RECENT_YEARS = 5


COUNTED = {
    "task_force": m.TaskForce,
    "task_force_members": m.TaskForceMember,
    "information": m.InformationItem,
    "partners": m.Partner,
    "forum": m.ConsultationForum,
    "forum_members": m.ForumMember,
    "forum_meetings": m.ForumMeeting,
    "studies": m.ResearchStudy,
    "findings": m.ResearchFinding,
}


def counts(ctx: StepContext) -> dict[str, int]:
    """How many rows each Part 1 record has for the case, in one query."""

    def compute():
        annotations = {
            key: Coalesce(Subquery(
                model.objects.filter(case=OuterRef("pk")).order_by().values("case")
                .annotate(n=Count("pk")).values("n")[:1]), 0)
            for key, model in COUNTED.items()
        }
        return StrategyCase.objects.filter(pk=ctx.case.pk).annotate(**annotations).values(*annotations).get()

    return ctx.cached("setup_phase:counts", compute)


def has(key: str):
    def present(ctx: StepContext) -> bool:
        return counts(ctx)[key] > 0

    present.__name__ = f"has_{key}"
    return present


def has_any(*keys: str):
    def present(ctx: StepContext) -> bool:
        found = counts(ctx)
        return any(found[key] > 0 for key in keys)

    return present


def studies(ctx: StepContext) -> list[m.ResearchStudy]:
    return ctx.cached(
        "setup_phase:studies",
        lambda: list(m.ResearchStudy.objects.filter(case=ctx.case).annotate(n_findings=Count("findings"))),
    )


def gap_list(items: list[m.InformationItem], reference_year: int) -> list[str]:
    """Research types that no recent information item covers (none, or all older than 5 years).

    An item with no year cannot be shown to be recent, so it does not close a gap.
    """
    covered = set()
    for item in items:
        if item.year is not None and reference_year - item.year <= RECENT_YEARS:
            covered.update(item.covers_research_types or [])
    return [code for code in m.ResearchType.values if code not in covered]


def research_gaps(items: list[m.InformationItem], studies: list[m.ResearchStudy],
                  findings: list[m.ResearchFinding], reference_year: int) -> list[str]:
    """Research types the strategy still lacks evidence on, for the report's data gaps: no recent
    information item covers them, and no study of that type is done (validated, draft or covered)
    with at least one finding recorded."""
    with_findings = {finding.study_id for finding in findings}
    answered = {study.research_type for study in studies
                if study.status in m.DONE_STATUSES and study.pk in with_findings}
    return [code for code in gap_list(items, reference_year) if code not in answered]


def case_gaps(ctx: StepContext) -> list[str]:
    return ctx.cached(
        "setup_phase:gaps",
        lambda: gap_list(list(m.InformationItem.objects.filter(case=ctx.case)), timezone.now().year),
    )


# --- completeness: what is still missing, in words --------------------------------------------


def task_force_missing(ctx: StepContext) -> list[str]:
    missing = []
    task_force = m.TaskForce.objects.filter(case=ctx.case).first()
    if task_force is None:
        missing.append(_("Record the legal instrument, chair and secretariat"))
    elif not task_force.terms_of_reference.strip():
        missing.append(_("Add the terms of reference"))
    if counts(ctx)["task_force_members"] < 2:
        missing.append(_("Add at least two member institutions"))
    return missing


def information_missing(ctx: StepContext) -> list[str]:
    if counts(ctx)["information"] == 0:
        return [_("List at least one existing source of information")]
    return []


def partners_missing(ctx: StepContext) -> list[str]:
    if counts(ctx)["partners"] == 0:
        return [_("Map at least one partner")]
    return []


def forum_missing(ctx: StepContext) -> list[str]:
    found = counts(ctx)
    missing = []
    if found["forum"] == 0:
        missing.append(_("Record the forum's terms of reference and how members are selected"))
    if found["forum_members"] == 0:
        missing.append(_("Add the forum's members"))
    if found["forum_meetings"] == 0:
        missing.append(_("Record at least one forum meeting"))
    return missing


def research_missing(ctx: StepContext) -> list[str]:
    by_type = {study.research_type: study for study in studies(ctx)}
    missing = []
    for code, label in m.ResearchType.choices:
        study = by_type.get(code)
        core = code in ("R1", "R2", "R3")
        if study is None:
            missing.append(_("%(type)s: record its status") % {"type": label})
        elif core and study.status not in m.DONE_STATUSES:
            missing.append(_("%(type)s must be done or covered by existing information") % {"type": label})
        elif not core and study.status not in m.DONE_STATUSES and study.status != m.StudyStatus.DEFERRED:
            missing.append(_("%(type)s must be done, covered, or deferred with a reason") % {"type": label})
    return missing


def findings_missing(ctx: StepContext) -> list[str]:
    missing = []
    for study in studies(ctx):
        if study.status in (m.StudyStatus.VALIDATED, m.StudyStatus.DRAFT) and study.n_findings == 0:
            missing.append(_("Record the key findings of %(study)s") % {"study": study.get_research_type_display()})
    if counts(ctx)["findings"] == 0:
        missing.append(_("Record at least one finding"))
    return missing


has_studies = has("studies")


# --- what a step page shows beside the form ----------------------------------------------------


def research_context(ctx: StepContext) -> dict:
    gaps = case_gaps(ctx)
    labels = dict(m.ResearchType.choices)
    return {"gaps": [(code, labels[code]) for code in gaps], "gap_years": RECENT_YEARS}


def findings_context(ctx: StepContext) -> dict:
    return {"studies": studies(ctx)}

"""Rules for Part 2: what each step still lacks, what the pages show beside the forms,
and the consistency checks of the check-answers page.

Every fact is read once per request through ``StepContext.cached`` and for all subtypes of
the case at once, so a task list with 20 subtypes costs what a task list with one costs.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from asm_guide import l10n
from setup_phase import selectors
from setup_phase.models import ResearchFinding

from . import conflict
from . import feasibility as fz
from . import models as m
from .forms import finding_label
from .relevance import bears_on_subtype

# Which research findings bear on each feasibility question (GUIDANCE.md §2.5.1 "Evidence
# source"): (research type, topic) pairs; None matches any. This pairing is this tool's own.
EVIDENCE = {
    "f1": ((None, "inspectors"), (None, "offices")),
    "f2": ((None, "sites"), (None, "miners_total"), ("R1", "other")),
    "f3": (("R3", None),),
    "f4": ((None, "land_overlap"), ("R7", None)),
    "f5": ((None, "licence_cost"), (None, "licence_time")),
    "f6": ((None, "security"), ("R5", None)),
    "f7": (("R2", "other"),),
    "z": (("R7", None), (None, "land_overlap")),
    "m": ((None, "chokepoint"), (None, "official_channel_share"), ("R6", None)),
}

# The subtype's own figures (entered on the subtypes step) that bear on each question, shown
# beside it. Also this tool's own pairing.
SUBTYPE_FIGURES = {
    "f1": ("sites",),
    "f2": ("est_miners", "sites"),
    "f3": ("mobility",),
    "f4": ("lsm_overlap",),
    "f5": ("official_channel_pct",),
    "f6": (),
    "f7": (),
    "z": ("lsm_overlap",),
    "m": ("official_channel_pct", "production"),
}


# --- facts, read once per request ---------------------------------------------------------------


def findings(ctx) -> list[ResearchFinding]:
    return ctx.cached("strategy:findings", lambda: selectors.findings(ctx.case))


def vision(ctx) -> m.Vision | None:
    return ctx.cached("strategy:vision", lambda: m.Vision.objects.filter(case=ctx.case).first())


def objectives(ctx) -> list[m.Objective]:
    return ctx.cached("strategy:objectives", lambda: list(m.Objective.objects.filter(case=ctx.case)))


def subtypes(ctx) -> list[m.Subtype]:
    return ctx.cached("strategy:subtypes", lambda: list(m.Subtype.objects.filter(case=ctx.case)))


def substrategies(ctx) -> dict[int, m.SubStrategy]:
    return ctx.cached("strategy:substrategies", lambda: {
        row.subtype_id: row for row in m.SubStrategy.objects.filter(case=ctx.case)})


def assessments(ctx) -> dict[int, m.FeasibilityAssessment]:
    return ctx.cached("strategy:assessments", lambda: {
        row.subtype_id: row for row in m.FeasibilityAssessment.objects.filter(case=ctx.case).prefetch_related(
            Prefetch("evidence", queryset=ResearchFinding.objects.order_by("pk")))})


def programs(ctx) -> dict[int, list[m.AssistanceProgram]]:
    def compute():
        grouped = defaultdict(list)
        for row in m.AssistanceProgram.objects.filter(case=ctx.case).order_by("pk"):
            grouped[row.subtype_id].append(row)
        return grouped

    return ctx.cached("strategy:programs", compute)


def recommendation(ctx) -> fz.Recommendation:
    return fz.recommend_for(assessments(ctx).get(ctx.subject.pk))


def used_finding_ids(ctx) -> set[int]:
    """A finding is used when an objective takes it as its baseline, a subtype draws on it, or
    a feasibility assessment cites it as evidence."""

    def compute():
        used = {o.baseline_finding_id for o in objectives(ctx) if o.baseline_finding_id}
        used |= set(m.Subtype.findings.through.objects.filter(subtype__case=ctx.case)
                    .values_list("researchfinding_id", flat=True))
        used |= set(m.FeasibilityAssessment.evidence.through.objects.filter(feasibilityassessment__case=ctx.case)
                    .values_list("researchfinding_id", flat=True))
        return used

    return ctx.cached("strategy:used_findings", compute)


def unused_findings(ctx) -> list[ResearchFinding]:
    used = used_finding_ids(ctx)
    return [finding for finding in findings(ctx) if finding.pk not in used]


# --- main flow: data present, what is missing ------------------------------------------------------


def has_vision(ctx) -> bool:
    return vision(ctx) is not None


def has_objectives(ctx) -> bool:
    return bool(objectives(ctx))


def has_subtypes(ctx) -> bool:
    return bool(subtypes(ctx))


def vision_missing(ctx) -> list[str]:
    return [] if vision(ctx) else [_("Write the vision statement")]


def objectives_missing(ctx) -> list[str]:
    rows = objectives(ctx)
    if not rows:
        return [_("Add at least one strategic objective")]
    return [_("“%(objective)s”: give its indicator a name, unit, baseline, target value and target date")
            % {"objective": row.title} for row in rows if row.indicator_missing]


def subtypes_missing(ctx) -> list[str]:
    if not subtypes(ctx):
        return [_("Add at least one subtype")]
    return [_("Research finding not used anywhere: %(finding)s") % {"finding": finding_label(finding)}
            for finding in unused_findings(ctx)]


# --- per subtype -------------------------------------------------------------------------------------


def has_programs(ctx) -> bool:
    return bool(programs(ctx).get(ctx.subject.pk))


def has_feasibility(ctx) -> bool:
    return ctx.subject.pk in assessments(ctx)


def has_approach(ctx) -> bool:
    row = substrategies(ctx).get(ctx.subject.pk)
    return bool(row and row.approach)


def has_risks(ctx) -> bool:
    row = substrategies(ctx).get(ctx.subject.pk)
    return bool(row and (row.risks or row.mitigations or row.review_triggers))


def is_preconditions(ctx) -> bool:
    """The conflict-risks step applies to a subtype whose preconditions come first."""
    if ctx.subject is None:
        return False
    row = substrategies(ctx).get(ctx.subject.pk)
    return bool(row and row.approach == m.Approach.PRECONDITIONS)


def conflict_not_applicable(ctx) -> dict:
    """Why the conflict-risks step does not apply to this subtype, and where that is decided."""
    row = substrategies(ctx).get(ctx.subject.pk)
    if row and row.approach:
        reason = _("The approach chosen for this subtype is %(approach)s.") % {"approach": row.get_approach_display()}
    else:
        reason = _("No approach has been chosen for this subtype yet.")
    approach = reverse("strategy:substrategy-step", kwargs={"case_id": ctx.case.pk, "subject_id": ctx.subject.pk,
                                                            "step": "approach"})
    return {"reasons": [reason],
            "explanation": _("The security and conflict risks are recorded here for a subtype whose preconditions "
                             "come first. For the other approaches, record risks on the step “%(step)s”.")
            % {"step": _("Record risks and review triggers")},
            "links": [(_("Choose the approach of this subtype"), approach)]}


def has_conflict_risks(ctx) -> bool:
    row = substrategies(ctx).get(ctx.subject.pk)
    return any(getattr(row, conflict.field(code)) for code in conflict.CODES) if row else False


def conflict_risks_missing(ctx) -> list[str]:
    row = substrategies(ctx).get(ctx.subject.pk)
    unanswered = [str(conflict.NAMES[code]) for code in conflict.CODES
                  if row is None or not getattr(row, conflict.field(code))]
    missing = []
    if unanswered:
        missing.append(_("Say whether red flags were found for %(risks)s") % {"risks": ", ".join(unanswered)})
    missing += [_("Say what red flags were found for “%(risk)s” and where the information comes from")
                % {"risk": conflict.NAMES[code]} for code in conflict.flagged(row)
                if not getattr(row, conflict.note_field(code)).strip()]
    return missing


def programs_missing(ctx) -> list[str]:
    return [] if has_programs(ctx) else [_("Add at least one assistance programme")]


def feasibility_missing(ctx) -> list[str]:
    """Only what the form requires: F1 to F7 answered. The evidence notes, Z and M are optional
    (the form says so), so they never hold the step in progress."""
    row = assessments(ctx).get(ctx.subject.pk)
    if row is None:
        return [_("Answer the feasibility questions")]
    unanswered = [str(fz.FACTOR_NAMES[code]) for code in fz.FACTOR_CODES if not getattr(row, code)]
    if unanswered:
        return [_("Answer %(factors)s") % {"factors": ", ".join(unanswered)}]
    return []


def mismatch(ctx) -> fz.Recommendation | None:
    """The current recommendation, when it differs from the one stored with the choice."""
    row = substrategies(ctx).get(ctx.subject.pk)
    if row is None or not row.approach:
        return None
    current = recommendation(ctx)
    if current.approach and current.approach != row.approach_recommended:
        return current
    return None


def approach_missing(ctx) -> list[str]:
    if not has_approach(ctx):
        return [_("Choose an approach to improving practices")]
    changed = mismatch(ctx)
    if changed is not None:
        return [_("The feasibility answers changed after the approach was chosen: the tool now recommends "
                  "%(approach)s. Review the choice and save it again.") % {"approach": changed.label}]
    row = substrategies(ctx)[ctx.subject.pk]
    if row.is_override and not row.override_justification.strip():
        return [_("Explain why you chose another approach than the recommended one")]
    return []


def risks_missing(ctx) -> list[str]:
    row = substrategies(ctx).get(ctx.subject.pk)
    missing = []
    if row is None or not row.risks.strip():
        missing.append(_("Enter the main risks"))
    if row is None or not row.mitigations.strip():
        missing.append(_("Enter how the risks will be reduced"))
    if row is None or not row.review_triggers.strip():
        missing.append(_("Enter the review triggers"))
    return missing


# --- bulk rows for the check-answers summaries ----------------------------------------------------


def preload_programs(ctx) -> dict:
    return {"items": {"programs": programs(ctx).get(ctx.subject.pk, [])}}


def preload_feasibility(ctx) -> dict:
    return {"instance": assessments(ctx).get(ctx.subject.pk)}


def preload_substrategy(ctx) -> dict:
    return {"instance": substrategies(ctx).get(ctx.subject.pk)}


# --- what the pages show beside the forms ----------------------------------------------------------


def _findings_url(ctx) -> str:
    return reverse("setup_phase:setup-step", kwargs={"case_id": ctx.case.pk, "step": "findings"})


def _matches(finding: ResearchFinding, pairs) -> bool:
    kind, topic = finding.study.research_type, finding.topic
    return any((want_kind in (None, kind)) and (want_topic in (None, topic)) for want_kind, want_topic in pairs)


def vision_context(ctx) -> dict:
    kinds = ("R1", "R3", "R4", "R6")
    return {"key_findings": [f for f in findings(ctx) if f.study.research_type in kinds],
            "findings_url": _findings_url(ctx)}


def objectives_context(ctx) -> dict:
    return {"vision": vision(ctx), "findings_url": _findings_url(ctx)}


def subtypes_context(ctx) -> dict:
    rows = subtypes(ctx)
    ids = [row.pk for row in rows]
    lost = {}
    for pk in ids:
        item = {"approach": "", "feasibility": pk in assessments(ctx), "risks": False,
                "programs": [p.title for p in programs(ctx).get(pk, [])]}
        sub = substrategies(ctx).get(pk)
        if sub is not None:
            item["approach"] = sub.get_approach_display() if sub.approach else ""
            item["risks"] = bool(sub.risks or sub.mitigations or sub.review_triggers)
        if item["approach"] or item["feasibility"] or item["programs"] or item["risks"]:
            lost[pk] = item
    return {
        "key_findings": [f for f in findings(ctx) if f.study.research_type in ("R1", "R3")],
        "findings_url": _findings_url(ctx),
        "subtype_count": len(rows),
        "too_few": len(rows) < 2,
        "too_many": len(rows) > 10,
        "dependents": lost,
        "unused_findings": unused_findings(ctx),
    }


def industrial_context(ctx) -> dict:
    subject = ctx.subject
    industry = [f for f in findings(ctx) if f.study.research_type in ("R3", "R6", "R7")
                and bears_on_subtype(f, subject)]
    return {"key_findings": industry, "findings_url": _findings_url(ctx)}


def subtype_figures(subtype: m.Subtype) -> dict[str, dict]:
    """The subtype's own answers from the subtypes step, written for reading in the active
    language: {field name: {"label", "value"}}, only those answered."""
    def label(name, kind=None):
        return l10n.figure_label(m.Subtype._meta.get_field(name).verbose_name, kind)

    production = " ".join(filter(None, [l10n.number(subtype.production_value), subtype.production_unit]))
    rows = {
        "scale": (label("scale"), subtype.get_scale_display()),
        "activity": (label("activity"), subtype.get_activity_display()),
        "est_miners": (label("est_miners"), l10n.number(subtype.est_miners, digits=0)),
        "pct_women": (label("pct_women", "percent_points"), l10n.percent_points(subtype.pct_women)),
        "children_present": (label("children_present"), subtype.get_children_present_display()),
        "sites": (label("sites"), l10n.number(subtype.sites, digits=0)),
        "mobility": (label("mobility"), subtype.get_mobility_display() if subtype.mobility else ""),
        "production": (label("production_value"), production),
        "official_channel_pct": (label("official_channel_pct", "percent_points"),
                                 l10n.percent_points(subtype.official_channel_pct)),
        "lsm_overlap": (label("lsm_overlap"), subtype.get_lsm_overlap_display()),
    }
    return {name: {"label": text, "value": value} for name, (text, value) in rows.items() if value}


def feasibility_context(ctx) -> dict:
    relevant = [f for f in findings(ctx) if bears_on_subtype(f, ctx.subject)]
    figures = subtype_figures(ctx.subject)
    return {
        "evidence": {code: [f for f in relevant if _matches(f, pairs)] for code, pairs in EVIDENCE.items()},
        "subtype_figures": list(figures.values()),
        "figures_by_factor": {code: [figures[name] for name in names if name in figures]
                              for code, names in SUBTYPE_FIGURES.items()},
        "subtypes_url": reverse("strategy:strategy-step", kwargs={"case_id": ctx.case.pk, "step": "subtypes"}),
        "hidden_count": len(findings(ctx)) - len(relevant),
        "findings_url": _findings_url(ctx),
    }


def _industrial_url(ctx) -> str:
    return reverse("strategy:substrategy-step", kwargs={"case_id": ctx.case.pk, "subject_id": ctx.subject.pk,
                                                        "step": "industrial-strategy"})


def conflict_context(ctx) -> dict:
    """Beside the checklist: why preconditions come first, F6 as answered, the security findings,
    and the subtype's basic assistance (never leverage)."""
    assessment = assessments(ctx).get(ctx.subject.pk)
    own = programs(ctx).get(ctx.subject.pk, [])
    return {
        "recommendation": recommendation(ctx),
        "f6": {"name": fz.FACTOR_NAMES["f6"], "value": assessment.get_f6_display() if assessment else "",
               "note": assessment.f6_note if assessment else ""},
        "source": conflict.SOURCE,
        "basic_programs": [p for p in own if p.basic],
        "unconditional_programs": [p for p in own if not p.basic and not p.conditional],
        "conditional_programs": [p for p in own if p.conditional],
        "industrial_url": _industrial_url(ctx),
        "key_findings": [f for f in findings(ctx) if (f.topic == "security" or f.study.research_type in ("R4", "R5"))
                         and bears_on_subtype(f, ctx.subject)],
        "findings_url": _findings_url(ctx),
    }


def approach_context(ctx) -> dict:
    row = substrategies(ctx).get(ctx.subject.pk)
    assessment = assessments(ctx).get(ctx.subject.pk)
    scores = []
    if assessment is not None:
        scores = [{"name": fz.FACTOR_NAMES[code], "value": getattr(assessment, f"get_{code}_display")()}
                  for code in (*fz.FACTOR_CODES, "z", "m")]
    stored = m.Approach(row.approach_recommended).label if row and row.approach_recommended else ""
    return {
        "recommendation": recommendation(ctx),
        "mismatch": mismatch(ctx),
        "stored_recommendation": stored,
        "substrategy": row,
        "scores": scores,
        "key_findings": [f for f in findings(ctx) if f.study.research_type in ("R2", "R5")
                         and bears_on_subtype(f, ctx.subject)],
        "findings_url": _findings_url(ctx),
    }


# --- check answers -----------------------------------------------------------------------------------


def check_context(ctx) -> dict:
    return {"unused_findings": unused_findings(ctx), "findings_url": _findings_url(ctx)}

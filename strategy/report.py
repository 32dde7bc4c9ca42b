"""Part 2's share of the strategy report (GUIDANCE.md §6.5): executive summary facts, the vision,
principles and objectives (5), the subtypes (6), one substrategy chapter per subtype (7.x) and the
Indicators sheet. The hook is described in ``asm_guide/reports/context.py``.

Seven queries whatever the number of subtypes, objectives or programmes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from asm_guide.reports.blocks import BulletList, Contribution, Facts, Heading, Note, Paragraph, PartReport, Table

from . import feasibility as fz
from . import models as m

FLOW, SUB = "strategy", "substrategy"
CRITERIA = ("f1", "f2", "f3", "f4", "f5", "f6", "f7", "z", "m")
FLAGSHIPS = 3


def _num(value) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _money(case, value) -> str:
    return "" if value is None else f"{case.currency} {value:,.0f}"


def _baseline(objective) -> str:
    if objective.baseline_value is not None:
        return _num(objective.baseline_value)
    if objective.baseline_finding is not None:
        return objective.baseline_finding.figure or str(objective.baseline_finding)
    return ""


def report(case) -> PartReport:
    vision = m.Vision.objects.filter(case=case).first()
    objectives = list(m.Objective.objects.filter(case=case).select_related("baseline_finding"))
    subtypes = list(m.Subtype.objects.filter(case=case).order_by("pk"))
    substrategies = {s.subtype_id: s for s in m.SubStrategy.objects.filter(case=case)}
    assessments = {a.subtype_id: a for a in m.FeasibilityAssessment.objects.filter(case=case)
                   .prefetch_related("evidence")}
    programs = defaultdict(list)
    for program in m.AssistanceProgram.objects.filter(case=case).select_related("partner").order_by("pk"):
        programs[program.subtype_id].append(program)
    all_programs = [p for rows in programs.values() for p in rows]
    minerals = dict(m.Mineral.choices)
    result = PartReport()

    # --- Executive summary facts ----------------------------------------------------------------------
    if vision:
        result.summary.append((_("Vision"), vision.statement))
    if subtypes:
        result.summary.append((_("Subtypes and approaches"), "; ".join(
            f"{s.name}: {substrategies[s.pk].get_approach_display() if s.pk in substrategies and substrategies[s.pk].approach else _('approach not chosen yet')}"  # noqa: E501
            for s in subtypes)))
    flagships = sorted((p for p in all_programs if p.budget), key=lambda p: p.budget, reverse=True)[:FLAGSHIPS]
    if flagships:
        result.summary.append((_("Flagship programmes"), "; ".join(
            f"{p.title} ({_money(case, p.budget)})" for p in flagships)))
    targets = [o for o in objectives if o.target_value is not None][:5]
    if targets:
        result.summary.append((_("Headline targets"), "; ".join(
            f"{o.indicator or o.title}: {_num(o.target_value)} {o.unit}".strip()
            + (f" {_('by')} {o.target_date.year}" if o.target_date else "") for o in targets)))
    if all_programs:
        result.budget_total = sum((p.budget or Decimal(0)) for p in all_programs)
        result.summary.append((_("Assistance programmes (Part 2)"), _money(case, result.budget_total)))

    # --- 5. Vision, principles and strategic objectives -----------------------------------------------
    blocks = []
    if vision:
        blocks += [Heading(_("Vision"), 3), Paragraph(vision.statement), Facts([
            (_("Horizon year"), str(vision.horizon_year)), (_("Stance towards ASM"), vision.get_stance_display()),
            (_("Where and how the stance differs"), vision.stance_note),
            (_("National policies it aligns with"), vision.aligned_policies),
            (_("Link to the Minamata national action plan"), vision.minamata_nap)])]
        if vision.principles.strip():
            blocks += [Heading(_("Guiding principles"), 3),
                       BulletList([line.strip(" -•*") for line in vision.principles.splitlines() if line.strip()])]
    indicator_headers = [_("Objective"), _("Goal area"), _("Indicator"), _("Unit"), _("Baseline"),
                         _("Baseline year"), _("Target"), _("Target date"), _("Data source"), _("Frequency"),
                         _("Responsible")]
    indicator_rows = [[o.title, o.get_goal_area_display(), o.indicator, o.unit,
                       o.baseline_value if o.baseline_value is not None else (
                           o.baseline_finding.value if o.baseline_finding and o.baseline_finding.value is not None
                           else _baseline(o)),
                       o.baseline_year, o.target_value, o.target_date, o.data_source, o.get_frequency_display(),
                       o.responsible_institution] for o in objectives]
    if objectives:
        blocks += [Heading(_("Strategic objectives and indicators"), 3), Table(
            headers=[_("Objective"), _("Indicator"), _("Baseline"), _("Target"), _("By"), _("Responsible")],
            rows=[[o.title, f"{o.indicator} ({o.unit})" if o.unit else o.indicator, _baseline(o),
                   _num(o.target_value), o.target_date.isoformat() if o.target_date else "",
                   o.responsible_institution] for o in objectives], numeric=(2, 3))]
    result.add("vision", Contribution(blocks=blocks, complete=bool(vision and objectives),
                                      steps=[(FLOW, "vision"), (FLOW, "objectives")]))
    result.sheets["Indicators"] = (indicator_headers, indicator_rows)

    # --- 6. Subtypes -------------------------------------------------------------------------------
    blocks = [Table(
        headers=[_("Subtype"), _("Minerals"), _("Scale"), _("Regions"), _("Mobility"), _("Miners"), _("Women"),
                 _("Sites"), _("Main impacts")],
        rows=[[s.name, ", ".join(str(minerals.get(x, x)) for x in s.minerals), s.get_scale_display(), s.regions,
               s.get_mobility_display(), _num(s.est_miners), f"{_num(s.pct_women)}%" if s.pct_women is not None else "",
               _num(s.sites), s.main_impacts] for s in subtypes], numeric=(5, 6, 7))] if subtypes else []
    result.add("subtypes", Contribution(blocks=blocks, complete=bool(subtypes), steps=[(FLOW, "subtypes")]))

    # --- 7. Substrategies, one chapter per subtype ---------------------------------------------------
    blocks = []
    labels = {name: m.FeasibilityAssessment._meta.get_field(name).verbose_name for name in CRITERIA}
    for number, subtype in enumerate(subtypes, start=1):
        prefix = f"7.{number}"
        sub = substrategies.get(subtype.pk)
        assessment = assessments.get(subtype.pk)
        blocks.append(Heading(f"{prefix} {subtype.name}", 3, anchor=f"subtype-{number}"))
        blocks += [Heading(f"{prefix}.1 {_('Objectives and targets')}", 4), Facts([
            (_("Priority"), subtype.get_priority_display()),
            (_("Estimated number of miners"), _num(subtype.est_miners)),
            (_("Production estimate"), f"{_num(subtype.production_value)} {subtype.production_unit}".strip()),
            (_("Share sold through official channels (%)"), _num(subtype.official_channel_pct)),
        ]), Paragraph(_("The strategic objectives and targets in section 5 apply to this subtype."))]
        blocks.append(Heading(f"{prefix}.2 {_('Feasibility assessment')}", 4))
        if assessment:
            recommendation = fz.recommend_for(assessment)
            blocks.append(Table(
                headers=[_("Criterion"), _("Answer"), _("Evidence")],
                rows=[[str(labels[c]), getattr(assessment, f"get_{c}_display")() or _("Not assessed"),
                       getattr(assessment, f"{c}_note")] for c in CRITERIA]))
            evidence = list(assessment.evidence.all())
            if evidence:
                blocks.append(BulletList([f"{_('Finding cited')}: {f.text}" for f in evidence]))
            blocks += [Facts([
                (_("Recommended approach"), str(recommendation.label)),
                (_("Chosen approach"), sub.get_approach_display() if sub and sub.approach else _("Not chosen yet")),
                (_("Why another approach was chosen"), sub.override_justification if sub and sub.is_override else ""),
                (_("Legal reform needed first"), _("Yes") if sub and sub.legal_reform else _("No")),
            ]), BulletList([str(reason) for reason in recommendation.reasons]),
                Note(_("The recommendation comes from this tool's decision aid, not from the text of the "
                       "IGF Guidance; the choice is the government's."))]
        else:
            blocks.append(Paragraph(_("Not yet completed.")))
        blocks.append(Heading(f"{prefix}.3 {_('Industrial strategy')}", 4))
        own = programs.get(subtype.pk, [])
        if own:
            blocks.append(Table(
                headers=[_("Programme"), _("Type"), _("Lead"), _("Partner"), _("Years"), _("Condition"), _("Budget")],
                rows=[[p.title, p.get_program_type_display(), p.lead_institution, p.partner.name if p.partner else "",
                       "–".join(str(y) for y in (p.start_year, p.end_year) if y), p.condition if p.conditional else "",
                       _money(case, p.budget)] for p in own], numeric=(6,),
                footer=[_("Total"), "", "", "", "", "", _money(case, sum((p.budget or 0) for p in own))]))
        else:
            blocks.append(Paragraph(_("Not yet completed.")))
        blocks.append(Heading(f"{prefix}.4 {_('Approach to improving practices')}", 4))
        if sub and sub.approach:
            blocks.append(Paragraph(
                _("Chosen approach: %(approach)s. Regulations, zones and the market-access scheme are "
                  "planned in the implementation plan (section 8).") % {"approach": sub.get_approach_display()}))
        else:
            blocks.append(Paragraph(_("Not yet completed.")))
        # Part 3 places this subtype's regulations, zones and market-access scheme just before 7.x.5.
        blocks.append(Heading(f"{prefix}.5 {_('Risks and review triggers')}", 4, anchor=f"subtype-{number}-risks"))
        if sub and (sub.risks or sub.review_triggers):
            blocks.append(Facts([(_("Risks"), sub.risks), (_("Mitigations"), sub.mitigations),
                                 (_("What would move this subtype to a stronger approach"), sub.review_triggers)]))
        else:
            blocks.append(Paragraph(_("Not yet completed.")))
    complete = bool(subtypes) and all(s.pk in substrategies and substrategies[s.pk].approach for s in subtypes)
    result.add("substrategies", Contribution(
        blocks=blocks, complete=complete,
        steps=[(SUB, slug) for slug in ("industrial-strategy", "feasibility", "approach", "risks")]))
    return result

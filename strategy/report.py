"""Part 2's share of the strategy report (GUIDANCE.md §6.5): executive summary facts, the vision,
principles and objectives (5), the subtypes (6), one substrategy chapter per subtype (7.x) and the
Indicators sheet. The hook is described in ``asm_guide/reports/context.py``.

Eight queries whatever the number of subtypes, objectives or programmes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asm_guide import l10n
from asm_guide.reports.blocks import BulletList, Contribution, Facts, Heading, Note, Paragraph, PartReport, Table
from asm_guide.reports.context import section_number

from . import conflict
from . import feasibility as fz
from . import models as m

FLOW, SUB = "strategy", "substrategy"
CRITERIA = ("f1", "f2", "f3", "f4", "f5", "f6", "f7", "z", "m")
FLAGSHIPS = 3
TOP_OBJECTIVES = 3


def _baseline(objective) -> str:
    if objective.baseline_value is not None:
        return l10n.number(objective.baseline_value)
    if objective.baseline_finding is not None:
        return objective.baseline_finding.figure or str(objective.baseline_finding)
    return ""


def _target(objective) -> str:
    """ "7 t/yr by 2031" in the report language."""
    figure = " ".join(filter(None, [l10n.number(objective.target_value), objective.unit]))
    if objective.target_date:
        return _("%(figure)s by %(year)s") % {"figure": figure, "year": objective.target_date.year}
    return figure


def approach_text(sub, recommendation, implementation: str) -> str:
    """What 7.x.4 says of the chosen approach: each approach its own words, so a subtype whose
    preconditions come first never reads that regulations, zones or a scheme are planned, and a
    zones subtype that also takes a market channel for the output outside them says both."""
    approach = sub.approach
    label = sub.get_approach_display()
    if approach == m.Approach.LICENSE_REGULATE:
        text = _("Chosen approach: %(approach)s. The government licenses this subtype and enforces regulations "
                 "fitted to it; they are set in the implementation plan (section %(section)s).")
    elif approach == m.Approach.ZONES:
        if sub.market_outside_zones:
            text = _("Chosen approach: %(approach)s. Miners are brought into designated ASM zones, and what is "
                     "produced outside them can reach buyers through a market-access scheme; both are planned in "
                     "the implementation plan (section %(section)s).")
        else:
            text = _("Chosen approach: %(approach)s. Miners are brought into designated ASM zones with rules of "
                     "their own; the zones are planned in the implementation plan (section %(section)s).")
    elif approach == m.Approach.MARKET_ACCESS:
        text = _("Chosen approach: %(approach)s. Practices improve through a voluntary scheme at a market "
                 "chokepoint: sellers who meet its standards get better access and prices. The scheme is planned in "
                 "the implementation plan (section %(section)s).")
    else:
        text = _("Chosen approach: %(approach)s. The government cannot yet feasibly license, zone or reach this "
                 "subtype through a market scheme. It first provides basic assistance, research and capacity "
                 "building, and runs the feasibility test again at the next review (section %(section)s).")
    return text % {"approach": label, "section": implementation}


def preconditions_blocks(sub, own_programs) -> list:
    """What comes first for a preconditions-first subtype: the security and conflict risks of the
    OECD Guidance's Annex II as recorded, and the basic assistance given without conditions."""
    blocks = []
    rows = conflict.answers(sub)
    if any(row["answer"] for row in rows):
        found = [str(row["name"]) for row in rows if row["answer"] == conflict.RiskAnswer.FOUND]
        unknown = [str(row["name"]) for row in rows if row["answer"] == conflict.RiskAnswer.UNKNOWN]
        if found:
            text = ngettext("Red flags were found for %(count)d risk: %(list)s. Acting on it comes first.",
                            "Red flags were found for %(count)d risks: %(list)s. Acting on them comes first.",
                            len(found)) % {"count": len(found), "list": l10n.join(found)}
        else:
            text = _("No red flags were found for the security and conflict risks recorded.")
        if unknown:
            text += " " + _("Not known yet, to be researched: %(list)s.") % {"list": l10n.join(unknown)}
        blocks += [
            Paragraph(text),
            Table(headers=[_("Risk"), _("Red flags"), _("What was found and the source")],
                  rows=[[str(row["name"]), row["answer_label"] or _("Not assessed"), row["note"]] for row in rows]),
            Note(_("Risks as listed in the %(source)s.") % {"source": conflict.SOURCE}),
        ]
    else:
        blocks.append(Paragraph(_("The security and conflict risks have not been assessed yet.")))
    basic = [p.title for p in own_programs if p.basic or not p.conditional]
    if basic:
        blocks.append(Paragraph(_("Basic assistance given without conditions while preconditions come first: "
                                  "%(list)s.") % {"list": l10n.join(basic)}))
    else:
        blocks.append(Paragraph(_("No basic assistance has been planned for this subtype yet.")))
    return blocks


def report(case) -> PartReport:
    vision = m.Vision.objects.filter(case=case).first()
    objectives = list(m.Objective.objects.filter(case=case).select_related("baseline_finding"))
    subtypes = list(m.Subtype.objects.filter(case=case).order_by("pk").prefetch_related("regions"))
    substrategies = {s.subtype_id: s for s in m.SubStrategy.objects.filter(case=case)}
    assessments = {a.subtype_id: a for a in m.FeasibilityAssessment.objects.filter(case=case)
                   .prefetch_related("evidence")}
    programs = defaultdict(list)
    for program in m.AssistanceProgram.objects.filter(case=case).select_related("partner").order_by("pk"):
        programs[program.subtype_id].append(program)
    all_programs = [p for rows in programs.values() for p in rows]
    minerals = dict(m.Mineral.choices)
    numbers = {key: section_number(key, case) for key in ("vision", "substrategies", "implementation", "monitoring")}
    currency = case.currency
    result = PartReport()

    def approach_of(subtype) -> str:
        sub = substrategies.get(subtype.pk)
        if sub and sub.approach == m.Approach.ZONES and sub.market_outside_zones:
            return _("%(approach)s, with market access for production outside the zones") % {
                "approach": sub.get_approach_display()}
        return sub.get_approach_display() if sub and sub.approach else _("approach not chosen yet")

    # --- Executive summary: prose and facts -------------------------------------------------------------
    if vision:
        result.summary.append((_("Vision"), vision.statement))
        result.summary_text.append(_("Its vision: %(vision)s") % {"vision": vision.statement})
    if subtypes:
        result.summary.append((_("Subtypes and approaches"), "; ".join(
            _("%(subtype)s: %(approach)s") % {"subtype": s.name, "approach": approach_of(s)} for s in subtypes)))
        miners = sum(s.est_miners or 0 for s in subtypes)
        sentence = ngettext(
            "The strategy divides the sector into %(count)d subtype, with its own approach: %(list)s.",
            "The strategy divides the sector into %(count)d subtypes, each with its own approach: %(list)s.",
            len(subtypes)) % {"count": len(subtypes), "list": "; ".join(
                _("%(subtype)s (%(approach)s)") % {"subtype": s.name, "approach": approach_of(s)} for s in subtypes)}
        if miners:
            sentence = ngettext(
                "About %(miners)s person works in the subtypes covered.",
                "About %(miners)s people work in the subtypes covered.", miners) % {
                    "miners": l10n.number(miners, digits=0)} + " " + sentence
        result.summary_text.append(sentence)
    top = sorted((o for o in objectives if o.target_value is not None),
                 key=lambda o: (o.priority is None, o.priority or 0, o.pk))[:TOP_OBJECTIVES]
    if top:
        result.summary_text.append(ngettext(
            "Its first objective: %(list)s.", "Its first %(count)d objectives: %(list)s.", len(top)) % {
                "count": len(top), "list": "; ".join(
                    _("%(objective)s (target: %(target)s)") % {"objective": o.title, "target": _target(o)}
                    for o in top)})
    flagships = sorted((p for p in all_programs if p.budget), key=lambda p: p.budget, reverse=True)[:FLAGSHIPS]
    if flagships:
        result.summary.append((_("Flagship programmes"), "; ".join(
            _("%(programme)s (%(budget)s)") % {"programme": p.title, "budget": l10n.money(p.budget, currency)}
            for p in flagships)))
    targets = [o for o in objectives if o.target_value is not None][:5]
    if targets:
        result.summary.append((_("Headline targets"), "; ".join(
            _("%(indicator)s: %(target)s") % {"indicator": o.indicator or o.title, "target": _target(o)}
            for o in targets)))
    if all_programs:
        result.budget_total = sum((p.budget or Decimal(0)) for p in all_programs)
        result.summary.append((_("Assistance programmes (Part 2)"), l10n.money(result.budget_total, currency)))

    # --- Vision, principles and strategic objectives -------------------------------------------------
    blocks = []
    if vision:
        blocks += [Heading(_("Vision"), 3), Paragraph(vision.statement), Facts([
            (_("Horizon year"), str(vision.horizon_year or "")), (_("Stance towards ASM"), vision.get_stance_display()),
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
            rows=[[o.title, l10n.with_unit(o.indicator, o.unit), _baseline(o), l10n.number(o.target_value),
                   l10n.date(o.target_date), o.responsible_institution] for o in objectives], numeric=(2, 3))]
    result.add("vision", Contribution(blocks=blocks, complete=bool(vision and objectives),
                                      steps=[(FLOW, "vision"), (FLOW, "objectives")]))
    result.sheets["Indicators"] = (indicator_headers, indicator_rows)

    # --- ASM subtypes ---------------------------------------------------------------------------------
    blocks = [Table(
        headers=[_("Subtype"), _("Minerals"), _("Scale"), _("Regions"), _("Mobility"), _("Miners"), _("Women"),
                 _("Sites"), _("Main impacts")],
        rows=[[s.name, l10n.join(str(minerals.get(x, x)) for x in s.minerals), s.get_scale_display(),
               l10n.join(r.name for r in s.regions.all()),
               s.get_mobility_display(), l10n.number(s.est_miners), l10n.percent_points(s.pct_women),
               l10n.number(s.sites), s.main_impacts] for s in subtypes], numeric=(5, 6, 7))] if subtypes else []
    result.add("subtypes", Contribution(blocks=blocks, complete=bool(subtypes), steps=[(FLOW, "subtypes")]))

    # --- Substrategies, one chapter per subtype --------------------------------------------------------
    blocks = []
    labels = {name: m.FeasibilityAssessment._meta.get_field(name).verbose_name for name in CRITERIA}
    titles = {1: _("Objectives and targets"), 2: _("Feasibility assessment"), 3: _("Industrial strategy"),
              4: _("Approach to improving practices"), 5: _("Risks and review triggers")}
    not_yet = _("Not yet completed.")
    for number, subtype in enumerate(subtypes, start=1):
        prefix = f"{numbers['substrategies']}.{number}"
        sub = substrategies.get(subtype.pk)
        assessment = assessments.get(subtype.pk)
        recommendation = fz.recommend_for(assessment) if assessment else None
        preconditions = bool(sub and sub.approach == m.Approach.PRECONDITIONS)
        blocks.append(Heading(f"{prefix} {subtype.name}", 3, anchor=f"subtype-{number}"))
        blocks += [Heading(f"{prefix}.1 {titles[1]}", 4), Facts([
            (_("Priority"), subtype.get_priority_display()),
            (_("Estimated number of miners"), l10n.number(subtype.est_miners)),
            (_("Production estimate"), " ".join(filter(None, [l10n.number(subtype.production_value),
                                                               subtype.production_unit]))),
            (_("Share sold through official channels"), l10n.percent_points(subtype.official_channel_pct)),
        ]), Paragraph(_("The strategic objectives and targets in section %(section)s apply to this subtype.")
                      % {"section": numbers["vision"]})]
        blocks.append(Heading(f"{prefix}.2 {titles[2]}", 4))
        if assessment:
            blocks.append(Table(
                headers=[_("Criterion"), _("Answer"), _("Evidence")],
                rows=[[str(labels[c]), getattr(assessment, f"get_{c}_display")() or _("Not assessed"),
                       getattr(assessment, f"{c}_note")] for c in CRITERIA]))
            evidence = list(assessment.evidence.all())
            if evidence:
                blocks.append(BulletList([_("Finding cited: %(finding)s") % {"finding": f.text} for f in evidence]))
            blocks += [Facts([
                (_("Recommended approach"), str(recommendation.label)),
                (_("Chosen approach"), sub.get_approach_display() if sub and sub.approach else _("Not chosen yet")),
                # Asked only when the choice differs from the recommendation: never "missing" otherwise.
                *([(_("Why another approach was chosen"), sub.override_justification)]
                  if sub and sub.is_override else []),
                (_("Legal reform needed first"), _("Yes") if sub and sub.legal_reform else _("No")),
            ]), BulletList([str(reason) for reason in recommendation.reasons]),
                Note(_("The recommendation comes from this tool's decision aid, not from the text of the "
                       "IGF Guidance; the choice is the government's."))]
        else:
            blocks.append(Paragraph(not_yet))
        blocks.append(Heading(f"{prefix}.3 {titles[3]}", 4))
        own = programs.get(subtype.pk, [])
        if own:
            if preconditions and not any(p.conditional for p in own):
                blocks.append(Paragraph(_("While preconditions come first, this assistance is given without "
                                          "conditions: it is not used as leverage for compliance.")))
            basic = [p.title for p in own if p.basic]
            if basic and not preconditions:  # preconditions first: x.4 names the basic assistance
                blocks.append(Paragraph(_("Basic assistance, open to everyone and never used as leverage: "
                                          "%(list)s.") % {"list": l10n.join(basic)}))
            blocks.append(Table(
                headers=[_("Programme"), _("Type"), _("Lead"), _("Partner"), _("Years"), _("Condition"), _("Budget")],
                rows=[[p.title, p.get_program_type_display(), p.lead_institution, p.partner.name if p.partner else "",
                       l10n.years(p.start_year, p.end_year), p.condition if p.conditional else "",
                       l10n.money(p.budget, currency)] for p in own], numeric=(6,),
                footer=[_("Total"), "", "", "", "", "", l10n.money(sum((p.budget or 0) for p in own), currency)]))
        else:
            blocks.append(Paragraph(not_yet))
        blocks.append(Heading(f"{prefix}.4 {titles[4]}", 4))
        if sub and sub.approach:
            blocks.append(Paragraph(approach_text(sub, recommendation, numbers["implementation"])))
            if preconditions:
                blocks += preconditions_blocks(sub, own)
        else:
            blocks.append(Paragraph(not_yet))
        # Part 3 places this subtype's regulations, zones and market-access scheme just before x.5.
        blocks.append(Heading(f"{prefix}.5 {titles[5]}", 4, anchor=f"subtype-{number}-risks"))
        if sub and (sub.risks or sub.review_triggers):
            blocks.append(Facts([(_("Risks"), sub.risks), (_("Mitigations"), sub.mitigations),
                                 (_("What would move this subtype to a stronger approach"), sub.review_triggers)]))
        else:
            blocks.append(Paragraph(not_yet))
    complete = bool(subtypes) and all(s.pk in substrategies and substrategies[s.pk].approach for s in subtypes)
    result.add("substrategies", Contribution(
        blocks=blocks, complete=complete,
        steps=[(SUB, slug) for slug in ("industrial-strategy", "feasibility", "approach", "risks")]))
    return result

"""Part 3's share of the strategy report (GUIDANCE.md §6.5): the implementation plan (7) with a
timeline by year, the budget and financing (8), monitoring, evaluation and review (9), the
approach details of each substrategy (6.x.4: regulations, zones, market-access schemes), Annex E
(the Minamata NAP crosswalk), the "Action plan", "Budget", "Monitoring indicators" and "Recorded
values" sheets and the plan's budget total. The timeline, the budget chart and the indicators' small
multiples are hand-made SVG (``implementation/charts.py``), pictures in the Word export.
The hook is described in ``asm_guide/reports/context.py``.

Everything is read through Part 3's own rules (``implementation/rules.py``) with one shared
``StepContext``, so the budget, the timeline geometry and the crosswalk are the ones the wizard
pages show, and the number of queries does not grow with the number of actions or records.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asm_guide import l10n
from asm_guide.reports.blocks import Contribution, Facts, Heading, Note, Paragraph, PartReport, Sheet, Table
from asm_guide.wizard.registry import StepContext

from . import charts, rules
from . import models as m
from .plan import FUNDING_KEYS

FLOW = "implementation"


def budget_headers() -> list[str]:
    """The budget's columns, in the report's table and the Budget sheet alike."""
    return [_("Year"), _("Government"), _("Partners"), _("Other"), _("Not funded yet"), _("Total")]
# Part 3's order: the steps of the flow first, then what has no step of its own.
STEP_ORDER = {value: index for index, value in enumerate((
    m.ActionStep.LEGAL_REFORM, m.ActionStep.SET_REGULATIONS, m.ActionStep.ADJUST_REGULATIONS,
    m.ActionStep.TRAINING, m.ActionStep.LEVERAGE, m.ActionStep.FURTHER, m.ActionStep.ZONE, m.ActionStep.MARKET,
    m.ActionStep.CAPACITY, m.ActionStep.REVIEW))}



def action_subtypes(ctx) -> dict[int, list[int]]:
    return rules._through_map(ctx, "action-subtypes", m.ImplementationAction.subtypes.through,
                              "implementationaction", "subtype")


def ordered_actions(ctx) -> list[m.ImplementationAction]:
    return sorted(rules.actions(ctx), key=lambda a: (STEP_ORDER.get(a.step, len(STEP_ORDER)), a.number, a.pk))


def report(case) -> PartReport:
    ctx = StepContext(case)
    result = PartReport()
    subtypes = rules.subtypes(ctx)
    names = {s.pk: s.name for s in subtypes}
    actions = ordered_actions(ctx)
    refs = {a.pk: a.ref for a in actions}
    depends = rules.dependencies(ctx)
    served = action_subtypes(ctx)
    budget = rules.budget(ctx)

    def served_names(action) -> str:
        return ", ".join(names[pk] for pk in served.get(action.pk, []) if pk in names)

    # Every read happens here, whatever the case holds, so the number of queries is fixed.
    indicators = rules.indicators(ctx)
    latest = {row["indicator"].pk: row["latest"] for row in rules.progress_rows(ctx)}
    reviews = rules.reviews(ctx)
    regulations = rules.regulations(ctx)
    zones = rules.zones(ctx)
    schemes = rules.schemes(ctx)
    tiers = defaultdict(list)
    for tier in rules.tiers(ctx):
        tiers[tier.scheme_id].append(tier)

    # --- 8. Implementation plan --------------------------------------------------------------------
    steps_used = [(FLOW, "action-plan")]
    if actions:
        intro = _("The actions below follow the steps of Part 3, from legal reform and regulations to monitoring "
                  "and review. The timeline shows each action by quarter; the table after it gives the same "
                  "information in words.")
        timeline = charts.timeline_chart(
            [(a.ref, a.title, a.status, (a.start_year, a.start_quarter), (a.end_year, a.end_quarter))
             for a in actions], case.strategy_start_year, case.end_year)
        result.add("implementation", Contribution(
            blocks=[Paragraph(intro)], template="implementation/report/timeline.html",
            data={"timeline": timeline, "intro": intro},
            docx=_docx_timeline, steps=steps_used))
        rows = []
        for a in actions:
            rows.append([
                a.ref, a.title, a.get_step_display(), served_names(a),
                a.responsible_institution + (f" ({a.partner.name})" if a.partner else ""),
                l10n.period((a.start_year, a.start_quarter), (a.end_year, a.end_quarter)),
                ", ".join(sorted((refs[pk] for pk in depends.get(a.pk, []) if pk in refs),
                                 key=lambda ref: int(ref[1:]) if ref[1:].isdigit() else 0)),
                a.get_status_display()])
        result.add("implementation", Contribution(blocks=[
            Heading(_("Actions and responsibilities"), 3),
            Table(headers=[_("Ref"), _("Action"), _("Step"), _("Subtypes"), _("Responsible (partner)"),
                           _("When"), _("Depends on"), _("Status")], rows=rows)], steps=steps_used))
    else:
        result.add("implementation", Contribution(complete=False, steps=steps_used))

    # --- 9. Budget and financing --------------------------------------------------------------------
    if actions:
        headers = budget_headers()
        table = rules.budget_table(budget)  # the figures the action-plan page shows
        blocks = [
            Facts(rules.budget_facts(case, budget)),
            Table(headers=headers, rows=table["rows"], numeric=(1, 2, 3, 4, 5), footer=table["footer"],
                  caption=_("Costs by year and funding source (%(currency)s)") % {"currency": case.currency}),
        ]
        if budget.by_partner:
            blocks.append(Table(headers=[_("Partner"), _("Amount")],
                                rows=[[name, l10n.number(amount, digits=0)] for name, amount in budget.by_partner],
                                numeric=(1,),
                                caption=_("Funded by partners (%(currency)s)") % {"currency": case.currency}))
        if budget.outside_period:
            blocks.append(Note(_("%(amount)s falls outside the strategy period and is not counted above.")
                               % {"amount": l10n.money(budget.outside_period, case.currency)}))
        uncosted = [a.ref for a in actions if a.cost is None]
        if uncosted:
            blocks.append(Note(_("Actions without a cost yet: %(refs)s.") % {"refs": ", ".join(uncosted)}))
        blocks.append(Paragraph(_("Each action's cost is spread evenly over its quarters; cancelled actions are "
                                  "not counted.")))
        # The chart between the facts and the table that gives its figures.
        result.add("budget", Contribution(blocks=blocks[:1], steps=steps_used))
        if budget.total:
            result.add("budget", _budget_chart(case, budget, steps_used))
        result.add("budget", Contribution(blocks=blocks[1:], steps=steps_used))
        result.budget_total = budget.total
        result.budget_consolidated = True  # the leveraged Part 2 programmes are actions of the plan
        result.summary.append((_("Implementation plan (Part 3)"), ngettext(
            "%(n)s action, %(total)s, of which %(gap)s not funded yet",
            "%(n)s actions, %(total)s, of which %(gap)s not funded yet", len(actions)) % {
            "n": len(actions), "total": l10n.money(budget.total, case.currency),
            "gap": l10n.money(budget.gap, case.currency)}))
        sentence = ngettext(
            "The implementation plan has %(n)d action and costs %(total)s over the strategy period.",
            "The implementation plan has %(n)d actions and costs %(total)s over the strategy period.",
            len(actions)) % {"n": len(actions), "total": l10n.money(budget.total, case.currency)}
        if budget.gap:
            sentence += " " + _("%(gap)s of it (%(share)s) is not funded yet.") % {
                "gap": l10n.money(budget.gap, case.currency),
                "share": l10n.percent(budget.gap / budget.total) if budget.total else ""}
        else:
            sentence += " " + _("All of it is funded.")
        result.summary_text.append(sentence)
        result.sheets["Action plan"] = Sheet(
            [_("Ref"), _("Step"), _("Action"), _("Subtypes"), _("Responsible institution"), _("Partner"),
             _("Start year"), _("Start quarter"), _("End year"), _("End quarter"), _("Cost"), _("Funded by"),
             _("Funding source (details)"), _("Depends on"), _("Status")],
            [[a.ref, a.get_step_display(), a.title,
              served_names(a), a.responsible_institution,
              a.partner.name if a.partner else "", a.start_year, a.start_quarter, a.end_year, a.end_quarter, a.cost,
              a.get_funding_display(), a.funding_source,
              ", ".join(refs[pk] for pk in depends.get(a.pk, []) if pk in refs), a.get_status_display()]
             for a in actions],
            formats=["text", "text", "text", "text", "text", "text", "year", "integer", "year", "integer", "money"])
        result.sheets["Budget"] = Sheet(
            budget_headers(),
            [[row.year, *(row.amounts[key] for key in FUNDING_KEYS), row.total] for row in budget.rows],
            formats=["year", *("money" for _key in FUNDING_KEYS), "money"],
            footer=[_("Total"), *(budget.totals.amounts[key] for key in FUNDING_KEYS), budget.total])
    else:
        result.add("budget", Contribution(complete=False, steps=steps_used))

    # --- 10. Monitoring, evaluation and review --------------------------------------------------------
    blocks = []
    if indicators:
        blocks += [Heading(_("Indicators"), 3), Table(
            headers=[_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("By"), _("Latest value"),
                     _("Data source"), _("Responsible")],
            rows=[[i.name, i.unit, l10n.number(i.baseline_value), l10n.number(i.target_value), i.target_year or "",
                   _("%(value)s (%(date)s)") % {"value": l10n.number(latest[i.pk].value),
                                                "date": l10n.date(latest[i.pk].period_end)}
                   if latest.get(i.pk) else "",
                   i.data_source, i.responsible_institution] for i in indicators], numeric=(2, 3))]
        # The small multiples between the heading and the table that gives their figures.
        result.add("monitoring", Contribution(blocks=blocks[:-1], complete=bool(indicators and reviews),
                                              steps=[(FLOW, "monitoring")]))
        result.add("monitoring", _indicators_chart(case, indicators, rules.records(ctx),
                                                   complete=bool(indicators and reviews)))
        blocks = blocks[-1:]
        result.sheets.update(_monitoring_sheets(indicators, rules.records(ctx)))
    if reviews:
        blocks += [Heading(_("Review schedule"), 3), Table(
            headers=[_("Date"), _("Kind of review"), _("Status"), _("Findings"), _("Decisions")],
            rows=[[l10n.date(r.date), r.get_kind_display(), r.get_status_display(), r.findings,
                   r.decisions + (" " + _("(%(subtype)s: %(approach)s)") % {
                       "subtype": names.get(r.approach_subtype_id, ""), "approach": r.get_new_approach_display()}
                       if r.approach_subtype_id and r.new_approach else "")] for r in reviews])]
    result.add("monitoring", Contribution(blocks=blocks, complete=bool(indicators and reviews),
                                          steps=[(FLOW, "monitoring")]))

    # --- 7.x.4 Approach details per subtype, placed inside Part 2's chapter of each subtype ----------
    inserts = {}
    if regulations or zones or schemes:
        for number, subtype in enumerate(subtypes, start=1):
            own_rules = [r for r in regulations if any(s.pk == subtype.pk for s in r.subtypes.all())]
            own_zones = [z for z in zones if z.subtype_id == subtype.pk]
            own_schemes = [s for s in schemes if s.subtype_id == subtype.pk]
            if not (own_rules or own_zones or own_schemes):
                continue
            blocks = inserts[f"subtype-{number}-risks"] = [
                Paragraph(_("From the implementation plan: the regulations, zones and market access of %(subtype)s.")
                          % {"subtype": subtype.name})]
            if own_rules:
                blocks.append(Table(
                    headers=[_("Regulation"), _("Category"), _("Requirement"), _("Instrument"), _("Enforced by"),
                             _("Compliance cost per miner and year"), _("Status")],
                    rows=[[r.title, r.get_category_display(), r.requirement, r.legal_instrument,
                           r.enforcing_institution, l10n.money(r.est_compliance_cost, case.currency),
                           r.get_status_display()]
                          for r in own_rules], numeric=(5,), caption=_("Regulations")))
            if own_zones:
                blocks.append(Table(
                    headers=[_("Zone"), _("Region"), _("Area (ha)"), _("Land status"), _("Plots"), _("Status")],
                    rows=[[z.name, z.region, l10n.number(z.area_ha), z.get_land_status_display(),
                           f"{l10n.number(z.plots_allocated or 0)} / {l10n.number(z.plots_capacity)}"
                           if z.plots_capacity else "",
                           z.get_status_display()] for z in own_zones], numeric=(2,), caption=_("ASM zones")))
            for scheme in own_schemes:
                blocks += [Facts([
                    (_("Market-access scheme"), scheme.name), (_("Chokepoint"), scheme.get_chokepoint_type_display()),
                    (_("Operator"), scheme.operator), (_("Price policy"), scheme.price_policy),
                    (_("How origin and standards are verified"), scheme.verification_method),
                    (_("Volume target"), " ".join(filter(None, [
                        l10n.number(scheme.volume_target), scheme.volume_unit,
                        f"({scheme.target_year})" if scheme.target_year and scheme.volume_target is not None
                        else ""])))])]
                if tiers.get(scheme.pk):
                    blocks.append(Table(headers=[_("Tier"), _("Standard the seller meets"), _("What the seller gets")],
                                        rows=[[str(index), t.standard, t.benefit]
                                              for index, t in enumerate(tiers[scheme.pk], start=1)],
                                        caption=_("Tiers of %(scheme)s") % {"scheme": scheme.name}))
        result.add("substrategies", Contribution(
            inserts=inserts, steps=[(FLOW, "regulations"), (FLOW, "zones"), (FLOW, "market-access")]))

    # --- Annex E. Minamata NAP crosswalk -----------------------------------------------------------------
    if case.is_minamata_party and case.asgm_more_than_insignificant:
        elements = rules.nap_elements(ctx)
        plan = rules.nap_plan(ctx)
        blocks = [
            Table(headers=[_("Annex C element"), _("Status"), _("Covered by"), _("Missing")],
                  rows=[[" ".join([e.code, str(e.title)]), str(e.status_label),
                         "; ".join(str(link.text) for link in e.covered_by),
                         "; ".join(str(link.text) for link in e.missing)] for e in elements]),
            Note(_("Which records count as evidence for each element is this tool's own reading, not UNEP's "
                   "text.")),
        ]
        if plan and plan.gaps_plan.strip():
            blocks += [Heading(_("How the missing and partial elements will be handled"), 3),
                       Paragraph(plan.gaps_plan)]
        result.add("annex_e", Contribution(blocks=blocks, complete=bool(actions or plan),
                                           steps=[(FLOW, "nap-crosswalk")]))
    return result


def _docx_timeline(writer, data) -> None:
    """The timeline as a picture of the same SVG as the PDF, then a table of years (one mark per
    year an action runs) that Word users can edit."""
    from django.template.loader import render_to_string

    timeline = data["timeline"]
    writer.paragraph(data["intro"])
    writer.caption(_("Timeline by year and quarter"))
    writer.svg(render_to_string("implementation/report/_timeline_svg.html", {"timeline": timeline}),
               _("Timeline of the actions by quarter. The same information is in the table below."))
    writer.paragraph(_("Bar colours: planned and under way in green, done in dark grey, delayed with a red outline, "
                       "cancelled in light grey."))
    years = [year for year, _x, _width in timeline.years]
    rows = []
    first = timeline.label_width
    per_year = 4 * timeline.quarter_width
    for bar in timeline.bars:
        start = (bar.x - first) // per_year if bar.width else None
        end = (bar.x + bar.width - 1 - first) // per_year if bar.width else None
        rows.append([f"{bar.ref} {bar.title}", *("■" if start is not None and start <= index <= end else ""
                                                 for index in range(len(years)))])
    writer.table([_("Action"), *(str(year) for year in years)], rows, caption=_("Timeline by year"))


# --- charts: budget by year and funding source, indicators (implementation/charts.py) -----------------


def _budget_chart(case, budget, steps) -> Contribution:
    series = [("government", _("Government")), ("partner", _("Partners")), ("other", _("Other")),
              ("unfunded", _("Not funded yet"))]
    chart = charts.budget_chart([(str(row.year), row.amounts) for row in budget.rows], series,
                                fmt_tick=lambda value: l10n.number(value, digits=0),
                                fmt_total=lambda value: l10n.money(value, case.currency), axis_title=case.currency)
    description = _("Stacked bars, one per year: government at the bottom, then partners, other sources and the "
                    "amount not funded yet at the top. The same figures are in the table below.")
    return Contribution(template="implementation/report/budget_chart.html", docx=_docx_budget_chart, steps=steps,
                        data={"chart": chart, "title": _("Budget by year and funding source"),
                              "description": description})


def _docx_budget_chart(writer, data) -> None:
    from django.template.loader import render_to_string

    chart = data["chart"]
    writer.caption(data["title"])
    totals = "; ".join(f"{column.label}: {column.total_text}" for column in chart.columns)
    writer.svg(render_to_string("implementation/report/_budget_chart_svg.html", data),
               f"{data['description']} {totals}.", title=data["title"])


def _indicators_chart(case, indicators, records, *, complete: bool) -> Contribution:
    readings = defaultdict(list)
    for record in records:
        readings[record.indicator_id].append((record.period_end, record.value))
    series = [charts.IndicatorSeries(name=i.name, unit=i.unit, baseline=i.baseline_value, target=i.target_value,
                                     target_year=i.target_year, readings=readings.get(i.pk, ()))
              for i in indicators]
    found = charts.indicators_charts(series, case.strategy_start_year, case.end_year, fmt=l10n.number,
                                     fmt_date=l10n.date)
    description = _("One small chart per indicator: its baseline at the start of the strategy, its target in its "
                    "target year, and the values recorded so far as points over time. The same figures are in the "
                    "table below.")
    return Contribution(template="implementation/report/indicators_chart.html", docx=_docx_indicators_chart,
                        complete=complete, steps=[(FLOW, "monitoring")],
                        data={"charts": found, "title": _("Indicators: baseline, target and recorded values"),
                              "description": description})


def _docx_indicators_chart(writer, data) -> None:
    from django.template.loader import render_to_string

    count = len(data["charts"])
    for number, chart in enumerate(data["charts"], start=1):
        title = data["title"] if count == 1 else f"{data['title']} ({number}/{count})"
        writer.caption(title)
        writer.svg(render_to_string("implementation/report/_indicators_chart_svg.html",
                                    {**data, "chart": chart, "number": number}),
                   data["description"], title=title)


def _monitoring_sheets(indicators, records) -> dict[str, Sheet]:
    """The "Monitoring indicators" and "Recorded values" sheets: numbers and dates as they are."""
    latest = {}
    for record in records:  # ordered by period end
        latest[record.indicator_id] = record
    position = {i.pk: index for index, i in enumerate(indicators)}
    names = {i.pk: i for i in indicators}
    ordered = sorted((r for r in records if r.indicator_id in names),
                     key=lambda r: (position[r.indicator_id], r.period_end, r.pk))
    return {
        "Monitoring indicators": Sheet(
            [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Target year"), _("Latest value"),
             _("Date of the latest value"), _("Data source"), _("Responsible institution")],
            [[i.name, i.unit, i.baseline_value, i.target_value, i.target_year,
              latest[i.pk].value if i.pk in latest else None, latest[i.pk].period_end if i.pk in latest else None,
              i.data_source, i.responsible_institution] for i in indicators],
            formats=["text", "text", "decimal", "decimal", "year", "decimal", "date", "text", "text"]),
        "Recorded values": Sheet(
            [_("Indicator"), _("Unit"), _("End of the period"), _("Value"), _("Source"), _("Comment")],
            [[names[r.indicator_id].name, names[r.indicator_id].unit, r.period_end, r.value, r.source, r.comment]
             for r in ordered],
            formats=["text", "text", "date", "decimal", "text", "text"]),
    }

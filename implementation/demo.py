"""Part 3 of the fictional demo case, the Republic of Lumeria (GUIDANCE.md §7.4).
Everything here is invented and describes no real country.

Reads Part 1 and Part 2 only through their selectors. The action plan adds up to USD 17.6M
over 2026–2030: government 4.1M, partners 11.3M and an unfunded gap of 2.2M. The NAP
crosswalk comes out with covered, partly covered (C-h, C-i) and missing (C-f) elements.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from asm_guide.wizard.registry import StepContext
from setup_phase import selectors as setup_selectors
from strategy import selectors as strategy_selectors

from . import casekeys, rules
from . import models as m

# name, category, requirement, subtypes (S-codes), activity, instrument, effective, enforcer, sanction, cost, status
REGULATIONS = [
    ("Processing licence", "licensing", "Mills and processing centres hold a processing licence, a new category "
     "created by amending the Mines and Minerals Act 2011.", ["S2"], "processing",
     "Mines and Minerals (Amendment) Act", date(2027, 7, 1), "MMG ASM Directorate",
     "The mill is closed until it is licensed", "300", "proposed"),
    ("Zone plot permits", "licensing", "Miners inside a gazetted ASM zone hold a zone plot permit issued by the "
     "zone office.", ["S3", "S4"], "mining", "Mines and Minerals (Amendment) Act", date(2027, 4, 1),
     "MMG regional offices", "Plot withdrawn after two warnings", "20", "proposed"),
    ("Regional artisanal permits", "licensing", "Artisanal permits are issued at the regional offices within 30 "
     "days, for a fee of no more than USD 50.", ["S1", "S3", "S4"], "mining", "Ministerial regulation under the "
     "Mines and Minerals Act 2011", date(2027, 1, 1), "MMG regional offices", "—", "50", "proposed"),
    ("No child labour", "child_labour", "No person under 18 works at a mine or processing site.",
     ["S1", "S2", "S3", "S4", "S6"], "all", "Labour Code 2015; licence condition", date(2027, 1, 1),
     "Ministry of Labour", "Licence suspended", "0", "adopted"),
    ("None of the four worst practices", "mercury", "No whole-ore amalgamation, no open burning of amalgam, no "
     "burning of amalgam in residential areas, no cyanide leaching of mercury-contaminated material.",
     ["S2", "S3", "S4"], "all", "Environmental Management Act 2004; licence condition", date(2027, 7, 1),
     "Environmental Protection Authority", "Fine and seizure of equipment", "150", "proposed"),
    ("Pit-wall safety", "health_safety", "Pits deeper than 2 m are benched or supported; shafts are fenced.",
     ["S1", "S3", "S4", "S6"], "mining", "Mines (Safety) Regulations", date(2027, 1, 1), "MMG inspectors",
     "Work stopped until made safe", "80", "proposed"),
    ("Monthly sales record", "reporting", "Licence holders keep a monthly record of what they sell and to whom.",
     ["S1", "S2", "S3", "S4"], "all", "Licence condition", date(2027, 1, 1), "MMG ASM Directorate",
     "Warning, then licence suspended", "10", "proposed"),
]

# regulation, change type, review date, trigger, change, reason
CHANGES = [
    ("Zone plot permits", "relax", date(2027, 7, 1), "Fewer than 30% of the expected S3 plot permits issued by "
     "month 18", "No fee for zone plot permits in the first year", "Uptake depends on a cheap entry (F5 is No "
     "for S3)"),
    ("None of the four worst practices", "tighten", date(2027, 7, 1), "More than 80% of mills comply with the ban "
     "on whole-ore amalgamation at month 18", "Mercury-recovery retorts mandatory from year 3",
     "Progressive improvement once the first rule holds"),
    ("None of the four worst practices", "tighten", date(2028, 12, 31), "Retorts in use at most mills at month 36",
     "Mercury-free processing mandatory from year 5", "The vision's mercury-free goal"),
]

# title, audience, topic, provider, participants, subtypes, regulations, start year, cost
TRAININGS = [
    ("Awareness caravans in the Riverlands", "communities", "rules_awareness", "Alliance for Fair Minerals", 20000,
     ["S4"], ["Regional artisanal permits", "Zone plot permits", "No child labour"], 2026, "300000"),
    ("Training of inspectors and district staff", "officials", "inspection", "MMG ASM Directorate", 60,
     ["S1", "S2", "S3", "S4", "S6"], ["Pit-wall safety", "None of the four worst practices"], 2026, "500000"),
    ("Safe pits and mercury-free processing for 3,000 miners", "miners", "mercury_free", "GoldFuture Programme",
     3000, ["S2", "S3", "S4"], ["None of the four worst practices", "Pit-wall safety"], 2027, "2000000"),
    ("Mercury and health for health workers", "health_workers", "mercury_health", "Ministry of Health", 200,
     ["S2", "S3", "S4", "S5"], [], 2027, "200000"),
]

# title, type, extension, subtypes, regions, start, lead, partner, budget, condition
FURTHER = [
    ("Credit for zone members in the Riverlands", "credit_insurance", "more_subtypes", ["S4"], "", 2028,
     "Central Bank of Lumeria", "World Development Bank", "700000", "Zone plot permit holders"),
    ("Electricity for a second processing hub (Obu)", "electricity", "more_regions", ["S2"], "Central Belt (Obu)",
     2028, "Rural Electrification Agency", None, "900000", "Licensed mills"),
    ("Two more Riverlands zones after the Aurex carve-out", "geodata_exploration", "more_regions", ["S4"],
     "Eastern Riverlands", 2029, "Lumeria Geological Survey", None, "400000", ""),
]

# subtype, name, region, ha, land status, plots capacity
ZONES = [
    ("S4", "Riverlands Zone A (Mano bend)", "Eastern Riverlands", "700", "lsm_overlap_resolved", 220),
    ("S4", "Riverlands Zone B (Kela flats)", "Eastern Riverlands", "650", "customary_agreed", 200),
    ("S4", "Riverlands Zone C (Tobi terraces)", "Eastern Riverlands", "500", "customary_agreed", 180),
    ("S3", "Kessa mill zone", "Central Belt", "300", "free", 150),
    ("S3", "Obu mill zone", "Central Belt", "250", "free", 120),
]

TIERS = [
    ("Registered seller, declared origin, no children on site",
     "Sells at the CBL price (parity with informal buyers), paid within 24 hours"),
    ("No mercury used near water; retorts used",
     "Tier 1 benefits plus a 1.5% royalty discount paid by the CBL"),
    ("Mercury-free processing", "Tier 2 benefits plus a link to a certification premium"),
]

# title, step, subtypes, responsible, partner, (start), (end), cost, funding, source (kind, name), depends (titles)
ACTIONS = [
    # Government, 4.1M
    ("Feeder-road rehabilitation to 12 tin sites", "assistance_leverage", ["S1"], "Ministry of Works", None,
     (2026, 2), (2028, 4), "2200000", "government", ("program", "Feeder-road"), []),
    ("Mini-grid at the Kessa processing hub", "assistance_leverage", ["S2"], "Rural Electrification Agency", None,
     (2027, 1), (2028, 4), "900000", "government", ("program", "Mini-grid"), ["Amend the Mines and Minerals Act"]),
    ("LGS 1:50,000 mapping of the Riverlands", "assistance_leverage", ["S4"], "Lumeria Geological Survey", None,
     (2026, 1), (2027, 2), "700000", "government", ("program", "LGS 1:50,000"), []),
    ("Amend the Mines and Minerals Act: processing licence and zone plot permits", "legal_reform", ["S2", "S3", "S4"],
     "Ministry of Mines and Geology", None, (2026, 1), (2027, 2), "80000", "government", ("legal-reform", "S2"), []),
    ("District permit by-laws for development minerals", "legal_reform", ["S6"], "Ministry of Local Government",
     None, (2026, 2), (2026, 4), "20000", "government", ("legal-reform", "S6"), []),
    ("Issue artisanal permits at the regional offices", "set_regulations", ["S1", "S3", "S4"], "MMG regional offices",
     None, (2026, 3), (2027, 1), "50000", "government", ("regulation", "Regional artisanal permits"), []),
    ("Gazette Riverlands Zone A", "zone", ["S4"], "Ministry of Mines and Geology", None, (2027, 1), (2027, 2),
     "20000", "government", ("zone", "Riverlands Zone A"), ["Amend the Mines and Minerals Act",
                                                            "LGS 1:50,000 mapping"]),
    ("Gazette Riverlands Zone B", "zone", ["S4"], "Ministry of Mines and Geology", None, (2027, 1), (2027, 2),
     "20000", "government", ("zone", "Riverlands Zone B"), ["Amend the Mines and Minerals Act"]),
    ("Gazette Riverlands Zone C", "zone", ["S4"], "Ministry of Mines and Geology", None, (2027, 1), (2027, 2),
     "20000", "government", ("zone", "Riverlands Zone C"), ["Amend the Mines and Minerals Act"]),
    ("Gazette the Kessa mill zone", "zone", ["S3"], "Ministry of Mines and Geology", None, (2027, 2), (2027, 3),
     "20000", "government", ("zone", "Kessa mill zone"), ["Amend the Mines and Minerals Act"]),
    ("Gazette the Obu mill zone", "zone", ["S3"], "Ministry of Mines and Geology", None, (2027, 2), (2027, 3),
     "20000", "government", ("zone", "Obu mill zone"), ["Amend the Mines and Minerals Act"]),
    ("Annual task-force reviews with the forum", "me_review", [], "ASM task force", None, (2026, 4), (2030, 4),
     "50000", "government", ("review", "annual"), []),
    # Partners, 11.3M
    ("Equipment leasing for jigs and pumps (revolving fund)", "assistance_leverage", ["S1"], "MMG ASM Directorate",
     "World Development Bank", (2027, 1), (2030, 4), "600000", "partner", ("program", "Equipment leasing"), []),
    ("50% subsidy on gravity-concentration and direct-smelting kits", "assistance_leverage", ["S2"],
     "MMG ASM Directorate", "GoldFuture Programme", (2027, 3), (2029, 4), "1500000", "partner",
     ("program", "50% subsidy"), ["Amend the Mines and Minerals Act"]),
    ("Credit line via two microfinance institutions", "assistance_leverage", ["S3"], "Central Bank of Lumeria",
     "World Development Bank", (2027, 1), (2030, 4), "1000000", "partner", ("program", "Credit line"), []),
    ("Safe pits and mercury-free processing for 3,000 miners", "education_training", ["S2", "S3", "S4"],
     "GoldFuture Programme", "GoldFuture Programme", (2027, 1), (2030, 4), "2000000", "partner",
     ("training", "Safe pits"), []),
    ("Mercury-free equipment pool in zones", "assistance_leverage", ["S4"], "MMG ASM Directorate",
     "GoldFuture Programme", (2027, 3), (2030, 4), "1200000", "partner", ("program", "Mercury-free equipment"),
     ["Gazette Riverlands Zone A"]),
    ("Water supply and settling ponds in zones", "assistance_leverage", ["S4"], "EPA", "World Development Bank",
     (2027, 3), (2029, 4), "1500000", "partner", ("program", "Water supply"), ["Gazette Riverlands Zone A"]),
    ("Set up four CBL regional buying centres", "market_access", ["S5"], "Central Bank of Lumeria",
     "World Development Bank", (2026, 3), (2027, 2), "1600000", "partner", ("market", "CBL"), []),
    ("Tin traceability tagging in the Highlands", "market_access", ["S1"], "Tin Traceability Initiative",
     "Tin Traceability Initiative", (2026, 2), (2030, 4), "400000", "partner", None, []),
    ("Awareness caravans in the Riverlands", "education_training", ["S4"], "Alliance for Fair Minerals",
     "Alliance for Fair Minerals", (2026, 2), (2027, 4), "300000", "partner", ("training", "Awareness caravans"), []),
    ("Training of inspectors and district staff", "capacity_building", ["S1", "S2", "S3", "S4", "S6"],
     "MMG ASM Directorate", "World Development Bank", (2026, 2), (2027, 1), "500000", "partner",
     ("training", "Training of inspectors"), []),
    ("Credit for zone members in the Riverlands", "further_assistance", ["S4"], "Central Bank of Lumeria",
     "World Development Bank", (2028, 1), (2030, 4), "700000", "partner", ("further", "Credit for zone members"),
     ["Credit line via two microfinance institutions"]),
    # Not funded yet, 2.2M
    ("Electricity for a second processing hub (Obu)", "further_assistance", ["S2"], "Rural Electrification Agency",
     None, (2028, 1), (2029, 4), "900000", "unfunded", ("further", "Electricity for a second"),
     ["Mini-grid at the Kessa processing hub"]),
    ("Two more Riverlands zones after the Aurex carve-out", "further_assistance", ["S4"],
     "Lumeria Geological Survey", None, (2029, 1), (2030, 4), "400000", "unfunded", ("further", "Two more"), []),
    ("Mercury and health for health workers", "education_training", ["S2", "S3", "S4", "S5"], "Ministry of Health",
     None, (2027, 1), (2028, 4), "200000", "unfunded", ("training", "Mercury and health"), []),
    ("Mid-term review aligned with the Minamata three-year report", "me_review", [], "ASM task force", None,
     (2028, 3), (2028, 4), "100000", "unfunded", ("review", "midterm"), ["Training of inspectors"]),
    ("Annual site surveys and mercury inventory update", "me_review", [], "Environmental Protection Authority",
     None, (2026, 4), (2030, 4), "600000", "unfunded", None, []),
]


def _code(subtype) -> str:
    return subtype.name.split(" ")[0]


def earlier_parts(case):
    """What a built-in case's Part 3 is made from: its subtypes by code ("S1"), programmes,
    partners by name and studies by research type; None when Part 3 already has data or Part 2
    has no subtypes (loading twice changes nothing)."""
    if m.Regulation.objects.filter(case=case).exists() or m.ImplementationAction.objects.filter(case=case).exists():
        return None
    subtypes = {_code(subtype): subtype for subtype in strategy_selectors.subtypes(case)}
    if not subtypes:
        return None
    return (subtypes, strategy_selectors.programs(case),
            {partner.name: partner for partner in setup_selectors.partners(case)},
            {study.research_type: study for study in setup_selectors.studies(case)})


@transaction.atomic
def load(case) -> None:
    """Fill Part 3 for the demo case. Does nothing when Part 3 already has data."""
    parts = earlier_parts(case)
    if parts is None:
        return
    subtypes, programs, partners, studies = parts
    case.nap_submission_date = date(2022, 9, 30)
    case.save(update_fields=["nap_submission_date"])

    regulations = {}
    for title, category, requirement, codes, activity, instrument, effective, enforcer, sanction, cost, status in (
            REGULATIONS):
        rule = m.Regulation.objects.create(
            case=case, title=title, category=category, requirement=requirement, applies_to_activity=activity,
            legal_instrument=instrument, effective_date=effective, enforcing_institution=enforcer, sanction=sanction,
            est_compliance_cost=Decimal(cost), status=status)
        rule.subtypes.set([subtypes[code] for code in codes])
        regulations[title] = rule
    for title, kind, when, trigger, change, reason in CHANGES:
        m.RegulationChange.objects.create(case=case, regulation=regulations[title], change_type=kind,
                                          review_date=when, trigger=trigger, change=change, reason=reason)
    trainings = {}
    for title, audience, topic, provider, people, codes, rules_, year, cost in TRAININGS:
        training = m.TrainingProgram.objects.create(
            case=case, title=title, audience=audience, topic=topic, provider=provider, target_participants=people,
            start_year=year, cost=Decimal(cost))
        training.subtypes.set([subtypes[code] for code in codes])
        training.linked_regulations.set([regulations[name] for name in rules_])
        trainings[title] = training
    for program in programs:
        if program.conditional:
            m.Leverage.objects.create(case=case, program=program, condition=program.condition, from_year=2027,
                                      verification="Licence or zone permit checked in the MMG register before each "
                                                   "benefit is given")
    further = {}
    for title, kind, extension, codes, regions, start, lead, partner, budget, condition in FURTHER:
        item = m.FurtherProgram.objects.create(
            case=case, title=title, program_type=kind, extension=extension, regions=regions, start_year=start,
            lead_institution=lead, partner=partners.get(partner) if partner else None, budget=Decimal(budget),
            condition=condition)
        item.subtypes.set([subtypes[code] for code in codes])
        further[title] = item
    zones = {}
    for code, name, region, area, land, plots in ZONES:
        zones[name] = m.Zone.objects.create(
            case=case, subtype=subtypes[code], name=name, region=region, area_ha=Decimal(area),
            geology_verified=code == "S4", study=studies.get("R7") if code == "S4" else None, land_status=land,
            plots_capacity=plots, plots_allocated=0, services=["water", "extension", "buying_point"],
            status=m.ZoneStatus.CANDIDATE)
    scheme = m.MarketAccessScheme.objects.create(
        case=case, subtype=subtypes["S5"], name="CBL regional gold buying", chokepoint_type="central_bank",
        operator="Central Bank of Lumeria", price_policy="Price parity with informal buyers; payment within 24 "
        "hours at four regional buying centres", verification_method="Seller registration (ID and site), origin "
        "declarations, spot site visits by CBL field officers", downstream_link="Refined at an LBMA Good Delivery "
        "refiner; due diligence in line with the OECD Guidance", volume_target=Decimal("1.2"), volume_unit="t/yr",
        target_year=2028)
    for position, (standard, benefit) in enumerate(TIERS, start=1):
        m.MarketTier.objects.create(case=case, scheme=scheme, position=position, standard=standard, benefit=benefit)

    indicators = _monitoring(case, subtypes, programs)
    reviews = list(m.Review.objects.filter(case=case))

    def source_key(source) -> str:
        if source is None:
            return ""
        kind, name = source
        if kind == "program":
            return casekeys.key("program", next(p for p in programs if p.title.startswith(name)))
        if kind == "legal-reform":
            return casekeys.key("legal-reform", subtypes[name])
        if kind == "regulation":
            return casekeys.key("regulation", regulations[name])
        if kind == "zone":
            return casekeys.key("zone", next(z for n, z in zones.items() if n.startswith(name)))
        if kind == "training":
            return casekeys.key("training", next(t for n, t in trainings.items() if n.startswith(name)))
        if kind == "further":
            return casekeys.key("further", next(f for n, f in further.items() if n.startswith(name)))
        if kind == "market":
            return casekeys.key("market", scheme)
        return casekeys.key("review", next(r for r in reviews if r.kind == name))

    created = {}
    for (title, step, codes, responsible, partner, start, end, cost, funding, source, _depends) in ACTIONS:
        action = m.ImplementationAction.objects.create(
            case=case, step=step, title=title, responsible_institution=responsible,
            partner=partners.get(partner) if partner else None, start_year=start[0], start_quarter=start[1],
            end_year=end[0], end_quarter=end[1], cost=Decimal(cost), funding=funding,
            funding_source=partner or ("Treasury" if funding == "government" else ""),
            status=m.ActionStatus.UNDER_WAY if start[0] == 2026 else m.ActionStatus.PLANNED,
            source_key=source_key(source))
        action.subtypes.set([subtypes[code] for code in codes])
        created[title] = action
    for (title, *_rest, depends) in ACTIONS:
        created[title].depends_on.set([a for name in depends for t, a in created.items() if t.startswith(name)])

    # The remaining proposals are covered by the actions above (the amendment adopts the new licence
    # categories; the annual reviews cover each review): mark them as not needed.
    ctx = StepContext(case=case)
    m.ActionPlan.objects.create(case=case, dropped_proposals=[p.key for p in rules.pending_proposals(ctx)])
    m.NapPlan.objects.create(
        case=case, gaps_plan="C-f: extend the supply-chain mapping (R6) to mercury imports and sales in 2027, then "
        "add rules on mercury trade. C-h and C-i: the Ministry of Health prepares a health programme on mercury "
        "exposure, with a focus on women of child-bearing age and children, for the 2028 budget.")
    del indicators


def _monitoring(case, subtypes, programs) -> list[m.Indicator]:
    objectives = strategy_selectors.objectives(case)
    indicators = []
    for objective in objectives[:3]:
        indicators.append(m.Indicator.objects.create(
            case=case, name=objective.indicator or objective.title, unit=objective.unit, objective=objective,
            baseline_value=objective.baseline_value, target_value=objective.target_value,
            target_year=objective.target_date.year if objective.target_date else None,
            data_source=objective.data_source, responsible_institution=objective.responsible_institution,
            source_key=casekeys.key("objective", objective)))
    cbl = next(p for p in programs if p.title.startswith("Price parity"))
    volumes = m.Indicator.objects.create(
        case=case, name="Gold bought at the CBL buying centres", unit="t/yr", program=cbl, baseline_value=0,
        target_value=Decimal("1.2"), target_year=2028, data_source="CBL purchase records",
        responsible_institution="Central Bank of Lumeria", source_key=casekeys.key("program", cbl))
    indicators.append(volumes)
    licensed = indicators[0]
    m.MonitoringRecord.objects.create(case=case, indicator=licensed, period_end=date(2026, 12, 31),
                                      value=Decimal("610"), source="MMG permit register",
                                      comment="Behind the path to 2,500: regional offices opened late")
    m.MonitoringRecord.objects.create(case=case, indicator=volumes, period_end=date(2026, 12, 31),
                                      value=Decimal("0.5"), source="CBL purchase records",
                                      comment="Ahead of plan: two centres opened early")
    m.Review.objects.create(case=case, kind="annual", date=date(2026, 12, 15), status="held",
                            findings="Licensing is behind its target; buying-centre volumes are ahead.",
                            decisions="Propose a fee waiver for zone plots; speed up the regional permit offices.")
    m.Review.objects.create(case=case, kind="annual", date=date(2027, 12, 15))
    m.Review.objects.create(case=case, kind="midterm", date=date(2028, 11, 30),
                            decisions="Aligned with the Minamata three-year report.")
    m.Review.objects.create(case=case, kind="annual", date=date(2029, 12, 15),
                            findings="To re-score S3 once the Central Belt office is staffed.",
                            decisions="Move S3 from ASM zones to license and regulate.",
                            approach_subtype=subtypes["S3"], new_approach="license_regulate")
    return indicators

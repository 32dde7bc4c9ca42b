"""Part 2 of the fictional demo case, the Republic of Lumeria (GUIDANCE.md §7.3).
Everything here is invented and describes no real country.

Reads Part 1 only through ``setup_phase.selectors``: findings become baselines, subtype links
and feasibility evidence, so that every finding is used; partners fund programmes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from setup_phase import selectors

from . import feasibility as fz
from . import models as m

TARGET = date(2029, 12, 31)

# (goal area, title, indicator, unit, baseline finding (research type, topic, words in its text) or None,
#  baseline value, target value, data source, responsible institution)
OBJECTIVES = [
    ("formalisation", "Bring ASM operations into the licensing system", "Licensed ASM operations (artisanal "
     "permits and small-scale licences)", "operations", None, "448", "2500", "MMG permit register",
     "MMG ASM Directorate"),
    ("revenue", "Route ASM gold through official channels", "Share of ASM gold exported officially", "%",
     ("R6", "official_channel_share", "2.5 t"), None, "60", "Customs export data and CBL purchases",
     "Central Bank of Lumeria"),
    ("environment_mercury", "Halve mercury use in ASGM", "Mercury used in ASGM", "t/yr",
     ("R4", "mercury_use", "mercury"), None, "7", "NAP inventory update (AGC/UNEP method)",
     "Environmental Protection Authority"),
    ("environment_mercury", "End whole-ore amalgamation at mills", "Mills using whole-ore amalgamation", "mills",
     ("R4", "practices", "Whole-ore"), None, "0", "Inspection records", "MMG ASM Directorate"),
    ("child_protection", "Remove children from mine sites", "Surveyed Riverlands sites with children present "
     "(target: below 5%)", "% of sites", ("R4", "children_present", "Children"), None, "5",
     "Annual site survey", "Ministry of Labour"),
    ("health_safety", "Make pits safer", "Fatal accidents in ASM", "deaths/yr", ("R4", "other", "fatal"), None,
     "4", "District accident reports", "MMG ASM Directorate"),
    ("gender", "Give women a fair share of leadership", "Women among licence holders and cooperative leaders",
     "%", None, "9", "30", "MMG permit register and cooperative registry",
     "Ministry of Gender & Social Protection"),
]

# name, minerals, scale, activity, regions, mobility, miners, % women, children, sites, production,
# unit, % official, practices, impacts, LSM overlap, priority, findings it draws on (type, words)
SUBTYPES = [
    ("S1 Highlands tin mining (cooperatives)", ["tin"], "small_scale", "mining", "Northern Highlands",
     "permanent", 18000, "20", "no", 40, "3200", "t concentrate/yr", "90",
     "Ground sluicing and jigs; cooperatives run the sites", "Silted streams; pit safety",
     "no", "medium", [("R3", "14 cooperatives"), ("R1", "activity clusters")]),
    ("S2 Central Belt hard-rock gold processing (mills)", ["gold"], "small_scale", "processing", "Central Belt",
     "permanent", 6000, "15", "no", 120, "3.5", "t gold/yr", "30",
     "Whole-ore amalgamation at about 80 of 120 mills", "Mercury emissions and tailings near villages",
     "no", "high", [("R3", "mills"), ("R1", "production")]),
    ("S3 Central Belt hard-rock gold mining (diggers)", ["gold"], "micro_artisanal", "mining", "Central Belt",
     "permanent", 34000, "25", "yes", 600, "", "", "30",
     "Shafts without support; ore sold to mills", "Pit collapses; silica dust",
     "unknown", "high", [("R1", "sites nationally"), ("R1", "people work")]),
    ("S4 Eastern Riverlands alluvial gold", ["gold"], "micro_artisanal", "mining", "Eastern Riverlands",
     "seasonal", 55000, "40", "yes", 900, "2", "t gold/yr", "20",
     "Sluicing and amalgamation in the river; family teams", "River turbidity; mercury hotspots; children on site",
     "yes", "high", [("R3", "Riverlands gold"), ("R1", "women")]),
    ("S5 Southern Forest rush gold", ["gold"], "micro_artisanal", "mining", "Southern Forest", "rush", 25000,
     "20", "unknown", 500, "2", "t gold/yr", "5",
     "Mobile pits financed by traders; amalgamation on site", "Deforestation in the reserve buffer; insecurity",
     "no", "high", [("R3", "Rush")]),
    ("S6 Peri-urban development minerals (sand, gravel, clay bricks)", ["development_minerals"],
     "micro_artisanal", "mining", "Port Amaro peri-urban districts", "permanent", 30000, "45", "unknown", 300,
     "", "", "", "Sand and gravel pits; clay brick kilns", "Unsafe pit walls; kiln smoke; land degradation",
     "no", "medium", []),
]

# Feasibility per subtype (GUIDANCE.md §7.3 table): F1..F7, Z, M ("" = not assessed), and the
# findings cited (type, words in the text).
N, P, Y = fz.NO, fz.PARTLY, fz.YES
FEASIBILITY = {
    "S1": ((Y, Y, Y, Y, P, Y, Y), "", Y, [("R6", "Highlands tin")]),
    "S2": ((Y, Y, Y, Y, P, P, P), "", Y, [("R2", "inspectors"), ("R2", "Regional offices")]),
    "S3": ((P, P, Y, P, N, P, Y), Y, Y, [("R2", "permit takes"), ("R2", "USD 450")]),
    "S4": ((N, N, P, P, N, P, Y), Y, P, [("R7", "6 candidate zones"), ("R5", "chiefs")]),
    "S5": ((N, N, N, N, N, N, Y), N, Y, [("R5", "armed-gang"), ("R6", "southern gold"), ("R7", "Forest Reserve")]),
    "S6": ((Y, Y, Y, Y, P, Y, P), "", "", []),
}
NOTES = {
    "S1": ("Northern regional office covers the 40 sites; R2 inspectors", "40 sites, 14 cooperatives (R3)",
           "Same sites year to year (R3)", "No LSM or reserve overlap in the cadastre",
           "Permits only in the capital, about 7 months (R2)", "Cooperatives and district councils support licensing",
           "Small-scale licence fits", "", "3 licensed exporters: a clear chokepoint (R6)"),
    "S2": ("Mills are fixed and near the Central office", "About 120 mills (R3)", "Fixed plants (R3)",
           "Mills on freehold or leased plots", "Permit cost and delay (R2) weigh on small mills",
           "Some mill owners linked to local officials", "No processing-licence category in the 2011 Act", "",
           "Mills sell to ~15 town buyers"),
    "S3": ("22 inspectors for ~2,100 sites (R2)", "About 34,000 diggers on hundreds of pits",
           "Permanent pits around the mills", "Customary land, partly titled", "Permit about USD 450 and 7 months "
           "(R2): more than diggers gain", "Mill owners and diggers' associations divided", "Artisanal permit exists",
           "Zones possible around the Kessa and Obu mills", "The mills are a chokepoint for ore"),
    "S4": ("No office in the East (R2)", "About 55,000 seasonal miners", "Seasonal, returning to the same rivers",
           "Aurex licence overlaps 2 of 6 candidate zones (R7)", "Permits in the capital only",
           "Chiefs back zoning if they share fees (R5)", "Artisanal permit exists",
           "3 verified candidate zones (R7)", "Gold sold to traders; partial chokepoint"),
    "S5": ("No office in the South (R2)", "About 25,000 mobile miners", "Rush since 2021 (R3)",
           "Deposits in the Forest Reserve buffer (R7)", "No reason to license in a rush",
           "Armed gangs; traders linked to officials (R5)", "Artisanal permit exists", "No viable zones yet",
           "About 60% could go to CBL buying centres (R6)"),
    "S6": ("District councils present in every peri-urban district", "Pits clustered around the capital",
           "Permanent pits and kilns", "Municipal and private land", "District fees acceptable if issued locally",
           "Councils keen to license", "District permit rules needed", "", ""),
}
APPROACHES = {
    "S1": (m.Approach.LICENSE_REGULATE, "", False),
    "S2": (m.Approach.LICENSE_REGULATE,
           "The mills are few (about 120), fixed and close to the Central office, so they can be licensed and "
           "inspected even though two factors are only partly met. A processing-licence category is created "
           "first (legal reform).", True),
    "S3": (m.Approach.ZONES, "", False),
    "S4": (m.Approach.ZONES, "", False),
    "S5": (m.Approach.MARKET_ACCESS, "", False),
    "S6": (m.Approach.LICENSE_REGULATE, "", True),
}
RISKS = {
    "S1": ("Exporters bypass tagging", "Traceability tags checked at export", "Stays license and regulate; add "
           "tighter pit-safety rules when 80% of sites comply"),
    "S2": ("Mill owners resist the no-whole-ore rule", "Subsidy conditional on the undertaking; phased ratchet",
           "Processing licence adopted; compliance with no-WOA above 80% triggers mandatory retorts"),
    "S3": ("Zones too small for demand", "Add plots yearly; zero fees in year one if uptake is low",
           "Central Belt office staffed: re-score and move from zones to license and regulate (Year 4 review)"),
    "S4": ("Aurex carve-out delayed; rush into zones", "Carve-out negotiation led by the task force; plot "
           "allocation rules published", "Regional office opened in the East; two more zones agreed"),
    "S5": ("Informal buyers outbid the CBL", "Price parity and fast payment at buying centres",
           "Security restored and southern mapping finished: consider zones"),
    "S6": ("District fees set too high", "Fee ceiling in the district permit rules",
           "District permits issued within 30 days in every district"),
}
# subtype, type, title, lead, partner (name), budget, source, start, end, conditional, condition
PROGRAMS = [
    ("S1", "transport", "Feeder-road rehabilitation to 12 tin sites", "Ministry of Works", None, "2200000",
     "Treasury", 2026, 2028, False, ""),
    ("S1", "credit_insurance", "Equipment leasing for jigs and pumps (revolving fund)", "MMG ASM Directorate",
     "World Development Bank", "600000", "World Development Bank", 2027, 2030, True, "Licensed cooperatives only"),
    ("S2", "equipment", "50% subsidy on gravity-concentration and direct-smelting kits", "MMG ASM Directorate",
     "GoldFuture Programme", "1500000", "GoldFuture Programme", 2027, 2029, True,
     "Processing licence and a signed undertaking to stop whole-ore amalgamation"),
    ("S2", "electricity", "Mini-grid at the Kessa processing hub", "Rural Electrification Agency", None, "900000",
     "Treasury", 2027, 2028, True, "Licensed mills"),
    ("S3", "geodata_exploration", "LGS prospecting service inside zones", "Lumeria Geological Survey", None, None,
     "", 2027, 2030, True, "Zone plot holders"),
    ("S3", "credit_insurance", "Credit line via two microfinance institutions", "Central Bank of Lumeria",
     "World Development Bank", "1000000", "World Development Bank (guarantee)", 2027, 2030, True,
     "Licence holders"),
    ("S4", "geodata_exploration", "LGS 1:50,000 mapping of the Riverlands", "Lumeria Geological Survey", None,
     "700000", "Treasury", 2026, 2027, False, ""),
    ("S4", "water_sanitation", "Water supply and settling ponds in zones", "EPA", None, None, "", 2027, 2029,
     True, "Zone members"),
    ("S4", "equipment", "Mercury-free equipment pool in zones", "MMG ASM Directorate", "GoldFuture Programme",
     None, "", 2027, 2030, True, "Zone members"),
    ("S5", "other", "Price parity and fast payment at CBL buying centres", "Central Bank of Lumeria", None, None,
     "", 2026, 2030, False, ""),
    ("S5", "training", "Mercury-free processing demonstrations at buying centres", "EPA", "GoldFuture Programme",
     None, "", 2027, 2030, True, "Registered sellers"),
    ("S6", "equipment", "Standard brick-kiln designs and safety equipment", "District councils", None, None, "",
     2027, 2029, True, "District-permit holders"),
    ("S6", "organisational", "Business training for women's cooperatives", "Ministry of Gender & Social Protection",
     "Alliance for Fair Minerals", None, "", 2026, 2028, False, ""),
]


def _find(findings, research_type: str, words: str, topic: str | None = None):
    for finding in findings:
        if finding.study.research_type == research_type and words.lower() in finding.text.lower() and (
                topic is None or finding.topic == topic):
            return finding
    return None


@transaction.atomic
def load(case) -> None:
    """Fill Part 2 for the demo case. Does nothing when Part 2 already has data."""
    if m.Vision.objects.filter(case=case).exists() or m.Subtype.objects.filter(case=case).exists():
        return
    findings = selectors.findings(case)
    partners = {partner.name: partner for partner in selectors.partners(case)}
    m.Vision.objects.create(
        case=case, horizon_year=2035, stance=m.Stance.VARIES,
        statement="A safe, mercury-free and lawful ASM sector that sustains rural livelihoods, coexists with "
                  "industrial mining and contributes fairly to public revenue.",
        principles="Do no harm\nProgressive improvement\nGender equity\nNo criminalisation of livelihoods\n"
                   "Decisions as close to the sites as possible",
        aligned_policies="National Development Plan 2026–2030; Mining Policy 2020; Country Mining Vision",
        minamata_nap="Takes up the NAP targets on mercury use and the four worst practices (NAP submitted "
                     "September 2022).",
        stance_note="Support and formalise everywhere; contain the Southern Forest rush inside the reserve "
                    "buffer until security and mapping allow more.",
    )
    for rank, (area, title, indicator, unit, source, value, target, data, who) in enumerate(OBJECTIVES, start=1):
        finding = _find(findings, source[0], source[2], source[1]) if source else None
        m.Objective.objects.create(
            case=case, goal_area=area, title=title, priority=rank, indicator=indicator, unit=unit,
            baseline_finding=finding,
            baseline_value=Decimal(value) if value else (finding.value if finding else None),
            baseline_year=2024, target_value=Decimal(target), target_date=TARGET, data_source=data,
            frequency=m.Frequency.ANNUAL, responsible_institution=who)
    regions = {region.name: region for region in selectors.regions(case)}
    subtypes = {}
    for (name, minerals, scale, activity, where, mobility, miners, women, children, sites, production, unit,
         official, practices, impacts, overlap, priority, cited) in SUBTYPES:
        subtype = m.Subtype.objects.create(
            case=case, name=name, minerals=minerals, scale=scale, activity=activity,
            mobility=mobility, est_miners=miners, pct_women=Decimal(women), children_present=children, sites=sites,
            production_value=Decimal(production) if production else None, production_unit=unit,
            official_channel_pct=Decimal(official) if official else None, main_practices=practices,
            main_impacts=impacts, lsm_overlap=overlap, priority=priority)
        subtype.findings.set([f for f in (_find(findings, kind, words) for kind, words in cited) if f])
        subtype.regions.set([regions[name] for name in where.split(", ") if name in regions])
        subtypes[name.split()[0]] = subtype
    for key, subtype in subtypes.items():
        scores, z, market, cited = FEASIBILITY[key]
        notes = NOTES[key]
        assessment = m.FeasibilityAssessment.objects.create(
            case=case, subtype=subtype, z=z, m=market, z_note=notes[7], m_note=notes[8],
            **{code: score for code, score in zip(fz.FACTOR_CODES, scores, strict=True)},
            **{f"{code}_note": note for code, note in zip(fz.FACTOR_CODES, notes[:7], strict=True)})
        assessment.evidence.set([f for f in (_find(findings, kind, words) for kind, words in cited) if f])
        approach, justification, legal_reform = APPROACHES[key]
        risks, mitigations, triggers = RISKS[key]
        m.SubStrategy.objects.create(
            case=case, subtype=subtype, approach=approach,
            approach_recommended=assessment.recommendation().approach, override_justification=justification,
            legal_reform=legal_reform, risks=risks, mitigations=mitigations, review_triggers=triggers)
    m.AssistanceProgram.objects.bulk_create(
        m.AssistanceProgram(
            case=case, subtype=subtypes[key], program_type=kind, title=title, lead_institution=lead,
            partner=partners.get(partner) if partner else None, budget=Decimal(budget) if budget else None,
            funding_source=source, start_year=start, end_year=end, conditional=conditional, condition=condition)
        for key, kind, title, lead, partner, budget, source, start, end, conditional, condition in PROGRAMS
    )

"""Part 1 of the fictional demo case, the Republic of Lumeria (GUIDANCE.md §7.2).
Everything here is invented and describes no real country."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import models as m

# The four mining regions of GUIDANCE.md §7.2 and the capital's peri-urban belt.
REGIONS = ("Northern Highlands", "Central Belt", "Eastern Riverlands", "Southern Forest",
           "Port Amaro peri-urban districts")


def load(case) -> None:
    """Fill Part 1 for the demo case. Does nothing when Part 1 already has data."""
    if m.TaskForce.objects.filter(case=case).exists():
        return
    m.TaskForce.objects.create(
        case=case, legal_instrument="Ministerial Order 14/2024", date_established=date(2024, 3, 4),
        chair="Permanent Secretary, Ministry of Mines and Geology (MMG)",
        secretariat="MMG ASM Directorate", meeting_frequency=m.MeetingFrequency.MONTHLY,
        decision_rule=m.DecisionRule.CONSENSUS_ARBITRATION,
        subnational_participation="Regional mining offices (Northern, Central) as observers",
        budget_amount=Decimal("120000"), budget_source="Treasury (annual budget line)",
        terms_of_reference="Coordinate the preparation, adoption and monitoring of the national ASM "
                           "management strategy; commission research; convene the consultation forum; "
                           "report to the Minister quarterly.",
    )
    members = [
        ("Ministry of Mines and Geology (MMG)", "mines", "chair"),
        ("MMG ASM Directorate", "mines", "secretariat"),
        ("Lumeria Geological Survey (LGS)", "geological_survey", "member"),
        ("Environmental Protection Authority (EPA), Minamata focal point", "environment", "member"),
        ("Ministry of Labour", "labour", "member"),
        ("Ministry of Health", "health", "member"),
        ("Ministry of Gender & Social Protection", "gender_social", "member"),
        ("Ministry of Finance", "finance", "member"),
        ("Lumeria Revenue Authority", "revenue_customs", "member"),
        ("Central Bank of Lumeria (CBL)", "central_bank", "member"),
        ("Lands Commission", "lands", "member"),
        ("Forestry Service", "forestry", "member"),
        ("Ministry of Local Government", "local_government", "member"),
        ("National Police", "interior_security", "member"),
    ]
    m.TaskForceMember.objects.bulk_create(
        m.TaskForceMember(case=case, institution=name, institution_type=kind, role=role, level="national")
        for name, kind, role in members
    )
    items = [
        ("National Action Plan on ASGM: sector overview and mercury baseline", "nap_mia", 2022, "EPA",
         "National, gold", "medium", ["R1", "R4"]),
        ("MMG permit register (artisanal permits and small-scale licences)", "register", 2025, "MMG",
         "National", "high", ["R3"]),
        ("Customs export data, gold and tin", "statistics", 2025, "Lumeria Revenue Authority", "National",
         "medium", []),
        ("Child labour survey in the Eastern Riverlands", "study", 2019, "Child-rights NGO",
         "Eastern Riverlands, gold", "medium", ["R4"]),
        ("LGS geological maps, 1:250,000", "map", 1998, "LGS", "National", "medium", ["R7"]),
        ("Mining cadastre (large-scale licences)", "register", 2025, "MMG Cadastre", "National", "high", []),
    ]
    m.InformationItem.objects.bulk_create(
        m.InformationItem(case=case, title=t, kind=k, year=y, owner=o, coverage=c, reliability=r,
                          covers_research_types=cov)
        for t, k, y, o, c, r, cov in items
    )
    partners = {
        "wdb": m.Partner.objects.create(
            case=case, name="World Development Bank", partner_type="multilateral",
            interests="Capacity assessment, land-use mapping, ASM credit line", offer_types=["funding", "ta"],
            committed_amount=Decimal("1800000"), status="agreed", mou_date=date(2024, 6, 1)),
        "goldfuture": m.Partner.objects.create(
            case=case, name="GoldFuture Programme", partner_type="un",
            interests="Mercury-free gold processing", offer_types=["equipment", "training", "funding"],
            committed_amount=Decimal("3500000"), status="active", mou_date=date(2024, 9, 15)),
        "afm": m.Partner.objects.create(
            case=case, name="Alliance for Fair Minerals", partner_type="ngo",
            interests="Forum facilitation, market-access standards", offer_types=["ta", "training"],
            in_kind_value=Decimal("150000"), status="active"),
        "aurex": m.Partner.objects.create(
            case=case, name="Aurex Minerals", partner_type="industry_lsm",
            interests="Holds an exploration licence over part of the Eastern Riverlands",
            offer_types=["funding", "data"], committed_amount=Decimal("250000"), status="agreed",
            mou_date=date(2024, 11, 20),
            conflicts_note="Co-funds the Riverlands land-use study over its own licence area; mitigated by an "
                           "independent implementer and forum validation."),
        "tti": m.Partner.objects.create(
            case=case, name="Tin Traceability Initiative", partner_type="downstream_buyer",
            interests="Tagging and traceability of tin in the Northern Highlands", offer_types=["ta", "data"],
            status="active"),
    }
    m.ConsultationForum.objects.create(
        case=case, mandate=m.ForumMandate.ADVISORY,
        terms_of_reference="Advise the task force at each decision point: research findings, vision, subtypes, "
                           "approach per subtype, draft regulations and annual reviews.",
        selection_method="Miners' representatives elected by regional associations; other seats nominated by "
                         "their organisations; open call for women miners' representatives.",
        voice_without_association="Site meetings before each forum session and a monthly radio programme.",
    )
    forum = [
        ("miners_association", "Northern Highlands Tin Miners' Association", "Northern Highlands", "man", 2),
        ("miners_association", "Central Belt Miners' Association", "Central Belt", "woman", 2),
        ("miners_association", "Eastern Riverlands Alluvial Miners' Association", "Eastern Riverlands", "man", 2),
        ("miners_association", "Southern Forest Miners' Association", "Southern Forest", "woman", 2),
        ("miners_association", "Lumeria Women in Mining Association", "National", "woman", 3),
        ("processors", "Kessa Mill Owners' Group", "Central Belt", "man", 1),
        ("processors", "Obu Mill Owners' Group", "Central Belt", "woman", 1),
        ("traders", "Lumeria Gold Traders' Association", "National", "man", 1),
        ("traders", "Port Amaro Gold Dealers", "Port Amaro", "woman", 1),
        ("traders", "Highland Tin Exporters (three exporters)", "Northern Highlands", "man", 3),
        ("lsm", "Aurex Minerals", "Eastern Riverlands", "man", 1),
        ("customary_authority", "Paramount chiefs (three chiefdoms)", "Eastern Riverlands", "man", 3),
        ("local_government", "District councils", "National", "woman", 4),
        ("civil_society", "Environmental NGOs (two)", "National", "woman", 2),
        ("civil_society", "Child-rights NGO", "Eastern Riverlands", "woman", 1),
        ("academia", "University of Port Amaro", "Port Amaro", "man", 1),
        ("community", "Riverlands community representatives", "Eastern Riverlands", "woman", 2),
        ("community", "Southern Forest community representatives", "Southern Forest", "man", 2),
    ]
    rows = []
    # 34 seats, 14 held by women (§7.2): expand each entry into its seats.
    women_left = 14
    for group, org, region, gender, seats in forum:
        for seat in range(seats):
            seat_gender = "woman" if gender == "woman" and women_left > 0 else "man"
            if seat_gender == "woman":
                women_left -= 1
            label = org if seats == 1 else f"{org} (seat {seat + 1})"
            rows.append(m.ForumMember(case=case, stakeholder_group=group, organisation=label, region=region,
                                      gender=seat_gender))
    m.ForumMember.objects.bulk_create(rows)
    meetings = {}
    for key, day, place, step, total, women, inputs, response in [
        ("research", date(2025, 2, 12), "Port Amaro", "research", 31, 12,
         "Miners disputed the Southern Forest miner count as too low.",
         "Range given in the report; R7 southern survey extended."),
        ("vision", date(2025, 5, 8), "Kessa", "vision", 33, 13,
         "Add 'lawful' and 'fair revenue' to the vision; concern about bans.",
         "Vision wording changed; principle of no criminalisation of livelihoods added."),
        ("subtypes", date(2025, 7, 17), "Port Amaro", "approaches", 34, 14,
         "Separate mills from diggers in the Central Belt.", "Central Belt split into two subtypes."),
        ("regulations", date(2025, 11, 5), "Obu", "regulations", 30, 12,
         "Permit fees too high; permits should be issued regionally.",
         "Fee cut to USD 50 and regional issuing adopted."),
        ("review", date(2026, 10, 22), "Port Amaro", "review", 32, 14,
         "Licensing behind target; buying centres popular.", "Fee waiver for zone plots proposed."),
    ]:
        meetings[key] = m.ForumMeeting.objects.create(
            case=case, date=day, place=place, informed_step=step, attendance_total=total,
            attendance_women=women, inputs=inputs, response=response)
    studies = {}
    for code, title, status, implementer, funder, budget, scope, informs, start, end, meeting in [
        ("R1", "National ASM scoping study", "validated", "University of Port Amaro", None, "90000",
         "National, all minerals", ["vision", "subtypes"], date(2024, 4, 1), date(2024, 9, 30), "research"),
        ("R2", "Government capacity assessment", "validated", "Independent consultants", "wdb", "150000",
         "MMG, EPA, district councils", ["feasibility"], date(2024, 7, 1), date(2024, 12, 15), "research"),
        ("R3", "ASM industry assessment", "validated", "University of Port Amaro", "goldfuture", "120000",
         "Gold, tin, development minerals", ["subtypes", "industrial"], date(2024, 7, 1), date(2025, 1, 20),
         "research"),
        ("R4", "Environmental, health and social impact assessment", "validated", "EPA with NGO partners",
         "goldfuture", "110000", "Central Belt, Eastern Riverlands, Southern Forest",
         ["regulations", "baseline"], date(2024, 8, 1), date(2025, 1, 31), "research"),
        ("R5", "Political economy analysis", "validated", "Independent researchers", "wdb", "60000",
         "Southern Forest, Eastern Riverlands", ["feasibility"], date(2024, 9, 1), date(2025, 1, 15),
         "research"),
        ("R6", "Gold and tin supply chain mapping", "validated", "Alliance for Fair Minerals", "afm", "80000",
         "Gold and tin routes", ["feasibility", "industrial"], date(2024, 9, 1), date(2025, 2, 1), "research"),
        ("R7", "Geological and land-use mapping (Riverlands validated; South in progress)", "in_progress",
         "Independent geologists", "aurex", "400000", "Eastern Riverlands (done), Southern Forest (ongoing)",
         ["feasibility", "industrial"], date(2024, 10, 1), date(2026, 6, 30), None),
    ]:
        studies[code] = m.ResearchStudy.objects.create(
            case=case, research_type=code, title=title, status=status, implementer=implementer,
            funder=partners.get(funder) if funder else None, budget=Decimal(budget), scope=scope, informs=informs,
            start_date=start, end_date=end, validated_by_forum=meetings.get(meeting) if meeting else None,
            questions="")
    findings = [
        ("R1", "other", "5", "activity clusters", "Five distinct ASM activity clusters.", "", ""),
        ("R1", "sites", "2100", "sites", "About 2,100 ASM sites nationally.", "", ""),
        ("R1", "miners_total", "168000", "people", "About 168,000 people work directly in ASM.", "", ""),
        ("R1", "miners_women", "31", "%", "About 31% of ASM workers are women.", "", ""),
        ("R1", "production", "9", "t/yr", "ASM gold production is about 9 t a year.", "", "gold"),
        ("R2", "inspectors", "22", "inspectors",
         "22 field inspectors for about 2,100 sites: about one inspector for every 95 sites.", "", ""),
        ("R2", "offices", "2", "regional offices", "Regional offices only in the North and Centre; none in the "
         "East or South.", "", ""),
        ("R2", "licence_time", "7", "months", "A permit takes about 7 months and is issued only in the capital.",
         "", ""),
        ("R2", "licence_cost", "450", "USD", "A permit costs about USD 450 including travel.", "", ""),
        ("R3", "other", "14", "cooperatives", "Highlands tin is stable: 14 cooperatives on 40 sites.",
         "Northern Highlands", "tin"),
        ("R3", "other", "120", "mills", "About 120 mills and processing centres buy ore from diggers.",
         "Central Belt", "gold"),
        ("R3", "other", None, "", "Riverlands gold is seasonal and mobile, worked by family teams.",
         "Eastern Riverlands", "gold"),
        ("R3", "other", None, "", "Rush since 2021 in the Southern Forest, sponsored by traders.",
         "Southern Forest", "gold"),
        ("R4", "practices", "80", "mills", "Whole-ore amalgamation at about 80 of 120 mills.", "Central Belt",
         "gold"),
        ("R4", "children_present", "22", "% of sites", "Children seen at 22% of Riverlands sites.",
         "Eastern Riverlands", "gold"),
        ("R4", "other", "11", "deaths", "11 fatal pit collapses recorded in 2023.", "", ""),
        ("R4", "mercury_use", "14", "t/yr", "About 14 t of mercury used a year in ASGM (NAP baseline).", "",
         "gold"),
        ("R5", "security", None, "", "Southern traders are linked to local officials; sporadic armed-gang "
         "presence in parts of the Southern Forest.", "Southern Forest", "gold"),
        ("R5", "other", None, "", "Riverlands chiefs back zoning if they share in fees.", "Eastern Riverlands",
         ""),
        ("R6", "chokepoint", "3", "exporters", "Highlands tin leaves through 3 licensed exporters: a clear "
         "chokepoint.", "Northern Highlands", "tin"),
        ("R6", "official_channel_share", "28", "%", "Only 2.5 t of 9 t of ASM gold (28%) is exported officially.",
         "", "gold"),
        ("R6", "chokepoint", "60", "%", "About 60% of southern gold could be drawn to regional CBL buying centres "
         "if prices matched.", "Southern Forest", "gold"),
        ("R7", "land_overlap", "6", "candidate zones", "6 candidate zones in the Riverlands, 3 verified; Aurex's "
         "licence overlaps 2 of them.", "Eastern Riverlands", "gold"),
        ("R7", "land_overlap", None, "", "Southern deposits lie largely in the Forest Reserve buffer.",
         "Southern Forest", "gold"),
    ]
    # Each region is named once; findings and subtypes refer to it ("" = national).
    regions = {name: m.Region.objects.create(case=case, name=name) for name in REGIONS}
    m.ResearchFinding.objects.bulk_create(
        m.ResearchFinding(case=case, study=studies[code], topic=topic,
                          value=Decimal(value) if value is not None else None, unit=unit, text=text,
                          region=regions[region] if region else None, mineral=mineral)
        for code, topic, value, unit, text, region, mineral in findings
    )

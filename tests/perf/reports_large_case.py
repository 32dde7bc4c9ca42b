"""A generated large case for the report benchmark and the query-count tests.

Easy to extend: each part adds one filler to ``FILLERS`` (``fill(case, size)``); Part 3 adds its
actions (300 for the benchmark), budget lines and indicators the same way.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from setup_phase import models as p1
from strategy import models as p2


def fill_part1(case, size: Size) -> None:
    p1.TaskForce.objects.create(case=case, legal_instrument="Decree 1/2026", chair="Minister", secretariat="ASM unit",
                                meeting_frequency="monthly", decision_rule="consensus")
    p1.TaskForceMember.objects.bulk_create(
        p1.TaskForceMember(case=case, institution=f"Institution {i}", institution_type="mines") for i in range(20))
    p1.Partner.objects.bulk_create(
        p1.Partner(case=case, name=f"Partner {i}", partner_type="bilateral", offer_types=["funding"],
                   committed_amount=Decimal(100000 + i)) for i in range(size.partners))
    p1.ForumMember.objects.bulk_create(
        p1.ForumMember(case=case, stakeholder_group="miners", organisation=f"Association {i}", gender="woman")
        for i in range(40))
    p1.ForumMeeting.objects.bulk_create(
        p1.ForumMeeting(case=case, date=datetime.date(2025, 1 + i % 12, 1 + i), place=f"Town {i}",
                        informed_step="research", attendance_total=50, attendance_women=20, inputs="Inputs",
                        response="Handled") for i in range(size.meetings))
    studies = [p1.ResearchStudy.objects.create(case=case, research_type=code, status="validated", title=f"Study {code}")
               for code, _label in p1.ResearchType.choices]
    regions = [p1.Region.objects.create(case=case, name=f"Region {i}") for i in range(5)]
    p1.ResearchFinding.objects.bulk_create(
        p1.ResearchFinding(case=case, study=studies[i % len(studies)], topic="miners_total", value=i, unit="miners",
                           text=f"Finding number {i} about the sector", region=regions[i % 5])
        for i in range(size.findings))


def fill_part2(case, size: Size) -> None:
    findings = list(p1.ResearchFinding.objects.filter(case=case).order_by("pk"))
    regions = list(p1.Region.objects.filter(case=case).order_by("pk"))
    partner = p1.Partner.objects.filter(case=case).first()
    p2.Vision.objects.create(case=case, statement="A safe, formal and productive ASM sector", horizon_year=2035,
                             stance="support", principles="Inclusion\nSafety\nTransparency")
    p2.Objective.objects.bulk_create(
        p2.Objective(case=case, title=f"Objective {i}", goal_area="revenue", indicator=f"Indicator {i}", unit="%",
                     baseline_finding=findings[i % len(findings)], target_value=60,
                     target_date=datetime.date(2030, 12, 31), data_source="Survey", frequency="annual",
                     responsible_institution="Ministry") for i in range(size.objectives))
    for i in range(size.subtypes):
        subtype = p2.Subtype.objects.create(case=case, name=f"Subtype {i}", scale="mixed", activity="mining",
                                            minerals=["gold"], mobility="permanent",
                                            est_miners=1000 + i, pct_women=30, sites=10, main_impacts="Mercury")
        subtype.findings.set(findings[:3])
        subtype.regions.set(regions[:1])
        assessment = p2.FeasibilityAssessment.objects.create(
            case=case, subtype=subtype, f1="yes", f2="yes", f3="yes", f4="yes", f5="partly", f6="yes", f7="no",
            z="yes", m="yes", **{f"f{k}_note": f"Evidence {k}" for k in range(1, 8)})
        assessment.evidence.set(findings[:2])
        p2.SubStrategy.objects.create(case=case, subtype=subtype, approach="license_regulate",
                                      approach_recommended="license_regulate", risks="Capture", mitigations="Rules",
                                      review_triggers="Office staffed")
        p2.AssistanceProgram.objects.bulk_create(
            p2.AssistanceProgram(case=case, subtype=subtype, program_type="training", title=f"Programme {i}.{k}",
                                 partner=partner, budget=Decimal(1000 * (k + 1)), start_year=2026, end_year=2028)
            for k in range(size.programs_per_subtype))


FILLERS = [fill_part1, fill_part2]


class Size:
    """How large a generated case is (the issue's large case: 20 subtypes, 300 actions, 100 indicators)."""

    def __init__(self, subtypes=20, objectives=100, findings=120, partners=30, meetings=24, programs_per_subtype=6):
        self.subtypes, self.objectives, self.findings = subtypes, objectives, findings
        self.partners, self.meetings, self.programs_per_subtype = partners, meetings, programs_per_subtype

    @classmethod
    def small(cls):
        return cls(subtypes=1, objectives=2, findings=3, partners=1, meetings=1, programs_per_subtype=1)

    def scaled(self, factor: float) -> Size:
        return Size(*(max(1, round(v * factor)) for v in (self.subtypes, self.objectives, self.findings,
                                                          self.partners, self.meetings, self.programs_per_subtype)))


def fill(case, size: Size | None = None) -> None:
    size = size or Size()
    for filler in FILLERS:
        filler(case, size)

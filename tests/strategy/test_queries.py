"""The number of queries a Part 2 page makes does not grow with the number of subtypes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asm_guide.wizard.registry import StepContext
from setup_phase import models as p1
from strategy import models as m
from strategy.steps import FLOW, SUBSTRATEGY_FLOW
from tests.helpers import grown, query_counts

pytestmark = pytest.mark.django_db
BUDGET = 25
FEASIBLE = {"f1": "yes", "f2": "yes", "f3": "yes", "f4": "yes", "f5": "partly", "f6": "partly", "f7": "no",
            "z": "", "m": "yes"}


def fill(case, n: int) -> None:
    """A case with n subtypes, each with a full substrategy, and findings, partners and objectives."""
    partner = p1.Partner.objects.create(case=case, name="Bank", partner_type="multilateral")
    study = p1.ResearchStudy.objects.create(case=case, research_type="R2", status="validated")
    findings = p1.ResearchFinding.objects.bulk_create(
        p1.ResearchFinding(case=case, study=study, topic="inspectors", value=i, unit="inspectors",
                           text=f"Finding {i}") for i in range(n))
    m.Vision.objects.create(case=case, statement="Safe ASM", horizon_year=2035, stance="support")
    m.Objective.objects.bulk_create(
        m.Objective(case=case, title=f"Objective {i}", goal_area="revenue", indicator="Share", unit="%",
                    baseline_finding=findings[i], target_value=60, target_date=datetime.date(2029, 12, 31))
        for i in range(n))
    for i in range(n):
        subtype = m.Subtype.objects.create(case=case, name=f"Subtype {i}", scale="mixed", activity="mining",
                                           minerals=["gold"])
        subtype.findings.set(findings[: i + 1])
        assessment = m.FeasibilityAssessment.objects.create(
            case=case, subtype=subtype, **FEASIBLE, **{f"f{k}_note": "Evidence" for k in range(1, 8)})
        assessment.evidence.set(findings[:2])
        m.SubStrategy.objects.create(case=case, subtype=subtype, approach="license_regulate",
                                     approach_recommended="market_access", override_justification="Few mills",
                                     risks="Capture", mitigations="Rules", review_triggers="Office staffed")
        m.AssistanceProgram.objects.bulk_create(
            m.AssistanceProgram(case=case, subtype=subtype, program_type="equipment", title=f"Programme {i}.{k}",
                                partner=partner, budget=1000, funding_source="Bank", start_year=2026,
                                end_year=2027, conditional=True, condition="Licence")
            for k in range(2))


def pages(case):
    yield reverse("cases:task-list", args=[case.pk])
    yield reverse("strategy:check-answers", args=[case.pk])
    for step in FLOW.steps:
        yield FLOW.step_url(step, case)
    first = m.Subtype.objects.filter(case=case).order_by("pk").first()
    for step in SUBSTRATEGY_FLOW.steps:
        if step.applies_when(StepContext(case=case, subject=first)):
            yield SUBSTRATEGY_FLOW.step_url(step, case, first)


def measure(client, case) -> dict[str, int]:
    return query_counts(client, pages(case), case, subject=m.Subtype.objects.filter(case=case).order_by("pk").first())


def test_query_counts_do_not_grow_with_the_number_of_subtypes(client_for):
    from tests.factories import CaseFactory, MembershipFactory, UserFactory

    user = UserFactory()
    client = client_for(user)
    small, large = CaseFactory(), CaseFactory()
    for case, n in ((small, 1), (large, 20)):
        MembershipFactory(case=case, user=user)
        fill(case, n)
    small_counts = measure(client, small)
    large_counts = measure(client, large)
    assert grown(small_counts, large_counts) == {}
    assert max(large_counts.values()) <= BUDGET, large_counts


def test_saving_a_subtype_step_does_not_grow_with_the_number_of_subtypes(client_for):
    """Every save recomputes the task-list counts; that too must stay flat."""
    from tests.factories import CaseFactory, MembershipFactory, UserFactory
    from tests.helpers import valid_post

    user = UserFactory()
    client = client_for(user)
    counts = []
    for n in (1, 20):
        case = CaseFactory()
        MembershipFactory(case=case, user=user)
        fill(case, n)
        subtype = m.Subtype.objects.filter(case=case).order_by("pk").first()
        step = SUBSTRATEGY_FLOW.get("risks")
        url = SUBSTRATEGY_FLOW.step_url(step, case, subtype)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {**valid_post(step, case, subtype), "action": "continue"})
        assert response.status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]

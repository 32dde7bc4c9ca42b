"""The number of queries a Part 3 page makes is the same with 5 and with 300 actions, and with 5
and 30 of every other Part 3 record (regulations, zones, tiers, indicators, records...)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from implementation import models as m
from implementation.steps import FLOW
from setup_phase import models as p1
from strategy import models as p2
from tests.helpers import grown, query_counts

pytestmark = pytest.mark.django_db
BUDGET = 60


def fill(case, n_actions: int, n: int) -> None:
    """A case where every Part 3 step applies, with ``n_actions`` actions and ``n`` of every other record."""
    case.is_minamata_party = case.asgm_more_than_insignificant = True
    case.save()
    partner = p1.Partner.objects.create(case=case, name="Bank", partner_type="multilateral")
    study = p1.ResearchStudy.objects.create(case=case, research_type="R7", status="validated")
    p1.ResearchFinding.objects.create(case=case, study=study, topic="land_overlap", text="Overlap")
    subtypes = []
    for name, approach in (("S1", "license_regulate"), ("S3", "zones"), ("S5", "market_access")):
        subtype = p2.Subtype.objects.create(case=case, name=name, scale="mixed", activity="mining")
        p2.SubStrategy.objects.create(case=case, subtype=subtype, approach=approach, legal_reform=True)
        p2.FeasibilityAssessment.objects.create(case=case, subtype=subtype, f1="yes", f2="yes", f3="yes", f4="yes",
                                                f5="no", f6="yes", f7="no")
        subtypes.append(subtype)
    objective = p2.Objective.objects.create(case=case, title="Mercury", goal_area="environment_mercury")
    programs = p2.AssistanceProgram.objects.bulk_create(
        p2.AssistanceProgram(case=case, subtype=subtypes[i % 3], program_type="equipment", title=f"Programme {i}",
                             budget=1000, partner=partner, conditional=True, condition="Licence")
        for i in range(n))
    regulations = m.Regulation.objects.bulk_create(
        m.Regulation(case=case, title=f"Rule {i}", category="mercury", requirement="x", est_compliance_cost=10,
                     effective_date=date(2027, 1, 1)) for i in range(n))
    m.Regulation.subtypes.through.objects.bulk_create(
        m.Regulation.subtypes.through(regulation=rule, subtype=subtypes[i % 3]) for i, rule in enumerate(regulations))
    m.RegulationChange.objects.bulk_create(
        m.RegulationChange(case=case, regulation=rule, change_type="relax", review_date=date(2027, 7, 1),
                           change="Lower fee", reason="Uptake") for rule in regulations)
    trainings = m.TrainingProgram.objects.bulk_create(
        m.TrainingProgram(case=case, title=f"Training {i}", audience="miners", topic="mercury_free", cost=5)
        for i in range(n))
    m.TrainingProgram.linked_regulations.through.objects.bulk_create(
        m.TrainingProgram.linked_regulations.through(trainingprogram=training, regulation=regulations[i])
        for i, training in enumerate(trainings))
    m.Leverage.objects.bulk_create(m.Leverage(case=case, program=program, condition="Licence", from_year=2027)
                                   for program in programs)
    m.FurtherProgram.objects.bulk_create(
        m.FurtherProgram(case=case, title=f"Further {i}", program_type="credit_insurance", extension="new_type",
                         start_year=2028, partner=partner, budget=10) for i in range(n))
    m.Zone.objects.bulk_create(m.Zone(case=case, subtype=subtypes[1], name=f"Zone {i}", land_status="free",
                                      study=study, services=["water"]) for i in range(n))
    scheme = m.MarketAccessScheme.objects.create(case=case, subtype=subtypes[2], name="CBL",
                                                 chokepoint_type="central_bank", operator="CBL")
    m.MarketTier.objects.bulk_create(m.MarketTier(case=case, scheme=scheme, position=i, standard=f"Tier {i}",
                                                  benefit="Price") for i in range(n))
    actions = m.ImplementationAction.objects.bulk_create(
        m.ImplementationAction(case=case, number=i + 1, step="zone", title=f"Action {i}", responsible_institution="MMG",
                               partner=partner, start_year=2026 + i % 5, start_quarter=1, end_year=2026 + i % 5,
                               end_quarter=4, cost=Decimal(100 + i), funding=("government", "partner")[i % 2],
                               source_key=f"zone:{i}")
        for i in range(n_actions))
    through = m.ImplementationAction.depends_on.through
    through.objects.bulk_create(through(from_implementationaction=actions[i], to_implementationaction=actions[i - 1])
                                for i in range(1, n_actions))
    m.ImplementationAction.subtypes.through.objects.bulk_create(
        m.ImplementationAction.subtypes.through(implementationaction=action, subtype=subtypes[i % 3])
        for i, action in enumerate(actions))
    m.ActionPlan.objects.create(case=case, dropped_proposals=[f"program:{p.pk}" for p in programs])
    indicators = m.Indicator.objects.bulk_create(m.Indicator(case=case, name=f"Indicator {i}", objective=objective,
                                                             program=programs[i]) for i in range(n))
    m.MonitoringRecord.objects.bulk_create(m.MonitoringRecord(case=case, indicator=indicator, value=i,
                                                              period_end=date(2026, 12, 31))
                                           for i, indicator in enumerate(indicators))
    m.Review.objects.bulk_create(m.Review(case=case, kind="annual", date=date(2026 + i % 5, 12, 1),
                                          approach_subtype=subtypes[1], new_approach="license_regulate")
                                 for i in range(n))
    m.NapPlan.objects.create(case=case, gaps_plan="Extend R6")


def pages(case):
    yield reverse("cases:task-list", args=[case.pk])
    yield reverse("implementation:check-answers", args=[case.pk])
    for step in FLOW.steps:
        yield FLOW.step_url(step, case)


def measure(client, case) -> dict[str, int]:
    return query_counts(client, pages(case), case)


def test_query_counts_are_the_same_with_5_and_300_actions(client_for):
    from tests.factories import CaseFactory, MembershipFactory, UserFactory

    user = UserFactory()
    client = client_for(user)
    small, large = CaseFactory(), CaseFactory()
    for case, n_actions, n in ((small, 5, 5), (large, 300, 30)):
        MembershipFactory(case=case, user=user)
        fill(case, n_actions, n)
    small_counts = measure(client, small)
    large_counts = measure(client, large)
    assert len(small_counts) == len(FLOW.steps) + 2
    assert grown(small_counts, large_counts) == {}
    assert max(large_counts.values()) <= BUDGET, large_counts


def test_saving_the_action_plan_does_not_grow_with_the_actions(client_for):
    from tests.factories import CaseFactory, MembershipFactory, UserFactory
    from tests.helpers import valid_post

    user = UserFactory()
    client = client_for(user)
    counts = []
    for n_actions, n in ((5, 5), (300, 30)):
        case = CaseFactory()
        MembershipFactory(case=case, user=user)
        fill(case, n_actions, n)
        step = FLOW.get("action-plan")
        url = FLOW.step_url(step, case)
        client.get(url)
        data = valid_post(step, case)
        data["actions-0-title"] = "Changed"
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {**data, "action": "continue"})
        assert response.status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]

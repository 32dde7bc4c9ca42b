"""The number of queries a Part 1 page makes does not grow with the size of the case."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from setup_phase import models as m
from setup_phase.steps import FLOW
from tests.helpers import grown, query_counts

pytestmark = pytest.mark.django_db
BUDGET = 20


def fill(case, n: int) -> None:
    partners = m.Partner.objects.bulk_create(
        m.Partner(case=case, name=f"Partner {i}", partner_type="ngo", offer_types=["funding"]) for i in range(n))
    m.TaskForce.objects.create(case=case, legal_instrument="Order", chair="PS", secretariat="Dir",
                               meeting_frequency="monthly", decision_rule="consensus", terms_of_reference="ToR")
    m.TaskForceMember.objects.bulk_create(
        m.TaskForceMember(case=case, institution=f"Institution {i}", institution_type="mines") for i in range(n))
    m.InformationItem.objects.bulk_create(
        m.InformationItem(case=case, title=f"Item {i}", kind="study", year=2024, reliability="high",
                          covers_research_types=["R1"]) for i in range(n))
    m.ConsultationForum.objects.create(case=case, terms_of_reference="ToR", mandate="advisory", selection_method="x")
    m.ForumMember.objects.bulk_create(
        m.ForumMember(case=case, stakeholder_group="miners", organisation=f"Org {i}", gender="woman") for i in range(n))
    meetings = m.ForumMeeting.objects.bulk_create(
        m.ForumMeeting(case=case, date=datetime.date(2025, 1, 1), place=f"Town {i}", informed_step="vision",
                       attendance_total=10, attendance_women=4) for i in range(n))
    studies = [
        m.ResearchStudy.objects.create(case=case, research_type=code, status="validated",
                                       funder=partners[0], validated_by_forum=meetings[0])
        for code in m.ResearchType.values[: min(n, 7)]
    ]
    m.ResearchFinding.objects.bulk_create(
        m.ResearchFinding(case=case, study=studies[i % len(studies)], topic="sites", value=i, unit="sites",
                          text=f"Finding {i}") for i in range(n))


def pages(case):
    yield reverse("cases:task-list", args=[case.pk])
    yield reverse("cases:dashboard")
    yield reverse("setup_phase:check-answers", args=[case.pk])
    for step in FLOW.steps:
        yield FLOW.step_url(step, case)


def measure(client, case) -> dict[str, int]:
    return query_counts(client, pages(case), case)


def test_query_counts_do_not_grow_with_the_lists(client_for):
    from tests.factories import CaseFactory, MembershipFactory, UserFactory

    user = UserFactory()
    small, large = CaseFactory(), CaseFactory()
    MembershipFactory(case=small, user=user)
    client = client_for(user)
    fill(small, 1)
    small_counts = measure(client, small)
    MembershipFactory(case=large, user=user)
    fill(large, 60)
    large_counts = measure(client, large)
    # The dashboard lists both cases the second time; compare it against itself with one more case.
    small_counts.pop("/cases/")
    large_counts.pop("/cases/")
    assert grown(small_counts, large_counts) == {}
    assert max(large_counts.values()) <= BUDGET, large_counts


def test_dashboard_queries_do_not_grow_with_the_number_of_cases(client_for, django_assert_max_num_queries):
    from tests.factories import CaseFactory, MembershipFactory, UserFactory

    user = UserFactory()
    client = client_for(user)
    for _ in range(2):
        MembershipFactory(case=CaseFactory(), user=user)
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("cases:dashboard"))
    for _ in range(8):
        MembershipFactory(case=CaseFactory(), user=user)
    with CaptureQueriesContext(connection) as ten:
        client.get(reverse("cases:dashboard"))
    assert len(ten) == len(two)

"""Part 3's pages write money, figures, dates and quarters as the reader's language does
(asm_guide.l10n, Babel's CLDR data), and the action plan's budget says the same figures the same
way as the report's budget chapter."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from implementation import models as m
from implementation.steps import FLOW
from tests.implementation.test_steps import make_subtype

pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def plan(case):
    """A case in euros with two actions costing 9,800,000 in all, from Q1 2027."""
    case.currency = "EUR"
    case.save(update_fields=["currency"])
    m.ImplementationAction.objects.create(
        case=case, step="legal_reform", title="Reform the mining law", responsible_institution="Ministry",
        start_year=2027, start_quarter=1, end_year=2027, end_quarter=4, cost=Decimal("9000000"),
        funding="government")
    m.ImplementationAction.objects.create(
        case=case, step="education_training", title="Train inspectors", responsible_institution="Ministry",
        start_year=2027, start_quarter=1, end_year=2027, end_quarter=4, cost=Decimal("800000"), funding="unfunded")
    return case


def page(client, case, slug: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(FLOW.step_url(FLOW.get(slug), case))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(text: str, element_id: str) -> str:
    start = text.index(f'id="{element_id}"')
    return text[start:text.index("</", text.index(">", start) + 1) + 2000]


def test_the_action_plan_writes_money_and_quarters_in_french(plan, owner_client):
    text = page(owner_client, plan, "action-plan", "fr")
    assert f"9{NNBSP}800{NNBSP}000{NBSP}EUR" in text  # total cost of the plan
    assert f"800{NNBSP}000{NBSP}EUR" in text  # the unfunded gap
    assert f"9{NNBSP}000{NNBSP}000{NBSP}EUR" in text  # the cost of one action
    assert "T1 2027" in text and "T4 2027" in text
    assert "EUR 9,800,000" not in text and "9,800,000" not in text and "2027 Q1" not in text
    assert re.search(r"<td>9\u202f800\u202f000</td>", section(text, "budget-table"))  # the year's total


def test_the_action_plan_writes_money_and_quarters_in_english(plan, owner_client):
    text = page(owner_client, plan, "action-plan", "en")
    assert f"EUR{NBSP}9,800,000" in text and f"EUR{NBSP}800,000" in text
    assert "Q1 2027" in text and "2027 Q1" not in text
    assert "<td>9,800,000</td>" in section(text, "budget-table")


def test_a_proposed_action_gives_its_period_in_quarters_of_the_language(plan, owner_client):
    m.Regulation.objects.create(case=plan, title="Licence fees", category="licensing", requirement="Pay",
                                status="proposed", effective_date=date(2028, 6, 30))
    assert "T4 2027 – T2 2028" in page(owner_client, plan, "action-plan", "fr")
    assert "Q4 2027 – Q2 2028" in page(owner_client, plan, "action-plan", "en")


def test_the_web_budget_says_the_same_figures_as_the_report(plan, owner_client):
    plan.report_language = "fr"
    plan.save(update_fields=["report_language"])
    web = page(owner_client, plan, "action-plan", "fr")
    report = html.unescape(owner_client.get(reverse("reports:preview", args=[plan.pk])).content.decode())
    for figure in (f"9{NNBSP}800{NNBSP}000{NBSP}EUR", f"800{NNBSP}000{NBSP}EUR", f"9{NNBSP}000{NNBSP}000"):
        assert figure in web and figure in report, figure


def test_monitoring_writes_values_and_dates_in_french(case, owner_client):
    indicator = m.Indicator.objects.create(case=case, name="Licensed operations", unit="operations",
                                           baseline_value=Decimal("1234.5"), target_value=Decimal("2500"))
    m.MonitoringRecord.objects.create(case=case, indicator=indicator, period_end=date(2026, 3, 12),
                                      value=Decimal("1800"))
    text = page(owner_client, case, "monitoring", "fr")
    table = section(text, "progress-table")
    assert f"1{NNBSP}234,5" in table and f"1{NNBSP}800" in table and f"2{NNBSP}500" in table
    assert "12 mars 2026" in table and "2026-03-12" not in table


def test_the_compliance_warning_writes_the_cost_as_money(case, owner_client):
    case.currency = "EUR"
    case.save(update_fields=["currency"])
    subtype = make_subtype(case, "S1 River gold", "license_regulate", f5="no")
    rule = m.Regulation.objects.create(case=case, title="Licence fees", category="licensing", requirement="Pay",
                                       est_compliance_cost=Decimal("12500"))
    rule.subtypes.add(subtype)
    assert f"12{NNBSP}500{NBSP}EUR" in page(owner_client, case, "regulations", "fr")
    assert f"EUR{NBSP}12,500" in page(owner_client, case, "regulations", "en")

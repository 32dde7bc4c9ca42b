"""Check-answers pages write each answer as a person of the page's language reads it: money in the
case's currency, counts grouped, percentages, long dates, and years as they are (2027)."""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from setup_phase import models as p1
from strategy import models as p2

pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def answered(case):
    case.currency = "EUR"
    case.save(update_fields=["currency"])
    p1.Partner.objects.create(case=case, name="World Bank", partner_type="multilateral",
                              committed_amount=Decimal("9800000"), mou_date=date(2026, 3, 12))
    subtype = p2.Subtype.objects.create(case=case, name="S1 Alluvial gold", scale="mixed", activity="mining",
                                        minerals=["gold"], est_miners=62000, pct_women=Decimal("27"))
    p2.AssistanceProgram.objects.create(case=case, subtype=subtype, program_type="equipment", title="Kits",
                                        budget=Decimal("1500000"), start_year=2027, end_year=2029)
    return case


def check_answers(client, case, part: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(f"{part}:check-answers", args=[case.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_french_check_answers_write_money_counts_percentages_and_dates_in_french(answered, owner_client):
    setup = check_answers(owner_client, answered, "setup_phase", "fr")
    assert f"9{NNBSP}800{NNBSP}000{NBSP}EUR" in setup and "9800000" not in setup
    assert "12 mars 2026" in setup and "2026-03-12" not in setup and "March" not in setup
    strategy = check_answers(owner_client, answered, "strategy", "fr")
    assert f"62{NNBSP}000" in strategy and ">62000<" not in strategy
    assert f"27{NBSP}%" in strategy and "27.00" not in strategy
    # The answer shows the sign, so the label does not say "(%)" as well: "Femmes parmi les mineurs : 27 %".
    with translation.override("fr"):
        label = str(p2.Subtype._meta.get_field("pct_women").verbose_name)
    assert label.endswith(" (%)") and label[:-4] + "</dt>" in strategy and label + "</dt>" not in strategy
    assert f"1{NNBSP}500{NNBSP}000{NBSP}EUR" in strategy
    assert ">2027<" in strategy and f"2{NNBSP}027" not in strategy  # a year is never grouped


def test_english_check_answers_keep_english_figures(answered, owner_client):
    setup = check_answers(owner_client, answered, "setup_phase", "en")
    assert f"EUR{NBSP}9,800,000" in setup and "March 12, 2026" in setup
    strategy = check_answers(owner_client, answered, "strategy", "en")
    assert "62,000" in strategy and "27%" in strategy and ">2027<" in strategy

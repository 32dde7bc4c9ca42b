"""The report states the country's standing under the Minamata Convention where it introduces the
sector (Party or not, ASGM significance, the national action plan's status) and in the executive
summary, in the report language."""

from __future__ import annotations

from datetime import date

import pytest

from asm_guide.reports.context import build_report

pytestmark = pytest.mark.django_db


def sector_minamata(report) -> tuple[str, dict]:
    sector = next(s for s in report.sections if s.key == "sector")
    blocks = [b for c in sector.contributions for b in c.blocks]
    index = next(i for i, b in enumerate(blocks) if getattr(b, "kind", "") == "heading"
                 and b.text in ("Minamata Convention on Mercury", "Convention de Minamata sur le mercure"))
    return blocks[index + 1].text, dict(blocks[index + 2].items)


def summary_text(report) -> str:
    summary = report.sections[0]
    return " ".join(b.text for c in summary.contributions for b in c.blocks if getattr(b, "kind", "") == "paragraph")


def test_a_party_with_asgm_and_a_submitted_plan(case):
    case.is_minamata_party = case.asgm_more_than_insignificant = True
    case.nap_status, case.nap_submission_date = "submitted", date(2022, 9, 30)
    case.save()
    report = build_report(case)
    text, facts = sector_minamata(report)
    assert facts == {
        "Party to the Minamata Convention": "Yes",
        "Artisanal and small-scale gold mining declared more than insignificant": "Yes",
        "National action plan on artisanal and small-scale gold mining": "Submitted (September 30, 2022)",
    }
    assert "is a Party to the Minamata Convention" in text
    assert "Its national action plan was submitted on September 30, 2022." in text
    assert "Its national action plan was submitted on September 30, 2022." in summary_text(report)


def test_a_country_that_is_not_a_party_is_said_to_be_so(case):
    report = build_report(case)
    text, facts = sector_minamata(report)
    assert facts["Party to the Minamata Convention"] == "No"
    assert facts["Artisanal and small-scale gold mining declared more than insignificant"] == "No"
    assert facts["National action plan on artisanal and small-scale gold mining"] == "No national action plan"
    assert "is not recorded as a Party" in text
    assert "national action plan" not in summary_text(report).split("Minamata")[-1], "no NAP sentence for a non-Party"


def test_a_party_whose_asgm_is_insignificant_needs_no_plan(case):
    case.is_minamata_party = True
    case.save()
    text, facts = sector_minamata(build_report(case))
    assert facts["Party to the Minamata Convention"] == "Yes"
    assert facts["Artisanal and small-scale gold mining declared more than insignificant"] == "No"
    assert "no national action plan is required" in text


def test_the_statement_does_not_complete_the_sector_chapter(case):
    sector = next(s for s in build_report(case).sections if s.key == "sector")
    assert not sector.completed, "research findings complete the chapter, not the Minamata facts"


def test_the_statement_is_in_the_report_language(case):
    case.is_minamata_party = case.asgm_more_than_insignificant = True
    case.nap_status, case.nap_submission_date = "under_review", date(2022, 9, 30)
    case.report_language = "fr"
    case.save()
    _text, facts = sector_minamata(build_report(case))
    values = list(facts.values())
    assert values[:2] == ["Oui", "Oui"]
    assert values[2].startswith("En cours d"), values[2]  # the French label of "Under review"
    assert "30 septembre 2022" in values[2]

"""Part 3's share of the strategy report (implementation/report.py), read back from the PDF (pypdf),
the HTML preview, the DOCX and the XLSX of the demo case, and its fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from asm_guide.cases.models import StrategyCase
from asm_guide.reports.context import build_report
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import render_pdf
from asm_guide.reports.xlsx import render_xlsx
from implementation import models as m
from implementation import report as part3
from tests.factories import CaseFactory
from tests.implementation.test_queries import fill

pytestmark = pytest.mark.django_db
HEADINGS = ("7. Implementation plan", "8. Budget and financing", "9. Monitoring, evaluation and review",
            "Annex E: Minamata NAP crosswalk")
SAMPLES = (
    "Gazette Riverlands Zone A",  # an action of the plan
    "USD\u00a017,600,000",  # the plan's total cost (section 9)
    "Unfunded gap",
    "C-a National objectives",  # Annex E, in Annex C order
    "Riverlands Zone A",  # 7.x.4 zones
)


def sections(report) -> dict:
    return {section.key: section for section in report.sections}


def test_the_demo_report_fills_sections_8_to_10_annex_e_and_the_budget_total(demo):
    report = build_report(demo)
    found = sections(report)
    for key in ("implementation", "budget", "monitoring", "annex_e"):
        assert found[key].completed, key
    summary = dict(next(b for b in found["summary"].contributions[0].blocks if b.kind == "facts").items)
    assert summary["Budget total"] == "USD\u00a017,600,000", "the plan takes in Part 2's programmes: no double count"
    crosswalk = next(b for c in found["annex_e"].contributions for b in c.blocks if b.kind == "table")
    assert [row[0][:4].strip() for row in crosswalk.rows] == [f"C-{x}" for x in "abcdefghijk"]
    assert all(row[1] in ("Covered", "Partly covered", "Missing") for row in crosswalk.rows)
    gap = demo_budget(demo).gap
    assert f"USD\u00a0{gap:,.0f}" in dict(found["budget"].contributions[0].blocks[0].items)["Unfunded gap"]


def demo_budget(case):
    from asm_guide.wizard.registry import StepContext
    from implementation import rules

    return rules.budget(StepContext(case))


def test_the_demo_pdf_has_part_3_headings_values_and_the_timeline(demo):
    pdf, _seconds = render_pdf(build_report(demo))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for heading in HEADINGS:
        assert heading in text
    for value in SAMPLES:
        assert value in text, value
    start = text.index("\n7. Implementation plan")
    end = text.index("\nAnnex A")
    assert "Not yet completed" not in text[start:end]
    assert "Timeline by year and quarter" in text
    assert "Covered" in text[text.index("\nAnnex E"):]


def test_the_demo_preview_has_part_3_sections(demo, demo_owner_client):
    response = demo_owner_client.get(reverse("reports:preview", args=[demo.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for value in ("Implementation plan", "Budget and financing", "Minamata NAP crosswalk", "Gazette Riverlands Zone A",
                  "USD\u00a017,600,000", "<svg", "C-a National objectives"):
        assert value in html, value


def test_the_demo_xlsx_has_the_action_plan_and_budget(demo):
    book = load_workbook(io.BytesIO(render_xlsx(build_report(demo))))
    rows = list(book["Action plan"].values)
    assert rows[0][:3] == ("Ref", "Step", "Action")
    titles = [row[2] for row in rows[1:]]
    assert sorted(titles) == sorted(m.ImplementationAction.objects.filter(case=demo).values_list("title", flat=True))
    assert "Gazette Riverlands Zone A" in titles
    budget = list(book["Budget"].values)
    assert budget[-1][0] == "Total" and float(budget[-1][-1]) == 17_600_000
    assert [row[0] for row in budget[1:-1]] == list(range(demo.strategy_start_year, demo.end_year + 1))


def test_the_demo_docx_has_the_timeline_and_budget_tables(demo):
    document = Document(io.BytesIO(render_docx(build_report(demo))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in HEADINGS:
        assert heading in headings
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "■" in cells, "the timeline by year"
    assert "17,600,000" in cells


def test_actions_follow_part_3_order():
    assert list(part3.STEP_ORDER)[:3] == [m.ActionStep.LEGAL_REFORM, m.ActionStep.SET_REGULATIONS,
                                          m.ActionStep.ADJUST_REGULATIONS]
    assert set(part3.STEP_ORDER) == set(m.ActionStep.values)


def test_the_report_takes_the_same_queries_for_a_small_and_a_large_case():
    counts = []
    for n_actions, n in ((3, 2), (120, 25)):
        case = CaseFactory()
        fill(case, n_actions, n)
        case = StrategyCase.objects.get(pk=case.pk)
        with CaptureQueriesContext(connection) as queries:
            result = part3.report(case)
        counts.append(len(queries))
        assert len(result.sheets["Action plan"][1]) == n_actions
        assert result.sections["annex_e"] and result.sections["substrategies"]
    assert counts[0] == counts[1], counts


def test_each_subtypes_regulations_zones_and_schemes_sit_inside_its_own_chapter(demo):
    """Part 3's details of a subtype's approach are in that subtype's 7.x.4, before its 7.x.5."""
    report = build_report(demo)
    chapter = sections(report)["substrategies"]
    blocks = [block for contribution in chapter.contributions for block in contribution.blocks]
    headings = [(index, block.text) for index, block in enumerate(blocks) if block.kind == "heading"]
    zone_table = next(index for index, block in enumerate(blocks)
                      if block.kind == "table" and any("Riverlands Zone A" in str(cell) for row in block.rows
                                                       for cell in row))
    before = [text for index, text in headings if index < zone_table][-1]
    after = next(text for index, text in headings if index > zone_table)
    number = before.split(" ")[0]
    assert number.endswith(".4") and after.startswith(number[:-1] + "5 "), (before, after)
    assert not any("regulations, zones and market access" in text for _index, text in headings)
    assert not any(".4 " in text and ":" in text for _index, text in headings)  # no second 7.x.4 heading

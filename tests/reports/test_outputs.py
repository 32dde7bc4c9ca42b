"""The report read back from every output: PDF (pypdf), DOCX (python-docx), XLSX (openpyxl), and the
report object's query count, which does not grow with the case."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from asm_guide.cases.models import CaseStatus, StrategyCase
from asm_guide.reports.context import SECTIONS, build_report, section_numbers
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import render_pdf
from asm_guide.reports.xlsx import render_xlsx
from tests.factories import CaseFactory
from tests.perf.reports_large_case import Size, fill

pytestmark = pytest.mark.django_db
TOC_LINE = re.compile(r"^(?P<title>.+?) ?\.{3,} ?(?P<page>\d+)$")
# Values typed into each part of the demo case (GUIDANCE.md §7), found again in the outputs.
SAMPLES = {
    "case": "Ministry of Mines and Geology",
    "part 1": "Ministerial Order 14/2024",
    "part 2": "S1 Highlands tin mining (cooperatives)",
    "part 3": "Gazette Riverlands Zone A",
}


def pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def heading_of(spec, case) -> str:
    number = section_numbers(case)[spec.key]
    return f"Annex {number}: {spec.title}" if spec.annex else f"{number}. {spec.title}"


@pytest.fixture
def demo_pdf(demo):
    pdf, _seconds = render_pdf(build_report(demo))
    return pdf


def test_pdf_has_every_section_sample_values_and_a_draft_watermark(demo, demo_pdf):
    reader, pages = pdf_text(demo_pdf)
    text = "\n".join(pages)
    assert len(pages) > 1
    for spec in SECTIONS:
        assert heading_of(spec, demo) in text, spec.key
    for label, value in SAMPLES.items():
        assert value in text, label
    assert "Not yet completed" not in text  # every part of the demo is filled
    assert "Fictional demonstration case" in pages[0]
    assert all("DRAFT" in page for page in pages), "the watermark is on every page"
    assert reader.metadata.title == f"{demo.country_name}: {demo.title}"
    assert reader.metadata.author == demo.lead_ministry
    assert reader.trailer["/Root"].get("/Lang") == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "a tagged PDF"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "1. Executive summary" and "Annex F: Glossary and sources" in outline


def test_pdf_running_header_footer_and_table_of_contents_with_real_page_numbers(demo, demo_pdf):
    _reader, pages = pdf_text(demo_pdf)
    total = len(pages)
    assert f"Page 3 of {total}" in " ".join(pages[2].split())
    assert f"{demo.country_name} · {demo.title}" in pages[2]
    entries = [TOC_LINE.match(line.strip()) for line in pages[1].splitlines()]
    entries = [m for m in entries if m]
    assert len(entries) == len(SECTIONS)
    for match in entries:
        page = int(match["page"])
        assert 2 < page <= total
        title = " ".join(match["title"].split())
        assert title in " ".join(pages[page - 1].split()), (title, page)


def test_approved_pdf_has_no_draft_mark(demo):
    StrategyCase.objects.filter(pk=demo.pk).update(status=CaseStatus.APPROVED)
    demo.refresh_from_db()
    pdf, _seconds = render_pdf(build_report(demo))
    _reader, pages = pdf_text(pdf)
    assert not any("DRAFT" in page for page in pages)
    assert "Approved" in pages[0]


def test_docx_has_word_headings_and_tables(demo):
    document = Document(io.BytesIO(render_docx(build_report(demo))))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [heading_of(spec, demo) for spec in SECTIONS]
    assert any(p.style.name == "Heading 2" and p.text.startswith("6.1 ") for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for label, value in SAMPLES.items():
        assert value in cells, label
    assert "DRAFT: not approved. Do not cite." in [p.text for p in document.paragraphs]
    assert document.core_properties.title.startswith(demo.country_name)


def test_xlsx_has_plan_budget_and_indicators(demo):
    book = load_workbook(io.BytesIO(render_xlsx(build_report(demo))))
    # The sheets every plan has, then Part 3's monitoring indicators and their recorded values.
    assert book.sheetnames == ["Action plan", "Budget", "Indicators", "Monitoring indicators", "Recorded values"]
    assert book["Action plan"]["A1"].value == "Ref"
    assert "Gazette Riverlands Zone A" in [row[2] for row in book["Action plan"].values]
    assert book["Budget"]["A1"].value == "Year"
    indicators = list(book["Indicators"].values)
    assert indicators[0][:3] == ("Objective", "Goal area", "Indicator")
    assert "Halve mercury use in ASGM" in [row[0] for row in indicators[1:]]
    target = next(row for row in indicators if row[0] == "Halve mercury use in ASGM")[6]
    assert float(target) == 7


def test_a_new_case_reports_every_section_as_not_yet_completed(case):
    report = build_report(case)
    assert [s.key for s in report.sections] == [spec.key for spec in SECTIONS if spec.when != "nap"]
    assert [s.key for s in report.sections if s.completed] == ["annex_f"]


def test_nap_crosswalk_only_for_a_minamata_party_with_asgm(case):
    assert "annex_e" not in [s.key for s in build_report(case).sections]
    StrategyCase.objects.filter(pk=case.pk).update(is_minamata_party=True, asgm_more_than_insignificant=True)
    case.refresh_from_db()
    assert "annex_e" in [s.key for s in build_report(case).sections]


def test_building_the_report_takes_the_same_queries_for_a_small_and_a_large_case():
    counts = []
    for size in (Size.small(), Size(subtypes=20, objectives=40, findings=60)):
        case = CaseFactory()
        fill(case, size)
        case = StrategyCase.objects.get(pk=case.pk)
        with CaptureQueriesContext(connection) as queries:
            report = build_report(case)
        counts.append(len(queries))
        assert len([b for s in report.sections for c in s.contributions for b in c.blocks]) > 10
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30  # Part 3's share is a fixed 12 (tests/implementation/test_report.py)


def test_long_tables_break_across_pages_and_repeat_their_header():
    case = CaseFactory()
    fill(case, Size(subtypes=1, objectives=80, findings=4, partners=2, meetings=2, programs_per_subtype=1))
    pdf, _seconds = render_pdf(build_report(StrategyCase.objects.get(pk=case.pk)))
    _reader, pages = pdf_text(pdf)
    with_rows = [page for page in pages if "Objective 79" in page or "Objective 1\n" in page or "Objective 40" in page]
    assert len(with_rows) >= 2, "the objectives table spans several pages"
    assert all("Responsible" in page and "Baseline" in page for page in with_rows), "its header repeats"

"""The extension point: a part's ``report.py`` is picked up without touching the core, and the
renderer refuses every URL but our static files."""

from __future__ import annotations

import io
import sys
import types
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from asm_guide.reports.blocks import Contribution, Heading, PartReport, Table
from asm_guide.reports.context import build_report
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import html_for_pdf
from asm_guide.reports.xlsx import render_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def part3_report(monkeypatch):
    """Stands in for ``implementation/report.py`` (replacing Part 3's own once it exists)."""

    def report(case):
        result = PartReport(budget_total=Decimal("2500000"))
        result.add("implementation", Contribution(
            blocks=[Heading("Actions by year", 3),
                    Table(headers=["Action", "Year"], rows=[["Open the Eastern office", 2027]])],
            steps=[("implementation", "action-plan")]))
        result.add("budget", Contribution(template="reports/_blocks.html", data=None,
                                          docx=lambda writer, data: writer.paragraph("Budget drawn by a hook")))
        result.sheets["Action plan"] = (["Action", "Year"], [["Open the Eastern office", 2027]])
        return result

    module = types.ModuleType("implementation.report")
    module.report = report
    monkeypatch.setitem(sys.modules, "implementation.report", module)
    return module


def test_a_part_report_fills_its_sections_sheets_and_the_budget_total(case, part3_report):
    report = build_report(case)
    sections = {s.key: s for s in report.sections}
    assert sections["implementation"].completed and sections["budget"].completed
    assert not sections["monitoring"].completed
    blocks = next(iter(sections["summary"].contributions)).blocks
    summary = dict(next(block for block in blocks if block.kind == "facts").items)
    assert summary["Budget total"] == "USD\u00a02,500,000"
    assert "Open the Eastern office" in html_for_pdf(report)
    document = Document(io.BytesIO(render_docx(report)))
    assert "Budget drawn by a hook" in [p.text for p in document.paragraphs]
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book["Action plan"]["A2"].value == "Open the Eastern office"
    assert book["Budget"]["A1"].value == "Not yet completed"


def test_an_unknown_section_key_is_an_error(case, monkeypatch):
    module = types.ModuleType("implementation.report")
    module.report = lambda case: PartReport(sections={"chapter_99": [Contribution()]})
    monkeypatch.setitem(sys.modules, "implementation.report", module)
    with pytest.raises(KeyError, match="chapter_99"):
        build_report(case)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://example.org/x.css",
                                 "https://asm-guide.invalid/static/../../asm_guide/settings.py"])
def test_the_renderer_loads_nothing_but_our_static_files(url):
    from asm_guide.guide.pdf import _fetcher_class

    with pytest.raises(ValueError):
        _fetcher_class()().fetch(url)

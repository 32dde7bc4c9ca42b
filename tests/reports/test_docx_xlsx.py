"""The Word and Excel exports on par with the PDF, read back with python-docx and openpyxl: a real
table of contents field, "Page X of Y" fields and a running header, the timeline and charts as
pictures with alternative text, editable tables; numbers and dates as real cells with formats,
money in the case's currency, frozen and filtered headers, the monitoring indicators and their
recorded values. And the same in French."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from asm_guide.cases.models import StrategyCase
from asm_guide.reports.blocks import Sheet
from asm_guide.reports.context import build_report
from asm_guide.reports.docx import TOC_INSTRUCTION, render_docx, svg_document, svg_to_png
from asm_guide.reports.pdf import html_for_pdf, page_counter_labels
from asm_guide.reports.xlsx import date_format, money_format, render_xlsx, write_sheet
from implementation import models as m

NNBSP = "\u202f"


def instructions(element) -> list[str]:
    return [" ".join((node.text or "").split()) for node in element.iter(qn("w:instrText"))]


def field_chars(element) -> list[str]:
    return [node.get(qn("w:fldCharType")) for node in element.iter(qn("w:fldChar"))]


def text_of(element) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def header_cells(table) -> list[str]:
    return [cell.text for cell in table.rows[0].cells]


def repeats_header(table) -> bool:
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def french(case) -> StrategyCase:
    StrategyCase.objects.filter(pk=case.pk).update(report_language="fr")
    return StrategyCase.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_demo_docx_has_a_toc_field_page_fields_a_running_header_pictures_and_editable_tables(demo):
    document = Document(io.BytesIO(render_docx(build_report(demo))))
    body = document.element.body

    # Contents: a TOC field over headings 1-3 (begin / instruction / separate / placeholder / end),
    # and Word is asked to update the fields on opening.
    assert " ".join(TOC_INSTRUCTION.split()) in instructions(body)
    toc = next(p for p in document.paragraphs if any("TOC" in i for i in instructions(p._p)))
    assert field_chars(toc._p) == ["begin", "separate", "end"]
    assert "update" in toc.text.lower(), "a placeholder says how to fill the table of contents"
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"

    # Every page but the cover: "Page X of Y" with Word's fields, and "Country · Title" on top.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer._element
    assert instructions(footer) == ["PAGE", "NUMPAGES"]
    assert field_chars(footer) == ["begin", "separate", "end"] * 2
    assert text_of(footer).startswith("Page ") and " of " in text_of(footer)
    assert section.header.paragraphs[0].text == f"{demo.country_name} · {demo.title}"
    assert round(section.page_width.cm, 1) == 21.0, "A4, like the PDF"

    # The timeline, the budget chart and the indicators as pictures, each with alternative text.
    shapes = list(document.inline_shapes)
    assert len(shapes) >= 3
    descriptions = [shape._inline.docPr.get("descr") or "" for shape in shapes]
    assert all(len(text) > 30 for text in descriptions), descriptions
    assert any(text.startswith("Timeline of the actions") for text in descriptions)
    budget = next(text for text in descriptions if text.startswith("Stacked bars"))
    assert "2026: USD\u00a02,578,298" in budget, "the alternative text gives each year's total"
    assert any(text.startswith("One small chart per indicator") for text in descriptions)
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(0 < shape.width <= text_width for shape in shapes)
    assert any(15.5 <= shape.width.cm <= 16.05 for shape in shapes), "charts are about 16 cm wide"
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Budget by year and funding source" in captions
    assert "Indicators: baseline, target and recorded values" in captions
    pictures = [part for part in document.part.package.parts if part.partname.endswith(".png")]
    assert len(pictures) >= 3 and all(part.blob[:8] == b"\x89PNG\r\n\x1a\n" for part in pictures)

    # Tables Word users can edit: a header row repeated on every page, figures aligned right.
    costs = next(t for t in document.tables if header_cells(t)[:2] == ["Year", "Government"])
    assert repeats_header(costs)
    assert [cell.text for cell in costs.rows[-1].cells][0] == "Total"
    assert all(cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for row in costs.rows for cell in row.cells[1:])
    assert costs.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    assert all(run.bold for cell in costs.rows[0].cells for run in cell.paragraphs[0].runs)
    actions = next(t for t in document.tables if header_cells(t)[:2] == ["Ref", "Action"])
    assert repeats_header(actions) and len(actions.rows) == 1 + m.ImplementationAction.objects.filter(case=demo).count()
    with_header = [t for t in document.tables if repeats_header(t)]
    assert len(with_header) >= 8
    assert "■" in {cell.text for t in with_header for row in t.rows for cell in row.cells}, "the table of years stays"
    # Headings come after the contents: Word's TOC has something to list.
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert list(body).index(headings[0]._p) > list(body).index(toc._p)


@pytest.mark.django_db
def test_a_french_docx_says_page_x_sur_y_and_its_charts_write_french_figures(demo):
    case = french(demo)
    report = build_report(case)
    with translation.override("fr"):
        labels = page_counter_labels()
    assert labels["before"] == "Page" and labels["between"] == "sur", labels
    document = Document(io.BytesIO(render_docx(report)))
    footer = document.sections[0].footer._element
    assert text_of(footer) == f"{labels['before']} 1 {labels['between']} 1", "placeholders until Word counts"
    assert instructions(footer) == ["PAGE", "NUMPAGES"]

    budget = next(c for s in report.sections if s.key == "budget" for c in s.contributions
                  if c.template == "implementation/report/budget_chart.html")
    ticks = [tick.text for tick in budget.data["chart"].ticks]
    assert f"1{NNBSP}000{NNBSP}000" in ticks, "French groups thousands with a narrow no-break space"
    assert all("," not in text for text in ticks)
    totals = [column.total_text for column in budget.data["chart"].columns]
    assert totals[0] == f"2{NNBSP}578{NNBSP}298\u00a0USD"
    html = html_for_pdf(report)
    assert f">5{NNBSP}000{NNBSP}000</text>" in html, "the PDF's axis"
    indicators = next(c for s in report.sections if s.key == "monitoring" for c in s.contributions
                      if c.template == "implementation/report/indicators_chart.html")
    panel = next(p for chart in indicators.data["charts"] for p in chart.panels if p.full_title.startswith("Gold"))
    assert panel.readings[0].text == "0,5" and panel.readings[0].when == "31 déc. 2026"

    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book["Budget"]["B2"].number_format == '#,##0 "USD"', "the code after the figure, as French writes it"
    assert book["Valeurs relevées"]["C2"].number_format == "dd/mm/yyyy", "sheet names in the report language"


@pytest.mark.django_db
def test_demo_xlsx_has_numbers_with_formats_money_frozen_filtered_headers_and_the_recorded_values(demo):
    book = load_workbook(io.BytesIO(render_xlsx(build_report(demo))))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        numbers = [cell for row in sheet.iter_rows(min_row=2) for cell in row
                   if isinstance(cell.value, int | float | Decimal)]
        assert numbers, sheet.title
        assert all(cell.number_format != "General" for cell in numbers), sheet.title
        widths = [sheet.column_dimensions[letter].width for letter in sheet.column_dimensions]
        assert all(8 <= width <= 60 for width in widths), (sheet.title, widths)

    plan = book["Action plan"]
    headers = [cell.value for cell in plan[1]]
    cost = headers.index("Cost") + 1
    costs = [row[cost - 1] for row in plan.iter_rows(min_row=2)]
    assert all(isinstance(cell.value, int | float) for cell in costs)
    assert {cell.number_format for cell in costs} == {'"USD" #,##0'}
    start = plan.cell(row=2, column=headers.index("Start year") + 1)
    assert isinstance(start.value, int) and start.number_format == "0", "years without a thousands separator"
    assert plan.column_dimensions["C"].width > plan.column_dimensions["A"].width, "fitted to the content"

    budget = book["Budget"]
    assert [cell.value for cell in budget[1]] == ["Year", "Government", "Partners", "Other", "Not funded yet",
                                                  "Total"], "the same columns as the report's budget table"
    rows = list(budget.iter_rows(min_row=2))
    assert all(isinstance(c.value, int | float) and c.number_format == '"USD" #,##0' for row in rows for c in row[1:])
    assert rows[-1][0].value == "Total" and rows[-1][0].font.bold
    assert budget.auto_filter.ref == f"A1:F{budget.max_row - 1}", "the totals row stays out of the filter"
    assert sum(row[-1].value for row in rows[:-1]) == pytest.approx(rows[-1][-1].value)

    objectives = book["Indicators"]
    target_date = [cell.value for cell in objectives[1]].index("Target date")
    assert objectives.cell(row=2, column=target_date + 1).is_date

    indicators = book["Monitoring indicators"]
    names = [row[0].value for row in indicators.iter_rows(min_row=2)]
    assert names == list(m.Indicator.objects.filter(case=demo).order_by("pk").values_list("name", flat=True))
    latest = dict((row[0].value, row[5]) for row in indicators.iter_rows(min_row=2))
    licensed = m.MonitoringRecord.objects.filter(case=demo, value=610).get().indicator.name
    assert latest[licensed].value == 610 and latest[licensed].number_format == "#,##0"

    recorded = book["Recorded values"]
    assert [cell.value for cell in recorded[1]][:4] == ["Indicator", "Unit", "End of the period", "Value"]
    readings = [(row[0].value, row[2].value.date() if isinstance(row[2].value, datetime) else row[2].value,
                 row[3].value) for row in recorded.iter_rows(min_row=2)]
    expected = [(r.indicator.name, r.period_end, float(r.value))
                for r in m.MonitoringRecord.objects.filter(case=demo).select_related("indicator")]
    assert sorted(readings) == sorted(expected) and len(readings) >= 2
    assert all(row[2].is_date and row[2].number_format == "m/d/yyyy" for row in recorded.iter_rows(min_row=2))
    assert {row[4].value for row in recorded.iter_rows(min_row=2)} >= {"MMG permit register"}


# --- the pieces, from plain values -----------------------------------------------------------------------------


def test_old_two_tuples_and_sheets_with_formats_both_write_numbers():
    book = Workbook()
    old, new = book.active, book.create_sheet("new")
    write_sheet(old, (["Year", "Amount", "Share", "When", "Note"],
                      [[2027, Decimal("1500000"), Decimal("0.25"), date(2027, 3, 31), 12]]),
                money='"EUR" #,##0', day="yyyy-mm-dd")
    assert [c.number_format for c in old[2]] == ["0", "#,##0", "#,##0.00", "yyyy-mm-dd", "#,##0"]
    assert isinstance(old["B2"].value, int | float | Decimal) and old.auto_filter.ref == "A1:E2"
    write_sheet(new, Sheet(["Year", "Cost", "Label"], [[2027, Decimal("1500000.40"), "x"]],
                           formats=["year", "money"], footer=["Total", Decimal("1500000.40"), ""]),
                money='"EUR" #,##0', day="yyyy-mm-dd")
    assert new["B2"].number_format == new["B3"].number_format == '"EUR" #,##0'
    assert new["A3"].value == "Total" and new["A3"].font.bold and new.auto_filter.ref == "A1:C2"


def test_money_and_date_formats_follow_the_report_language():
    with translation.override("en"):
        assert money_format("eur") == '"EUR" #,##0' and date_format() == "m/d/yyyy"
    with translation.override("fr"):
        assert money_format("LMD") == '#,##0 "LMD"' and date_format() == "dd/mm/yyyy"
    with translation.override("es"):
        assert money_format('US"D') == '#,##0 "USD"' and date_format() == "d/m/yyyy"
    assert money_format("") == "#,##0"


def test_an_svg_partial_becomes_a_standalone_svg_and_a_png():
    markup = ('\n<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" viewBox="0 0 300 120">'
              '<rect x="0" y="0" width="300" height="120" fill="#00703c"/></svg>\n')
    document = svg_document(markup)
    assert document.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg width="300" height="120"')
    assert b'width="100%"' not in document
    png, width, height = svg_to_png(markup)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (300, 120)
    assert int.from_bytes(png[16:20], "big") == 600, "two pixels per SVG unit"

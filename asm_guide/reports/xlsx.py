"""The plan as a spreadsheet (openpyxl): action plan, budget and indicators, one sheet each, then
any other sheet the parts fill (Part 3's monitoring indicators and their recorded values).
Parts fill ``PartReport.sheets``; a sheet no part has filled says "Not yet completed".

Numbers stay numbers and dates stay dates, with number formats: money in the case's currency
(``#,##0 "EUR"``, the code on the side the report language puts it), whole numbers, decimals, years
without a thousands separator, dates in the report language's short order. Each sheet has its
header row frozen, a filter on it, and columns as wide as their content (within bounds)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asm_guide import l10n

from .context import SHEETS, Report

# Sheets after the SHEETS every plan has: their keys in ``PartReport.sheets`` and their names.
EXTRA_SHEETS = {
    "Monitoring indicators": gettext_lazy("Monitoring indicators"),
    "Recorded values": gettext_lazy("Recorded values"),
}
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
YEAR = "0"
MIN_WIDTH, MAX_WIDTH = 8, 60
INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")


def money_format(currency: str) -> str:
    """An Excel number format for whole amounts of ``currency``, the code before or after the
    figure as the active language writes it ("USD 1,200" in English, "1 200 USD" in French);
    Excel itself shows the reader's own separators."""
    code = re.sub(r"[^A-Za-z0-9]", "", currency or "").upper()
    if not code:
        return INTEGER
    pattern = l10n.babel_locale(l10n.language()).currency_formats["standard"].pattern
    return f'"{code}" {INTEGER}' if pattern.lstrip().startswith("¤") else f'{INTEGER} "{code}"'


def date_format() -> str:
    """The report language's short date order with a four-digit year: ``m/d/yyyy`` in English,
    ``dd/mm/yyyy`` in French, ``d/m/yyyy`` in Spanish."""
    pattern = l10n.babel_locale(l10n.language()).date_formats["short"].pattern
    fields = re.findall(r"y+|M+|d+", pattern)
    if sorted(field[0] for field in fields) != ["M", "d", "y"]:
        return "yyyy-mm-dd"
    separator = next((char for char in pattern if char not in "yMd' "), "/")
    parts = {"y": "yyyy", "M": "mm" if any(f == "MM" for f in fields) else "m",
             "d": "dd" if any(f == "dd" for f in fields) else "d"}
    return separator.join(parts[field[0]] for field in fields)


def number_format(kind: str, value, *, money: str, day: str) -> str | None:
    """The format of a cell holding ``value`` in a column of ``kind`` (None: leave it General)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, date | datetime):
        return day
    if kind == "money":
        return money
    if kind == "year":
        return YEAR
    if kind == "integer":
        return INTEGER
    if kind == "decimal":
        return INTEGER if value == int(value) else DECIMAL
    if isinstance(value, int):  # not declared: a year or a count
        return YEAR if 1900 <= value <= 2200 else INTEGER
    return INTEGER if value == int(value) else DECIMAL


def cell_value(value):
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return value
    return str(value)


def _text_length(value, shown_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, date | datetime):
        return 10
    if isinstance(value, int | float | Decimal):
        digits = len(f"{abs(value):,.2f}" if shown_format == DECIMAL else f"{abs(value):,.0f}")
        return digits + (len(shown_format) - len(INTEGER) if shown_format and '"' in shown_format else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_sheet(sheet, found, *, money: str, day: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    headers, rows, *rest = found
    formats = list(rest[0]) if rest and rest[0] else []
    footer = rest[1] if len(rest) > 1 else None
    kinds = formats + [""] * (len(headers) - len(formats))
    widths = [len(str(header)) + 2 for header in headers]
    bold = Font(bold=True)
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)

    def add(values, *, is_footer: bool = False) -> None:
        sheet.append([cell_value(value) for value in values])
        for index, cell in enumerate(sheet[sheet.max_row]):
            kind = kinds[index] if index < len(kinds) else ""
            shown = number_format(kind, cell.value, money=money, day=day)
            if shown:
                cell.number_format = shown
            if is_footer:
                cell.font = bold
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if index < len(widths):
                widths[index] = max(widths[index], _text_length(cell.value, shown) + 2)

    for row in rows:
        add(row)
    last_data_row = sheet.max_row
    if footer:
        add(footer, is_footer=True)
    last_column = get_column_letter(len(headers))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{last_data_row}"
    for index, width in enumerate(widths, start=1):
        # A little room for the filter button; long texts wrap instead of widening the column.
        sheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))


def sheet_title(label) -> str:
    return INVALID_TITLE.sub(" ", str(label))[:31]


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(report.language or settings.LANGUAGE_CODE):
        book = Workbook()
        book.remove(book.active)
        book.properties.title = f"{report.country}: {report.title}"
        book.properties.creator = "ASM Strategy Builder"
        book.properties.language = report.language
        labels = {**dict(SHEETS), **EXTRA_SHEETS}
        names = [key for key, _label in SHEETS] + [key for key in report.sheets if key not in dict(SHEETS)]
        money, day = money_format(report.case.currency), date_format()
        for key in names:
            sheet = book.create_sheet(sheet_title(labels.get(key, key)))
            found = report.sheets.get(key)
            if not found or not (found[1] or (len(found) > 3 and found[3])):
                sheet["A1"] = _("Not yet completed")
                sheet["A1"].font = Font(bold=True)
                continue
            write_sheet(sheet, found, money=money, day=day)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

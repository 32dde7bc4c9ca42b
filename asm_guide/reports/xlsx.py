"""The plan as a spreadsheet (openpyxl): action plan, budget and indicators, one sheet each.
Parts fill ``PartReport.sheets``; a sheet no part has filled says "Not yet completed"."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .context import SHEETS, Report


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    with translation.override(report.language or settings.LANGUAGE_CODE):
        book = Workbook()
        book.remove(book.active)
        book.properties.title = f"{report.country}: {report.title}"
        book.properties.creator = "ASM Strategy Builder"
        names = [key for key, _label in SHEETS] + [key for key in report.sheets if key not in dict(SHEETS)]
        labels = dict(SHEETS)
        for key in names:
            sheet = book.create_sheet(str(labels.get(key, key))[:31])
            found = report.sheets.get(key)
            if not found or not found[1]:
                sheet["A1"] = _("Not yet completed")
                sheet["A1"].font = Font(bold=True)
                continue
            headers, rows = found
            sheet.append([str(h) for h in headers])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append([value if isinstance(value, int | float | Decimal | date) or value is None
                              else str(value) for value in row])
            sheet.freeze_panes = "A2"
            for index, header in enumerate(headers, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = max(12, min(50, len(str(header)) + 4))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

"""The strategy report as a Word document (python-docx): the same sections as the PDF, with real
Word headings (Heading 1–3, so Word's navigation pane and table of contents work) and tables,
so a ministry can keep editing offline."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from asm_guide import l10n

from .context import Report

LEVELS = {3: 2, 4: 3}  # block heading level -> Word heading level (chapters are Heading 1)


class Writer:
    """What a part's DOCX hook receives: a python-docx ``Document`` and a few helpers."""

    def __init__(self, document):
        self.document = document

    def heading(self, text: str, level: int = 2):
        return self.document.add_heading(str(text), level=level)

    def paragraph(self, text: str, style: str | None = None):
        return self.document.add_paragraph(str(text), style=style)

    def facts(self, items):
        rows = [(str(label), str(value)) for label, value in items if value not in (None, "")]
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
        return table

    def table(self, headers, rows, caption: str = "", footer=None):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if caption:
            self.document.add_paragraph(str(caption), style="Caption")
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        header = table.rows[0]
        # Repeat the header row on every page, like the PDF.
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        for cell, text in zip(header.cells, headers, strict=True):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in [*rows, *([footer] if footer else [])]:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)
        return table

    def blocks(self, blocks) -> None:
        for block in blocks:
            if block.kind == "heading":
                self.heading(block.text, LEVELS.get(block.level, 3))
            elif block.kind == "paragraph":
                self.paragraph(block.text)
            elif block.kind == "note":
                self.paragraph(block.text, style="Intense Quote")
            elif block.kind == "list":
                for item in block.items:
                    self.paragraph(item, style="List Bullet")
            elif block.kind == "facts":
                if block.items:
                    self.facts(block.items)
                if block.missing:
                    self.paragraph(block.missing_line)
            elif block.kind == "table":
                self.table(block.headers, block.rows, block.caption, block.footer)


def render_docx(report: Report) -> bytes:
    from docx import Document

    with translation.override(report.language or settings.LANGUAGE_CODE):
        document = Document()
        properties = document.core_properties
        properties.title = f"{report.country}: {report.title}"
        properties.author = report.case.lead_ministry
        properties.language = report.language
        properties.subject = _("Artisanal and small-scale mining management strategy")
        properties.version = str(report.version)
        writer = Writer(document)
        document.add_paragraph(report.country, style="Subtitle")
        document.add_heading(report.title, level=0)
        writer.facts([(_("Lead ministry"), report.case.lead_ministry), (_("Version"), str(report.version)),
                      (_("Date"), l10n.date(report.date, style="long")), (_("Status"), report.status_label)])
        if report.approval is not None:
            approval = report.approval
            writer.heading(_("Approval"), 2)
            writer.facts([(_("Approved by"), approval.name), (_("Role in the case"), approval.role),
                          (_("Date of approval"), l10n.date(approval.date, style="long")),
                          (_("Version"), str(approval.version)), (_("Revision"), str(approval.revision or ""))])
        if report.is_draft:
            document.add_paragraph(_("DRAFT: not approved. Do not cite."), style="Intense Quote")
        if report.is_fictional:
            document.add_paragraph(_("Fictional demonstration case: the country, names and figures are invented "
                                     "and describe no real place."), style="Intense Quote")
        document.add_page_break()
        for section in report.sections:
            writer.heading(section.heading, 1)
            if not section.completed:
                writer.paragraph(_("Not yet completed"), style="Intense Quote")
            for contribution in section.contributions:
                if contribution.docx is not None:
                    contribution.docx(writer, contribution.data)
                else:
                    writer.blocks(contribution.blocks)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

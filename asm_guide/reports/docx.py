"""The strategy report as a Word document (python-docx): the same sections as the PDF, with real
Word headings (Heading 1–3, so Word's navigation pane and table of contents work), a table of
contents field, a running header, "Page X of Y" in the footer, the timeline and charts as pictures
(the same SVG as the PDF, converted with CairoSVG) and real tables, so a ministry can keep editing
offline."""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from asm_guide import l10n

from .context import Report

LEVELS = {3: 2, 4: 3}  # block heading level -> Word heading level (chapters are Heading 1)
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
PICTURE_WIDTH_CM = 16.0
PICTURE_MAX_HEIGHT_CM = 22.0  # a picture must fit on an A4 page under a caption
PNG_SCALE = 2  # PNG pixels per SVG unit: a 680-unit chart is 1360 px, about 215 dpi at 16 cm


def _run_with(paragraph, tag: str, **attributes):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    run._r.append(element)
    return run, element


def add_field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (``fldChar`` begin, ``instrText``, separate, the shown result, end): Word
    and LibreOffice compute it (PAGE, NUMPAGES, TOC) and show ``placeholder`` until then."""
    _run_with(paragraph, "w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"})
    _run, text = _run_with(paragraph, "w:instrText")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f" {instruction} "
    _run_with(paragraph, "w:fldChar", **{"w:fldCharType": "separate"})
    if placeholder:
        paragraph.add_run(placeholder)
    _run_with(paragraph, "w:fldChar", **{"w:fldCharType": "end"})


def svg_document(markup: str) -> bytes:
    """A rendered SVG partial as a standalone SVG file: an XML declaration, the SVG namespace and
    a width and height from its ``viewBox`` (the page gives ``width="100%"``)."""
    markup = markup.strip()
    start = markup.index("<svg")
    end = markup.rindex("</svg>") + len("</svg>")
    markup = markup[start:end]
    opening = markup[:markup.index(">") + 1]
    box = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"', opening)
    tag = opening
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    if box:
        tag = tag.replace("<svg", f'<svg width="{box[1]}" height="{box[2]}"', 1)
    if "xmlns=" not in tag:
        tag = tag.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + tag + markup[len(opening):]).encode("utf-8")


def svg_to_png(markup: str) -> tuple[bytes, float, float]:
    """The PNG of an SVG partial and the SVG's width and height in user units."""
    import cairosvg

    document = svg_document(markup)
    size = re.search(rb'<svg width="([\d.]+)" height="([\d.]+)"', document)
    width, height = (float(size[1]), float(size[2])) if size else (680.0, 400.0)
    png = cairosvg.svg2png(bytestring=document, output_width=round(width * PNG_SCALE),
                           output_height=round(height * PNG_SCALE))
    return png, width, height


class Writer:
    """What a part's DOCX hook receives: a python-docx ``Document`` and a few helpers."""

    def __init__(self, document):
        self.document = document
        self.pictures = 0

    def heading(self, text: str, level: int = 2):
        return self.document.add_heading(str(text), level=level)

    def paragraph(self, text: str, style: str | None = None):
        return self.document.add_paragraph(str(text), style=style)

    def caption(self, text: str):
        return self.document.add_paragraph(str(text), style="Caption")

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

    def table(self, headers, rows, caption: str = "", footer=None, numeric=()):
        """A Word table whose first row is a header row repeated on every page; the columns in
        ``numeric`` (indexes) are aligned right, the ``footer`` row (totals) is bold."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if caption:
            self.caption(caption)
        numeric = set(numeric or ())
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header = table.rows[0]
        # Repeat the header row on every page, like the PDF, and keep it whole.
        properties = header._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), "true")
            properties.append(element)

        def fill(cells, values, *, bold: bool = False):
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.text = "" if value is None else str(value)
                paragraph = cell.paragraphs[0]
                if index in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if bold:
                    for run in paragraph.runs:
                        run.bold = True

        fill(header.cells, headers, bold=True)
        for row in rows:
            fill(table.add_row().cells, row)
        if footer:
            fill(table.add_row().cells, footer, bold=True)
        return table

    def picture(self, png: bytes, description: str, *, width_cm: float = PICTURE_WIDTH_CM, title: str = ""):
        """A picture on a paragraph of its own, with ``description`` as its alternative text."""
        from docx.shared import Cm

        self.pictures += 1
        shape = self.document.add_picture(io.BytesIO(png), width=Cm(width_cm))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", str(description))
        doc_pr.set("title", str(title or description)[:250])
        return shape

    def svg(self, markup: str, description: str, *, width_cm: float = PICTURE_WIDTH_CM, title: str = ""):
        """The picture of an SVG partial (a rendered template holding one ``<svg>``), about
        ``width_cm`` wide, narrower when it would be taller than a page."""
        png, width, height = svg_to_png(markup)
        width_cm = min(width_cm, PICTURE_MAX_HEIGHT_CM * width / height) if height else width_cm
        return self.picture(png, description, width_cm=width_cm, title=title)

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
                self.table(block.headers, block.rows, block.caption, block.footer, numeric=block.numeric)


def page_setup(document) -> None:
    """A4 like the PDF, with margins that leave 17 cm for the text (pictures are 16 cm)."""
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.2)


def running_header_and_footer(document, report: Report) -> None:
    """Every page but the cover: "Country · Title" at the top, "Page X of Y" at the bottom (the
    words of ``pdf.page_counter_labels`` around Word's PAGE and NUMPAGES fields)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from .pdf import page_counter_labels

    labels = page_counter_labels()
    grey = RGBColor(0x48, 0x49, 0x49)
    for section in document.sections:
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = f"{report.country} · {report.title}"
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pieces = [("text", labels["before"]), ("field", "PAGE"), ("text", labels["between"]),
                  ("field", "NUMPAGES"), ("text", labels["after"])]
        pieces = [(kind, value) for kind, value in pieces if value]
        for index, (kind, value) in enumerate(pieces):
            if kind == "text":
                footer.add_run(("" if index == 0 else " ") + value + ("" if index == len(pieces) - 1 else " "))
            else:
                add_field(footer, value, "1")
        for paragraph in (header, footer):
            for run in paragraph.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = grey


def table_of_contents(document) -> None:
    """A real Word TOC field over Heading 1–3, with a line saying how to fill it, and
    ``w:updateFields`` in the settings so that Word offers to update it on opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(_("Contents"), style="TOC Heading")
    add_field(document.add_paragraph(), TOC_INSTRUCTION,
              _("The table of contents appears when the fields are updated: accept Word's offer to update them "
                "when opening the document, or right-click here and choose Update Field (F9)."))
    settings_element = document.settings.element
    if settings_element.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        # CT_Settings is an ordered sequence: updateFields comes just before hdrShapeDefaults,
        # footnotePr, endnotePr and compat.
        following = next((settings_element.find(qn(tag)) for tag in ("w:hdrShapeDefaults", "w:footnotePr",
                                                                       "w:endnotePr", "w:compat", "w:docVars",
                                                                       "w:rsids")
                          if settings_element.find(qn(tag)) is not None), None)
        if following is not None:
            following.addprevious(update)
        else:
            settings_element.append(update)


def render_docx(report: Report) -> bytes:
    from docx import Document

    with translation.override(report.language or settings.LANGUAGE_CODE):
        document = Document()
        page_setup(document)
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
        table_of_contents(document)
        document.add_page_break()
        running_header_and_footer(document, report)
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

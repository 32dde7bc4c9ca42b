"""The strategy report as a PDF (WeasyPrint), and the estimate that decides whether a request
renders it at once or hands it to the background worker.

Fonts come from the machine (fontconfig: DejaVu, Noto). The only resources WeasyPrint may load
are our own static files, read from disk (``asm_guide.guide.pdf``'s fetcher): every other URL
(network, file system) is refused. The print stylesheet is block and table based (no flex).
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from asm_guide.guide.pdf import PDF_BASE_URL, _fetcher_class

from .context import Report

# Measured with ``make bench`` on the 2-core machine (see README): fixed cost plus cost per table
# row and per other block. Deliberately a little pessimistic.
BASE_SECONDS = 0.6
SECONDS_PER_ROW = 0.006
SECONDS_PER_BLOCK = 0.004


def page_counter_labels() -> dict[str, str]:
    """The running footer ("Page 3 of 38") in the active language, as the text before, between
    and after the two counters. The PDF template sets them as CSS strings (``string-set``) that
    report-print.css places, with a space between pieces, around ``counter(page)`` and
    ``counter(pages)`` (WeasyPrint strips a string's edge spaces, so the CSS supplies them)."""
    text = str(_("Page {page} of {pages}"))
    if not re.fullmatch(r"[^{}]*\{page\}[^{}]*\{pages\}[^{}]*", text):
        text = "{page} / {pages}"
    before, rest = text.split("{page}", 1)
    between, after = rest.split("{pages}", 1)
    return {"before": before.strip(), "between": between.strip(), "after": after.strip()}


def html_for_pdf(report: Report) -> str:
    with translation.override(report.language or settings.LANGUAGE_CODE):
        return render_to_string("reports/pdf.html", {
            "report": report, "case": report.case, "page_counter": page_counter_labels(),
        })


def write_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher_class()())
    # Tagged PDF (structure tree) where WeasyPrint supports it: ``pdf_tags``.
    return document.write_pdf(font_config=fonts, pdf_tags=True)


def render_pdf(report: Report) -> tuple[bytes, float]:
    started = time.perf_counter()
    pdf = write_pdf(html_for_pdf(report))
    return pdf, time.perf_counter() - started


def size_of(report: Report) -> tuple[int, int]:
    rows = blocks = 0
    for section in report.sections:
        for contribution in section.contributions:
            for block in contribution.blocks:
                blocks += 1
                rows += len(getattr(block, "rows", ()) or ()) + len(getattr(block, "items", ()) or ())
    return rows, blocks


def estimate_seconds(report: Report) -> float:
    rows, blocks = size_of(report)
    return BASE_SECONDS + rows * SECONDS_PER_ROW + blocks * SECONDS_PER_BLOCK


def renders_in_background(report: Report) -> bool:
    return estimate_seconds(report) > settings.ASM_REPORT_BACKGROUND_SECONDS

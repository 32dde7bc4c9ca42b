"""Rendered files per case version: served from the cache, rendered at once when small, or queued
for the background worker when large (``python manage.py db_worker``)."""

from __future__ import annotations

import logging
import time

from django.db import IntegrityError, transaction

from .context import Report, build_report
from .models import RenderedFile, RenderStatus
from .pdf import render_pdf, renders_in_background

log = logging.getLogger(__name__)
KIND_PDF = "pdf"


def store(report: Report, pdf: bytes, seconds: float) -> RenderedFile:
    """Keep ``pdf`` as the file of this version; older files of the case are dropped."""
    with transaction.atomic():
        RenderedFile.objects.filter(case=report.case, kind=KIND_PDF).exclude(key=report.cache_key).delete()
        row, _created = RenderedFile.objects.update_or_create(
            case=report.case, kind=KIND_PDF, key=report.cache_key,
            defaults={"status": RenderStatus.READY, "content": pdf, "seconds": seconds, "error": ""})
    return row


def pdf_for(report: Report, *, retry: bool = False, now: bool = False) -> RenderedFile:
    """The PDF row of ``report``'s version: ready (rendered now if small or ``now``), or queued/running."""
    row = RenderedFile.objects.filter(case=report.case, kind=KIND_PDF, key=report.cache_key).first()
    if row is not None and row.status == RenderStatus.FAILED and retry:
        row.delete()
        row = None
    if row is not None:
        return row
    if now or not renders_in_background(report):
        pdf, seconds = render_pdf(report)
        return store(report, pdf, seconds)
    try:
        with transaction.atomic():
            row = RenderedFile.objects.create(case=report.case, kind=KIND_PDF, key=report.cache_key)
    except IntegrityError:  # another request queued it a moment ago
        return RenderedFile.objects.defer("content").get(case=report.case, kind=KIND_PDF, key=report.cache_key)
    from .tasks import render_report_pdf

    render_report_pdf.enqueue(row.pk)
    row.refresh_from_db(fields=["status"])
    return row


def run_render(row_id: int) -> None:
    """The worker's side: render the queued row (whatever the case holds now) and store it."""
    row = RenderedFile.objects.select_related("case").defer("content").filter(pk=row_id).first()
    if row is None or row.status == RenderStatus.READY:
        return
    RenderedFile.objects.filter(pk=row.pk).update(status=RenderStatus.RUNNING)
    try:
        report = build_report(row.case)
        started = time.perf_counter()
        pdf, _seconds = render_pdf(report)
        seconds = time.perf_counter() - started
    except Exception as error:
        log.exception("Rendering the report of case %s failed", row.case_id)
        RenderedFile.objects.filter(pk=row.pk).update(status=RenderStatus.FAILED, error=str(error)[:2000])
        raise
    if report.cache_key != row.key:
        # The case changed while queued: the file belongs to the version it was rendered from.
        RenderedFile.objects.filter(pk=row.pk).delete()
    store(report, pdf, seconds)

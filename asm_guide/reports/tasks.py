"""Background jobs (django-tasks, database backend; worker: ``python manage.py db_worker``)."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def render_report_pdf(row_id: int) -> None:
    from .render import run_render

    run_render(row_id)


@task()
def keep_revision_pdf(revision_id: int) -> None:
    """Render the approved revision's PDF (from the case as approved) and keep it with the revision."""
    from asm_guide.review.models import Revision, RevisionFile

    from .context import build_report
    from .pdf import render_pdf

    revision = Revision.objects.select_related("case").get(pk=revision_id)
    if RevisionFile.objects.filter(revision=revision, kind="pdf").exists():
        return
    from asm_guide.cases.models import CaseStatus
    from asm_guide.review.workflow import draft_version

    if revision.case.status != CaseStatus.APPROVED or draft_version(revision.case) != revision.version:
        log.warning("Case %s moved on before revision %s was rendered; no PDF kept", revision.case_id, revision.pk)
        return
    pdf, _seconds = render_pdf(build_report(revision.case))
    name = f"{revision.case.iso3 or 'case'}-{revision.case_id}-revision-{revision.number}.pdf"
    RevisionFile.objects.create(revision=revision, kind="pdf", file=ContentFile(pdf, name=name),
                                sha256=hashlib.sha256(pdf).hexdigest())


def keep_approved_pdf(revision) -> None:
    """``settings.ASM_REVISION_HOOKS`` entry: queue the PDF of each approved revision."""
    from asm_guide.review.models import RevisionKind

    if revision.kind != RevisionKind.APPROVED:
        return
    keep_revision_pdf.enqueue(revision.pk)

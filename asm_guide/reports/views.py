"""Report pages and downloads of one case (members only, like every case URL), and the public
PDF of the fictional demo case for the guide's start page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView, View

from asm_guide import casefile
from asm_guide.cases.models import StrategyCase
from asm_guide.cases.permissions import CaseMemberRequiredMixin

from .context import attach_open_comments, build_report, download_name
from .docx import render_docx
from .models import RenderStatus
from .render import pdf_for
from .xlsx import render_xlsx

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DEMO_COUNTRY = "Republic of Lumeria"
DEMO_OWNER = "demo-owner"


def filename(case: StrategyCase, suffix: str, *, revision=None) -> str:
    """The download name of one of ``case``'s files (``download_name``), in its report language;
    ``revision`` (a ``Revision``) names a frozen revision's file by its own version and number."""
    with translation.override(case.report_language or settings.LANGUAGE_CODE):
        if revision is not None:
            return download_name(case, suffix, revision=revision.number, version=revision.version)
        return download_name(case, suffix)


def download(content: bytes, content_type: str, name: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PreviewView(CaseMemberRequiredMixin, TemplateView):
    template_name = "reports/preview.html"

    def get_context_data(self, **kwargs):
        report = build_report(self.case)
        attach_open_comments(report)
        return super().get_context_data(report=report, **kwargs)


def pdf_response(request, case: StrategyCase, *, public: bool = False):
    report = build_report(case)
    row = pdf_for(report, retry=request.GET.get("retry") == "1", now=public)
    if row.status == RenderStatus.READY:
        content = row.content
        if content is None:  # rendered just now by this request: the row was read before
            content = type(row).objects.values_list("content", flat=True).get(pk=row.pk)
        return download(bytes(content), PDF, report_filename(report, "pdf"), inline=True)
    return render(request, "reports/pending.html", {
        "case": case, "failed": row.status == RenderStatus.FAILED, "status_label": row.get_status_display(),
    }, status=200)


class PdfView(CaseMemberRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        revision = request.GET.get("revision")
        if revision:
            return revision_pdf(self.case, revision)
        return pdf_response(request, self.case)


def revision_pdf(case: StrategyCase, number: str):
    from asm_guide.review.models import RevisionFile

    try:
        kept = RevisionFile.objects.select_related("revision").get(
            revision__case=case, revision__number=int(number), kind="pdf")
    except (RevisionFile.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    with kept.file.open("rb") as handle:
        return download(handle.read(), PDF, filename(case, "pdf", revision=kept.revision))


def report_filename(report, suffix: str) -> str:
    with translation.override(report.language or settings.LANGUAGE_CODE):
        return download_name(report, suffix)


class DocxView(CaseMemberRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        report = build_report(self.case)
        return download(render_docx(report), DOCX, report_filename(report, "docx"))


class XlsxView(CaseMemberRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        report = build_report(self.case)
        return download(render_xlsx(report), XLSX, report_filename(report, "xlsx"))


class JsonView(CaseMemberRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        document = casefile.export_case(self.case, members=request.GET.get("members") == "1")
        return download(casefile.dumps(document).encode(), "application/json", filename(self.case, "json"))


def demo_case() -> StrategyCase | None:
    """The fictional demo case made by ``load_demo`` (never any other case)."""
    owner = get_user_model().objects.filter(username=DEMO_OWNER).first()
    if owner is None:
        return None
    return (StrategyCase.objects.filter(is_fictional=True, country_name=DEMO_COUNTRY, created_by=owner)
            .order_by("pk").first())


@require_GET
def example_pdf(request):
    """The demo country's example strategy, public: linked from the guide's start page."""
    case = demo_case()
    if case is None:
        # The start page links here whenever the setting names this URL: explain rather than fail.
        return render(request, "reports/example_unavailable.html")
    return pdf_response(request, case, public=True)

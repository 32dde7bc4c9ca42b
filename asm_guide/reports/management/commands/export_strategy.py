"""Write one case's report to a file: ``export_strategy CASE_ID --format pdf|docx|xlsx|html|json -o FILE``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from asm_guide import casefile
from asm_guide.cases.models import StrategyCase
from asm_guide.reports.context import build_report
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import html_for_pdf, render_pdf
from asm_guide.reports.xlsx import render_xlsx

FORMATS = ("pdf", "docx", "xlsx", "html", "json")


class Command(BaseCommand):
    help = "Export a case's strategy report (pdf, docx, xlsx, html) or the whole case (json) to a file."

    def add_arguments(self, parser):
        parser.add_argument("case_id", type=int)
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("-o", "--output", required=True, help="File to write ('-' for standard output).")
        parser.add_argument("--members", action="store_true", help="JSON: include the members (usernames, roles).")

    def handle(self, *args, case_id, format, output, members, **options):
        case = StrategyCase.objects.filter(pk=case_id).first()
        if case is None:
            raise CommandError(f"No case with id {case_id}.")
        if format == "json":
            data = casefile.dumps(casefile.export_case(case, members=members)).encode()
        else:
            report = build_report(case)
            if format == "pdf":
                data, _seconds = render_pdf(report)
            elif format == "docx":
                data = render_docx(report)
            elif format == "xlsx":
                data = render_xlsx(report)
            else:
                data = html_for_pdf(report).encode()
        if output == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(data.decode())
            return
        Path(output).write_bytes(data)
        self.stderr.write(f"Wrote {output} ({len(data):,} bytes).")



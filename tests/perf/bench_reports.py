"""Report benchmark (``make bench``; not part of ``make test``): PDF time and peak memory for the demo
case and generated cases up to the large one, against bare WeasyPrint on the same HTML.

Figures: wall time of our whole pipeline (build the report object from the database, render the
template, WeasyPrint with our URL fetcher and tagging) and of bare WeasyPrint (the same HTML string,
the same options, the stylesheet from a file URL); peak Python memory (tracemalloc) of our pipeline.
Targets (issue #6): our overhead <= 10 % over bare WeasyPrint; the large case under 10 s on the
2-core machine; time linear in size.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from asm_guide.cases.models import StrategyCase
from asm_guide.reports.context import build_report
from asm_guide.reports.pdf import estimate_seconds, html_for_pdf, write_pdf
from tests.factories import CaseFactory
from tests.perf.reports_large_case import Size, fill

pytestmark = pytest.mark.django_db
REPEAT = 4  # interleaved runs of ours and bare; the best of each (WeasyPrint varies by ±15 % run to run)
STATIC = Path(settings.BASE_DIR) / "static"


def ours(case_id: int) -> tuple[bytes, str]:
    case = StrategyCase.objects.get(pk=case_id)
    report = build_report(case)
    html = html_for_pdf(report)
    return write_pdf(html), html


def bare(html: str) -> bytes:
    from weasyprint import HTML

    html = html.replace("https://asm-guide.invalid/static/", STATIC.as_uri() + "/").replace(
        'href="/static/', f'href="{STATIC.as_uri()}/')
    return HTML(string=html, base_url=STATIC.as_uri() + "/").write_pdf(pdf_tags=True)


def best(fn, *args, repeat: int = REPEAT) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - started)
    return min(times), result


def peak_mb(fn, *args) -> float:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def pages_of(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_report_pdf_benchmark(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    cases = [("demo", StrategyCase.objects.get(is_fictional=True).pk)]
    for label, factor in (("large x0.25", 0.25), ("large x0.5", 0.5), ("large (20 subtypes)", 1.0)):
        case = CaseFactory()
        fill(case, Size().scaled(factor))
        cases.append((label, case.pk))

    rows = []
    for label, case_id in cases:
        ours_times, bare_times = [], []
        for _ in range(REPEAT):  # interleaved, so that a slow moment of the machine hits both alike
            run_s, (pdf, html) = best(ours, case_id, repeat=1)
            ours_times.append(run_s)
            bare_times.append(best(bare, html, repeat=1)[0])
        ours_s, bare_s = min(ours_times), min(bare_times)
        memory = peak_mb(ours, case_id)
        estimate = estimate_seconds(build_report(StrategyCase.objects.get(pk=case_id)))
        rows.append((label, pages_of(pdf), ours_s, bare_s, ours_s / bare_s - 1, memory, estimate, len(html)))

    print("\n\ncase                   pages   ours(s)  bare(s)  overhead  peak(MiB)  estimate(s)  html(KB)")
    for label, pages, ours_s, bare_s, overhead, memory, estimate, size in rows:
        print(f"{label:22} {pages:5d} {ours_s:9.2f} {bare_s:8.2f} {overhead:9.1%} {memory:10.1f} {estimate:12.2f}"
              f" {size / 1024:9.0f}")
    per_page = [ours_s / pages for _l, pages, ours_s, *_rest in rows[1:]]
    per_kb = [ours_s / (size / 1024) for _l, _p, ours_s, *_rest, size in rows[1:]]
    print(f"seconds per page (generated cases): {', '.join(f'{x:.3f}' for x in per_page)}")
    print(f"seconds per KB of HTML (generated cases): {', '.join(f'{x:.4f}' for x in per_kb)}")

    large = rows[-1]
    assert large[2] < 10, f"the large case took {large[2]:.1f} s"
    assert all(row[4] <= 0.10 for row in rows), "our overhead over bare WeasyPrint is above 10 %"
    # Tables make pages denser as a case grows, so time is linear in content (HTML size), not pages.
    assert max(per_kb) / min(per_kb) < 1.3, "time per KB of HTML should stay flat (linear growth)"

"""The public side: the start page and the guide (no sign-in needed), its search and the
whole guide as one printable page or PDF."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from asm_guide.cases.models import Membership

from . import contents
from . import search as guide_search
from .contents import PART, REFERENCE, STEP
from .pdf import guide_pdf


def example_strategy_url() -> str:
    """The hook for the demo country's example strategy (PDF). ``ASM_EXAMPLE_STRATEGY_URL``
    names a URL (or gives a path); while it is empty or does not resolve, no link is shown."""
    target = getattr(settings, "ASM_EXAMPLE_STRATEGY_URL", "")
    if not target:
        return ""
    if target.startswith("/"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return ""


@require_GET
def start(request):
    return render(request, "guide/start.html", {
        "outline": contents.outline(),
        "example_strategy_url": example_strategy_url(),
    })


@require_GET
def index(request):
    return render(request, "guide/index.html", {"outline": contents.outline()})


def _case_links(request, entry) -> list[dict]:
    """Where a signed-in member can work on this step: one link per case they belong to."""
    if not request.user.is_authenticated:
        return []
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("case")
        .order_by("case__country_name", "case__title")
    )
    direct = contents.opens_directly(entry)
    return [
        {
            "case": membership.case,
            "url": entry.flow.step_url(entry.step, membership.case) if direct
            else reverse("cases:task-list", kwargs={"case_id": membership.case.pk}),
            "direct": direct,
        }
        for membership in memberships
    ]


def _page(request, entry):
    if entry is None:
        raise Http404
    previous, following = contents.neighbours(entry)
    guidance = entry.guidance()
    context = {
        "entry": entry,
        "guidance": guidance,
        "body": prepared(guidance.body) if guidance else "",
        "previous": previous,
        "next": following,
        "outline": contents.outline(),
    }
    if entry.kind == PART:
        context["part_outline"] = next(part for part in context["outline"]["parts"] if part["entry"] is entry)
    if entry.kind == STEP:
        context["case_links"] = _case_links(request, entry)
    return render(request, "guide/page.html", context)


@require_GET
def part_page(request, part):
    return _page(request, contents.part_entry(part))


@require_GET
def step_page(request, part, step):
    return _page(request, contents.step_entry(part, step))


@require_GET
def subject_step_page(request, part, flow, step):
    return _page(request, contents.step_entry(part, step, flow_name=flow))


@require_GET
def reference_page(request, slug):
    return _page(request, contents.entry_for(f"{REFERENCE}:{slug}"))


@require_GET
def search(request):
    raw = request.GET.get("q", "")
    query = guide_search.clean_query(raw)
    results = guide_search.search(query) if query else []
    return render(request, "guide/search.html", {
        "query": query, "searched": "q" in request.GET, "results": results,
    })


logger = logging.getLogger(__name__)
_HEADING = re.compile(r"<(/?)h([1-5])\b")
_TABLE_OPEN = re.compile(r"<table>")


def shift_headings(markup: str, by: int = 2) -> SafeString:
    """Move the headings of a page's Markdown down ``by`` levels, to nest it under the
    part and page headings of the whole guide. The markup is our own rendered Markdown."""
    shifted = _HEADING.sub(lambda match: f"<{match[1]}h{min(6, int(match[2]) + by)}", str(markup))
    return mark_safe(shifted)  # reviewed repository content; only tags are renamed


def wrap_tables(markup: str) -> SafeString:
    """Put each table of a page in a region that scrolls sideways on a narrow screen, so the
    page itself never does; the region is focusable so keyboard users can scroll it."""
    count = 0

    def wrap(match):
        nonlocal count
        count += 1
        label = _("Table %(number)s") % {"number": count}
        return f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(label)}"><table>'

    wrapped = _TABLE_OPEN.sub(wrap, str(markup)).replace("</table>", "</table></div>")
    return mark_safe(wrapped)  # reviewed repository content; only wrappers are added


def prepared(markup, shift: int = 0) -> SafeString:
    return wrap_tables(shift_headings(markup, shift) if shift else markup)


def _whole_guide_context() -> dict:
    outline = contents.outline()
    steps_by_part = {part["part"].slug: part["step_count"] for part in outline["parts"]}
    pages = []
    first_reference = None
    for entry in contents.table_of_contents():
        guidance = entry.guidance()
        if entry.kind == REFERENCE and first_reference is None:
            first_reference = entry.position
        pages.append({
            "entry": entry,
            "guidance": guidance,
            "body": prepared(guidance.body, shift=2) if guidance else "",
            "anchor": f"page-{entry.position}",
            "has_steps": bool(steps_by_part.get(entry.part.slug)) if entry.kind == PART else True,
        })
    return {"outline": outline, "pages": pages, "first_reference": first_reference}


@require_GET
def whole_guide(request):
    return render(request, "guide/all.html", _whole_guide_context())


@require_GET
def whole_guide_pdf(request):
    _documents, fingerprint = guide_search.corpus()
    try:
        pdf = guide_pdf({**_whole_guide_context(), "language": get_language()}, fingerprint)
    except (OSError, ImportError):
        # WeasyPrint needs Pango; without it, say so and point to the printable page.
        logger.exception("The guide PDF could not be rendered")
        return render(request, "guide/pdf_unavailable.html", status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="asm-guidance-reference.pdf"'
    return response

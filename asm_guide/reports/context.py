"""One plain report object for a case, gathered with a fixed number of queries; it feeds the
HTML preview, the PDF, the DOCX and the XLSX.

How parts plug in (the extension point)
--------------------------------------
Every part app registered in ``settings.ASM_PARTS`` may provide ``<app>/report.py`` with::

    def report(case) -> asm_guide.reports.blocks.PartReport

It must read the case with a fixed number of queries (never one per row) and returns:

* ``sections``: ``{section key: [Contribution, ...]}`` for the keys of ``SECTIONS`` below
  (GUIDANCE.md §6.5). A ``Contribution`` holds generic ``blocks`` (headings, paragraphs, facts,
  tables, notes: ``asm_guide/reports/blocks.py``) that every output renders; it may instead name
  an HTML partial (``template``, rendered with ``data``, ``report`` and ``case``) and a DOCX writer
  (``docx(writer, data)``, ``writer`` being ``asm_guide.reports.docx.Writer``) for things blocks
  cannot say, such as a Gantt chart as inline SVG. ``steps`` names the wizard steps behind it, for
  the preview's open-comment counts.
* ``summary``: ``(label, value)`` facts for the executive summary, in the part's order.
* ``budget_total``: the part's costed total (Decimal) for the summary's budget line.
* ``sheets``: ``{"Action plan" | "Budget" | "Indicators" | other: (headers, rows)}`` for plan.xlsx.

The core assembles the sections in §6.5 order, numbers them, and writes "Not yet completed" under
any section no part has completed. Part 3 (``implementation/report.py``) is expected to fill
``implementation`` (8), ``budget`` (9), ``monitoring`` (10) and ``annex_e`` (NAP crosswalk, shown only
for a Minamata Party with ASGM), the "Action plan" and "Budget" sheets, and the plan's budget total
(``budget_consolidated``: it takes in Part 2's programmes, so the summary shows it instead of the
sum); it also adds blocks to ``substrategies`` (7.x.4 regulations, zones, market access).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from asm_guide.cases.models import CaseStatus, StrategyCase
from asm_guide.wizard.registry import registry

from .blocks import Contribution, PartReport


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: str
    title: Any
    annex: bool = False
    when: str = ""  # a case condition: "nap" = Minamata Party with ASGM more than insignificant


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", "2", _("Executive summary")),
    SectionSpec("process", "3", _("Introduction and process")),
    SectionSpec("sector", "4", _("The ASM sector today")),
    SectionSpec("vision", "5", _("Vision, principles and strategic objectives")),
    SectionSpec("subtypes", "6", _("ASM subtypes")),
    SectionSpec("substrategies", "7", _("Substrategies")),
    SectionSpec("implementation", "8", _("Implementation plan")),
    SectionSpec("budget", "9", _("Budget and financing")),
    SectionSpec("monitoring", "10", _("Monitoring, evaluation and review")),
    SectionSpec("annex_a", "A", _("Annex A: Task force and forum membership"), annex=True),
    SectionSpec("annex_b", "B", _("Annex B: Partner map"), annex=True),
    SectionSpec("annex_c", "C", _("Annex C: Research summaries"), annex=True),
    SectionSpec("annex_d", "D", _("Annex D: Consultation log"), annex=True),
    SectionSpec("annex_e", "E", _("Annex E: Minamata NAP crosswalk"), annex=True, when="nap"),
    SectionSpec("annex_f", "F", _("Annex F: Glossary and sources"), annex=True),
)
# Numbered as in GUIDANCE.md §6.5, where 1 is the cover: the chapters run from 2 to 10, so "7.x" is
# the substrategy of subtype x there and here.
SECTION_KEYS = {spec.key for spec in SECTIONS}
# Sheets plan.xlsx always has, in this order (a missing one says "Not yet completed").
SHEETS = (("Action plan", _("Action plan")), ("Budget", _("Budget")), ("Indicators", _("Indicators")))


@dataclass
class Section:
    spec: SectionSpec
    contributions: list[Contribution]
    open_comments: int = 0

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def anchor(self) -> str:
        return f"section-{self.spec.key.replace('_', '-')}"

    @property
    def title(self) -> str:
        return str(self.spec.title)

    @property
    def heading(self) -> str:
        return self.title if self.spec.annex else f"{self.spec.number}. {self.title}"

    @property
    def completed(self) -> bool:
        return any(c.complete for c in self.contributions)

    @property
    def steps(self) -> list[tuple[str, str]]:
        return [step for c in self.contributions for step in c.steps]


@dataclass
class Report:
    case: StrategyCase
    country: str
    title: str
    version: int
    date: date
    status: str
    status_label: str
    language: str
    is_fictional: bool
    sections: list[Section]
    summary: list[tuple[str, str]] = field(default_factory=list)
    sheets: dict = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.status != CaseStatus.APPROVED

    @property
    def cache_key(self) -> str:
        """Changes whenever the case is saved (``updated_at``) or moves in the workflow."""
        return f"{self.case.pk}-{self.version}-{self.status}-{self.case.updated_at:%Y%m%d%H%M%S%f}"


def part_report(app_label: str, case: StrategyCase) -> PartReport | None:
    try:
        module = import_module(f"{app_label}.report")
    except ModuleNotFoundError as error:
        if error.name != f"{app_label}.report":
            raise
        return None
    return module.report(case)


def version_of(case: StrategyCase) -> int:
    from asm_guide.review.workflow import draft_version

    return draft_version(case)


def summary_contribution(report: Report, totals: list[Decimal]) -> Contribution:
    from .blocks import Facts

    items = [
        (str(_("Country")), report.country),
        (str(_("Lead ministry")), report.case.lead_ministry),
        (str(_("Strategy period")), f"{report.case.strategy_start_year}–{report.case.end_year}"),
        *report.summary,
    ]
    if totals:
        total = sum(totals, Decimal(0))
        items.append((str(_("Budget total")), f"{report.case.currency} {total:,.0f}"))
    return Contribution(blocks=[Facts(items)], complete=bool(report.summary))


GLOSSARY_ITEM = re.compile(r"^- \*\*(?P<term>[^*]+)\*\*: (?P<text>.+)$")


def glossary_contribution(language: str) -> Contribution:
    """Annex F from ``asm_guide/reports/guidance/<lang>/glossary.md`` ("- **Term**: text" lines)."""
    from asm_guide.content import guidance_for

    from .blocks import Facts, Paragraph

    text = guidance_for("reports", "glossary", language).text
    terms, paragraphs = [], []
    for line in text.splitlines():
        match = GLOSSARY_ITEM.match(line.strip())
        if match:
            terms.append((match["term"], match["text"]))
        elif line.strip():
            paragraphs.append(Paragraph(line.strip()))
    return Contribution(blocks=[Facts(terms), *paragraphs])


def place_inserts(contributions: list[Contribution]) -> None:
    """Move each contribution's ``inserts`` in front of the block carrying that anchor in the
    section; what finds no anchor stays at the end of its own contribution."""
    for contribution in contributions:
        for anchor, blocks in contribution.inserts.items():
            for other in contributions:
                index = next((i for i, block in enumerate(other.blocks) if getattr(block, "anchor", "") == anchor),
                             None)
                if index is not None:
                    other.blocks[index:index] = blocks
                    break
            else:
                contribution.blocks.extend(blocks)
        contribution.inserts = {}


def build_report(case: StrategyCase) -> Report:
    """Gather ``case`` into a ``Report``: one query for the version plus each part's fixed number.

    Built in the case's report language, whatever the reader's interface language: the parts'
    hooks turn labels into text as they go, so the language must be active while they run."""
    with translation.override(case.report_language or settings.LANGUAGE_CODE):
        return _build_report(case)


def _build_report(case: StrategyCase) -> Report:
    part_reports = []
    for part in registry.parts:
        found = part_report(part.namespace, case)
        if found is not None:
            part_reports.append(found)
    report = Report(
        case=case, country=case.country_name, title=case.title, version=version_of(case),
        date=timezone.localdate(case.updated_at) if case.updated_at else timezone.localdate(),
        status=case.status, status_label=str(case.get_status_display()), language=case.report_language,
        is_fictional=case.is_fictional, sections=[],
    )
    by_key: dict[str, list[Contribution]] = {}
    totals = []
    for found in part_reports:
        for key, contributions in found.sections.items():
            if key not in SECTION_KEYS:
                raise KeyError(f"Unknown report section {key!r}")
            by_key.setdefault(key, []).extend(contributions)
        report.summary.extend(found.summary)
        report.sheets.update(found.sheets)
        if found.budget_total is not None:
            totals = [found.budget_total] if found.budget_consolidated else [*totals, found.budget_total]
    for contributions in by_key.values():
        place_inserts(contributions)
    by_key.setdefault("summary", []).insert(0, summary_contribution(report, totals))
    by_key.setdefault("annex_f", []).append(glossary_contribution(report.language))
    nap = case.is_minamata_party and case.asgm_more_than_insignificant
    for spec in SECTIONS:
        if spec.when == "nap" and not nap:
            continue
        report.sections.append(Section(spec, by_key.get(spec.key, [])))
    return report


def attach_open_comments(report: Report) -> None:
    """Open comment threads per section (one query), from the wizard steps behind each section."""
    from django.db.models import Count

    from asm_guide.review.models import Comment

    counts = {
        (row["flow"], row["step"]): row["n"]
        for row in Comment.objects.filter(case=report.case, parent__isnull=True, resolved_at__isnull=True)
        .values("flow", "step").annotate(n=Count("pk"))
    }
    for section in report.sections:
        section.open_comments = sum(counts.get(step, 0) for step in dict.fromkeys(section.steps))

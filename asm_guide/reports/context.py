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
    title: Any
    annex: bool = False
    when: str = ""  # a case condition: "nap" = Minamata Party with ASGM more than insignificant


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", _("Executive summary")),
    SectionSpec("process", _("Introduction and process")),
    SectionSpec("sector", _("The ASM sector today")),
    SectionSpec("vision", _("Vision, principles and strategic objectives")),
    SectionSpec("subtypes", _("ASM subtypes")),
    SectionSpec("substrategies", _("Substrategies")),
    SectionSpec("implementation", _("Implementation plan")),
    SectionSpec("budget", _("Budget and financing")),
    SectionSpec("monitoring", _("Monitoring, evaluation and review")),
    SectionSpec("annex_a", _("Task force and forum membership"), annex=True),
    SectionSpec("annex_b", _("Partner map"), annex=True),
    SectionSpec("annex_c", _("Research summaries"), annex=True),
    SectionSpec("annex_d", _("Consultation log"), annex=True),
    SectionSpec("annex_e", _("Minamata NAP crosswalk"), annex=True, when="nap"),
    SectionSpec("annex_f", _("Glossary and sources"), annex=True),
)
# The sections of GUIDANCE.md §6.5 (whose 1 is the cover): here the chapters after the cover are
# numbered 1..N and the annexes lettered A, B, C... in the order they appear, so a case without
# Annex E has its glossary as Annex E, not F. Parts refer to a section with ``section_number``.
SECTION_KEYS = {spec.key for spec in SECTIONS}
# Sheets plan.xlsx always has, in this order (a missing one says "Not yet completed").
SHEETS = (("Action plan", _("Action plan")), ("Budget", _("Budget")), ("Indicators", _("Indicators")))


def applies(spec: SectionSpec, case: StrategyCase) -> bool:
    if spec.when == "nap":
        return bool(case.is_minamata_party and case.asgm_more_than_insignificant)
    return True


def section_numbers(case: StrategyCase) -> dict[str, str]:
    """Each section's number ("1".."9") or annex letter ("A".."F") for this case."""
    numbers, chapter, annex = {}, 0, 0
    for spec in SECTIONS:
        if not applies(spec, case):
            continue
        if spec.annex:
            numbers[spec.key] = chr(ord("A") + annex)
            annex += 1
        else:
            chapter += 1
            numbers[spec.key] = str(chapter)
    return numbers


def section_number(key: str, case: StrategyCase) -> str:
    return section_numbers(case)[key]


@dataclass
class Section:
    spec: SectionSpec
    contributions: list[Contribution]
    number: str = ""
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
        if self.spec.annex:
            return str(_("Annex %(letter)s: %(title)s") % {"letter": self.number, "title": self.title})
        return f"{self.number}. {self.title}"

    @property
    def completed(self) -> bool:
        return any(c.complete for c in self.contributions)

    @property
    def steps(self) -> list[tuple[str, str]]:
        return [step for c in self.contributions for step in c.steps]


@dataclass(frozen=True)
class Approval:
    """Who approved the report's version, shown in its approval block."""

    name: str
    role: str
    date: date
    version: int
    revision: int | None


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
    summary_text: list[str] = field(default_factory=list)
    sheets: dict = field(default_factory=dict)
    approval: Approval | None = None

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


def minamata_sentence(case: StrategyCase) -> str:
    if not case.is_minamata_party:
        return str(_("%(country)s is not recorded as a Party to the Minamata Convention on Mercury.")
                   % {"country": case.country_name})
    if case.asgm_more_than_insignificant:
        return str(_("%(country)s is a Party to the Minamata Convention on Mercury and has declared artisanal and "
                     "small-scale gold mining more than insignificant, so this strategy also serves its national "
                     "action plan (Annex %(annex)s).")
                   % {"country": case.country_name, "annex": section_number("annex_e", case)})
    return str(_("%(country)s is a Party to the Minamata Convention on Mercury; artisanal and small-scale gold "
                 "mining has not been declared more than insignificant, so no national action plan is required.")
               % {"country": case.country_name})


def nap_sentence(case: StrategyCase) -> str:
    """Where the national action plan stands, for a Party whose ASGM is more than insignificant
    ("" otherwise: the Convention asks no plan of the others)."""
    from asm_guide import l10n
    from asm_guide.cases.models import NapStatus

    if not (case.is_minamata_party and case.asgm_more_than_insignificant):
        return ""
    when = l10n.date(case.nap_submission_date, style="long") if case.nap_submission_date else ""
    if case.nap_status == NapStatus.IN_PREPARATION:
        return str(_("Its national action plan is in preparation."))
    if case.nap_status == NapStatus.SUBMITTED:
        return str(_("Its national action plan was submitted on %(date)s.") % {"date": when} if when
                   else _("Its national action plan has been submitted."))
    if case.nap_status == NapStatus.UNDER_REVIEW:
        return str(_("Its national action plan is under review (submitted on %(date)s).") % {"date": when} if when
                   else _("Its national action plan is under review."))
    return str(_("It has no national action plan yet."))


def minamata_contribution(case: StrategyCase) -> Contribution:
    """The country's standing under the Minamata Convention, where the report introduces the
    sector: Party or not, ASGM significance and the national action plan's status. It adds to
    the chapter without completing it (the research findings do)."""
    from asm_guide import l10n

    from .blocks import Facts, Heading, Paragraph

    def yes_no(value: bool) -> str:
        return str(_("Yes") if value else _("No"))

    nap = str(case.get_nap_status_display())
    if case.nap_submission_date:
        nap = str(_("%(status)s (%(date)s)") % {
            "status": nap, "date": l10n.date(case.nap_submission_date, style="long")})
    text = " ".join(part for part in (minamata_sentence(case), nap_sentence(case)) if part)
    return Contribution(blocks=[
        Heading(_("Minamata Convention on Mercury"), 3),
        Paragraph(l10n.typography(text)),
        Facts([(str(_("Party to the Minamata Convention")), yes_no(case.is_minamata_party)),
               (str(_("Artisanal and small-scale gold mining declared more than insignificant")),
                yes_no(case.asgm_more_than_insignificant)),
               (str(_("National action plan on artisanal and small-scale gold mining")), nap)]),
    ], complete=False)


def summary_contribution(report: Report, totals: list[Decimal]) -> Contribution:
    """The executive summary: prose written from the answers (each part's sentences, then the
    Minamata status), followed by the key facts as a table."""
    from asm_guide import l10n

    from .blocks import Facts, Heading, Paragraph

    case = report.case
    opening = _("This is the strategy of %(country)s for artisanal and small-scale mining for %(start)s–%(end)s, "
                "led by %(ministry)s.") if case.lead_ministry else _(
                "This is the strategy of %(country)s for artisanal and small-scale mining for %(start)s–%(end)s.")
    paragraphs = [str(opening % {"country": report.country, "start": case.strategy_start_year,
                                 "end": case.end_year, "ministry": case.lead_ministry}),
                  *report.summary_text, minamata_sentence(case)]
    if nap_sentence(case):
        paragraphs[-1] = f"{paragraphs[-1]} {nap_sentence(case)}"
    items = [
        (str(_("Country")), report.country),
        (str(_("Lead ministry")), case.lead_ministry),
        (str(_("Strategy period")), l10n.years(case.strategy_start_year, case.end_year)),
        *report.summary,
    ]
    if totals:
        total = sum(totals, Decimal(0))
        items.append((str(_("Budget total")), l10n.money(total, case.currency)))
    blocks = [Paragraph(l10n.typography(text)) for text in paragraphs]
    blocks += [Heading(_("Key facts"), 3), Facts(items)]
    return Contribution(blocks=blocks, complete=bool(report.summary))


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
        report.summary_text.extend(found.summary_text)
        report.sheets.update(found.sheets)
        if found.budget_total is not None:
            totals = [found.budget_total] if found.budget_consolidated else [*totals, found.budget_total]
    for contributions in by_key.values():
        place_inserts(contributions)
    by_key.setdefault("summary", []).insert(0, summary_contribution(report, totals))
    by_key.setdefault("sector", []).append(minamata_contribution(case))
    by_key.setdefault("annex_f", []).append(glossary_contribution(report.language))
    numbers = section_numbers(case)
    for spec in SECTIONS:
        if spec.key in numbers:
            report.sections.append(Section(spec, by_key.get(spec.key, []), number=numbers[spec.key]))
    report.approval = approval_of(case)
    return report


def approval_of(case: StrategyCase) -> Approval | None:
    """The approval of an approved case's current version (one query), or None for a draft."""
    if case.status != CaseStatus.APPROVED:
        return None
    from asm_guide.cases.models import Membership
    from asm_guide.review.models import Transition, WorkflowEvent

    event = (WorkflowEvent.objects.filter(case=case, transition=Transition.APPROVE)
             .select_related("actor", "revision").order_by("-created_at", "-pk").first())
    if event is None:
        return None
    actor = event.actor
    role = ""
    if actor is not None:
        membership = Membership.objects.filter(case=case, user=actor).first()
        role = str(membership.get_role_display()) if membership else ""
    name = (actor.get_full_name() or actor.get_username()) if actor else str(_("unknown"))
    revision = event.revision
    return Approval(name=name, role=role, date=timezone.localdate(event.created_at),
                    version=revision.version if revision else version_of(case),
                    revision=revision.number if revision else None)


def download_name(report_or_case, extension: str, *, revision: int | None = None, version: int | None = None) -> str:
    """One naming rule for every file of a case: country, title, version and revision, in the
    report language, without database ids: ``lumeria-national-asm-strategy-version-1-revision-2.pdf``
    (``-draft`` while the version is not approved). Call it with the language active."""
    from django.utils.text import slugify

    if isinstance(report_or_case, Report):
        case, version = report_or_case.case, report_or_case.version
        approved = not report_or_case.is_draft
        revision = revision or (report_or_case.approval.revision if report_or_case.approval else None)
    else:
        case, approved = report_or_case, report_or_case.status == CaseStatus.APPROVED
        version = version or version_of(case)
    parts = [slugify(case.country_name), slugify(case.title) or slugify(str(_("strategy"))),
             slugify(str(_("version"))), str(version)]
    if revision:
        parts += [slugify(str(_("revision"))), str(revision)]
    elif not approved:
        parts.append(slugify(str(_("draft"))))
    return "-".join(part for part in parts if part)[:150] + "." + extension


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

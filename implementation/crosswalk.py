"""The Minamata NAP crosswalk (GUIDANCE.md §5.2 and §5.4): for each element of Annex C,
paragraph 1 (C-a to C-k), whether the case's strategy already covers it, partly covers it or
misses it, where it is covered and what is missing.

A pure function of plain facts (``NapFacts``), table-tested in
tests/implementation/test_crosswalk.py. Which records count as evidence for which element is
this tool's own reading of §5.4 [I], not UNEP's text; the page says so.

Places are symbolic ("implementation:regulations", "setup_phase:research",
"strategy:objectives", "strategy:subtypes"); the page turns them into links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
STATUS_LABELS = {COVERED: _("Covered"), PARTIAL: _("Partly covered"), MISSING: _("Missing")}

ELEMENTS = {
    "C-a": _("National objectives and reduction targets"),
    "C-b": _("Actions to eliminate the four worst practices"),
    "C-c": _("Steps to formalise or regulate the ASGM sector"),
    "C-d": _("Baseline estimates of mercury use and practices"),
    "C-e": _("Strategies to reduce emissions, releases and exposure, including mercury-free methods"),
    "C-f": _("Strategies to manage trade and prevent diversion of mercury into ASGM"),
    "C-g": _("Strategies to involve stakeholders"),
    "C-h": _("Public health strategy on the exposure of miners and communities"),
    "C-i": _("Strategies to prevent exposure of vulnerable groups"),
    "C-j": _("Strategies to inform miners and affected communities"),
    "C-k": _("Implementation schedule"),
}


@dataclass(frozen=True)
class NapFacts:
    objectives: int = 0
    mercury_objectives: int = 0
    mercury_objectives_with_target: int = 0
    mercury_rules: int = 0
    mercury_free_programs: int = 0
    mercury_free_trainings: int = 0
    subtypes: int = 0
    subtypes_with_approach: int = 0
    formalisation_instruments: int = 0
    mercury_baseline_findings: int = 0
    practices_documented: int = 0
    mercury_supply_findings: int = 0
    mercury_trade_rules: int = 0
    forum_members: int = 0
    forum_meetings: int = 0
    health_programs: int = 0
    health_worker_trainings: int = 0
    child_measures: int = 0
    women_measures: int = 0
    awareness_trainings: int = 0
    trainings: int = 0
    actions: int = 0
    actions_without_cost: int = 0


@dataclass(frozen=True)
class Link:
    text: str
    place: str


@dataclass(frozen=True)
class Element:
    code: str
    title: str
    status: str
    covered_by: tuple[Link, ...]
    missing: tuple[Link, ...]

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _status(parts: list[bool]) -> str:
    if all(parts):
        return COVERED
    return PARTIAL if any(parts) else MISSING


def _element(code: str, checks: list[tuple[bool, Link, Link]]) -> Element:
    """``checks``: (is it there, where it is when there, what to add when not)."""
    return Element(code=code, title=str(ELEMENTS[code]), status=_status([ok for ok, _have, _need in checks]),
                   covered_by=tuple(have for ok, have, _need in checks if ok),
                   missing=tuple(need for ok, _have, need in checks if not ok))


def crosswalk(f: NapFacts) -> list[Element]:
    """Every Annex C element, in Annex C order."""
    reg, train = "implementation:regulations", "implementation:training"
    return [
        _element("C-a", [
            (f.mercury_objectives > 0,
             Link(_("A mercury objective in your strategic objectives"), "strategy:objectives"),
             Link(_("Add a strategic objective on mercury"), "strategy:objectives")),
            (f.mercury_objectives_with_target > 0, Link(_("A mercury reduction target"), "strategy:objectives"),
             Link(_("Give the mercury objective a baseline and a reduction target"), "strategy:objectives")),
        ]),
        _element("C-b", [
            (f.mercury_rules > 0, Link(_("Rules against the worst practices"), reg),
             Link(_("Add a regulation in the category “Mercury and the worst practices”"), reg)),
            (f.mercury_free_programs + f.mercury_free_trainings > 0,
             Link(_("Mercury-free equipment or training"), train),
             Link(_("Add mercury-free equipment (Part 2) or mercury-free processing training"), train)),
        ]),
        _element("C-c", [
            (f.subtypes > 0 and f.subtypes_with_approach == f.subtypes,
             Link(_("An approach chosen for every subtype"), "strategy:subtypes"),
             Link(_("Choose an approach for every subtype (Part 2)"), "strategy:subtypes")),
            (f.formalisation_instruments > 0, Link(_("Regulations, zones or market-access schemes"), reg),
             Link(_("Set regulations, zones or a market-access scheme"), reg)),
        ]),
        _element("C-d", [
            (f.mercury_baseline_findings > 0, Link(_("A research finding on mercury use"), "setup_phase:findings"),
             Link(_("Record a research finding on the mercury used (for example with the AGC/UNEP method)"),
                  "setup_phase:findings")),
            (f.practices_documented > 0, Link(_("The practices of each subtype"), "strategy:subtypes"),
             Link(_("Describe the main practices of the subtypes, or record a finding on practices"),
                  "strategy:subtypes")),
        ]),
        _element("C-e", [
            (f.mercury_free_programs > 0, Link(_("Mercury-free equipment programmes"), "strategy:subtypes"),
             Link(_("Add a programme providing mercury-free equipment (Part 2 or further assistance)"),
                  "implementation:further-assistance")),
            (f.mercury_free_trainings > 0, Link(_("Mercury-free processing training"), train),
             Link(_("Add training in mercury-free processing"), train)),
        ]),
        _element("C-f", [
            (f.mercury_supply_findings > 0, Link(_("Supply-chain research on mercury"), "setup_phase:findings"),
             Link(_("Extend the supply-chain mapping (R6) to mercury imports and sales, and record what it finds"),
                  "setup_phase:research")),
            (f.mercury_trade_rules > 0, Link(_("Rules on mercury trade"), reg),
             Link(_("Add a regulation in the category “Mercury trade and supply”"), reg)),
        ]),
        _element("C-g", [
            (f.forum_members > 0, Link(_("The consultation forum"), "setup_phase:forum"),
             Link(_("Convene a consultation forum"), "setup_phase:forum")),
            (f.forum_meetings > 0, Link(_("Forum meetings"), "setup_phase:forum"),
             Link(_("Record the forum's meetings"), "setup_phase:forum")),
        ]),
        _element("C-h", [
            (f.health_programs > 0, Link(_("A health programme"), "implementation:further-assistance"),
             Link(_("Add a health programme, for example led by the Ministry of Health"),
                  "implementation:further-assistance")),
            (f.health_worker_trainings > 0, Link(_("Training for health workers"), train),
             Link(_("Add training on mercury for health workers"), train)),
        ]),
        _element("C-i", [
            (f.child_measures > 0, Link(_("Child-labour rules or a child-protection objective"), reg),
             Link(_("Add a child-labour rule or a child-protection objective"), reg)),
            (f.women_measures > 0, Link(_("Protection of women of child-bearing age"), reg),
             Link(_("Add a rule or a health programme protecting women of child-bearing age, especially pregnant "
                    "women"), "implementation:further-assistance")),
        ]),
        _element("C-j", [
            (f.trainings > 0, Link(_("Education and training programmes"), train),
             Link(_("Add education and training programmes"), train)),
            (f.awareness_trainings > 0, Link(_("Awareness for miners and communities"), train),
             Link(_("Add an awareness programme for miners and affected communities"), train)),
        ]),
        _element("C-k", [
            (f.actions > 0, Link(_("The action plan and its timeline"), "implementation:action-plan"),
             Link(_("Plan the actions with their dates"), "implementation:action-plan")),
            (f.actions > 0 and f.actions_without_cost == 0, Link(_("A cost for every action"),
                                                                   "implementation:action-plan"),
             Link(_("Give every action a cost"), "implementation:action-plan")),
        ]),
    ]

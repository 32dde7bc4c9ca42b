"""The Guidance as a reference: one ordered table of contents, generated from the step
registry (every part, its main flow and its per-subject flows, every step) followed by this
app's reference pages. Nothing here holds prose: titles come from the registry, text from
the Markdown files read by :mod:`asm_guide.content`, so a new step appears in the guide
as soon as it is registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from asm_guide.content import Guidance, guidance_for
from asm_guide.wizard.registry import Flow, Part, Step, always, registry

PART = "part"
STEP = "step"
REFERENCE = "reference"

REFERENCE_APP = "guide"
#: The reference pages, in reading order: ``asm_guide/guide/guidance/<lang>/<slug>.md``.
REFERENCE_PAGES = ("decision-aid", "approaches", "research-types", "assistance-types", "glossary")


@dataclass(frozen=True)
class Entry:
    """One page of the guide: a part's overview, a step's guidance or a reference page."""

    key: str
    kind: str
    url: str
    position: int
    number: str = ""
    part: Part | None = None
    flow: Flow | None = None
    step: Step | None = None
    slug: str = ""

    @property
    def app_label(self) -> str:
        # Step guidance lives in the part's app, as the wizard reads it (namespace == app label).
        return self.part.namespace if self.kind == STEP else REFERENCE_APP

    @property
    def guidance_slug(self) -> str:
        return self.step.guidance_slug if self.kind == STEP else self.slug

    @property
    def is_subject_step(self) -> bool:
        return self.kind == STEP and bool(self.flow.subject_model)

    def guidance(self, language: str | None = None) -> Guidance | None:
        if self.kind == PART:
            return None
        try:
            return guidance_for(self.app_label, self.guidance_slug, language)
        except LookupError:
            return None

    @property
    def title(self):
        """In the active language: the registry's (translated) title; a reference page's front matter."""
        if self.kind == PART:
            return self.part.title
        if self.kind == STEP:
            return self.step.title
        found = self.guidance()
        return found.title if found and found.title else self.slug

    @property
    def section(self):
        return self.part.title if self.kind == STEP else ""


def _step_key(part: Part, flow: Flow, step: Step) -> str:
    return f"{STEP}:{part.slug}:{flow.name}:{step.slug}"


def _build(parts: list[Part]) -> tuple[Entry, ...]:
    entries: list[Entry] = []

    def add(**kwargs) -> None:
        entries.append(Entry(position=len(entries), **kwargs))

    for part in parts:
        add(key=f"{PART}:{part.slug}", kind=PART, part=part, number=str(part.number),
            url=reverse("guide:part", kwargs={"part": part.slug}))
        number = 0
        for flow in part.flows:
            for step in flow.steps:
                number += 1
                if flow.subject_model:
                    url = reverse("guide:subject-step",
                                  kwargs={"part": part.slug, "flow": flow.name, "step": step.slug})
                else:
                    url = reverse("guide:step", kwargs={"part": part.slug, "step": step.slug})
                add(key=_step_key(part, flow, step), kind=STEP, part=part, flow=flow, step=step,
                    number=f"{part.number}.{number}", url=url)
    for slug in REFERENCE_PAGES:
        add(key=f"{REFERENCE}:{slug}", kind=REFERENCE, slug=slug,
            url=reverse("guide:reference", kwargs={"slug": slug}))
    return tuple(entries)


_built: dict = {}


def table_of_contents() -> tuple[Entry, ...]:
    """Every page of the guide, in reading order. Built once per set of registered parts."""
    parts = registry.parts
    signature = tuple(id(part) for part in parts)
    if _built.get("signature") != signature:
        _built["entries"] = _build(parts)
        _built["by_key"] = {entry.key: entry for entry in _built["entries"]}
        _built["signature"] = signature
    return _built["entries"]


def entry_for(key: str) -> Entry | None:
    table_of_contents()
    return _built["by_key"].get(key)


def part_entry(part_slug: str) -> Entry | None:
    return entry_for(f"{PART}:{part_slug}")


def step_entry(part_slug: str, step_slug: str, flow_name: str | None = None) -> Entry | None:
    """The main flow's step, or with ``flow_name`` a per-subject flow's step."""
    for entry in table_of_contents():
        if entry.kind != STEP or entry.part.slug != part_slug or entry.step.slug != step_slug:
            continue
        if flow_name is None and not entry.flow.subject_model:
            return entry
        if flow_name is not None and entry.flow.subject_model and entry.flow.name == flow_name:
            return entry
    return None


def neighbours(entry: Entry) -> tuple[Entry | None, Entry | None]:
    entries = table_of_contents()
    previous = entries[entry.position - 1] if entry.position > 0 else None
    following = entries[entry.position + 1] if entry.position + 1 < len(entries) else None
    return previous, following


def outline() -> dict:
    """The guide grouped for a table of contents or the structure diagram: parts, each with
    its flows (the main flow first, then any per-subject flow) and their steps; then the
    reference pages."""
    parts = []
    references = []
    current = None
    for entry in table_of_contents():
        if entry.kind == PART:
            current = {"entry": entry, "part": entry.part, "flows": []}
            parts.append(current)
            for flow in entry.part.flows:
                current["flows"].append({"flow": flow, "is_subject": bool(flow.subject_model), "entries": []})
        elif entry.kind == STEP:
            group = next(group for group in current["flows"] if group["flow"] is entry.flow)
            group["entries"].append(entry)
        else:
            references.append(entry)
    for part in parts:
        part["flows"] = [group for group in part["flows"] if group["entries"]]
        part["step_count"] = sum(len(group["entries"]) for group in part["flows"])
    return {"parts": parts, "references": references}


def opens_directly(entry: Entry) -> bool:
    """Whether a case's own page for this step can be linked straight away. A per-subject
    step needs a subject first, and a conditional step may not apply to every case: both
    go to the case's task list instead (deciding per case would cost queries per case)."""
    return (
        entry.kind == STEP
        and not entry.flow.subject_model
        and entry.step.applies_when is always
    )

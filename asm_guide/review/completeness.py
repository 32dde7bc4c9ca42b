"""What is still missing in a case when it is submitted for review: per part, the steps whose
answers are incomplete (what the part's check-answers page would list), and the parts nobody has
marked complete yet.

``missing(case)`` returns plain JSON-able entries (a revision keeps them, ``Revision.missing``):
``{"part": part slug, "flow": flow name, "subject_id": id or None, "subject_label": str,
"step": step slug, "message": str}``; an entry without a step says the part is not marked complete.
The messages are the steps' own (in the language of the person submitting). ``describe`` names
parts and steps again, in the reader's language, with the address of each step.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from asm_guide import l10n
from asm_guide.wizard.models import PartCompletion
from asm_guide.wizard.progress import missing_steps
from asm_guide.wizard.registry import registry

from .comments import find_flow, step_url


def _entry(part, flow, step, message, subject=None) -> dict:
    return {"part": part.slug, "flow": flow.name, "subject_id": subject.pk if subject is not None else None,
            "subject_label": str(subject)[:300] if subject is not None else "", "step": step.slug,
            "message": str(message)}


def missing(case) -> list[dict]:
    """Everything not complete in ``case``, part by part (empty when every part is complete)."""
    shared: dict = {}
    marked = set(PartCompletion.objects.filter(case=case).values_list("part", flat=True))
    found = []
    for part in registry.parts:
        if not part.flow.steps:
            continue
        entries = [_entry(part, flow, step, message, subject)
                   for flow, step, subject, message in missing_steps(part, case, shared)]
        if not entries and part.completion_key not in marked:
            entries.append({"part": part.slug, "flow": "", "subject_id": None, "subject_label": "", "step": "",
                            "message": ""})
        found += entries
    return found


def describe(case, entries) -> list[dict]:
    """``entries`` grouped by part for a page: ``[{"title", "url", "items": [{"text", "url"}]}]``,
    part and step titles in the active language."""
    parts = {part.slug: part for part in registry.parts}
    groups: dict[str, dict] = {}
    for entry in entries or []:
        slug = entry.get("part", "")
        part = parts.get(slug)
        check_url = part.check_url(case) if part is not None and part.flow.steps else ""
        group = groups.setdefault(slug, {"title": str(part.title) if part is not None else slug, "url": check_url,
                                         "items": []})
        if not entry.get("step"):
            group["items"].append({"text": _("The part is not marked as complete on its check-answers page."),
                                   "url": check_url})
            continue
        _part, flow = find_flow(entry.get("flow", ""))
        step = flow.get(entry["step"]) if flow is not None else None
        title = str(step.title) if step is not None else entry["step"]
        if entry.get("subject_label"):
            title = _("%(subject)s – %(step)s") % {"subject": entry["subject_label"], "step": title}
        text = l10n.labelled(title, entry["message"]) if entry.get("message") else title
        group["items"].append({"text": text, "url": step_url(case, entry.get("flow", ""), entry.get("subject_id"),
                                                             entry["step"])})
    return list(groups.values())

"""Proposal keys: which record of the case a proposed action (or indicator) stems from.

In the database a key is ``"<kind>:<id>"``, e.g. ``"regulation:8"``: the kind says what the
proposal is about, the id names the record it follows from. Actions and indicators keep the key
of the proposal they came from (``source_key``) and the action plan the keys of the proposals
marked as not needed (``ActionPlan.dropped_proposals``), so that a confirmed or dropped proposal
is not proposed again.

The JSON case file never carries database ids: ``asm_guide.casefile`` reads ``KINDS``
and ``KEY_FIELDS`` of every part app that has a ``casekeys`` module and writes such a key as
``"<kind>@<ref>"`` (e.g. ``"regulation@implementation.regulation:3"``), turned back into the new
record's id on import. A new kind of proposal needs its line in ``KINDS``; ``key()`` refuses a
kind that is not there, so a key the case file could not carry is never made.
"""

from __future__ import annotations

import re

# kind -> the record type (app_label.model) whose id follows the colon.
KINDS: dict[str, str] = {
    "legal-reform": "strategy.subtype",
    "regulation": "implementation.regulation",
    "change": "implementation.regulationchange",
    "training": "implementation.trainingprogram",
    "leverage": "implementation.leverage",
    "program": "strategy.assistanceprogram",
    "further": "implementation.furtherprogram",
    "zone": "implementation.zone",
    "market": "implementation.marketaccessscheme",
    "review": "implementation.review",
    "study": "setup_phase.researchstudy",
    "objective": "strategy.objective",
    # What comes first for a preconditions-first subtype (rules.preconditions_proposals).
    "conflict-risks": "strategy.subtype",
    "conflict-research": "strategy.subtype",
    "preconditions-capacity": "strategy.subtype",
    "preconditions-review": "strategy.subtype",
}

# Fields that hold such keys: one key (a text field) or a list of keys (a JSON field).
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "implementation.implementationaction": ("source_key",),
    "implementation.indicator": ("source_key",),
    "implementation.actionplan": ("dropped_proposals",),
}

KEY = re.compile(r"(?P<kind>[a-z][a-z-]{0,29}):(?P<id>\d{1,18})")


def key(kind: str, record) -> str:
    """The key of a proposal of ``kind`` following from ``record`` (a model instance or its id)."""
    if kind not in KINDS:
        raise KeyError(f"Proposal kind {kind!r} is not in implementation.casekeys.KINDS.")
    pk = getattr(record, "pk", record)
    return f"{kind}:{int(pk)}"


def parse(value) -> tuple[str, int] | None:
    """``(kind, id)`` of a stored key, or None for anything else."""
    match = KEY.fullmatch(str(value or ""))
    return (match["kind"], int(match["id"])) if match else None

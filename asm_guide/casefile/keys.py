"""Keys inside text values: ``"<kind>:<id>"`` as stored, ``"<kind>@<ref>"`` as the file writes it.

A part app may have a ``casekeys`` module declaring ``KINDS`` (``{kind: "app_label.model"}``) and
``KEY_FIELDS`` (``{"app_label.model": (field names,)}``) for fields that hold such keys (Part 3: the
proposal an action came from, the proposals not needed; ``implementation/casekeys.py``).
"""

from __future__ import annotations

import re
from functools import cache

from django.db import models

from .scope import part_modules

# A key as stored ("regulation:8") and as the file writes it ("regulation@implementation.regulation:3").
DB_KEY = re.compile(r"(?P<kind>[a-z][a-z0-9-]*):(?P<id>\d+)")
FILE_KEY = re.compile(r"(?P<kind>[a-z][a-z0-9-]*)@(?P<ref>[a-z_][a-z0-9_]*\.[a-z0-9_]+:[1-9][0-9]*)")


@cache
def key_declarations() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(``{kind: record type}``, ``{record type: key field names}``) from every part app's
    ``casekeys`` module."""
    kinds: dict[str, str] = {}
    fields: dict[str, tuple[str, ...]] = {}
    for module in part_modules("casekeys"):
        kinds.update(getattr(module, "KINDS", {}))
        for label, names in getattr(module, "KEY_FIELDS", {}).items():
            fields[label] = tuple(dict.fromkeys((*fields.get(label, ()), *names)))
    return kinds, fields


def is_list_field(field) -> bool:
    return isinstance(field, models.JSONField)


def key_out(value, refs: dict[str, dict[int, str]]) -> str | None:
    """A stored key as the file writes it, or None when it names no record of the case."""
    kinds, _fields = key_declarations()
    match = DB_KEY.fullmatch(value) if isinstance(value, str) else None
    if match is None or match["kind"] not in kinds:
        return None
    ref = refs.get(kinds[match["kind"]], {}).get(int(match["id"]))
    return f"{match['kind']}@{ref}" if ref else None


def keys_out(field, value, refs) -> str | list[str]:
    """A key field's value as the file writes it: one key or ``""``, or a list of keys."""
    if is_list_field(field):
        found = (key_out(item, refs) for item in (value if isinstance(value, list) else []))
        return list(dict.fromkeys(item for item in found if item))
    return (key_out(value, refs) or "") if value else ""


def key_as_stored(value, ids: dict[str, int]) -> str | None:
    """A file key back as stored, given ``{ref: id}``; None when it names no record of ``ids``."""
    match = FILE_KEY.fullmatch(value) if isinstance(value, str) else None
    if match is None or match["ref"] not in ids:
        return None
    return f"{match['kind']}:{ids[match['ref']]}"

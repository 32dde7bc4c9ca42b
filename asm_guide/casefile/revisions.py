"""Reading a stored revision (``asm-case/1`` or ``/2`` with ``id`` and ``repr``) for the review diff."""

from __future__ import annotations

from .formats import LEGACY_FORMAT
from .keys import key_as_stored, key_declarations
from .scope import CASE_LABEL, model_or_none


def _relation_fields(label: str) -> tuple[set[str], set[str]]:
    """(foreign-key names, many-to-many names) of a model label; empty for a model gone since."""
    model = model_or_none(label)
    if model is None:
        return set(), set()
    fks = {f.name for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one}
    return fks, {f.name for f in model._meta.many_to_many}


def snapshot_records(snapshot: dict) -> dict[str, dict[int, dict]]:
    """``{label: {id: {"pk", "repr", "fields"}}}`` with references as ids, for the review diff.

    Keys inside text values come back as stored (``"review:5"``), so that revisions in
    ``asm-case/1`` (which stored them so) and in later versions compare alike."""
    ids: dict[str, int] = {}
    for rows in snapshot["records"].values():
        for row in rows:
            ids[row["ref"]] = row["id"]
    _kinds, key_fields = key_declarations()
    with_file_keys = snapshot.get("format") != LEGACY_FORMAT
    result: dict[str, dict[int, dict]] = {}
    for label, rows in snapshot["records"].items():
        fks, m2ms = _relation_fields(label)
        keyed = set(key_fields.get(label, ())) if with_file_keys else set()
        table = {}
        for row in rows:
            fields = dict(row["fields"])
            for name in fks & fields.keys():
                fields[name] = ids.get(fields[name]) if fields[name] is not None else None
            for name in m2ms & fields.keys():
                fields[name] = sorted(ids[ref] for ref in fields[name] or [] if ref in ids)
            for name in keyed & fields.keys():
                value = fields[name]
                if isinstance(value, list):
                    fields[name] = [key for key in (key_as_stored(item, ids) for item in value) if key]
                else:
                    fields[name] = key_as_stored(value, ids) or ""
            table[row["id"]] = {"pk": row["id"], "repr": row["repr"], "fields": fields}
        result[label] = table
    case = snapshot["case"]
    result[CASE_LABEL] = {case["id"]: {"pk": case["id"], "repr": case["repr"], "fields": case["fields"]}}
    return result



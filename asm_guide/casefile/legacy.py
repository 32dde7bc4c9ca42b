"""Files in ``asm-case/1``: the parts' upgrades of their shape, and matching their id-keys to rows."""

from __future__ import annotations

from collections import defaultdict

from .keys import DB_KEY, key_declarations
from .scope import model_or_none, part_modules


def legacy_upgrades() -> list:
    """``upgrade_from_1(document)`` of every part app that has a ``caseupgrade`` module: each turns
    an ``asm-case/1`` document (a copy) into the shape the models have now (e.g. free-text
    regions into region records)."""
    found = []
    for module in part_modules("caseupgrade"):
        if hasattr(module, "upgrade_from_1"):
            found.append(module.upgrade_from_1)
    return found


def legacy_key_map(document: dict) -> dict[tuple[str, int], int]:
    """``{(record type, database id): position in the file}`` for the keys of an ``asm-case/1`` file,
    where the file allows it.

    Such a file wrote keys with the exporting server's database ids (``"review:5"``), and its rows in
    id order. So for each record type the ids its keys name are matched to the places of its rows:

    1. every row is named: the n-th smallest id is the n-th row;
    2. otherwise by a constant shift (id = position + shift): the only shift that keeps every
       named id inside the list, or the shift all rows agree on whose foreign key names the same
       record as their key (an indicator's objective and its ``"objective:<id>"`` key);
    3. a type still open takes the shift every decided type shares (a server whose ids ran alike
       for every type, such as one that held only this case).

    A type none of these decides is left out: its keys cannot be told apart."""
    kinds, key_fields = key_declarations()
    records = document.get("records") if isinstance(document.get("records"), dict) else {}
    named: dict[str, set[int]] = defaultdict(set)
    anchors: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for model_label, names in key_fields.items():
        rows = records.get(model_label)
        if not isinstance(rows, list):
            continue
        foreign = _foreign_targets(model_label)
        for row in rows:
            fields = row.get("fields") if isinstance(row, dict) else None
            if not isinstance(fields, dict):
                continue
            for name in names:
                value = fields.get(name)
                for item in value if isinstance(value, list) else [value]:
                    match = DB_KEY.fullmatch(item) if isinstance(item, str) else None
                    if match is None or match["kind"] not in kinds:
                        continue
                    label, old = kinds[match["kind"]], int(match["id"])
                    named[label].add(old)
                    if isinstance(value, list):
                        continue
                    for fk_name, target in foreign.items():
                        ref = fields.get(fk_name)
                        if target == label and isinstance(ref, str) and ref.startswith(label + ":"):
                            position = ref.rsplit(":", 1)[1]
                            if position.isdigit():
                                anchors[label].add((old, int(position)))

    mapping: dict[tuple[str, int], int] = {}
    shifts: dict[str, int] = {}
    open_types: list[tuple[str, range]] = []
    for label, ids in named.items():
        size = len(records.get(label) or []) if isinstance(records.get(label), list) else 0
        ordered = sorted(ids)
        if not size:
            continue
        if len(ordered) == size:
            mapping.update({(label, old): position for position, old in enumerate(ordered, start=1)})
            if ordered[-1] - ordered[0] + 1 == size:
                shifts[label] = ordered[0] - 1
            continue
        fitting = range(ordered[-1] - size, ordered[0])  # shifts keeping every id within 1..size
        agreed = {old - position for old, position in anchors[label]}
        if len(agreed) == 1 and next(iter(agreed)) in fitting:
            shifts[label] = agreed.pop()
        elif len(fitting) == 1:
            shifts[label] = fitting[0]
        else:
            open_types.append((label, fitting))
            continue
        mapping.update({(label, old): old - shifts[label] for old in ordered})
    common = set(shifts.values())
    if len(common) == 1:
        shift = common.pop()
        for label, fitting in open_types:
            if shift in fitting:
                mapping.update({(label, old): old - shift for old in named[label]})
    return mapping


def _foreign_targets(label: str) -> dict[str, str]:
    model = model_or_none(label)
    if model is None:
        return {}
    return {f.name: f.related_model._meta.label_lower for f in model._meta.concrete_fields
            if (f.many_to_one or f.one_to_one) and f.name != "case"}



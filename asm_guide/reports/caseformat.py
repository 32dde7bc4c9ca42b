"""The documented JSON case format ``asm-case/2``: export, import and the review snapshot.

The format is described for people in ``docs/case-format.md`` and for machines in
``asm_guide/reports/schema/asm-case-2.schema.json``. In short::

    {"format": "asm-case/2",
     "exported_at": "2026-11-26T23:00:00Z",          # informational, ignored on import
     "case": {"fields": {"country_name": "...", ...}},
     "members": [{"username": "...", "role": "owner"}],   # only when asked for
     "completed_parts": [{"part": "setup"}],               # parts marked as complete
     "records": {"setup_phase.partner": [{"ref": "setup_phase.partner:1", "fields": {...}}, ...], ...}}

* Every case-scoped model (a ForeignKey named ``case`` to ``cases.StrategyCase``) of every registered
  part app is exported, found through the step registry (``asm_guide.review.snapshot``), so a part
  that registers its steps is included without touching this module. Models appear in dependency
  order; each list is in primary-key order; every model has a key, even when it has no rows.
* No database ids: a record is named by ``ref`` = ``"<app_label.model>:<position>"`` (1-based, in
  the export's order); foreign keys hold the target's ref (or null), many-to-many fields a list of
  refs in the target's order. Timestamps (``auto_now``/``auto_now_add``) and bookkeeping of the case
  (status, progress counters, creator) are left out.
* Keys inside text values: a part app may have a ``casekeys`` module declaring ``KINDS`` (``{kind:
  "app_label.model"}``) and ``KEY_FIELDS`` (``{"app_label.model": (field names,)}``) for fields that
  hold ``"<kind>:<id>"`` keys (Part 3: the proposal an action came from, the proposals not needed).
  The file writes such a key as ``"<kind>@<ref>"``; import turns it back into the new record's id.
  A key that names no record of the case is left out (it could only be written as an id).
* Values are JSON: dates ISO 8601, decimals as strings (exact), JSON fields as they are.

Import (``import_case``) creates a new draft case inside one transaction: every value is checked
(the model's own validation, constraints included) and every error names its place, e.g.
``records["strategy.subtype"][2].fields.pct_women``; nothing is written unless the whole file is
valid. Export -> import -> export gives the same document apart from ``exported_at``.
``asm-case/1`` files (which wrote keys with the exporting server's ids) are still read: their keys
are matched to records where the file allows it (``legacy_key_map``) and left out otherwise, each
such key listed in ``case.import_notes``.

The review app's revisions use the same format (``build_snapshot``) with two extra keys per record,
``id`` and ``repr``, so that two revisions of one case can be compared row by row
(``snapshot_records`` turns it back into the shape ``asm_guide.review.diff`` reads, keys included).
"""

from __future__ import annotations

import copy
import json
import re
from collections import OrderedDict, defaultdict
from functools import cache
from importlib import import_module

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from asm_guide.cases.models import Membership, Role, StrategyCase
from asm_guide.review.snapshot import case_scoped_models, part_app_labels
from asm_guide.wizard.models import PartCompletion
from asm_guide.wizard.registry import registry

FORMAT = "asm-case/2"
LEGACY_FORMAT = "asm-case/1"  # keys written with database ids; still read
READABLE_FORMATS = (FORMAT, LEGACY_FORMAT)
FORMAT_PREFIX = "asm-case/"
TOP_KEYS = {"format", "exported_at", "case", "members", "completed_parts", "records"}
# A key as stored ("regulation:8") and as the file writes it ("regulation@implementation.regulation:3").
DB_KEY = re.compile(r"(?P<kind>[a-z][a-z0-9-]*):(?P<id>\d+)")
FILE_KEY = re.compile(r"(?P<kind>[a-z][a-z0-9-]*)@(?P<ref>[a-z_][a-z0-9_]*\.[a-z0-9_]+:[1-9][0-9]*)")
CASE_LABEL = StrategyCase._meta.label_lower
CASE_EXCLUDED = {"id", "status", "steps_completed", "steps_total", "created_by", "created_at", "updated_at"}


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` lists every problem with its place."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# --- Which fields, which models ---------------------------------------------------------------------


def _is_timestamp(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def data_fields(model) -> list:
    """Concrete fields carried by the format (no pk, no ``case``, no timestamps)."""
    return [f for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "case" and not _is_timestamp(f)]


def case_fields() -> list:
    return [f for f in StrategyCase._meta.concrete_fields if f.name not in CASE_EXCLUDED]


def ordered_models() -> list[type[models.Model]]:
    """Case-scoped models with every foreign-key target before the rows that point at it."""
    found = list(case_scoped_models())
    in_set = set(found)
    ordered: list = []
    visiting: set = set()

    def visit(model):
        if model in ordered or model in visiting:
            return
        visiting.add(model)
        for field in data_fields(model):
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if target in in_set and target is not model:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in found:
        visit(model)
    return ordered


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _ref(label: str, position: int) -> str:
    return f"{label}:{position}"


# --- Keys inside text values (the parts' ``casekeys`` modules) ------------------------------------------


def _part_modules(name: str) -> list:
    """The ``<app>.<name>`` module of every part app that has one, in the parts' order."""
    found = []
    for app_label in part_app_labels():
        dotted = f"{app_label}.{name}"
        try:
            found.append(import_module(dotted))
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise
    return found


@cache
def key_declarations() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(``{kind: record type}``, ``{record type: key field names}``) from every part app's
    ``casekeys`` module."""
    kinds: dict[str, str] = {}
    fields: dict[str, tuple[str, ...]] = {}
    for module in _part_modules("casekeys"):
        kinds.update(getattr(module, "KINDS", {}))
        for label, names in getattr(module, "KEY_FIELDS", {}).items():
            fields[label] = tuple(dict.fromkeys((*fields.get(label, ()), *names)))
    return kinds, fields


def legacy_upgrades() -> list:
    """``upgrade_from_1(document)`` of every part app that has a ``caseupgrade`` module: each turns
    an ``asm-case/1`` document (a copy) into the shape the models have now (e.g. free-text
    regions into region records)."""
    found = []
    for module in _part_modules("caseupgrade"):
        if hasattr(module, "upgrade_from_1"):
            found.append(module.upgrade_from_1)
    return found


def _is_list_field(field) -> bool:
    return isinstance(field, models.JSONField)


def _key_out(value, refs: dict[str, dict[int, str]]) -> str | None:
    """A stored key as the file writes it, or None when it names no record of the case."""
    kinds, _fields = key_declarations()
    match = DB_KEY.fullmatch(value) if isinstance(value, str) else None
    if match is None or match["kind"] not in kinds:
        return None
    ref = refs.get(kinds[match["kind"]], {}).get(int(match["id"]))
    return f"{match['kind']}@{ref}" if ref else None


def _keys_out(field, value, refs) -> str | list[str]:
    if _is_list_field(field):
        found = (_key_out(item, refs) for item in (value if isinstance(value, list) else []))
        return list(dict.fromkeys(item for item in found if item))
    return (_key_out(value, refs) or "") if value else ""


def _key_in_snapshot(value, ids: dict[str, int]) -> str | None:
    match = FILE_KEY.fullmatch(value) if isinstance(value, str) else None
    if match is None or match["ref"] not in ids:
        return None
    return f"{match['kind']}:{ids[match['ref']]}"


# --- Export -----------------------------------------------------------------------------------------


def export_case(case: StrategyCase, *, members: bool = False, snapshot: bool = False) -> dict:
    """The whole case as an ``asm-case/2`` document. One query per case-scoped model (plus one per
    many-to-many field, and one for the parts marked as complete), whatever the size of the case."""
    models_ = ordered_models()
    rows_by_label: dict[str, list] = {}
    refs: dict[str, dict[int, str]] = {}
    for model in models_:
        label = model._meta.label_lower
        queryset = model.objects.filter(case=case).order_by("pk")
        m2m = [f.name for f in model._meta.many_to_many]
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        rows = list(queryset)
        rows_by_label[label] = rows
        refs[label] = {row.pk: _ref(label, index) for index, row in enumerate(rows, start=1)}

    def ref_of(field, pk):
        if pk is None:
            return None
        target = refs.get(field.related_model._meta.label_lower)
        if target is None or pk not in target:
            # A relation outside the case (should not happen): keep it out rather than leak an id.
            return None
        return target[pk]

    _kinds, key_fields = key_declarations()
    records: dict[str, list] = OrderedDict()
    for model in models_:
        label = model._meta.label_lower
        keyed = set(key_fields.get(label, ()))
        out = []
        for row in rows_by_label[label]:
            fields = {}
            for field in data_fields(model):
                if field.many_to_one or field.one_to_one:
                    fields[field.name] = ref_of(field, getattr(row, field.attname))
                elif field.name in keyed:
                    fields[field.name] = _keys_out(field, field.value_from_object(row), refs)
                else:
                    fields[field.name] = field.value_from_object(row)
            for field in model._meta.many_to_many:
                related = refs.get(field.related_model._meta.label_lower, {})
                fields[field.name] = sorted(
                    (related[obj.pk] for obj in getattr(row, field.name).all() if obj.pk in related),
                    key=lambda ref: int(ref.rsplit(":", 1)[1]),
                )
            record = {"ref": refs[label][row.pk], "fields": _json(fields)}
            if snapshot:
                record = {"id": row.pk, "repr": str(row), **record}
            out.append(record)
        records[label] = out

    document = {"format": FORMAT}
    if not snapshot:
        document["exported_at"] = timezone.now().isoformat()
    case_data = {"fields": _json({f.name: f.value_from_object(case) for f in case_fields()})}
    if snapshot:
        case_data = {"id": case.pk, "repr": str(case), "status": case.status, **case_data}
    document["case"] = case_data
    if members:
        document["members"] = [
            {"username": m.user.get_username(), "role": m.role}
            for m in Membership.objects.filter(case=case).select_related("user").order_by("user__username")
        ]
    if not snapshot:
        # Marking a part complete is not an answer: revisions leave it out, the case file keeps it.
        document["completed_parts"] = [
            {"part": item.part, **({"by": item.completed_by.get_username()} if members and item.completed_by else {})}
            for item in PartCompletion.objects.filter(case=case).select_related("completed_by").order_by("part")
        ]
    document["records"] = records
    return document


def build_snapshot(case: StrategyCase) -> dict:
    """The review app's revision snapshot in this format (``settings.ASM_SNAPSHOT_BUILDER``)."""
    return export_case(case, snapshot=True)


def _relation_fields(label: str) -> tuple[set[str], set[str]]:
    """(foreign-key names, many-to-many names) of a model label; empty for a model gone since."""
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
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
                    fields[name] = [key for key in (_key_in_snapshot(item, ids) for item in value) if key]
                else:
                    fields[name] = _key_in_snapshot(value, ids) or ""
            table[row["id"]] = {"pk": row["id"], "repr": row["repr"], "fields": fields}
        result[label] = table
    case = snapshot["case"]
    result[CASE_LABEL] = {case["id"]: {"pk": case["id"], "repr": case["repr"], "fields": case["fields"]}}
    return result


def dumps(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- Import -----------------------------------------------------------------------------------------


def loads(text: str | bytes) -> dict:
    """Parse a file's text, refusing anything that is not a JSON object (with line and column)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused([f"The file is not valid JSON (line {error.lineno}, column {error.colno}): "
                             f"{error.msg}. Is it complete?"]) from None
    except UnicodeDecodeError:
        raise ImportRefused(["The file is not UTF-8 text."]) from None
    if not isinstance(document, dict):
        raise ImportRefused(["The file must hold a JSON object at the top level."])
    return document


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in errors[0].messages] if len(errors) == 1 else
                [str(m) for e in errors for m in e.messages] for name, errors in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def _set_value(obj, field, value, place: str, errors: list[str]) -> None:
    if value is None:
        if not field.null and not field.blank:
            errors.append(f"{place}: a value is required.")
            return
        if not field.null:
            value = field.get_default() if field.has_default() else ""
    elif isinstance(field, models.JSONField):
        pass
    elif isinstance(field, models.DecimalField) and isinstance(value, int | float | str):
        value = str(value)
    elif isinstance(value, dict | list):
        errors.append(f"{place}: expected a single value, not {type(value).__name__}.")
        return
    try:
        value = field.to_python(value)
    except ValidationError as error:
        errors.append(f"{place}: {' '.join(str(m) for m in error.messages)}")
        return
    setattr(obj, field.attname, value)


def _clean(obj, place: str, errors: list[str], exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in _messages(error).items():
            where = place if name == "__all__" else f"{place}.{name}"
            errors.append(f"{where}: {' '.join(messages)}")


def _check_fields(given, allowed: set[str], place: str, errors: list[str]) -> dict:
    if not isinstance(given, dict):
        errors.append(f"{place}: expected an object of fields.")
        return {}
    for name in given:
        if name not in allowed:
            errors.append(f"{place}.{name}: unknown field.")
    return given


def import_case(document: dict, *, owner, members: bool = False) -> StrategyCase:
    """Create a new draft case owned by ``owner`` from an ``asm-case/2`` (or ``asm-case/1``) document,
    or raise ``ImportRefused`` listing every problem. All or nothing: one transaction.

    The new case's ``import_notes`` lists what was left out without refusing the file (keys of an
    ``asm-case/1`` file that could not be matched to a record)."""
    errors: list[str] = []
    fmt = document.get("format")
    if fmt not in READABLE_FORMATS:
        raise ImportRefused([f"format: expected {FORMAT!r}, found {fmt!r}. This version of the tool reads "
                             f"{' and '.join(READABLE_FORMATS)} files only."])
    for key in ("case", "records"):
        if not isinstance(document.get(key), dict):
            errors.append(f"{key}: missing or not an object.")
    if errors:
        raise ImportRefused(errors)
    if fmt == LEGACY_FORMAT:
        document = copy.deepcopy(document)
        for upgrade in legacy_upgrades():
            upgrade(document)
    unknown_top = set(document) - TOP_KEYS
    errors += [f"{key}: unknown key." for key in sorted(unknown_top)]

    models_ = ordered_models()
    by_label = {model._meta.label_lower: model for model in models_}
    for label in document["records"]:
        if label not in by_label:
            errors.append(f"records[{label!r}]: unknown record type (is this file from a newer version?).")

    notes: list[str] = []
    with transaction.atomic():  # leaving it with ImportRefused rolls everything back
        case = _import_rows(document, models_, by_label, owner, members, errors, notes)
        if errors:
            raise ImportRefused(errors)
    case.import_notes = notes
    return case


def _import_rows(document, models_, by_label, owner, members, errors, notes) -> StrategyCase | None:
    # The case itself.
    case_in = _check_fields(document["case"].get("fields"), {f.name for f in case_fields()},
                            "case.fields", errors)
    case = StrategyCase(created_by=owner)
    for field in case_fields():
        if field.name in case_in:
            _set_value(case, field, case_in[field.name], f"case.fields.{field.name}", errors)
        elif not field.has_default() and not field.blank:
            errors.append(f"case.fields.{field.name}: a value is required.")
    _clean(case, "case.fields", errors, exclude=[f.name for f in StrategyCase._meta.fields
                                                  if f.name in CASE_EXCLUDED])
    if errors:
        # Keep checking the records against a stand-in case, so that one run lists every problem;
        # the transaction is rolled back anyway.
        case = StrategyCase(country_name="-", title="-", lead_ministry="-", strategy_start_year=2000,
                            created_by=owner)
    case.save()
    Membership.objects.create(case=case, user=owner, role=Role.OWNER)
    if members and document.get("members"):
        _import_members(case, owner, document["members"], errors)

    # First pass: every row, foreign keys resolved against rows already created (dependency order).
    _kinds, key_fields = key_declarations()
    created: dict[str, models.Model] = {}
    by_position: dict[str, list] = {}  # record type -> the created row (or None) at each place of its list
    pending_m2m = []
    pending_keys = []
    seen_refs: set[str] = set()
    for model in models_:
        label = model._meta.label_lower
        keyed = set(key_fields.get(label, ()))
        rows = document["records"].get(label, [])
        positions = by_position[label] = []
        if not isinstance(rows, list):
            errors.append(f"records[{label!r}]: expected a list of records.")
            continue
        allowed = {f.name for f in data_fields(model)} | {f.name for f in model._meta.many_to_many}
        for index, row in enumerate(rows):
            positions.append(None)
            place = f"records[{label!r}][{index}]"
            if not isinstance(row, dict):
                errors.append(f"{place}: expected an object.")
                continue
            ref = row.get("ref")
            if not isinstance(ref, str) or not ref.startswith(label + ":"):
                errors.append(f"{place}.ref: expected a reference like {label}:{index + 1}.")
                continue
            if ref in seen_refs:
                errors.append(f"{place}.ref: {ref} is used twice.")
                continue
            seen_refs.add(ref)
            given = _check_fields(row.get("fields"), allowed, f"{place}.fields", errors)
            obj = model(case=case)
            row_ok = True
            row_keys = []
            for field in data_fields(model):
                where = f"{place}.fields.{field.name}"
                value = given.get(field.name)
                if field.many_to_one or field.one_to_one:
                    if value is None:
                        if not field.null:
                            errors.append(f"{where}: a reference is required.")
                            row_ok = False
                        continue
                    target = created.get(value) if isinstance(value, str) else None
                    if target is None or target._meta.model is not field.related_model:
                        errors.append(f"{where}: {value!r} does not name a {field.related_model._meta.label_lower} "
                                      f"record earlier in the file.")
                        row_ok = False
                        continue
                    setattr(obj, field.name, target)
                elif field.name in keyed:
                    # Keys may name records of any type, later in the file too: resolved once all exist.
                    if field.name in given:
                        row_keys.append((obj, field, value, where))
                elif field.name in given:
                    before = len(errors)
                    _set_value(obj, field, value, where, errors)
                    row_ok = row_ok and len(errors) == before
            if not row_ok:
                continue
            before = len(errors)
            _clean(obj, f"{place}.fields", errors, exclude=["case"])
            if len(errors) > before:
                continue
            try:
                with transaction.atomic():
                    obj.save()
            except Exception as error:  # noqa: BLE001 - a constraint the model's clean did not cover
                errors.append(f"{place}: cannot be stored ({error}).")
                continue
            created[ref] = obj
            positions[-1] = obj
            pending_keys += row_keys
            for field in model._meta.many_to_many:
                if field.name in given:
                    pending_m2m.append((obj, field, given[field.name], f"{place}.fields.{field.name}"))

    # Second pass: many-to-many references (they may point at any record of the file).
    for obj, field, refs, where in pending_m2m:
        if not isinstance(refs, list):
            errors.append(f"{where}: expected a list of references.")
            continue
        targets = []
        for ref in refs:
            target = created.get(ref) if isinstance(ref, str) else None
            if target is None or target._meta.model is not field.related_model:
                errors.append(f"{where}: {ref!r} does not name a {field.related_model._meta.label_lower} record.")
                continue
            targets.append(target)
        getattr(obj, field.name).set(targets)

    # Third pass: keys inside text values, written with the new records' ids.
    if document.get("format") == LEGACY_FORMAT:
        legacy = legacy_key_map(document)

        def resolve(value, where):
            match = DB_KEY.fullmatch(value) if isinstance(value, str) else None
            label = _kinds.get(match["kind"]) if match else None
            position = legacy.get((label, int(match["id"]))) if label else None
            rows = by_position.get(label, [])
            target = rows[position - 1] if position and position <= len(rows) else None
            if target is None:
                notes.append(f"{where}: {value!r} names a record by the exporting server's database id "
                             f"({LEGACY_FORMAT}) and could not be matched to a record of the file; left out.")
                return None
            return f"{match['kind']}:{target.pk}"
    else:
        def resolve(value, where):
            match = FILE_KEY.fullmatch(value) if isinstance(value, str) else None
            if match is None:
                errors.append(f"{where}: {value!r} is not a key like 'regulation@implementation.regulation:1'.")
                return None
            label = _kinds.get(match["kind"])
            if label is None:
                errors.append(f"{where}: {match['kind']!r} is not a known kind of key "
                              f"(one of {', '.join(sorted(_kinds))}).")
                return None
            target = created.get(match["ref"])
            if target is None or target._meta.label_lower != label:
                errors.append(f"{where}: {match['ref']!r} does not name a {label} record of the file.")
                return None
            return f"{match['kind']}:{target.pk}"

    touched: dict[int, tuple[models.Model, list[str]]] = {}
    for obj, field, value, where in pending_keys:
        if _is_list_field(field):
            if not isinstance(value, list):
                errors.append(f"{where}: expected a list of keys.")
                continue
            found = (resolve(item, f"{where}[{index}]") for index, item in enumerate(value))
            setattr(obj, field.attname, list(dict.fromkeys(key for key in found if key)))
        elif value in (None, ""):
            continue
        else:
            setattr(obj, field.attname, resolve(value, where) or "")
        touched.setdefault(id(obj), (obj, []))[1].append(field.attname)
    for obj, names in touched.values():
        obj.save(update_fields=names)

    _import_completions(case, owner, members, document.get("completed_parts"), errors)
    return case


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
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return {}
    return {f.name: f.related_model._meta.label_lower for f in model._meta.concrete_fields
            if (f.many_to_one or f.one_to_one) and f.name != "case"}


def _import_completions(case, owner, members, completed, errors) -> None:
    """Parts marked as complete: marked again, by the member the file names when members are
    imported and that member exists here, by the importing owner otherwise."""
    if completed is None:
        return
    if not isinstance(completed, list):
        errors.append("completed_parts: expected a list.")
        return
    known = {part.completion_key for part in registry.parts}
    User = get_user_model()
    for index, item in enumerate(completed):
        place = f"completed_parts[{index}]"
        part = item.get("part") if isinstance(item, dict) else None
        if part not in known:
            errors.append(f"{place}.part: {part!r} is not one of {', '.join(sorted(known))}.")
            continue
        by = owner
        if members and isinstance(item.get("by"), str):
            by = User.objects.filter(username=item["by"], memberships__case=case).first() or owner
        PartCompletion.objects.update_or_create(case=case, part=part, defaults={"completed_by": by})


def _import_members(case, owner, members, errors) -> None:
    User = get_user_model()
    if not isinstance(members, list):
        errors.append("members: expected a list.")
        return
    for index, member in enumerate(members):
        place = f"members[{index}]"
        if not isinstance(member, dict):
            errors.append(f"{place}: expected an object.")
            continue
        username, role = member.get("username"), member.get("role")
        if role not in Role.values:
            errors.append(f"{place}.role: {role!r} is not one of {', '.join(Role.values)}.")
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            errors.append(f"{place}.username: no user {username!r} on this server.")
            continue
        if user == owner:
            continue
        Membership.objects.create(case=case, user=user, role=role)


def comparable(document: dict) -> dict:
    """The document without what an export may legitimately change (the export time)."""
    return {key: value for key, value in document.items() if key != "exported_at"}


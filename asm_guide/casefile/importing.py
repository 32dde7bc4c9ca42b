"""Import: a new draft case from an ``asm-case/2`` (or ``asm-case/1``) document, all or nothing."""

from __future__ import annotations

import copy
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from asm_guide.cases.models import Membership, Role, StrategyCase
from asm_guide.wizard.models import PartCompletion
from asm_guide.wizard.registry import registry

from .formats import FORMAT, LEGACY_FORMAT, READABLE_FORMATS, TOP_KEYS
from .keys import DB_KEY, FILE_KEY, is_list_field, key_declarations
from .legacy import legacy_key_map, legacy_upgrades
from .scope import CASE_EXCLUDED, case_fields, data_fields, ordered_models


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` lists every problem with its place."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


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
        if is_list_field(field):
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

"""Compare two case snapshots, in plain language, part by part and step by step.

Records are mapped to steps through the registry: a step's main form edits the fields of its
``Meta.model`` that the form shows, its lists edit the rows of each formset's model. Rows of
per-subject flows are grouped by their foreign key to the subject. Case-scoped rows no step edits
still appear, under "Other records", so nothing changes unseen.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from asm_guide import l10n
from asm_guide.casefile import CASE_EXCLUDED, case_scoped_models, step_models
from asm_guide.cases.models import StrategyCase, figure_kind
from asm_guide.wizard.registry import registry

from .snapshot import records_by_model

LONG_TEXT = 100
IGNORED = {"id", "case", "created_at", "updated_at"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    words: list[tuple[str, str]] | None = None


@dataclass
class ItemChange:
    title: str
    fields: list[FieldChange]


@dataclass
class ListDiff:
    label: str
    added: list[ItemChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class StepDiff:
    title: str
    subject: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    lists: list[ListDiff] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.fields or self.lists)


@dataclass
class PartDiff:
    title: str
    steps: list[StepDiff]


@dataclass
class CaseDiff:
    case_fields: list[FieldChange]
    parts: list[PartDiff]
    other: list[ListDiff]

    @property
    def is_empty(self) -> bool:
        return not (self.case_fields or self.parts or self.other)


# --- Values as a person reads them ------------------------------------------------------------


def _choices(form_field, model_field) -> dict[str, str]:
    choices = []
    if form_field is not None and isinstance(form_field, forms.ChoiceField):
        choices = list(form_field.choices)
    elif model_field is not None and model_field.choices:
        choices = list(model_field.choices)
    flat = {}
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.update({str(k): str(v) for k, v in label})
        else:
            flat[str(key)] = str(label)
    return flat


def display(value: Any, *, model_field=None, form_field=None, lookup=None, currency: str = "",
            case=None) -> str:
    """A stored value as words: choice labels, related records' names, Yes/No, figures and dates as
    the active language writes them (money in ``currency``); "" when empty. A form field with a
    ``describe_values(values, case=...)`` names values that are internal keys (proposals, say)."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, models.Model):
        return str(value)
    describe = getattr(form_field, "describe_values", None)
    if describe is not None:
        return describe(value if isinstance(value, list | tuple) else [value], case=case)
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        return l10n.datetime(moment) if moment else str(value)
    if isinstance(model_field, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return l10n.date(day, style="long") if day else str(value)
    kind = figure_kind(model_field) if not (model_field is not None and model_field.choices) else None
    if kind is not None:
        return l10n.figure(value, kind, currency)
    if model_field is not None and (model_field.many_to_one or model_field.many_to_many) and lookup is not None:
        related = model_field.related_model._meta.label_lower
        values = value if isinstance(value, list) else [value]
        return ", ".join(lookup(related, pk) for pk in values)
    labels = _choices(form_field, model_field)
    if isinstance(value, list | tuple):
        return ", ".join(labels.get(str(item), str(item)) if not isinstance(item, models.Model) else str(item)
                         for item in value)
    if labels:
        return labels.get(str(value), str(value))
    return str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """('equal' | 'delete' | 'insert', words) segments turning ``old`` into ``new``."""
    before, after = old.split(), new.split()
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(before[i1:i2])))
        if op in ("delete", "replace"):
            segments.append(("delete", " ".join(before[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(after[j1:j2])))
    return segments


def field_change(label, old: str, new: str, *, long_text: bool = False) -> FieldChange | None:
    if old == new:
        return None
    words = None
    if old and new and (long_text or max(len(old), len(new)) > LONG_TEXT):
        words = word_diff(old, new)
    return FieldChange(label=str(label), old=old, new=new, words=words)


# --- Comparing snapshots ------------------------------------------------------------------------


class _Snapshots:
    def __init__(self, old: dict, new: dict, case=None):
        self.case = case
        self.old = records_by_model(old)
        self.new = records_by_model(new)
        self.covered: set[tuple[str, int]] = set()
        case_row = next(iter(self.new.get(StrategyCase._meta.label_lower, {}).values()), None) or {}
        self.currency = str(case_row.get("fields", {}).get("currency") or "")

    def lookup(self, label: str, pk) -> str:
        for side in (self.new, self.old):
            record = side.get(label, {}).get(pk)
            if record is not None:
                return record["repr"]
        return str(_("a record that was removed"))

    def rows(self, model, subject_fk: str | None = None, subject_pk=None) -> tuple[dict, dict]:
        label = model._meta.label_lower

        def pick(side):
            rows = side.get(label, {})
            if subject_fk is None:
                return dict(rows)
            return {pk: row for pk, row in rows.items() if row["fields"].get(subject_fk) == subject_pk}

        return pick(self.old), pick(self.new)


def _form_fields(model, form_class) -> list[tuple[str, Any, Any]]:
    """(name, model field, form field) for the model fields the form edits."""
    result = []
    for name, form_field in form_class.base_fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - form-only field
            continue
        # A hidden field is bookkeeping (a proposal's key), not an answer, unless the page shows it
        # in its own way and the field says how to name its values.
        if name in IGNORED or (form_field.widget.is_hidden and not hasattr(form_field, "describe_values")):
            continue
        result.append((name, model_field, form_field))
    return result


def _content_fields(model) -> list[tuple[str, Any, Any]]:
    return [(f.name, f, None) for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if f.name not in IGNORED and not f.primary_key and f.editable]


def _label(model_field, form_field) -> str:
    if form_field is not None and form_field.label:
        label = str(form_field.label)
    else:
        label = str(model_field.verbose_name)
        label = label[:1].upper() + label[1:]  # "ISO 3166 code", not "Iso 3166 code"
    return l10n.figure_label(label, figure_kind(model_field) if not model_field.choices else None)


def _compare(snaps: _Snapshots, old_fields: dict, new_fields: dict, specs) -> list[FieldChange]:
    changes = []
    for name, model_field, form_field in specs:
        kwargs = {"model_field": model_field, "form_field": form_field, "lookup": snaps.lookup,
                  "currency": snaps.currency, "case": snaps.case}
        change = field_change(
            _label(model_field, form_field), display(old_fields.get(name), **kwargs),
            display(new_fields.get(name), **kwargs), long_text=isinstance(model_field, models.TextField),
        )
        if change is not None:
            changes.append(change)
    return changes


def _list_diff(snaps: _Snapshots, label, model, specs, subject_fk=None, subject_pk=None) -> ListDiff:
    old, new = snaps.rows(model, subject_fk, subject_pk)
    result = ListDiff(label=str(label))
    model_label = model._meta.label_lower
    for pk in sorted(set(old) | set(new)):
        snaps.covered.add((model_label, pk))
        if pk not in old:
            fields = _compare(snaps, {}, new[pk]["fields"], specs)
            result.added.append(ItemChange(title=new[pk]["repr"], fields=fields))
        elif pk not in new:
            result.removed.append(old[pk]["repr"])
        else:
            fields = _compare(snaps, old[pk]["fields"], new[pk]["fields"], specs)
            if fields:
                result.changed.append(ItemChange(title=new[pk]["repr"], fields=fields))
    return result


def _subject_fk(model, subject_model) -> str | None:
    if subject_model is None:
        return None
    for each in model._meta.get_fields():
        if getattr(each, "many_to_one", False) and each.related_model is subject_model:
            return each.name
    return None


def _step_diff(snaps: _Snapshots, step, subject_model, subject_pk, subject_label) -> StepDiff:
    result = StepDiff(title=str(step.title), subject=subject_label)
    for list_name, model, form_class in step_models(step):
        specs = _form_fields(model, form_class)
        if list_name is not None:
            list_diff = _list_diff(snaps, getattr(dict(step.lists)[list_name], "item_label", model._meta.verbose_name),
                                   model, specs, _subject_fk(model, subject_model), subject_pk)
            if list_diff.has_changes:
                result.lists.append(list_diff)
            continue
        label = model._meta.label_lower
        if model is StrategyCase or (subject_model is not None and model is subject_model):
            pk = next(iter(snaps.new.get(label, snaps.old.get(label, {})))) if model is StrategyCase else subject_pk
            old = snaps.old.get(label, {}).get(pk)
            new = snaps.new.get(label, {}).get(pk)
            result.fields += _compare(snaps, (old or {}).get("fields", {}), (new or {}).get("fields", {}), specs)
            continue
        old_rows, new_rows = snaps.rows(model, _subject_fk(model, subject_model), subject_pk)
        for pk in sorted(set(old_rows) | set(new_rows)):
            snaps.covered.add((label, pk))
            result.fields += _compare(snaps, old_rows.get(pk, {}).get("fields", {}),
                                      new_rows.get(pk, {}).get("fields", {}), specs)
    return result


def compare(old: dict, new: dict, case=None) -> CaseDiff:
    """What changed from snapshot ``old`` to snapshot ``new`` (of ``case``, which names values
    that are keys, such as proposals, the way the pages do)."""
    snaps = _Snapshots(old, new, case)
    case_label = StrategyCase._meta.label_lower
    old_case = next(iter(snaps.old[case_label].values()))["fields"]
    new_case = next(iter(snaps.new[case_label].values()))["fields"]
    case_specs = [spec for spec in _content_fields(StrategyCase) if spec[0] not in CASE_EXCLUDED]
    case_fields = _compare(snaps, old_case, new_case, case_specs)

    parts = []
    for part in registry.parts:
        steps = []
        for flow in part.flows:
            subject_model = flow.get_subject_model()
            if subject_model is None:
                subjects = [(None, "")]
            else:
                old_s, new_s = snaps.rows(subject_model)
                subjects = [(pk, (new_s.get(pk) or old_s.get(pk))["repr"]) for pk in sorted(set(old_s) | set(new_s))]
            for subject_pk, subject_label in subjects:
                for step in flow.steps:
                    step_diff = _step_diff(snaps, step, subject_model, subject_pk, subject_label)
                    if step_diff.has_changes:
                        steps.append(step_diff)
        if steps:
            parts.append(PartDiff(title=str(part.title), steps=steps))

    other = []
    for model in case_scoped_models():
        label = model._meta.label_lower
        old_rows, new_rows = snaps.rows(model)
        leftover = {pk for pk in set(old_rows) | set(new_rows) if (label, pk) not in snaps.covered}
        if not leftover:
            continue
        list_diff = _list_diff(
            _Leftover(snaps, leftover), str(model._meta.verbose_name_plural).capitalize(), model,
            _content_fields(model),
        )
        if list_diff.has_changes:
            other.append(list_diff)
    return CaseDiff(case_fields=case_fields, parts=parts, other=other)


class _Leftover:
    """The snapshots restricted to rows no step covered."""

    def __init__(self, snaps: _Snapshots, pks: set):
        self._snaps, self._pks = snaps, pks
        self.covered: set = set()
        self.lookup = snaps.lookup
        self.currency = snaps.currency
        self.case = snaps.case

    def rows(self, model, subject_fk=None, subject_pk=None):
        old, new = self._snaps.rows(model)
        return ({pk: row for pk, row in old.items() if pk in self._pks},
                {pk: row for pk, row in new.items() if pk in self._pks})

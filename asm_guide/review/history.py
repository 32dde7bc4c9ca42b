"""The history of changes as the person reading it reads it: in their language, with the names
the pages use.

An ``AuditEntry`` keeps what a save changed (``editing._changes``): the model's label, the item,
each field's label and its old and new value as words, and, for values that are not records'
names, the values themselves (``raw_old`` / ``raw_new``). Here they are read again for the page: the
model's ``verbose_name``, the step's title and each question's label come from the code in the
active language, values are written again from what was stored (figures, dates, choices, Yes/No),
and internal keys (a proposal's "review:5", the key of the proposal a row came from) are named
as the page names them or left out. Entries written before raw values were kept show their words.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from asm_guide import l10n
from asm_guide.casefile import step_models
from asm_guide.cases.models import figure_kind

from .comments import find_flow
from .diff import display

# Internal keys such as "review:5" or "strategy.subtype:3": never shown as they are.
KEYS = re.compile(r"^[a-z_.-]{2,60}:\d{1,12}(, ?[a-z_.-]{2,60}:\d{1,12})*$")


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _step(flow_name: str, slug: str):
    _part, flow = find_flow(flow_name)
    return flow.get(slug) if flow is not None else None


def _forms_by_model(step) -> dict:
    if step is None:
        return {}
    return {model._meta.label_lower: form for _name, model, form in step_models(step)}


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.is_relation else field


def _value(stored: dict, side: str, *, model_field, form_field, case) -> str:
    words = stored.get(side, "")
    describe = getattr(form_field, "describe_values", None)
    if f"raw_{side}" in stored:
        return display(stored[f"raw_{side}"], model_field=model_field, form_field=form_field,
                       currency=getattr(case, "currency", ""), case=case)
    if describe is not None and words and KEYS.match(str(words)):
        return describe(re.split(r", ?", str(words)), case=case)
    if words and KEYS.match(str(words)):
        return ""
    return words


def readable(entry, case) -> dict:
    """``entry`` for the page: ``step_title`` and ``records`` (``action``, ``model_label``, ``item``,
    ``fields`` of ``label``, ``old``, ``new``) in the active language."""
    step = _step(entry.flow, entry.step)
    forms = _forms_by_model(step)
    records = []
    for change in entry.changes or []:
        model = _model(change.get("model", ""))
        form_class = forms.get(change.get("model", ""))
        fields = []
        for stored in change.get("fields", []):
            name = stored.get("name", "")
            form_field = form_class.base_fields.get(name) if form_class is not None else None
            if name == "source_key" or (form_field is not None and form_field.widget.is_hidden
                                        and not hasattr(form_field, "describe_values")):
                continue  # bookkeeping (the key of the proposal a row came from), not an answer
            model_field = _model_field(model, name)
            label = str(form_field.label) if form_field is not None and form_field.label else ""
            if not label and model_field is not None:
                label = str(model_field.verbose_name)
                label = label[:1].upper() + label[1:]
            if label and model_field is not None and not model_field.choices:
                label = l10n.figure_label(label, figure_kind(model_field))
            kwargs = {"model_field": model_field, "form_field": form_field, "case": case}
            fields.append({"label": label or stored.get("label", ""), "old": _value(stored, "old", **kwargs),
                           "new": _value(stored, "new", **kwargs)})
        item = str(change.get("item", ""))
        records.append({
            "action": change.get("action", ""),
            "model_label": str(model._meta.verbose_name) if model is not None else change.get("model_label", ""),
            "item": "" if KEYS.match(item) else item,
            "fields": fields,
        })
    return {"step_title": str(step.title) if step is not None else entry.step_title, "records": records}

"""What the case file carries: which models (from the step registry) and which of their fields.

A model is *case-scoped* when it has a ForeignKey named ``case`` to ``cases.StrategyCase``. The
part apps are the app of each registered part plus the app of every model a step edits, so a part
that registers its steps is included without touching this package. Its optional modules
(``casekeys``, ``caseupgrade``) are found the same way (``part_modules``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from asm_guide.cases.models import StrategyCase
from asm_guide.wizard.registry import registry

CASE_LABEL = StrategyCase._meta.label_lower
# Bookkeeping on the case row that changes without anyone editing the strategy: never carried by the
# file, never compared between revisions.
CASE_EXCLUDED = frozenset({"id", "status", "steps_completed", "steps_total", "created_by", "created_at",
                           "updated_at"})


def json_value(value):
    """``value`` as JSON reads it back: dates ISO 8601, decimals as strings, lazy text as text."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def is_case_scoped(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("case")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
        return False
    return getattr(field, "many_to_one", False) and field.related_model is StrategyCase


def step_models(step) -> list[tuple[str | None, type[models.Model], type]]:
    """(list name or None for the main form, model, form class) for every model a step edits."""
    found = []
    form = step.form
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None:
        found.append((None, model, form))
    for name, formset in step.lists:
        found.append((name, formset.model, formset.form))
    return found


@cache
def part_app_labels() -> tuple[str, ...]:
    labels: list[str] = []
    for part in registry.parts:
        if part.namespace in apps.app_configs:
            labels.append(part.namespace)
        for flow in part.flows:
            for step in flow.steps:
                for _name, model, _form in step_models(step):
                    labels.append(model._meta.app_label)
    return tuple(dict.fromkeys(label for label in labels if label != StrategyCase._meta.app_label))


@cache
def case_scoped_models() -> tuple[type[models.Model], ...]:
    found = []
    for label in part_app_labels():
        found.extend(model for model in apps.get_app_config(label).get_models() if is_case_scoped(model))
    return tuple(found)


def part_modules(name: str) -> list:
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


def model_or_none(label: str):
    """The model of ``app_label.model``, or None for a model gone since (an old revision's)."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None

"""A JSON snapshot of a whole case, built generically from the step registry and the models.

A model is *case-scoped* when it has a ForeignKey named ``case`` to ``cases.StrategyCase``. The
snapshot holds the case's own fields and every row of every case-scoped model of the part apps
(the app of each registered part, plus the app of every model a step edits), so Part 2 and Part 3
are covered as soon as they register their steps.

Format ``asm-case-snapshot/1``::

    {"format": "asm-case-snapshot/1",
     "case": {"model": "cases.strategycase", "pk": 1, "repr": "...", "fields": {...}},
     "records": {"setup_phase.partner": [{"pk": 3, "repr": "...", "fields": {...}}, ...], ...}}

Field values are JSON (dates and decimals as strings, foreign keys as the related pk, many-to-many
as sorted pk lists). New revisions use the documented JSON case format ``asm-case/2`` (older
ones ``asm-case/1``; ``settings.ASM_SNAPSHOT_BUILDER`` = ``asm_guide.reports.caseformat.build_snapshot``),
which ``records_by_model`` also reads; stored revisions keep their own ``snapshot_format`` so old
ones stay readable.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.module_loading import import_string

from asm_guide.cases.models import StrategyCase
from asm_guide.wizard.registry import registry

SNAPSHOT_FORMAT = "asm-case-snapshot/1"
# Bookkeeping on the case row that changes without anyone editing the strategy.
CASE_FIELDS_IGNORED = {"id", "status", "steps_completed", "steps_total", "created_by", "created_at", "updated_at"}


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


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def serialize(obj: models.Model, skip: set[str] = frozenset()) -> dict:
    fields = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in skip:
            continue
        if field.many_to_one or field.one_to_one:
            fields[field.name] = getattr(obj, field.attname)
        else:
            fields[field.name] = field.value_from_object(obj)
    for field in obj._meta.many_to_many:
        fields[field.name] = sorted(related.pk for related in getattr(obj, field.name).all())
    return {"pk": obj.pk, "repr": str(obj), "fields": _json(fields)}


def build_snapshot(case: StrategyCase) -> dict:
    """Every case-scoped record of ``case``: a fixed number of queries per model, whatever the size."""
    records = {}
    for model in case_scoped_models():
        relations = [f.name for f in model._meta.concrete_fields if f.many_to_one and f.name != "case"]
        queryset = model.objects.filter(case=case).select_related(*relations)
        m2m = [field.name for field in model._meta.many_to_many]
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        rows = [serialize(obj, skip={"case"}) for obj in queryset.order_by("pk")]
        records[model._meta.label_lower] = rows
    return {
        "format": SNAPSHOT_FORMAT,
        "case": {"model": StrategyCase._meta.label_lower, **serialize(case, skip={"members"})},
        "records": records,
    }


def current_snapshot(case: StrategyCase) -> dict:
    return import_string(settings.ASM_SNAPSHOT_BUILDER)(case)


def fingerprint(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def records_by_model(snapshot: dict) -> dict[str, dict[int, dict]]:
    """``{model label: {pk: record}}``, the case itself included, for any stored snapshot format."""
    if str(snapshot.get("format", "")).startswith("asm-case/"):
        from asm_guide.reports.caseformat import snapshot_records

        return snapshot_records(snapshot)
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"Unknown snapshot format: {snapshot.get('format')!r}")
    result = {label: {row["pk"]: row for row in rows} for label, rows in snapshot["records"].items()}
    result[snapshot["case"]["model"]] = {snapshot["case"]["pk"]: snapshot["case"]}
    return result

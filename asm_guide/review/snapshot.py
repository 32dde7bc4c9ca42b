"""A revision's snapshot of a whole case: built and read with the JSON case format.

New revisions are stored in the documented JSON case format ``asm-case/2`` with ``id`` and ``repr``
on each record (``asm_guide.casefile.build_snapshot``; older ones in ``asm-case/1``), which
``records_by_model`` reads back through ``asm_guide.casefile.snapshot_records``. Stored revisions
keep their own ``snapshot_format``, so the first format, ``asm-case-snapshot/1``, stays readable::

    {"format": "asm-case-snapshot/1",
     "case": {"model": "cases.strategycase", "pk": 1, "repr": "...", "fields": {...}},
     "records": {"setup_phase.partner": [{"pk": 3, "repr": "...", "fields": {...}}, ...], ...}}

Its field values are JSON (dates and decimals as strings, foreign keys as the related pk,
many-to-many as sorted pk lists). ``build_legacy_snapshot`` still writes it, so that tests can
store a revision the way the first servers did.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models

from asm_guide import casefile
from asm_guide.cases.models import StrategyCase

SNAPSHOT_FORMAT = "asm-case-snapshot/1"


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
    return {"pk": obj.pk, "repr": str(obj), "fields": casefile.json_value(fields)}


def build_legacy_snapshot(case: StrategyCase) -> dict:
    """Every case-scoped record of ``case`` in ``asm-case-snapshot/1``: a fixed number of queries per
    model, whatever the size."""
    records = {}
    for model in casefile.case_scoped_models():
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
    """The snapshot a revision frozen now stores."""
    return casefile.build_snapshot(case)


def fingerprint(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def records_by_model(snapshot: dict) -> dict[str, dict[int, dict]]:
    """``{model label: {pk: record}}``, the case itself included, for any stored snapshot format."""
    if str(snapshot.get("format", "")).startswith(casefile.FORMAT_PREFIX):
        return casefile.snapshot_records(snapshot)
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"Unknown snapshot format: {snapshot.get('format')!r}")
    result = {label: {row["pk"]: row for row in rows} for label, rows in snapshot["records"].items()}
    result[snapshot["case"]["model"]] = {snapshot["case"]["pk"]: snapshot["case"]}
    return result

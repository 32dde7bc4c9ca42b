"""Export: a case as an ``asm-case/2`` document, and the review's revisions in the same format."""

from __future__ import annotations

import json
from collections import OrderedDict

from django.utils import timezone

from asm_guide.cases.models import Membership, StrategyCase
from asm_guide.wizard.models import PartCompletion

from .formats import FORMAT
from .keys import key_declarations, keys_out
from .scope import case_fields, data_fields, json_value, ordered_models


def ref_name(label: str, position: int) -> str:
    """A record's name in the file: ``"<app_label.model>:<position>"`` (1-based)."""
    return f"{label}:{position}"


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
        refs[label] = {row.pk: ref_name(label, index) for index, row in enumerate(rows, start=1)}

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
                    fields[field.name] = keys_out(field, field.value_from_object(row), refs)
                else:
                    fields[field.name] = field.value_from_object(row)
            for field in model._meta.many_to_many:
                related = refs.get(field.related_model._meta.label_lower, {})
                fields[field.name] = sorted(
                    (related[obj.pk] for obj in getattr(row, field.name).all() if obj.pk in related),
                    key=lambda ref: int(ref.rsplit(":", 1)[1]),
                )
            record = {"ref": refs[label][row.pk], "fields": json_value(fields)}
            if snapshot:
                record = {"id": row.pk, "repr": str(row), **record}
            out.append(record)
        records[label] = out

    document = {"format": FORMAT}
    if not snapshot:
        document["exported_at"] = timezone.now().isoformat()
    case_data = {"fields": json_value({f.name: f.value_from_object(case) for f in case_fields()})}
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
    """The review app's revision snapshot in this format (``asm_guide.review.snapshot.current_snapshot``)."""
    return export_case(case, snapshot=True)


def dumps(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"



def comparable(document: dict) -> dict:
    """The document without what an export may legitimately change (the export time)."""
    return {key: value for key, value in document.items() if key != "exported_at"}


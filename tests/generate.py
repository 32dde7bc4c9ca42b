"""Cases of any size, generated from the step registry and the URL conf.

``fill_case(case, rows)`` answers every step of every part (and every per-subject flow, for
each subject the part lists) through the steps' own forms, with ``rows`` items in each list.
``case_pages(case)`` lists one URL per page type; ``snapshot(case)`` is every row of a case,
to show that a request did not change it. Query budgets, the bad-input tests and the
load benchmark use both, so a new step or page is covered without new test code.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models
from django.utils.datastructures import MultiValueDict

from asm_guide.cases.models import StrategyCase
from asm_guide.wizard.forms import StepBundle
from asm_guide.wizard.progress import refresh_progress
from asm_guide.wizard.registry import StepContext, registry

from .helpers import GET_REDIRECT_URL_NAMES, case_url_patterns, fill_url, flow_for_url_name, valid_post
from .subjects import make_subject

_ROW_KEY = re.compile(r"^(?P<name>[\w-]+?)-(?P<index>\d+)-(?P<field>\w+)$")


def subjects_of(part, case) -> list:
    return list(part.subjects(case)) if part.subjects is not None else []


def _expand_rows(data: dict, bundle, rows: int, marker: str) -> dict:
    """Turn the one new row ``valid_post`` fills in each list into ``rows`` new rows."""
    data = dict(data)
    for name, formset in bundle.lists:
        total = int(data.get(f"{name}-TOTAL_FORMS", 0))
        initial = int(data.get(f"{name}-INITIAL_FORMS", 0))
        if total <= initial:
            continue
        template = {}
        for key, value in data.items():
            match = _ROW_KEY.match(key)
            if match and match["name"] == name and int(match["index"]) == total - 1 and match["field"] != "id":
                template[match["field"]] = value
        wanted = min(formset.max_num, initial + rows)
        for index in range(total, wanted):
            for field, value in template.items():
                if isinstance(value, str) and value.startswith("Sample answer"):
                    value = f"{marker} {name} {index}"
                data[f"{name}-{index}-{field}"] = value
        data[f"{name}-TOTAL_FORMS"] = str(max(total, wanted))
    for key, value in list(data.items()):
        if isinstance(value, str) and value == "Sample answer":
            data[key] = f"{marker} {key}"
    return data


def answer_step(step, case, subject=None, rows: int = 1, marker: str = "Sample answer") -> None:
    """Save valid answers to ``step`` with up to ``rows`` items in each of its lists."""
    bundle_class = StepBundle.for_step(step)
    # A list whose rows must differ (one leverage entry per programme, say) may not take ``rows``
    # copies of one row; it is then filled with a single row.
    for count in dict.fromkeys((rows, 1)):
        data = _expand_rows(valid_post(step, case, subject), bundle_class(case=case, subject=subject), count, marker)
        multi = MultiValueDict({key: value if isinstance(value, list) else [value] for key, value in data.items()})
        bundle = bundle_class(multi, case=case, subject=subject)
        if bundle.is_valid():
            bundle.save()
            return
    raise AssertionError(f"{step.slug}: generated answers are invalid: {bundle.error_items()}")


def fill_case(case, rows: int, marker: str = "Sample answer") -> None:
    """Answer every applicable step of every part, ``rows`` items a list."""
    for part in registry.parts:
        for step in part.flow.steps:
            ctx = StepContext(case=case)
            if step.applies_when(ctx) and step.available_when(ctx):
                answer_step(step, case, rows=rows, marker=marker)
        for flow in part.subject_flows:
            for subject in subjects_of(part, case):
                for step in flow.steps:
                    ctx = StepContext(case=case, subject=subject)
                    if step.applies_when(ctx) and step.available_when(ctx):
                        answer_step(step, case, subject, rows=rows, marker=marker)
    refresh_progress(case)


def subject_for(flow, case):
    """A subject of ``case`` for a per-subject flow: the first the part lists, or a new one."""
    part = registry.part_of(flow)
    existing = subjects_of(part, case)
    return existing[0] if existing else make_subject(flow.get_subject_model(), case)


def page_routes() -> list[tuple[str, str, object, str | None]]:
    """(page type, route, flow, step slug) for every case page in the URL conf; no database.

    Step URLs expand to every step of their flow; "start" URLs (redirects) are left out."""
    routes = []
    for route, name in case_url_patterns():
        _part, flow = flow_for_url_name(name)
        if flow is None:
            if name not in GET_REDIRECT_URL_NAMES:
                routes.append((name, route, None, None))
        elif "<slug:step>" in route:
            routes += [(f"{name}/{step.slug}", route, flow, step.slug) for step in flow.steps]
    return routes


def case_pages(case) -> dict[str, str]:
    """One URL of ``case`` per page type (see ``page_routes``)."""
    pages: dict[str, str] = {}
    for page_type, route, flow, slug in page_routes():
        name = page_type.split("/")[0]
        url = fill_url(route, name, case, lambda flow: subject_for(flow, case))
        if slug is not None:
            url = url.replace(f"/{flow.steps[0].slug}/", f"/{slug}/")
        pages[page_type] = url
    return pages


def case_scoped_models() -> list[type[models.Model]]:
    return [
        model for model in apps.get_models()
        if any(getattr(f, "related_model", None) is StrategyCase and f.name == "case" and f.many_to_one
               for f in model._meta.get_fields())
    ]


def snapshot(case) -> dict:
    rows = {"case": list(StrategyCase.objects.filter(pk=case.pk).values())}
    for model in case_scoped_models():
        rows[model._meta.label] = list(model.objects.filter(case=case).order_by("pk").values())
    return rows

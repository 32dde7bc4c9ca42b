"""Query budgets for every page type, generated from the URL conf and the step registry.

Each page is measured on a small case (one item per list) and a large one (many items per
list, and as many subjects as the parts allow): the count must be the same, and within the
page type's budget. A new page or step is measured without new test code.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import CaseFactory, MembershipFactory, UserFactory
from .generate import case_pages, fill_case, page_routes
from .helpers import valid_post
from .test_production import inline_code

pytestmark = pytest.mark.django_db

LARGE = 40
DEFAULT_BUDGET = 20
# Page types that need more, with the reason (matched on the end of the page type).
BUDGETS: dict[str, int] = {
    ":check-answers": 30,  # reads every step of the part through its forms (a constant per step)
    "implementation:check-answers": 45,  # Part 3 has ten steps, several with two or three lists
    "cases:task-list": 40,  # the status of every step of the three parts, each fact read once
    "/action-plan": 35,  # the proposals are computed from Parts 1-3 (one read per kind of record)
    "strategy-step/subtypes": 22,  # also the case's regions (the choices) and the subtypes' regions (one prefetch)
}
POST_BUDGET = 65  # validation reads the lists once, writes what changed, then the edit-conflict
# check, the audit entry (old and new values read once) and the stored progress counts (the whole
# task list, about 35 queries, recomputed so the dashboard shows up-to-date progress)


def budget_for(page_type: str) -> int:
    if page_type.startswith("reports:"):
        # The report and the exports read every case-scoped model of every part once, and each
        # many-to-many relation once (a constant per model, whatever the size), plus sign-in,
        # membership, version and the cached file.
        from asm_guide.casefile import case_scoped_models

        models = case_scoped_models()
        return 8 + len(models) + sum(len(model._meta.many_to_many) for model in models)
    matches = [suffix for suffix in BUDGETS if page_type.endswith(suffix)]
    return BUDGETS[max(matches, key=len)] if matches else DEFAULT_BUDGET


def measure_get(client, url) -> int:
    client.get(url)  # the first visit may write navigation state once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"].startswith("text/html"):  # downloads (PDF, DOCX, XLSX, JSON) have no markup
        assert inline_code(response.content.decode()) == [], url
    return len(queries)


@pytest.fixture(scope="module")
def measured(django_db_blocker, django_db_setup):
    """(small, large) query counts per page type, measured once for the module."""
    from django.test import Client

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            user = UserFactory(username="budget-user")
            small, large = CaseFactory(title="Small"), CaseFactory(title="Large")
            for case in (small, large):
                MembershipFactory(case=case, user=user)
            fill_case(small, 1)
            fill_case(large, LARGE)
            client = Client()
            client.force_login(user)
            counts = {}
            for case in (small, large):
                pages = case_pages(case)
                for page_type in [t for t in pages if not applies(t, case)]:
                    pages.pop(page_type)
                    counts.setdefault("not applicable", set()).add(page_type)
                counts[case.title] = {page_type: measure_get(client, url) for page_type, url in pages.items()}
                counts[case.title]["cases:dashboard"] = measure_get(client, reverse("cases:dashboard"))
                for page_type, url in pages.items():
                    step = step_of(page_type)
                    if step is None:
                        continue
                    flow, step_obj, subject = step
                    data = valid_post(step_obj, case, subject_from_url(flow, url))
                    with CaptureQueriesContext(connection) as queries:
                        response = client.post(url, {**data, "action": "continue"})
                    assert response.status_code == 302, (url, response.context and response.context["error_items"])
                    counts[case.title][f"POST {page_type}"] = len(queries)
            transaction.set_rollback(True)
    NOT_APPLICABLE.update(counts.get("not applicable", ()))
    return counts["Small"], counts["Large"]


# Steps that apply only when a subtype chose zones or market access: the generated cases (every
# subtype on the first approach, not a Minamata Party) do not have them; tests/implementation/test_queries.py measures
# them with 5 and 300 actions on the demo.
EXPECTED_NOT_APPLICABLE = {
    f"implementation:implementation-step/{slug}" for slug in ("zones", "market-access", "nap-crosswalk")
} | {"strategy:substrategy-step/conflict-risks"}  # preconditions first: tests/strategy/test_branches.py
NOT_APPLICABLE: set[str] = set()


def applies(page_type: str, case) -> bool:
    found = step_of(page_type)
    if found is None:
        return True
    _flow, step, _subject = found
    from asm_guide.wizard.registry import StepContext

    return step.applies_when(StepContext(case=case))


def step_of(page_type: str):
    from .helpers import flow_for_url_name

    name, _sep, slug = page_type.partition("/")
    _part, flow = flow_for_url_name(name)
    if flow is None or not slug:
        return None
    return flow, flow.get(slug), None


def subject_from_url(flow, url):
    model = flow.get_subject_model()
    if model is None:
        return None
    from django.urls import resolve

    return model.objects.get(pk=resolve(url).kwargs["subject_id"])


def page_types():
    return sorted(page_type for page_type, *_rest in page_routes()) + ["cases:dashboard"]


@pytest.mark.parametrize("page_type", page_types())
def test_get_queries_do_not_grow_with_the_case(measured, page_type):
    small, large = measured
    if page_type in NOT_APPLICABLE:
        assert page_type in EXPECTED_NOT_APPLICABLE
        return
    assert large[page_type] <= small[page_type], (small[page_type], large[page_type])
    assert large[page_type] <= budget_for(page_type), large[page_type]


@pytest.mark.parametrize("page_type", [t for t in page_types() if "/" in t])
def test_saving_a_step_does_not_grow_with_the_case(measured, page_type):
    small, large = measured
    if page_type in NOT_APPLICABLE:
        assert page_type in EXPECTED_NOT_APPLICABLE
        return
    key = f"POST {page_type}"
    assert large[key] <= small[key], (small[key], large[key])
    assert large[key] <= POST_BUDGET, large[key]

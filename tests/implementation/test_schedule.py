"""Dependencies the schedule contradicts (a dependent action that ends before what it depends on
ends): a warning on the action-plan page and on Part 3's check answers, never an error; loops
stay refused. Monitoring readings dated before the strategy period are baselines and accepted;
readings after its end are still refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from implementation import models as m
from implementation.plan import ScheduleWarning, schedule_warnings
from implementation.steps import FLOW
from tests.helpers import valid_post

# --- the pure rule -----------------------------------------------------------------------------------

Q = {  # (start, end) as (year, quarter)
    "law": ((2026, 1), (2026, 4)),
    "permits_after": ((2027, 1), (2027, 2)),
    "permits_overlap": ((2026, 3), (2027, 1)),
    "permits_same_end": ((2026, 2), (2026, 4)),
    "permits_early_start": ((2025, 4), (2027, 1)),
    "permits_early_end": ((2026, 1), (2026, 3)),
    "permits_long_before": ((2026, 1), (2026, 1)),
}


@pytest.mark.parametrize(("dependent", "warned"), [
    ("permits_after", False),        # finish-to-start: the usual case
    ("permits_overlap", False),      # starts while the law is being passed, ends after it
    ("permits_same_end", False),     # ends in the same quarter
    ("permits_early_start", False),  # starts before the law starts: allowed, it ends after
    ("permits_early_end", True),     # ends a quarter before the law
    ("permits_long_before", True),
])
def test_a_dependent_must_not_end_before_what_it_depends_on(dependent, warned):
    found = schedule_warnings(Q, {dependent: ["law"]})
    if warned:
        assert found == [ScheduleWarning(action=dependent, prerequisite="law", action_end=Q[dependent][1],
                                         prerequisite_end=(2026, 4))]
    else:
        assert found == []


def test_warnings_come_in_a_stable_natural_order_and_skip_what_cannot_be_checked():
    periods = {n: ((2026, 1), (2026, 1)) for n in (2, 10)} | {1: ((2026, 1), (2028, 4)), 3: ((2026, 1), (2029, 4))}
    edges = {10: [3, 1], 2: [1, 99], 1: [1], 7: [3]}  # 99 and 7 have no period; 1 → 1 is no warning
    found = schedule_warnings(periods, edges)
    assert [(w.action, w.prerequisite) for w in found] == [(2, 1), (10, 1), (10, 3)]


# --- the pages -----------------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def make_action(case, title, start, end, **extra):
    return m.ImplementationAction.objects.create(
        case=case, title=title, step="set_regulations", responsible_institution="MMG", start_year=start[0],
        start_quarter=start[1], end_year=end[0], end_quarter=end[1], **extra)


def action_plan_url(case):
    return FLOW.step_url("action-plan", case)


def post_actions(client, case, changes):
    step = FLOW.get("action-plan")
    return client.post(action_plan_url(case), {**valid_post(step, case), **changes, "action": "continue"})


WARNING = "A2 “Issue permits” ends in Q3 2026, before A1, which it depends on, ends in Q4 2027."


@pytestmark_db
def test_a_dependent_that_ends_first_is_saved_and_flagged_on_the_page_and_in_check_answers(case, editor_client):
    law = make_action(case, "Pass the law", (2026, 1), (2027, 4))
    permits = make_action(case, "Issue permits", (2026, 1), (2026, 3))
    assert law.ref == "A1" and permits.ref == "A2"
    response = post_actions(editor_client, case, {"actions-1-depends_on": "A1"})
    assert response.status_code == 302, "a warning, not an error: the dependency is saved"
    assert list(permits.depends_on.all()) == [law]

    page = editor_client.get(action_plan_url(case)).content.decode()
    assert 'id="dependency-warnings"' in page and WARNING in page
    assert "1 action ends before an action it depends on" in page
    check = editor_client.get(reverse("implementation:check-answers", args=[case.pk])).content.decode()
    assert WARNING in check and f'href="{action_plan_url(case)}?return_to=' in check

    # Moving the dependent's end after the law's end clears the warning.
    permits.end_year, permits.end_quarter = 2028, 1
    permits.save()
    assert "dependency-warnings" not in editor_client.get(action_plan_url(case)).content.decode()
    assert WARNING not in editor_client.get(reverse("implementation:check-answers", args=[case.pk])).content.decode()


@pytestmark_db
def test_a_warning_does_not_hold_the_step_or_the_part(case, editor_client):
    law = make_action(case, "Pass the law", (2026, 1), (2027, 4))
    permits = make_action(case, "Issue permits", (2026, 1), (2026, 3))
    permits.depends_on.set([law])
    from asm_guide.wizard.registry import StepContext
    from implementation import rules

    ctx = StepContext(case=case)
    assert [w["action"] for w in rules.dependency_warnings(ctx)] == [permits]
    assert rules.action_plan_missing(ctx) == []


@pytestmark_db
def test_loops_stay_refused_with_a_clear_error(case, editor_client):
    law = make_action(case, "Pass the law", (2026, 1), (2027, 4))
    permits = make_action(case, "Issue permits", (2028, 1), (2028, 2))
    permits.depends_on.set([law])
    response = post_actions(editor_client, case, {"actions-0-depends_on": "A2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "These actions depend on each other in a circle: A1 → A2 → A1." in html
    assert "There is a problem" in html
    assert not law.depends_on.exists()


@pytestmark_db
def test_schedule_pages_are_for_members_only(case, outsider_client):
    make_action(case, "Pass the law", (2026, 1), (2027, 4))
    assert outsider_client.get(action_plan_url(case)).status_code == 404
    assert outsider_client.get(reverse("implementation:check-answers", args=[case.pk])).status_code == 404


@pytestmark_db
def test_the_warnings_cost_no_query_per_action(case, editor_client, django_assert_max_num_queries):
    def fill(n):
        previous = None
        for i in range(n):
            action = make_action(case, f"Action {i}", (2026, 1), (2030 - i % 4, 4 - i % 4))
            if previous is not None:
                action.depends_on.set([previous])
            previous = action

    fill(3)
    editor_client.get(action_plan_url(case))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        editor_client.get(reverse("implementation:check-answers", args=[case.pk]))
    fill(12)
    with django_assert_max_num_queries(len(small)):
        editor_client.get(reverse("implementation:check-answers", args=[case.pk]))


# --- monitoring: baseline readings --------------------------------------------------------------------


def post_record(client, case, indicator, period_end):
    step = FLOW.get("monitoring")
    data = {**valid_post(step, case), "action": "continue"}
    for name in ("indicators", "reviews"):
        data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"]
    data = {key: value for key, value in data.items() if not key.startswith("records-")}
    data.update({"records-TOTAL_FORMS": "1", "records-INITIAL_FORMS": "0", "records-MIN_NUM_FORMS": "0",
                 "records-MAX_NUM_FORMS": "1000", "records-0-indicator": str(indicator.pk),
                 "records-0-period_end": period_end, "records-0-value": "12", "records-0-source": "Survey"})
    return client.post(FLOW.step_url(step, case), data)


@pytestmark_db
def test_a_baseline_reading_before_the_strategy_period_is_accepted(case, editor_client):
    indicator = m.Indicator.objects.create(case=case, name="Licensed operations", unit="operations")
    assert case.strategy_start_year == 2026
    response = post_record(editor_client, case, indicator, "2024-12-31")
    assert response.status_code == 302, response.context and response.context.get("error_items")
    record = m.MonitoringRecord.objects.get(case=case)
    assert record.period_end == date(2024, 12, 31)
    page = editor_client.get(FLOW.step_url("monitoring", case)).content.decode()
    assert "A reading dated before 2026, the strategy&#x27;s first year, is a baseline reading" in page


@pytestmark_db
def test_a_reading_after_the_strategy_period_is_still_refused(case, editor_client):
    indicator = m.Indicator.objects.create(case=case, name="Licensed operations", unit="operations")
    response = post_record(editor_client, case, indicator, "2031-03-31")
    assert response.status_code == 200
    records = dict(response.context["bundle"].lists)["records"]
    assert [e.code for e in records.forms[0].errors.as_data()["period_end"]] == ["outside_strategy_period"]
    html = response.content.decode()
    assert "A reading must be dated by the end of the strategy period (2030)" in html
    assert 'value="2031-03-31"' in html, "what was typed stays in place"
    assert not m.MonitoringRecord.objects.filter(case=case).exists()
    # The last day of the period is still inside it.
    assert post_record(editor_client, case, indicator, "2030-12-31").status_code == 302


def test_the_demo_plan_has_no_action_that_ends_before_what_it_depends_on(demo):
    from asm_guide.wizard.registry import StepContext
    from implementation import rules

    assert rules.dependency_warnings(StepContext(case=demo)) == []

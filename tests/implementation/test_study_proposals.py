"""Part 1 studies not done yet (deferred, planned, commissioned, in progress) propose a follow-up
action in the action plan, with the study's budget, funder and dates; a done study proposes
nothing; an accepted study proposal round-trips through the case file."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from asm_guide import casefile
from asm_guide.wizard.registry import StepContext
from implementation import models as m
from implementation import rules
from implementation.steps import FLOW
from setup_phase import models as p1
from tests.factories import UserFactory
from tests.implementation.test_steps import error_codes, existing_rows_only, make_subtype, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(case):
    """A case with a subtype to plan for and a partner to fund a study."""
    partner = p1.Partner.objects.create(case=case, name="Bank", partner_type="multilateral")
    make_subtype(case, "S1 Tin", "license_regulate")
    return {"case": case, "partner": partner}


def study_proposal(case, study):
    found = [p for p in rules.pending_proposals(StepContext(case=case)) if p.key == f"study:{study.pk}"]
    return found[0] if found else None


@pytest.fixture
def deferred_r7(world):
    return p1.ResearchStudy.objects.create(
        case=world["case"], research_type="R7", title="Southern deposits", status="deferred",
        deferred_reason="No funding before 2027", implementer="Lumeria Geological Survey",
        funder=world["partner"], budget=Decimal("250000"), start_date=date(2027, 4, 1), end_date=date(2027, 12, 31))


def test_a_deferred_r7_study_proposes_its_follow_up_with_cost_and_timing(world, deferred_r7):
    proposal = study_proposal(world["case"], deferred_r7)
    assert proposal is not None
    assert "R7 Geological and land-use mapping" in proposal.title and "Southern deposits" in proposal.title
    assert "No funding before 2027" in proposal.why and "250,000" in proposal.why
    values = proposal.values
    assert values["cost"] == Decimal("250000")
    assert (values["start_year"], values["start_quarter"], values["end_year"], values["end_quarter"]) == (
        2027, 2, 2027, 4)
    assert values["partner"] == world["partner"].pk and values["funding"] == "partner"
    assert values["responsible_institution"] == "Lumeria Geological Survey"
    assert values["step"] == m.ActionStep.CAPACITY and values["source_key"] == f"study:{deferred_r7.pk}"
    # The proposal holds the action-plan step in progress until it is used or dropped.
    assert any("proposed action" in message for message in rules.action_plan_missing(StepContext(case=world["case"])))


def test_a_study_without_dates_takes_a_year_from_the_strategy_start(world):
    study = p1.ResearchStudy.objects.create(case=world["case"], research_type="R6", status="in_progress")
    values = study_proposal(world["case"], study).values
    first = world["case"].strategy_start_year
    assert (values["start_year"], values["start_quarter"], values["end_year"], values["end_quarter"]) == (
        first, 1, first, 4)
    assert values["cost"] == "" and values["funding"] == "unfunded"


@pytest.mark.parametrize("status", ["planned", "tor", "commissioned", "in_progress", "deferred"])
def test_every_study_not_done_proposes(world, status):
    study = p1.ResearchStudy.objects.create(case=world["case"], research_type="R5", status=status)
    assert study_proposal(world["case"], study) is not None


@pytest.mark.parametrize("status", ["validated", "draft", "covered"])
def test_a_done_study_proposes_nothing(world, deferred_r7, status):
    deferred_r7.status = status
    deferred_r7.save()
    assert study_proposal(world["case"], deferred_r7) is None
    assert not any(p.key.startswith("study:") for p in rules.all_proposals(StepContext(case=world["case"])))


def test_an_accepted_study_proposal_round_trips_through_the_case_file(world, deferred_r7, editor_client):
    case = world["case"]
    step = FLOW.get("action-plan")
    key = f"study:{deferred_r7.pk}"
    response = editor_client.post(url(step, case), {**existing_rows_only(step, case), "action": f"add:actions:{key}"})
    assert response.status_code == 200
    data = {name: values if len(values) > 1 or name.endswith("subtypes") else values[0]
            for name, values in response.context["bundle"].data.lists()}
    data["action"] = "continue"
    response = editor_client.post(url(step, case), data)
    assert response.status_code == 302, error_codes(response)
    action = m.ImplementationAction.objects.get(case=case, source_key=key)
    assert action.cost == Decimal("250000") and action.partner == world["partner"]
    assert study_proposal(case, deferred_r7) is None

    document = casefile.export_case(case)
    [written] = [row for row in document["records"]["implementation.implementationaction"]
                 if row["fields"]["source_key"].startswith("study@")]
    assert written["fields"]["source_key"] == "study@setup_phase.researchstudy:1"
    copy = casefile.import_case(json.loads(casefile.dumps(document)), owner=UserFactory())
    new_study = p1.ResearchStudy.objects.get(case=copy)
    assert m.ImplementationAction.objects.get(case=copy, title=action.title).source_key == f"study:{new_study.pk}"
    assert study_proposal(copy, new_study) is None
    assert casefile.comparable(casefile.export_case(copy)) == casefile.comparable(document)

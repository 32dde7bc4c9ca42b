"""The case details form asks the Minamata Convention questions early (the same case fields that
Part 3's monitoring step edits) and holds the review setting that someone other than the person
who submitted a revision approves it (on by default, an owner may turn it off)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from asm_guide.cases.models import StrategyCase
from implementation.steps import FLOW as PART3
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

DETAILS = {"country_name": "Testland", "title": "ASM strategy", "lead_ministry": "Mines", "currency": "USD",
           "strategy_start_year": "2026", "horizon_years": "5", "report_language": "en"}


def checkbox(html: str, name: str) -> str:
    return re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html).group(0)


def test_a_new_case_asks_the_minamata_questions_with_a_hint_and_approval_by_another_member_is_on(owner_client):
    html = owner_client.get(reverse("cases:create")).content.decode()
    fieldset = re.search(r'<fieldset class="fieldset" aria-describedby="minamata-hint">.*?</fieldset>', html,
                         re.S).group(0)
    assert "<legend" in fieldset and "Minamata Convention on Mercury" in fieldset
    assert 'id="minamata-hint"' in fieldset and "national action plan" in fieldset
    assert '<label for="id_is_minamata_party">Party to the Minamata Convention on Mercury</label>' in fieldset
    assert 'for="id_asgm_more_than_insignificant"' in fieldset
    assert "checked" not in checkbox(html, "is_minamata_party")
    assert "checked" in checkbox(html, "approval_by_other_member"), "on by default"
    assert StrategyCase._meta.get_field("approval_by_other_member").default is True
    assert CaseFactory().approval_by_other_member


def test_answers_given_at_creation_are_the_ones_part_three_shows(owner_client):
    response = owner_client.post(reverse("cases:create"), {
        **DETAILS, "is_minamata_party": "on", "asgm_more_than_insignificant": "on", "approval_by_other_member": "on"})
    assert response.status_code == 302
    case = StrategyCase.objects.get(title="ASM strategy")
    assert case.is_minamata_party and case.asgm_more_than_insignificant and case.approval_by_other_member
    monitoring = owner_client.get(PART3.step_url("monitoring", case)).content.decode()
    assert "checked" in checkbox(monitoring, "is_minamata_party")
    assert "checked" in checkbox(monitoring, "asgm_more_than_insignificant")
    assert owner_client.get(PART3.step_url("nap-crosswalk", case)).context.get("not_applicable") is None
    task_list = owner_client.get(reverse("cases:task-list", args=[case.pk])).content.decode()
    assert PART3.step_url("nap-crosswalk", case) in task_list


def test_changing_them_in_case_details_changes_the_case_and_its_steps(owner_client, case):
    url = reverse("cases:settings", args=[case.pk])
    fields = {**DETAILS, "title": case.title, "approval_by_other_member": "on"}
    assert owner_client.post(url, {**fields, "is_minamata_party": "on", "asgm_more_than_insignificant": "on"}
                             ).status_code == 302
    case.refresh_from_db()
    assert case.is_minamata_party and case.asgm_more_than_insignificant
    with_nap = case.steps_total
    assert owner_client.post(url, {**fields}).status_code == 302
    case.refresh_from_db()
    assert not case.is_minamata_party and not case.asgm_more_than_insignificant
    assert case.steps_total == with_nap - 1, "the NAP crosswalk step no longer applies"


def test_asgm_without_party_is_refused_next_to_the_field_keeping_what_was_typed(owner_client, case):
    url = reverse("cases:settings", args=[case.pk])
    response = owner_client.post(url, {**DETAILS, "title": "Typed title", "asgm_more_than_insignificant": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_asgm_more_than_insignificant"' in html
    group = re.search(r'id="group-id_asgm_more_than_insignificant">.*?\n</div>', html, re.S).group(0)
    assert "Only a Party notifies more-than-insignificant ASGM" in group
    assert "checked" in checkbox(html, "asgm_more_than_insignificant") and 'value="Typed title"' in html
    case.refresh_from_db()
    assert not case.asgm_more_than_insignificant and case.title != "Typed title"


def test_an_owner_turns_approval_by_another_member_off(owner_client, case):
    assert case.approval_by_other_member
    response = owner_client.post(reverse("cases:settings", args=[case.pk]), {**DETAILS, "title": case.title})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.approval_by_other_member


def test_only_an_owner_changes_the_setting_and_outsiders_do_not_see_the_case(case, editor_client, reviewer_client,
                                                                              outsider_client):
    url = reverse("cases:settings", args=[case.pk])
    for client in (editor_client, reviewer_client):
        assert client.post(url, {**DETAILS, "title": case.title}).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {**DETAILS, "title": case.title}).status_code == 404
    case.refresh_from_db()
    assert case.approval_by_other_member


def test_the_monitoring_step_says_where_else_the_answers_are_asked(case, editor_client):
    html = editor_client.get(PART3.step_url("monitoring", case)).content.decode()
    hint = re.search(r'<p class="hint" id="minamata-hint">.*?</p>', html, re.S).group(0)
    assert f'<a href="{reverse("cases:settings", args=[case.pk])}">case details</a>' in hint

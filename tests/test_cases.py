from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.urls import reverse

from asm_guide.cases.models import Membership, Role, StrategyCase

from .factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_case_makes_the_creator_its_owner(owner_client, owner):
    response = owner_client.post(reverse("cases:create"), {
        "country_name": "Testland", "iso3": "tst", "title": "ASM strategy", "lead_ministry": "Mines",
        "currency": "usd", "strategy_start_year": "2026", "horizon_years": "5", "report_language": "fr",
    })
    case = StrategyCase.objects.get(title="ASM strategy")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:task-list", args=[case.pk])
    assert case.iso3 == "TST" and case.currency == "USD" and case.report_language == "fr"
    assert Membership.objects.get(case=case).user == owner
    assert Membership.objects.get(case=case).role == Role.OWNER


def test_create_case_errors_keep_what_was_typed(owner_client):
    response = owner_client.post(reverse("cases:create"), {"country_name": "Testland", "iso3": "toolong",
                                                          "strategy_start_year": "1200"})
    assert response.status_code == 200
    form = response.context["form"]
    codes = {field: {e.code for e in errors} for field, errors in form.errors.as_data().items()}
    assert "required" in codes["title"]
    assert "min_value" in codes["strategy_start_year"]
    assert "max_length" in codes["iso3"]
    html = response.content.decode()
    assert 'value="Testland"' in html
    assert "There is a problem" in html
    assert "<title>Error:" in html
    assert 'href="#id_title"' in html


def test_dashboard_lists_only_my_cases(owner_client, case):
    other = CaseFactory(title="Someone else's")
    MembershipFactory(case=other)
    response = owner_client.get(reverse("cases:dashboard"))
    cases = [row["case"] for row in response.context["rows"]]
    assert cases == [case]
    assert "Someone else" not in response.content.decode()


def test_owner_adds_member_by_email_and_changes_role(owner_client, case):
    person = UserFactory(username="newcomer", email="New@Example.org")
    url = reverse("cases:members", args=[case.pk])
    response = owner_client.post(url, {"action": "add", "user": "new@example.org", "role": "reviewer"})
    assert response.status_code == 302
    membership = Membership.objects.get(case=case, user=person)
    assert membership.role == Role.REVIEWER
    owner_client.post(url, {"action": "role", "member": membership.pk, "role": "editor"})
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_adding_unknown_or_existing_member_is_refused_with_a_message(owner_client, case, owner):
    url = reverse("cases:members", args=[case.pk])
    response = owner_client.post(url, {"action": "add", "user": "nobody", "role": "editor"})
    assert response.context["form"].errors.as_data()["user"][0].code == "unknown_user"
    response = owner_client.post(url, {"action": "add", "user": "owner", "role": "editor"})
    assert response.context["form"].errors.as_data()["user"][0].code == "already_member"


def test_last_owner_cannot_be_removed_or_demoted(owner_client, case, owner):
    url = reverse("cases:members", args=[case.pk])
    membership = Membership.objects.get(case=case, user=owner)
    owner_client.post(url, {"action": "role", "member": membership.pk, "role": "editor"})
    owner_client.post(url, {"action": "remove", "member": membership.pk})
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_owner_can_go_once_another_owner_exists(owner_client, case, owner):
    second = MembershipFactory(case=case, role=Role.OWNER)
    url = reverse("cases:members", args=[case.pk])
    mine = Membership.objects.get(case=case, user=owner)
    owner_client.post(url, {"action": "role", "member": mine.pk, "role": "editor"})
    mine.refresh_from_db()
    assert mine.role == Role.EDITOR
    assert Membership.objects.filter(case=case, role=Role.OWNER).get() == second


def test_editor_cannot_manage_members(editor_client, case, owner):
    url = reverse("cases:members", args=[case.pk])
    assert editor_client.get(url).status_code == 200
    mine = Membership.objects.get(case=case, user=owner)
    response = editor_client.post(url, {"action": "remove", "member": mine.pk})
    assert response.status_code == 403
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_member_of_another_case_cannot_be_touched(owner_client, case):
    other = MembershipFactory()
    url = reverse("cases:members", args=[case.pk])
    response = owner_client.post(url, {"action": "remove", "member": other.pk})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def _counts():
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in {"cases", "setup_phase", "strategy", "implementation", "auth"}}


def test_load_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", "--password", "pw-for-tests-123")
    first = _counts()
    case = StrategyCase.objects.get(country_name="Republic of Lumeria")
    stamp = case.updated_at
    call_command("load_demo", "--password", "pw-for-tests-123")
    assert _counts() == first
    case.refresh_from_db()
    assert case.updated_at == stamp
    assert case.is_fictional
    roles = dict(Membership.objects.filter(case=case).values_list("user__username", "role"))
    assert roles == {"demo-owner": "owner", "demo-editor": "editor", "demo-reviewer": "reviewer"}


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not StrategyCase.objects.exists()


def test_healthz_answers_with_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("asm_guide.cases.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_sign_in_and_out(client, owner):
    from .factories import PASSWORD

    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("cases:dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("cases:dashboard")).status_code == 302

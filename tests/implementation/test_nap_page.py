"""The Minamata NAP crosswalk's address when the crosswalk does not apply (the case is not a
Party, or its ASGM is not declared more than insignificant): a page that says why and where that
is answered, for members; still "not found" for everyone else."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from implementation import models as m
from implementation.steps import FLOW

pytestmark = pytest.mark.django_db

NAP = FLOW.get("nap-crosswalk")
NOT_A_PARTY = "The case does not say that the country is a Party to the Minamata Convention."
INSIGNIFICANT = "notified its artisanal and small-scale gold mining as more than insignificant"


def nap_url(case) -> str:
    return FLOW.step_url(NAP, case)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_a_case_that_is_not_a_party_is_told_why_the_crosswalk_does_not_apply(case, owner_client):
    response = owner_client.get(nap_url(case))
    assert response.status_code == 200
    text = text_of(response)
    assert 'id="not-applicable"' in text and NOT_A_PARTY in text and INSIGNIFICANT in text
    monitoring = reverse("implementation:implementation-step", args=[case.pk, "monitoring"])
    assert f'href="{monitoring}#group-id_is_minamata_party"' in text  # where the two answers are given
    assert 'class="back-link"' in text and '<h1 class="heading-l">' in text and 'class="inset"' in text
    assert str(NAP.title) in text and "Page not found" not in text
    assert 'id="step-form"' not in text  # nothing to fill in


def test_a_party_whose_asgm_is_insignificant_is_told_only_that(case, owner_client):
    case.is_minamata_party = True
    case.save(update_fields=["is_minamata_party"])
    text = text_of(owner_client.get(nap_url(case)))
    assert INSIGNIFICANT in text and NOT_A_PARTY not in text


def test_every_member_sees_the_reason_and_outsiders_still_get_not_found(case, reviewer_client, outsider_client):
    assert reviewer_client.get(nap_url(case)).status_code == 200
    assert outsider_client.get(nap_url(case)).status_code == 404
    assert outsider_client.post(nap_url(case), {"action": "continue"}).status_code == 404


def test_posting_to_the_crosswalk_that_does_not_apply_saves_nothing(case, owner_client):
    response = owner_client.post(nap_url(case), {"action": "continue", "gaps_plan": "Typed anyway"})
    assert response.status_code == 200 and 'id="not-applicable"' in text_of(response)
    assert not m.NapPlan.objects.filter(case=case).exists()


def test_the_page_is_in_the_language_of_the_reader(case, owner_client):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text = text_of(owner_client.get(nap_url(case)))
    with translation.override("fr"):
        assert str(NAP.title) in text and translation.gettext("Back to the task list") in text
    assert '<html lang="fr">' in text


def test_a_case_the_crosswalk_applies_to_gets_the_step_and_an_unknown_step_is_not_found(case, owner_client):
    case.is_minamata_party = case.asgm_more_than_insignificant = True
    case.save()
    text = text_of(owner_client.get(nap_url(case)))
    assert 'id="step-form"' in text and 'id="not-applicable"' not in text
    unknown = reverse("implementation:implementation-step", args=[case.pk, "no-such-step"])
    assert owner_client.get(unknown).status_code == 404
    zones = reverse("implementation:implementation-step", args=[case.pk, "zones"])  # no reason given for it
    assert owner_client.get(zones).status_code == 404

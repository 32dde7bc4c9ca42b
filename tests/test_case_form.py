"""The case form: the report language starts as the language of the person creating the case, and
the optional ISO code says "optional" once."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def form_page(client, language: str, url: str | None = None) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url or reverse("cases:create"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def selected_report_language(text: str) -> list[str]:
    select = re.search(r'<select name="report_language".*?</select>', text, re.S).group(0)
    return re.findall(r'<option value="([a-z-]+)" selected>', select)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_new_case_is_reported_in_the_language_of_its_creator(owner_client, language):
    assert selected_report_language(form_page(owner_client, language)) == [language]


def test_a_case_keeps_its_report_language_whatever_the_language_of_who_edits_it(owner_client, case):
    case.report_language = "es"
    case.save(update_fields=["report_language"])
    text = form_page(owner_client, "fr", reverse("cases:settings", args=[case.pk]))
    assert selected_report_language(text) == ["es"]


@pytest.mark.parametrize(("language", "word"), [("en", "optional"), ("fr", "facultatif"), ("es", "opcional")])
def test_the_iso_code_says_optional_once(owner_client, language, word):
    text = form_page(owner_client, language)
    group = re.search(r'<div class="form-group[^"]*" id="group-id_iso3">.*?</div>\n', text, re.S).group(0)
    words = re.sub(r"<[^>]+>", " ", group)
    assert len(re.findall(word, words, re.I)) == 1, words

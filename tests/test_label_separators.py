"""A label and its value are joined as the reader's language joins them: French puts a no-break
space before the colon (pages and generated messages), English does not; an indicator's unit is
not repeated when its name already carries it."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from asm_guide import l10n
from asm_guide.wizard.progress import missing_for_part
from asm_guide.wizard.registry import registry


@pytest.mark.parametrize(("language", "expected"), [("en", "Reach: Yes"), ("fr", "Reach\u00a0: Yes"),
                                                    ("es", "Reach: Yes")])
def test_labelled_follows_the_language(language, expected):
    with translation.override(language):
        assert l10n.labelled("Reach", "Yes") == expected


@pytest.mark.parametrize(("name", "unit", "expected"), [
    ("Gold sold through official channels", "t", "Gold sold through official channels (t)"),
    ("Share sold through official channels (%)", "%", "Share sold through official channels (%)"),
    ("Registered miners", "miners", "Registered miners"),
    ("Registered miners", "", "Registered miners"),
])
def test_a_unit_is_written_once(name, unit, expected):
    with translation.override("en"):
        assert l10n.with_unit(name, unit) == expected


@pytest.mark.django_db
def test_missing_messages_of_a_french_part_use_french_typography(case):
    part = next(iter(registry.parts))
    with translation.override("fr"):
        messages = [message for _url, message in missing_for_part(part, case)]
    assert messages, "a new case has something missing in Part 1"
    assert all("\u00a0: " in message for message in messages), messages
    assert not any(" : " in message.replace("\u00a0: ", "") for message in messages)


@pytest.mark.django_db
def test_the_task_list_title_puts_a_no_break_space_before_the_colon_in_french(case, owner_client):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = owner_client.get(reverse("cases:task-list", args=[case.pk])).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert f"{case.country_name}\u00a0: {case.title}" in title
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = owner_client.get(reverse("cases:task-list", args=[case.pk])).content.decode()
    assert f"{case.country_name}: {case.title}" in html

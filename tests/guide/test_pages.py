"""The guide is generated from the step registry: every registered step has a page, in
order, reachable from /guide/, with previous/next; the reference pages render."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.urls import reverse
from django.utils import translation

from asm_guide.content import guidance_for
from asm_guide.guide import contents
from asm_guide.wizard.registry import registry
from tests.factories import CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')


def registered_steps():
    for part in registry.parts:
        for flow in part.flows:
            for step in flow.steps:
                yield part, flow, step


def links(response) -> set[str]:
    return set(HREF.findall(response.content.decode()))


def test_part_one_is_registered_so_the_guide_has_steps_to_show():
    assert len(list(registered_steps())) >= 6


def test_every_registered_step_has_a_guidance_page_reachable_from_the_guide(client):
    index = links(client.get(reverse("guide:index")))
    for part, flow, step in registered_steps():
        entry = contents.step_entry(part.slug, step.slug, flow.name if flow.subject_model else None)
        assert entry is not None, step.slug
        assert entry.url in index, entry.url
        response = client.get(entry.url)
        assert response.status_code == 200
        body = response.content.decode()
        guidance = guidance_for(part.namespace, step.guidance_slug, "en")
        assert f">{step.title}</h1>" in body
        assert str(guidance.body)[:200] in body
        assert "has not been written yet" not in body


def test_previous_and_next_walk_the_whole_guide_in_order(client):
    expected = [entry.url for entry in contents.table_of_contents()]
    seen = [expected[0]]
    while True:
        body = client.get(seen[-1]).content.decode()
        match = re.search(r'<a class="guide-pagination__link guide-pagination__link--next" href="([^"]+)"', body)
        if match is None:
            break
        seen.append(match.group(1))
        assert len(seen) <= len(expected)
    assert seen == expected
    last = client.get(expected[-1]).content.decode()
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_every_part_and_reference_page_is_in_the_contents(client):
    index = links(client.get(reverse("guide:index")))
    for entry in contents.table_of_contents():
        assert entry.url in index
        assert client.get(entry.url).status_code == 200


def test_unknown_pages_are_404(client):
    for url in ("/guide/nowhere/", "/guide/setup/nowhere/", "/guide/setup/per-x/task-force/",
                "/guide/reference/nowhere/"):
        assert client.get(url).status_code == 404


def test_a_per_subject_flow_appears_with_its_steps_and_sends_members_to_the_task_list(
        parts_with_subject_flow, client, owner_client, case):
    entry = contents.step_entry("extra", "research", flow_name="per-partner")
    assert entry.url == "/guide/extra/per-partner/research/"
    assert entry.url in links(client.get(reverse("guide:index")))
    assert entry.url in links(client.get("/"))
    body = client.get(entry.url).content.decode()
    assert "Commission research with this partner" in body
    assert "once for each partner" in body
    member_body = owner_client.get(entry.url).content.decode()
    assert f'href="{reverse("cases:task-list", args=[case.pk])}"' in member_body
    start = client.get("/").content.decode()
    assert "For each partner" in start


def test_a_signed_in_member_can_jump_to_the_step_in_each_of_their_cases(owner, owner_client, case):
    other = CaseFactory(country_name="Otherland")
    MembershipFactory(case=other, user=owner)
    stranger_case = CaseFactory(country_name="Secretland")
    flow = registry.part("setup").flow
    step = flow.get("partners")
    body = owner_client.get(contents.step_entry("setup", "partners").url).content.decode()
    for each in (case, other):
        url = flow.step_url(step, each)
        assert f'href="{url}"' in body
        assert owner_client.get(url).status_code == 200
    assert "Secretland" not in body
    assert flow.step_url(step, stranger_case) not in body


def test_only_unconditional_main_flow_steps_open_directly(parts_with_subject_flow):
    assert contents.opens_directly(contents.step_entry("setup", "task-force"))
    assert not contents.opens_directly(contents.step_entry("extra", "research", flow_name="per-partner"))
    entry = contents.step_entry("setup", "partners")
    conditional = dataclasses.replace(entry, step=dataclasses.replace(entry.step, applies_when=lambda ctx: False))
    assert not contents.opens_directly(conditional)


def test_a_member_without_cases_and_an_anonymous_reader_are_told_what_to_do(client, outsider_client):
    url = contents.step_entry("setup", "partners").url
    assert "You are not a member of any case yet." in outsider_client.get(url).content.decode()
    assert f'href="/accounts/login/?next={url}"' in client.get(url).content.decode()


@pytest.mark.parametrize(("slug", "must_show"), [
    ("decision-aid", ["This tool's aid, not the Guidance's text", "<table", ">F1<", ">F7<",
                      "Z – zoneable areas exist", "M – a market chokepoint exists", "Preconditions first"]),
    ("approaches", ["<table", "License and regulate", "ASM zones", "Voluntary, based on market access",
                    "this tool's reading"]),
    ("research-types", ["<table", "R1 Scoping study", "R7 Geological and land-use mapping",
                        "this tool's summary"]),
    ("assistance-types", ["<table", "Assisted access to credit or insurance", "Electricity",
                          "Provision or subsidy of equipment", "this tool's suggestions"]),
    ("glossary", ["<table", "Substrategy", "Feasibility factors (F1 to F7)", "this tool", "Source"]),
])
def test_reference_pages_render_their_tables_and_say_whose_content_it_is(client, slug, must_show):
    response = client.get(reverse("guide:reference", args=[slug]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in must_show:
        assert text in body, (slug, text)


def test_the_decision_aid_is_labelled_as_this_tools_aid_in_the_glossary_too(client):
    body = client.get(reverse("guide:reference", args=["glossary"])).content.decode()
    row = re.search(r"<tr>\s*<td><strong>Feasibility factors.*?</tr>", body, re.S).group(0)
    assert "this tool" in row


def test_a_missing_translation_falls_back_to_english_with_a_visible_note(client, monkeypatch):
    from asm_guide import content

    read = content._read
    # Every page is translated; pretend the French task-force page and the Spanish glossary are not.
    missing = {("fr", "task-force"), ("es", "glossary")}
    monkeypatch.setattr(content, "_read", lambda app, language, slug: None if (language, slug) in missing
                        else read(app, language, slug))
    url = contents.step_entry("setup", "task-force").url
    english = client.get(url).content.decode()
    assert "not yet translated" not in english
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in french
    with translation.override("fr"):
        note = translation.gettext("This guidance is not yet translated; it is shown in English.")
    assert note in french and "not yet translated" not in french
    assert 'class="prose guide-prose" lang="en"' in french
    glossary = client.get(reverse("guide:reference", args=["glossary"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'class="prose guide-prose" lang="en"' in glossary and 'lang="es"' in glossary
    translated = client.get(reverse("guide:reference", args=["glossary"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'class="prose guide-prose" lang="fr"' in translated


def test_the_start_page_shows_the_structure_from_the_registry(client):
    body = client.get("/").content.decode()
    assert '<figure class="structure"' in body and "<figcaption>" in body
    for part in registry.parts:
        assert str(part.title) in body
        for flow in part.flows:
            for step in flow.steps:
                assert str(step.title) in body
    assert "IGF (2017), drafted with RCS Global, published by IISD" in body
    assert f'href="{reverse("login")}"' in body
    assert "My cases" not in body


def test_the_start_page_offers_my_cases_when_signed_in(owner_client):
    body = owner_client.get("/").content.decode()
    assert f'href="{reverse("cases:dashboard")}"' in body
    assert "Sign in to work on a case" not in body


def test_no_example_strategy_link_until_the_hook_names_one(client, settings):
    settings.ASM_EXAMPLE_STRATEGY_URL = ""
    assert "example strategy" not in client.get("/").content.decode()
    settings.ASM_EXAMPLE_STRATEGY_URL = "reports:does-not-exist-yet"
    assert "example strategy" not in client.get("/").content.decode()
    settings.ASM_EXAMPLE_STRATEGY_URL = "/media/example-strategy.pdf"
    assert 'href="/media/example-strategy.pdf"' in client.get("/").content.decode()


def test_the_whole_guide_is_one_page_with_every_entry(client):
    body = client.get(reverse("guide:all")).content.decode()
    for entry in contents.table_of_contents():
        assert f'id="page-{entry.position}"' in body
        assert f'href="#page-{entry.position}"' in body
    # The pages' own headings are nested under the page titles.
    assert "<h2>Why this step matters</h2>" not in body
    assert "<h4>Why this step matters</h4>" in body


def test_no_part_slug_is_shadowed_by_the_guides_own_pages():
    assert not {part.slug for part in registry.parts} & {"reference", "search", "all", "guide.pdf"}

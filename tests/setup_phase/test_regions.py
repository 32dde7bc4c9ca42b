"""Regions named once per case and minerals from one code list (issue 15), and Part 1's missing
options: meeting every two months, a partner's conflict of interest in the partner annex, and
the research blocks headed by their code and name."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from setup_phase import legacy
from setup_phase import models as m
from setup_phase import report as part1
from setup_phase.steps import FLOW
from tests.factories import CaseFactory
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db


def step_url(case, slug):
    return FLOW.step_url(slug, case)


def error_codes(response) -> set[str]:
    bundle = response.context["bundle"]
    codes = set()
    for _name, formset in bundle.lists:
        codes |= {e.code for e in formset.non_form_errors().as_data()}
        for form in formset.forms:
            codes |= {e.code for errors in form.errors.as_data().values() for e in errors}
    return codes


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def information_post(case, regions: list[str]) -> dict:
    data = valid_post(FLOW.get("existing-information"), case)
    data = {key: value for key, value in data.items() if not key.startswith("regions-")}
    data.update({"regions-TOTAL_FORMS": str(len(regions)), "regions-INITIAL_FORMS": "0",
                 "regions-MIN_NUM_FORMS": "0", "regions-MAX_NUM_FORMS": "100", "action": "continue"})
    for index, name in enumerate(regions):
        data[f"regions-{index}-name"] = name
    return data


# --- the list of regions -----------------------------------------------------------------------------


def test_regions_are_listed_once_in_collect_existing_information(editor_client, case):
    response = editor_client.post(step_url(case, "existing-information"),
                                  information_post(case, ["Northern Highlands", "Central Belt", ""]))
    assert response.status_code == 302, error_codes(response)
    assert sorted(m.Region.objects.filter(case=case).values_list("name", flat=True)) == [
        "Central Belt", "Northern Highlands"]
    page = text_of(editor_client.get(step_url(case, "existing-information")))
    assert "Regions (2)" in page and 'value="Northern Highlands"' in page


def test_a_region_named_twice_is_refused_next_to_the_field_and_nothing_is_lost(editor_client, case):
    response = editor_client.post(step_url(case, "existing-information"),
                                  information_post(case, ["Central Belt", "central  belt"]))
    assert response.status_code == 200
    assert "duplicate_region" in error_codes(response)
    page = text_of(response)
    assert "There is a problem" in page
    assert "is already in the list of regions" in page
    assert 'href="#id_regions-1-name"' in page
    assert 'value="central  belt"' in page and 'value="Central Belt"' in page
    assert not m.Region.objects.filter(case=case).exists()


def test_a_region_a_finding_uses_cannot_be_removed(editor_client, case):
    region = m.Region.objects.create(case=case, name="Southern Forest")
    study = m.ResearchStudy.objects.create(case=case, research_type="R5", status="validated")
    m.ResearchFinding.objects.create(case=case, study=study, topic="security", text="Armed groups", region=region)
    data = valid_post(FLOW.get("existing-information"), case)
    data.update({"regions-0-DELETE": "on", "action": "continue"})
    response = editor_client.post(step_url(case, "existing-information"), data)
    assert response.status_code == 200
    assert "still_referenced" in error_codes(response)
    assert m.Region.objects.filter(pk=region.pk).exists()


def test_a_finding_picks_a_region_of_its_own_case_and_a_mineral_code(editor_client, case):
    study = m.ResearchStudy.objects.create(case=case, research_type="R6", status="validated")
    mine = m.Region.objects.create(case=case, name="Ilakaka")
    theirs = m.Region.objects.create(case=CaseFactory(), name="Elsewhere")
    step = FLOW.get("findings")
    data = valid_post(step, case)
    data.update({"findings-0-study": str(study.pk), "findings-0-topic": "chokepoint",
                 "findings-0-text": "Sapphires leave through 4 gem houses", "findings-0-region": str(theirs.pk),
                 "findings-0-mineral": "Saphirs", "action": "continue"})
    response = editor_client.post(step_url(case, "findings"), data)
    assert response.status_code == 200
    assert "invalid_choice" in error_codes(response)
    page = text_of(response)
    assert "Elsewhere" not in page
    assert "National (the whole country)" in page and "All minerals" in page
    assert "Sapphires leave through 4 gem houses" in page  # nothing typed is lost

    data.update({"findings-0-region": str(mine.pk), "findings-0-mineral": "coloured_gemstones",
                 "findings-0-mineral_note": "Blue and pink sapphires"})
    response = editor_client.post(step_url(case, "findings"), data)
    assert response.status_code == 302, error_codes(response)
    finding = m.ResearchFinding.objects.get(case=case)
    assert (finding.region, finding.mineral, finding.mineral_note) == (
        mine, "coloured_gemstones", "Blue and pink sapphires")
    check = text_of(editor_client.get(reverse("setup_phase:check-answers", args=[case.pk])))
    assert "Ilakaka" in check and "Coloured gemstones" in check


def test_a_national_finding_reads_national_in_the_report(case):
    study = m.ResearchStudy.objects.create(case=case, research_type="R1", status="validated")
    north = m.Region.objects.create(case=case, name="Northern Highlands")
    m.ResearchFinding.objects.create(case=case, study=study, topic="sites", text="2,100 sites", value=2100,
                                     unit="sites")
    m.ResearchFinding.objects.create(case=case, study=study, topic="miners_total", text="18,000 tin miners",
                                     region=north, mineral="tin")
    rows = [row for contribution in part1.report(case).sections["sector"] for block in contribution.blocks
            if block.kind == "table" and "Region" in [str(h) for h in block.headers] for row in block.rows]
    assert {(row[0], str(row[2])) for row in rows} == {("2,100 sites", "National"),
                                                       ("18,000 tin miners", "Northern Highlands")}


# --- the code list and the free text it replaced -----------------------------------------------------


def test_sapphire_is_representable_and_old_codes_keep_their_meaning():
    assert {"gold", "tin", "tantalum", "tungsten", "cobalt", "copper", "diamonds", "coloured_gemstones",
            "development_minerals", "other"} <= set(m.Mineral.values)
    assert m.Mineral.values[:9] == ["gold", "tin", "tantalum", "tungsten", "cobalt", "copper", "diamonds",
                                    "coloured_gemstones", "development_minerals"]
    assert "sapphire" in str(m.MINERAL_HINT).lower()
    for text in ("Saphirs", "sapphire", "Zafiros", "Pierres précieuses de couleur", "coloured_gemstones"):
        assert legacy.mineral_code(text) == "coloured_gemstones", text
    for text in ("Or", "oro", "GOLD"):
        assert legacy.mineral_code(text) == "gold", text
    assert legacy.mineral_code("Étain") == "tin" and legacy.mineral_code("estaño") == "tin"
    assert legacy.mineral_code("") == ""
    assert legacy.mineral_code("unobtainium") is None
    assert legacy.convert_mineral("unobtainium ore") == ("", "unobtainium ore")


def test_free_text_regions_split_on_commas_semicolons_and_and():
    assert legacy.split_regions("Northern Highlands, Central Belt; Lake district and Port Amaro") == [
        "Northern Highlands", "Central Belt", "Lake district", "Port Amaro"]
    assert legacy.split_regions("national") == []
    assert legacy.split_regions("Central Belt, central belt") == ["Central Belt"]
    assert legacy.split_regions("Highlands (Sandbrook)") == ["Highlands (Sandbrook)"]
    assert legacy.is_national("") and legacy.is_national("National") and legacy.is_national("Nacional")
    assert not legacy.is_national("Northern Highlands")


# --- Part 1's missing options ------------------------------------------------------------------------


def test_a_task_force_can_meet_every_two_months(editor_client, case):
    data = valid_post(FLOW.get("task-force"), case)
    data.update({"meeting_frequency": "bimonthly", "action": "continue"})
    response = editor_client.post(step_url(case, "task-force"), data)
    assert response.status_code == 302, response.context and error_codes(response)
    assert m.TaskForce.objects.get(case=case).meeting_frequency == m.MeetingFrequency.BIMONTHLY
    assert "Every two months" in text_of(editor_client.get(step_url(case, "task-force")))
    facts = [fact for contribution in part1.report(case).sections["process"] for block in contribution.blocks
             if block.kind == "facts" for fact in block.items]
    assert ("Meeting frequency", "Every two months") in [(str(k), str(v)) for k, v in facts]


def test_a_partners_conflict_of_interest_is_in_the_partner_annex(case):
    m.Partner.objects.create(case=case, name="Aurex Mining", partner_type="industry_lsm",
                             conflicts_note="Funds the land-use study of its own licence area; the forum validates it")
    m.Partner.objects.create(case=case, name="Development Bank", partner_type="multilateral")
    blocks = [block for contribution in part1.report(case).sections["annex_b"] for block in contribution.blocks]
    headings = [str(block.text) for block in blocks if block.kind == "heading"]
    assert "Conflicts of interest" in headings
    items = [item for block in blocks if block.kind == "list" for item in block.items]
    assert items == ["Aurex Mining: Funds the land-use study of its own licence area; the forum validates it"]


def test_each_research_block_is_headed_by_its_code_and_name(editor_client, case):
    m.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity review 2024")
    page = text_of(editor_client.get(step_url(case, "research")))
    legends = [label for _code, label in m.ResearchType.choices]
    for label in legends:
        assert f'<legend class="item__legend">{label}' in page, label
    assert '<legend class="item__legend">R2 Government capacity assessment – Capacity review 2024</legend>' in page
    assert page.index("R1 Scoping study") < page.index("R2 Government capacity assessment") < page.index(
        "R7 Geological and land-use mapping")
    check = text_of(editor_client.get(reverse("setup_phase:check-answers", args=[case.pk])))
    assert "R2 Government capacity assessment – Capacity review 2024" in check


def test_research_legends_follow_the_language(editor_client, case, settings):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = text_of(editor_client.get(step_url(case, "research")))
    from django.utils import translation

    with translation.override("fr"):
        label = str(m.ResearchType.R1.label)
    assert f'<legend class="item__legend">{label}</legend>' in page

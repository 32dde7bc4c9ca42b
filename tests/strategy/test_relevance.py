"""Whether a research finding bears on a subtype is decided by keys (region, mineral code), never by
names or labels in the viewer's language (issue 15): the same findings are shown beside the
feasibility factors in English, French and Spanish."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from setup_phase import models as p1
from strategy import models as m
from strategy.relevance import bears_on_subtype
from strategy.steps import SUBSTRATEGY_FLOW

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "fr", "es")


def study(case, code):
    return p1.ResearchStudy.objects.get_or_create(case=case, research_type=code,
                                                  defaults={"status": "validated"})[0]


def subtype(case, name, minerals, regions):
    row = m.Subtype.objects.create(case=case, name=name, scale="micro_artisanal", activity="mining",
                                   minerals=minerals)
    row.regions.set(regions)
    return row


def feasibility_page(client, case, row, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(SUBSTRATEGY_FLOW.step_url("feasibility", case, row))
    assert response.status_code == 200
    assert response.headers["Content-Language"].startswith(language)
    return response


@pytest.fixture
def lumeria(case):
    regions = {name: p1.Region.objects.create(case=case, name=name)
               for name in ("Northern Highlands", "Southern Forest", "Ilakaka")}
    return regions


def test_the_sapphire_chokepoint_is_shown_at_factor_m_in_every_language(editor_client, case, lumeria):
    """The R6 chokepoint finding was typed as "Saphirs" and hidden at M for the sapphire subtype."""
    sapphires = subtype(case, "Ilakaka sapphire digging", ["coloured_gemstones"], [lumeria["Ilakaka"]])
    tin = subtype(case, "Highlands tin", ["tin"], [lumeria["Northern Highlands"]])
    chokepoint = p1.ResearchFinding.objects.create(
        case=case, study=study(case, "R6"), topic="chokepoint", text="Sapphires leave through 4 gem houses in Ilakaka",
        region=lumeria["Ilakaka"], mineral=p1.Mineral.GEMSTONES)
    for language in LANGUAGES:
        response = feasibility_page(editor_client, case, sapphires, language)
        assert chokepoint in response.context["evidence"]["m"], language
        assert "4 gem houses" in html.unescape(response.content.decode()), language
        # Another region and mineral: hidden in every language alike.
        response = feasibility_page(editor_client, case, tin, language)
        assert chokepoint not in response.context["evidence"]["m"], language
        assert response.context["hidden_count"] == 1, language


def test_the_armed_groups_finding_shows_at_f6_in_every_language_or_in_none(editor_client, case, lumeria):
    """It used to show in French and not in English (the mineral was compared with translated labels)."""
    gold = subtype(case, "Southern rush gold", ["gold"], [lumeria["Southern Forest"]])
    tin = subtype(case, "Highlands tin", ["tin"], [lumeria["Northern Highlands"]])
    armed = p1.ResearchFinding.objects.create(
        case=case, study=study(case, "R5"), topic="security", text="Armed groups tax the southern gold pits",
        region=lumeria["Southern Forest"], mineral=p1.Mineral.GOLD)
    shown = {}
    for language in LANGUAGES:
        for key, row in (("gold", gold), ("tin", tin)):
            evidence = feasibility_page(editor_client, case, row, language).context["evidence"]
            shown[language, key] = armed in evidence["f6"]
    assert shown == {**{(lang, "gold"): True for lang in LANGUAGES}, **{(lang, "tin"): False for lang in LANGUAGES}}


def test_relevance_compares_keys_only(case, lumeria):
    north, south = lumeria["Northern Highlands"], lumeria["Southern Forest"]
    gold_south = subtype(case, "Gold south", ["gold"], [south])
    everywhere = subtype(case, "Development minerals everywhere", ["development_minerals"], [])
    r1 = study(case, "R1")

    def finding(**kwargs):
        return p1.ResearchFinding(case=case, study=r1, topic="other", text="x", **kwargs)

    assert bears_on_subtype(finding(), gold_south)  # national, all minerals
    assert bears_on_subtype(finding(region=south), gold_south)
    assert not bears_on_subtype(finding(region=north), gold_south)
    assert bears_on_subtype(finding(mineral="gold"), gold_south)
    assert not bears_on_subtype(finding(mineral="tin"), gold_south)
    assert not bears_on_subtype(finding(region=south, mineral="tin"), gold_south)
    # A typed note never narrows a finding: only the code does.
    assert bears_on_subtype(finding(mineral_note="Saphirs"), gold_south)
    # A subtype without regions is not narrowed down to one: every region's findings bear on it.
    assert bears_on_subtype(finding(region=north, mineral="development_minerals"), everywhere)
    assert not bears_on_subtype(finding(region=north, mineral="gold"), everywhere)
    # A region renamed later is still the same region.
    south.name = "Forêt du Sud"
    south.save()
    assert bears_on_subtype(finding(region=south), m.Subtype.objects.get(pk=gold_south.pk))


def test_the_feasibility_page_reads_the_subtype_regions_once(editor_client, case, lumeria,
                                                             django_assert_max_num_queries):
    """The regions of the subject are read once for the page, however many findings there are."""
    gold = subtype(case, "Southern rush gold", ["gold"], [lumeria["Southern Forest"]])
    url = SUBSTRATEGY_FLOW.step_url("feasibility", case, gold)
    r5 = study(case, "R5")
    p1.ResearchFinding.objects.create(case=case, study=r5, topic="security", text="One",
                                      region=lumeria["Northern Highlands"], mineral="gold")
    editor_client.get(url)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    p1.ResearchFinding.objects.bulk_create(
        p1.ResearchFinding(case=case, study=r5, topic="security", text=f"Finding {i}",
                           region=lumeria["Southern Forest" if i % 2 else "Northern Highlands"], mineral="gold")
        for i in range(40))
    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(url)
    assert len(response.context["evidence"]["f6"]) == 20


def test_a_subtype_ticks_regions_of_its_own_case_listed_by_name(editor_client, case):
    from strategy.steps import FLOW
    from tests.factories import CaseFactory
    from tests.helpers import valid_post

    zeta, alpha = (p1.Region.objects.create(case=case, name=name) for name in ("Zeta hills", "Alpha coast"))
    theirs = p1.Region.objects.create(case=CaseFactory(), name="Elsewhere")
    url = FLOW.step_url("subtypes", case)
    page = html.unescape(editor_client.get(url).content.decode())
    assert page.index("Alpha coast") < page.index("Zeta hills") and "Elsewhere" not in page
    data = valid_post(FLOW.get("subtypes"), case)
    data.update({"subtypes-0-regions": [str(theirs.pk)], "action": "continue"})
    response = editor_client.post(url, data)
    assert response.status_code == 200 and not m.Subtype.objects.filter(case=case).exists()
    data["subtypes-0-regions"] = [str(zeta.pk), str(alpha.pk)]
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert set(m.Subtype.objects.get(case=case).regions.all()) == {zeta, alpha}

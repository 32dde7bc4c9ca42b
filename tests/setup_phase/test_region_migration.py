"""The data migrations that turned free-text regions and minerals into keys (setup_phase 0003–0005,
strategy 0003–0005), run with Django's migration executor on rows written in the old shape, and
the reading of an old case file (``tests/casefile/data/asm-case-1-lumeria.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from asm_guide.casefile import export_case, import_case
from setup_phase import models as p1
from strategy import models as p2

BEFORE = [("setup_phase", "0003_region_mineral_codes"), ("strategy", "0003_subtype_region_keys")]
LUMERIA = Path(__file__).parents[1] / "casefile" / "data" / "asm-case-1-lumeria.json"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as the database holds them now (every app at its applied migrations).
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_free_text_becomes_regions_and_codes_and_nothing_is_lost(owner):
    old = migrate(BEFORE)
    try:
        Case = old.get_model("cases", "StrategyCase")
        Study = old.get_model("setup_phase", "ResearchStudy")
        Finding = old.get_model("setup_phase", "ResearchFinding")
        Subtype = old.get_model("strategy", "Subtype")
        case = Case.objects.create(country_name="Sandland", title="Old case", lead_ministry="Mines",
                                   strategy_start_year=2026, created_by_id=owner.pk)
        other = Case.objects.create(country_name="Elsewhere", title="Other case", lead_ministry="Mines",
                                    strategy_start_year=2026, created_by_id=owner.pk)
        r6 = Study.objects.create(case=case, research_type="R6", status="validated")
        rows = {
            "sapphire": Finding.objects.create(case=case, study=r6, topic="chokepoint", text="4 gem houses",
                                               region_text="Ilakaka", mineral="Saphirs"),
            "gold": Finding.objects.create(case=case, study=r6, topic="other", text="Gold in the south",
                                           region_text="  southern forest ", mineral="Or"),
            "national": Finding.objects.create(case=case, study=r6, topic="other", text="Everywhere",
                                               region_text="National", mineral=""),
            "unknown": Finding.objects.create(case=case, study=r6, topic="other", text="A rare ore",
                                              region_text="", mineral="Unobtainium (blue)"),
        }
        other_study = Study.objects.create(case=other, research_type="R6", status="validated")
        Finding.objects.create(case=other, study=other_study, topic="other", text="Other case",
                               region_text="Southern Forest", mineral="tin")
        gems = Subtype.objects.create(case=case, name="Sapphire digging", scale="micro_artisanal",
                                      activity="mining", minerals=["coloured_gemstones"],
                                      regions_text="Ilakaka; Southern Forest and Lake District")
        plain = Subtype.objects.create(case=case, name="No regions", scale="micro_artisanal", activity="mining",
                                       minerals=["gold"], regions_text="")
    finally:
        migrate(latest())

    regions = {r.name: r for r in p1.Region.objects.filter(case_id=case.pk)}
    # One region per distinct name of the case, first spelling kept; the other case has its own.
    assert sorted(regions) == ["Ilakaka", "Lake District", "southern forest"]
    assert p1.Region.objects.filter(case_id=other.pk).count() == 1
    found = {key: p1.ResearchFinding.objects.get(pk=row.pk) for key, row in rows.items()}
    assert (found["sapphire"].region, found["sapphire"].mineral) == (regions["Ilakaka"], "coloured_gemstones")
    assert (found["gold"].region, found["gold"].mineral) == (regions["southern forest"], "gold")
    assert (found["national"].region, found["national"].mineral) == (None, "")
    assert (found["unknown"].region, found["unknown"].mineral, found["unknown"].mineral_note) == (
        None, "", "Unobtainium (blue)")
    assert {r.name for r in p2.Subtype.objects.get(pk=gems.pk).regions.all()} == {
        "Ilakaka", "southern forest", "Lake District"}
    assert not p2.Subtype.objects.get(pk=plain.pk).regions.exists()


@pytest.mark.django_db
def test_an_old_case_file_with_free_text_regions_keeps_importing(owner):
    document = json.loads(LUMERIA.read_text())
    texts = {row["fields"]["region"] for row in document["records"]["setup_phase.researchfinding"]}
    assert any(isinstance(text, str) and text and ":" not in text for text in texts)  # really the old shape
    case = import_case(document, owner=owner)
    regions = {r.name: r for r in p1.Region.objects.filter(case=case)}
    assert {"Northern Highlands", "Central Belt", "Eastern Riverlands", "Southern Forest"} <= set(regions)
    chokepoint = p1.ResearchFinding.objects.get(case=case, topic="chokepoint", text__contains="Highlands tin")
    assert (chokepoint.region, chokepoint.mineral) == (regions["Northern Highlands"], "tin")
    tin = p2.Subtype.objects.get(case=case, name__startswith="S1")
    assert [r.name for r in tin.regions.all()] == ["Northern Highlands"]
    # ... and the regions round-trip: export, import, export gives the same records.
    exported = export_case(case)
    assert len(exported["records"]["setup_phase.region"]) == len(regions)
    again = import_case(json.loads(json.dumps(exported)), owner=owner)
    assert export_case(again)["records"] == exported["records"]

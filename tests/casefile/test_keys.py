"""The case file carries no database ids, keys inside text values included: export -> import ->
export keeps the actions taken from proposals, the proposals marked as not needed, the statuses of
every step and the parts marked as complete, on the demo and on a generated large case; old
``asm-case/1`` files have their id-based keys matched where the file allows it, left out with a
note otherwise."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from asm_guide import casefile
from asm_guide.cases.models import StrategyCase
from asm_guide.review.diff import compare
from asm_guide.wizard.models import PartCompletion
from asm_guide.wizard.progress import case_progress
from asm_guide.wizard.registry import StepContext
from implementation import models as m
from implementation import rules
from setup_phase import models as p1
from strategy import models as p2
from tests.factories import CaseFactory, UserFactory
from tests.perf.reports_large_case import Size, fill

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(casefile.__file__).parent / "schema" / "asm-case-2.schema.json").read_text())
KEPT_FILE = Path(__file__).parent / "data" / "asm-case-1-lumeria.json"
# "<word>:<digits>": how a database id hides in a text value ("regulation:8").
ID_LIKE = re.compile(r"(?<![\w.@-])[A-Za-z][\w.-]*:\d+\b")


def id_like_values(document: dict) -> list[tuple[str, str]]:
    """(place, value) of every value outside ``ref`` that looks like ``<word>:<digits>`` without
    naming a record of the file."""
    refs = {row["ref"] for rows in document["records"].values() for row in rows}
    found = []

    def walk(value, place):
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in ("ref", "exported_at"):
                    walk(item, f"{place}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{place}[{index}]")
        elif isinstance(value, str):
            for match in ID_LIKE.finditer(value.replace("@", "@ ")):
                if match.group(0) not in refs:
                    found.append((place, value))

    walk(document, "")
    return found


def test_the_id_check_finds_ids_in_an_old_file():
    """The check below can fail: the kept asm-case/1 file is full of them."""
    places = [place for place, _value in id_like_values(json.loads(KEPT_FILE.read_text()))]
    assert any(place.endswith("dropped_proposals[0]") for place in places), places
    assert any(place.endswith("source_key") for place in places), places


def state(case) -> dict:
    """What a case owner sees of the case's progress and its action plan, without ids."""
    ctx = StepContext(case=case)
    titles = {proposal.key: str(proposal.title) for proposal in rules.all_proposals(ctx)}
    plan = m.ActionPlan.objects.filter(case=case).first()
    steps = {}
    for part in case_progress(case):
        for row in part.all_rows:
            steps[(part.part.slug, str(row.subject or ""), row.step.slug)] = row.status
        steps[(part.part.slug, "marked as complete")] = part.marked_complete is not None
    return {
        "steps": steps,
        "pending": sorted(str(p.title) for p in rules.pending_proposals(ctx)),
        "dropped": sorted(titles.get(key, "?") for key in (plan.dropped_proposals if plan else [])),
        "from proposals": sorted((action.title, titles.get(action.source_key, "?"))
                                 for action in m.ImplementationAction.objects.filter(case=case)
                                 if action.source_key),
        "indicators": sorted((i.name, i.source_key.split(":")[0]) for i in m.Indicator.objects.filter(case=case)),
    }


def round_trip(case, **options):
    first = casefile.export_case(case, **options)
    copy_case = casefile.import_case(json.loads(casefile.dumps(first)), owner=UserFactory(), **options)
    second = casefile.export_case(copy_case, **options)
    return first, copy_case, second


def test_demo_round_trip_keeps_proposals_statuses_and_completion(demo):
    owner = demo.memberships.get(role="owner").user
    PartCompletion.objects.create(case=demo, part="setup", completed_by=owner)
    before = state(demo)
    assert before["pending"] == [] and len(before["dropped"]) > 10 and before["from proposals"]
    assert "?" not in before["dropped"]
    assert before["steps"][("implementation", "", "action-plan")] == "completed"

    first, copy_case, second = round_trip(demo)
    jsonschema.validate(first, SCHEMA)
    assert id_like_values(first) == []
    assert first["completed_parts"] == [{"part": "setup"}]
    plan = first["records"]["implementation.actionplan"][0]["fields"]["dropped_proposals"]
    assert plan and all(re.fullmatch(r"[a-z-]+@[a-z_]+\.[a-z]+:\d+", key) for key in plan), plan
    assert casefile.comparable(second) == casefile.comparable(first)
    assert state(copy_case) == before
    assert copy_case.import_notes == []


def test_members_name_who_marked_a_part_complete(demo):
    editor = demo.memberships.get(role="editor").user
    PartCompletion.objects.create(case=demo, part="strategy", completed_by=editor)
    document = casefile.export_case(demo, members=True)
    assert document["completed_parts"] == [{"part": "strategy", "by": editor.username}]
    with_members = casefile.import_case(copy.deepcopy(document), owner=UserFactory(), members=True)
    assert PartCompletion.objects.get(case=with_members).completed_by == editor
    owner = UserFactory()
    plain = casefile.import_case(copy.deepcopy(document), owner=owner)
    assert PartCompletion.objects.get(case=plain).completed_by == owner


def fill_part3(case) -> None:
    """Part 3 records that make every kind of proposal, then half the proposals taken into the
    plan and the other half marked as not needed, as a person would."""
    subtypes = list(p2.Subtype.objects.filter(case=case).order_by("pk"))
    p2.SubStrategy.objects.filter(case=case, subtype=subtypes[0]).update(legal_reform=True)
    p2.SubStrategy.objects.filter(case=case, subtype__in=subtypes[1:4]).update(approach="zones")
    p2.SubStrategy.objects.filter(case=case, subtype__in=subtypes[4:6]).update(approach="market_access")
    p1.ResearchStudy.objects.filter(case=case, research_type__in=["R6", "R7"]).update(
        status="deferred", deferred_reason="Funding", budget=Decimal("90000"), start_date=date(2027, 1, 1))
    for i in range(12):
        rule = m.Regulation.objects.create(case=case, title=f"Rule {i}", category="licensing", requirement="x",
                                           effective_date=date(2027, 1 + i % 12, 1))
        rule.subtypes.set(subtypes[i % 3:i % 3 + 1])
        m.RegulationChange.objects.create(case=case, regulation=rule, change_type="relax", review_date=date(2028, 1, 1),
                                          change="Lower fee", reason="Uptake")
    for i in range(6):
        m.TrainingProgram.objects.create(case=case, title=f"Training {i}", audience="miners", topic="safety", cost=5)
        m.FurtherProgram.objects.create(case=case, title=f"Further {i}", program_type="credit_insurance",
                                        extension="new_type", start_year=2028)
        m.Zone.objects.create(case=case, subtype=subtypes[1 + i % 3], name=f"Zone {i}", land_status="free")
    for subtype in subtypes[4:6]:
        m.MarketAccessScheme.objects.create(case=case, subtype=subtype, name=f"Buying {subtype.pk}",
                                            chokepoint_type="central_bank", operator="CBL")
    for i in range(5):
        m.Review.objects.create(case=case, kind="annual", date=date(2026 + i, 12, 1))
    for program in p2.AssistanceProgram.objects.filter(case=case)[:10]:
        m.Leverage.objects.create(case=case, program=program, condition="Licence", from_year=2027)
    for objective in p2.Objective.objects.filter(case=case)[:20]:
        m.Indicator.objects.create(case=case, name=objective.indicator, objective=objective,
                                   source_key=f"objective:{objective.pk}")

    proposals = rules.pending_proposals(StepContext(case=case))
    assert {p.key.split(":")[0] for p in proposals} >= {
        "legal-reform", "regulation", "change", "training", "leverage", "program", "further", "zone", "market",
        "review", "study"}
    for proposal in proposals[::2]:
        values = dict(proposal.values)
        chosen = values.pop("subtypes")
        values["partner_id"] = values.pop("partner") or None
        values["cost"] = values["cost"] if values["cost"] != "" else None
        action = m.ImplementationAction.objects.create(case=case, **values)
        action.subtypes.set(chosen)
    m.ActionPlan.objects.create(case=case, dropped_proposals=[p.key for p in proposals[1::2]])
    PartCompletion.objects.create(case=case, part="implementation")


def test_large_case_round_trip_keeps_proposals_statuses_and_completion(owner):
    # Another case first, so that this case's ids are not its positions.
    fill(CaseFactory(), Size.small())
    case = CaseFactory(strategy_start_year=2026, horizon_years=5)
    fill(case, Size().scaled(0.5))
    fill_part3(case)
    before = state(case)
    assert before["pending"] == [] and len(before["dropped"]) > 40 and len(before["from proposals"]) > 40
    assert "?" not in before["dropped"] and all(title != "?" for _action, title in before["from proposals"])
    assert before["steps"][("implementation", "", "action-plan")] == "completed"

    first, copy_case, second = round_trip(case)
    assert copy_case.pk != case.pk
    assert id_like_values(first) == []
    jsonschema.validate(first, SCHEMA)
    assert casefile.comparable(second) == casefile.comparable(first)
    assert state(copy_case) == before
    assert first["completed_parts"] == [{"part": "implementation"}]


def test_a_key_naming_a_deleted_record_is_left_out_not_written_as_an_id(demo):
    review = m.Review.objects.filter(case=demo).order_by("pk").last()
    plan = m.ActionPlan.objects.get(case=demo)
    plan.dropped_proposals = [*plan.dropped_proposals, "review:987654", "nonsense"]
    plan.save()
    document = casefile.export_case(demo)
    assert id_like_values(document) == []
    dropped = document["records"]["implementation.actionplan"][0]["fields"]["dropped_proposals"]
    assert len(dropped) == len(plan.dropped_proposals) - 2
    assert f"review@implementation.review:{m.Review.objects.filter(case=demo, pk__lte=review.pk).count()}" in [
        *dropped, *(row["fields"]["source_key"] for row in document["records"]["implementation.implementationaction"])]


def refused(document) -> list[str]:
    with pytest.raises(casefile.ImportRefused) as info:
        casefile.import_case(document, owner=UserFactory())
    return info.value.errors


def test_a_wrong_key_in_a_current_file_is_refused_with_its_place(demo):
    document = casefile.export_case(demo)
    actions = document["records"]["implementation.implementationaction"]
    actions[0]["fields"]["source_key"] = "regulation:8"
    actions[1]["fields"]["source_key"] = "nonsense@implementation.regulation:1"
    actions[2]["fields"]["source_key"] = "regulation@implementation.review:1"
    document["records"]["implementation.actionplan"][0]["fields"]["dropped_proposals"][0] = (
        "review@implementation.review:999")
    document["completed_parts"] = [{"part": "nowhere"}]
    cases = StrategyCase.objects.count()
    errors = refused(document)
    place = "records['implementation.implementationaction']"
    assert any(e.startswith(f"{place}[0].fields.source_key: 'regulation:8' is not a key") for e in errors), errors
    assert any(e.startswith(f"{place}[1].fields.source_key: 'nonsense' is not a known kind") for e in errors)
    assert any(e.startswith(f"{place}[2].fields.source_key: 'implementation.review:1' does not name a "
                            "implementation.regulation record") for e in errors), errors
    assert any(e.startswith("records['implementation.actionplan'][0].fields.dropped_proposals[0]:") for e in errors)
    assert any(e.startswith("completed_parts[0].part: 'nowhere'") for e in errors), errors
    assert StrategyCase.objects.count() == cases


# --- asm-case/1 -----------------------------------------------------------------------------------------


def test_the_kept_asm_case_1_file_keeps_its_actions_and_dropped_proposals():
    document = json.loads(KEPT_FILE.read_text())
    case = casefile.import_case(document, owner=UserFactory())
    assert case.import_notes == []
    ctx = StepContext(case=case)
    # Only what this version proposes that the old one did not: the R7 study still in progress.
    assert [p.key.split(":")[0] for p in rules.pending_proposals(ctx)] == ["study"]
    keys = {p.key for p in rules.all_proposals(ctx)}
    plan = m.ActionPlan.objects.get(case=case)
    assert len(plan.dropped_proposals) == 24 and set(plan.dropped_proposals) <= keys
    actions = m.ImplementationAction.objects.filter(case=case)
    assert sum(1 for a in actions if a.source_key) == 26 and {a.source_key for a in actions if a.source_key} <= keys
    regulation = next(a for a in actions if a.title == "Issue artisanal permits at the regional offices")
    assert regulation.source_key == f"regulation:{m.Regulation.objects.filter(case=case).order_by('pk')[2].pk}"
    for indicator in m.Indicator.objects.filter(case=case):
        assert indicator.source_key in {f"objective:{indicator.objective_id}", f"program:{indicator.program_id}"}
    # Exported again, it is a current file without ids.
    again = casefile.export_case(case)
    assert again["format"] == "asm-case/2" and id_like_values(again) == []


def shifted(document, shift: int, kinds=None) -> dict:
    """The document as a server whose ids ran ``shift`` ahead would have written it."""
    document = copy.deepcopy(document)

    def move(key):
        kind, _sep, number = key.partition(":")
        return f"{kind}:{int(number) + shift}" if number.isdigit() and (kinds is None or kind in kinds) else key

    for row in document["records"]["implementation.implementationaction"]:
        row["fields"]["source_key"] = move(row["fields"]["source_key"])
    for row in document["records"]["implementation.indicator"]:
        row["fields"]["source_key"] = move(row["fields"]["source_key"])
    plan = document["records"]["implementation.actionplan"][0]["fields"]
    plan["dropped_proposals"] = [move(key) for key in plan["dropped_proposals"]]
    return document


def test_legacy_keys_are_matched_when_ids_ran_ahead_of_positions():
    document = json.loads(KEPT_FILE.read_text())
    exact = casefile.legacy_key_map(document)
    assert casefile.legacy_key_map(shifted(document, 40)) == {
        (label, old + 40): position for (label, old), position in exact.items()}
    # Subtypes are named only twice (2 and 6 of 6): the shift every other type shares decides.
    assert exact[("strategy.subtype", 2)] == 2 and exact[("strategy.subtype", 6)] == 6
    case = casefile.import_case(shifted(document, 40), owner=UserFactory())
    assert case.import_notes == []
    assert [p.key.split(":")[0] for p in rules.pending_proposals(StepContext(case=case))] == ["study"]


def test_legacy_keys_that_cannot_be_told_apart_are_left_out_with_a_note():
    document = shifted(json.loads(KEPT_FILE.read_text()), 1000, kinds={"legal-reform"})
    assert not any(label == "strategy.subtype" for label, _old in casefile.legacy_key_map(document))
    case = casefile.import_case(document, owner=UserFactory())
    assert len(case.import_notes) == 2, case.import_notes
    assert all("could not be matched" in note and "legal-reform:100" in note for note in case.import_notes)
    assert case.import_notes[0].startswith("records['implementation.implementationaction'][3].fields.source_key:")
    pending = {p.key.split(":")[0] for p in rules.pending_proposals(StepContext(case=case))}
    assert pending == {"study", "legal-reform"}  # proposed again, nothing else lost


def test_review_revisions_compare_keys_across_formats(demo):
    """A revision stored in asm-case/1 (keys with ids) and one in asm-case/2 (keys with refs) of
    the same case show no change in the proposals not needed."""
    from asm_guide.review.snapshot import current_snapshot

    new = current_snapshot(demo)
    records = casefile.snapshot_records(new)
    plan = m.ActionPlan.objects.get(case=demo)
    assert records["implementation.actionplan"][plan.pk]["fields"]["dropped_proposals"] == plan.dropped_proposals
    old = copy.deepcopy(new)
    old["format"] = "asm-case/1"
    for rows_label, names in casefile.key_declarations()[1].items():
        for row in old["records"][rows_label]:
            stored = casefile.snapshot_records(new)[rows_label][row["id"]]["fields"]
            for name in names:
                row["fields"][name] = stored[name]
    assert compare(old, new, case=demo).is_empty
    gone = next(p for p in rules.all_proposals(StepContext(case=demo)) if p.key == plan.dropped_proposals[0])
    plan.dropped_proposals = plan.dropped_proposals[1:]
    plan.save()
    changed = compare(old, current_snapshot(demo), case=demo)
    olds = [f.old for part in changed.parts for step in part.steps for f in step.fields]
    olds += [f.old for part in changed.parts for step in part.steps for lst in step.lists for item in lst.changed
             for f in item.fields]
    assert any(str(gone.title) in text for text in olds), olds


def test_the_import_command_lists_what_it_left_out(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    UserFactory(username="keeper")
    path = tmp_path / "old.json"
    path.write_text(json.dumps(shifted(json.loads(KEPT_FILE.read_text()), 1000, kinds={"legal-reform"})))
    out, err = StringIO(), StringIO()
    call_command("import_case", str(path), owner="keeper", stdout=out, stderr=err)
    assert "Imported" in out.getvalue()
    assert err.getvalue().count("could not be matched") == 2, err.getvalue()

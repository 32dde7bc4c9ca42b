"""The JSON case format: exact round trip on the demo case, the schema, refusals with their place,
all-or-nothing import, the CLI, and review snapshots in this format."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from asm_guide import casefile
from asm_guide.casefile import case_scoped_models
from asm_guide.cases.models import Membership, StrategyCase
from asm_guide.review.diff import compare
from setup_phase import models as p1
from strategy import models as p2
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(casefile.__file__).parent / "schema" / "asm-case-2.schema.json").read_text())
SCHEMA_1 = json.loads((Path(casefile.__file__).parent / "schema" / "asm-case-1.schema.json").read_text())


def row_counts() -> dict[str, int]:
    counts = {model._meta.label_lower: model.objects.count() for model in case_scoped_models()}
    counts["cases"] = StrategyCase.objects.count()
    return counts


def test_the_demo_export_has_every_part_and_no_database_ids(demo):
    document = casefile.export_case(demo)
    jsonschema.validate(document, SCHEMA)
    assert document["format"] == "asm-case/2"
    assert set(document["records"]) == {model._meta.label_lower for model in case_scoped_models()}
    subtype = document["records"]["strategy.subtype"][0]
    assert subtype["ref"] == "strategy.subtype:1"
    assert all(ref.startswith("setup_phase.researchfinding:") for ref in subtype["fields"]["findings"])
    text = json.dumps(document)
    assert '"id"' not in text and '"pk"' not in text
    assert "created_at" not in text and "updated_at" not in text


def test_round_trip_is_exact(demo):
    owner = UserFactory(username="importer")
    first = casefile.export_case(demo)
    copy_case = casefile.import_case(json.loads(casefile.dumps(first)), owner=owner)
    assert copy_case.pk != demo.pk
    second = casefile.export_case(copy_case)
    assert casefile.comparable(second) == casefile.comparable(first)
    assert Membership.objects.get(case=copy_case).user == owner
    assert copy_case.status == "draft"
    # The many-to-many links point at the copy's own findings, not the original's.
    subtype = p2.Subtype.objects.filter(case=copy_case).first()
    assert {f.case_id for f in subtype.findings.all()} == {copy_case.pk}


def test_members_are_optional_and_imported_only_when_asked(demo):
    document = casefile.export_case(demo, members=True)
    assert {"username": "demo-reviewer", "role": "reviewer"} in document["members"]
    assert "members" not in casefile.export_case(demo)
    owner = UserFactory(username="importer")
    plain = casefile.import_case(copy.deepcopy(document), owner=owner)
    assert Membership.objects.filter(case=plain).count() == 1
    with_members = casefile.import_case(copy.deepcopy(document), owner=owner, members=True)
    assert Membership.objects.filter(case=with_members, user__username="demo-reviewer", role="reviewer").exists()


def refused(document, owner) -> list[str]:
    before = row_counts()
    with pytest.raises(casefile.ImportRefused) as info:
        casefile.import_case(document, owner=owner)
    assert row_counts() == before, "nothing may be half-imported"
    return info.value.errors


def test_wrong_version_is_refused(demo):
    document = casefile.export_case(demo)
    document["format"] = "asm-case/3"
    errors = refused(document, UserFactory())
    assert errors[0].startswith("format: expected 'asm-case/2', found 'asm-case/3'")
    assert "reads asm-case/2 and asm-case/1 files only" in errors[0]


def test_truncated_json_is_refused_with_line_and_column(demo):
    text = casefile.dumps(casefile.export_case(demo))
    with pytest.raises(casefile.ImportRefused) as info:
        casefile.loads(text[: len(text) // 2])
    assert "not valid JSON (line" in info.value.errors[0]


def test_broken_reference_is_refused_and_nothing_is_written(demo):
    document = casefile.export_case(demo)
    document["records"]["setup_phase.researchstudy"][0]["fields"]["funder"] = "setup_phase.partner:999"
    document["records"]["strategy.subtype"][1]["fields"]["findings"] = ["setup_phase.researchfinding:999"]
    errors = refused(document, UserFactory())
    assert any(e.startswith("records['setup_phase.researchstudy'][0].fields.funder: 'setup_phase.partner:999'")
               for e in errors), errors
    assert any(e.startswith("records['strategy.subtype'][1].fields.findings:") for e in errors), errors


def test_invalid_values_are_refused_naming_their_place(demo):
    document = casefile.export_case(demo)
    document["records"]["strategy.subtype"][0]["fields"]["pct_women"] = "140"
    document["records"]["strategy.subtype"][1]["fields"]["scale"] = "gigantic"
    document["records"]["setup_phase.forummeeting"][0]["fields"]["date"] = "not a date"
    document["case"]["fields"]["currency"] = "dollars"
    errors = refused(document, UserFactory())
    places = {e.split(":")[0] for e in errors}
    assert "case.fields.currency" in places
    assert "records['strategy.subtype'][0].fields.pct_women" in places
    assert "records['strategy.subtype'][1].fields.scale" in places
    assert "records['setup_phase.forummeeting'][0].fields.date" in places


def test_unknown_types_fields_and_duplicate_constraints_are_refused(demo):
    document = casefile.export_case(demo)
    document["records"]["nowhere.thing"] = []
    document["records"]["setup_phase.partner"][0]["fields"]["colour"] = "red"
    studies = document["records"]["setup_phase.researchstudy"]
    studies.append({"ref": f"setup_phase.researchstudy:{len(studies) + 1}", "fields": dict(studies[0]["fields"])})
    errors = refused(document, UserFactory())
    assert any("records['nowhere.thing']: unknown record type" in e for e in errors)
    assert any("records['setup_phase.partner'][0].fields.colour: unknown field" in e for e in errors)
    assert any(e.startswith(f"records['setup_phase.researchstudy'][{len(studies) - 1}]: cannot be stored")
               for e in errors), errors


def test_import_command_creates_a_case_and_reports_errors(demo, tmp_path):
    UserFactory(username="newowner")
    good = tmp_path / "case.json"
    call_command("export_strategy", demo.pk, format="json", output=str(good), stderr=StringIO())
    out = StringIO()
    call_command("import_case", str(good), owner="newowner", stdout=out)
    assert "Imported" in out.getvalue()
    new = StrategyCase.objects.exclude(pk=demo.pk).get()
    assert p1.Partner.objects.filter(case=new).count() == p1.Partner.objects.filter(case=demo).count()

    bad = tmp_path / "bad.json"
    bad.write_text(good.read_text()[:500])
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_case", str(bad), owner="newowner")
    with pytest.raises(CommandError, match="no user"):
        call_command("import_case", str(good), owner="nobody")


def test_review_snapshots_use_the_case_format_and_still_diff(demo):
    from asm_guide.review.snapshot import current_snapshot

    old = current_snapshot(demo)
    assert old["format"] == "asm-case/2"
    assert compare(old, current_snapshot(demo)).is_empty
    subtype = p2.Subtype.objects.filter(case=demo).order_by("pk").first()
    subtype.name = "Renamed subtype"
    subtype.save()
    sub = p2.SubStrategy.objects.get(subtype=subtype)
    sub.risks = "A brand new risk"
    sub.save()
    p1.Partner.objects.filter(case=demo).first().delete()
    diff = compare(old, current_snapshot(demo))
    changes = [(step.subject, f.new) for part in diff.parts for step in part.steps for f in step.fields]
    assert ("Renamed subtype", "A brand new risk") in changes, changes
    removed = [item for part in diff.parts for step in part.steps for lst in step.lists for item in lst.removed]
    assert removed, "the deleted partner shows as removed"


KEPT_FILE = Path(__file__).parent / "data" / "asm-case-1-lumeria.json"


def test_a_kept_asm_case_1_file_still_imports_and_reports(db):
    """A file exported in format ``asm-case/1`` (kept as it was written, 2 Dec 2026) must keep
    importing whatever the format becomes: ministries keep such files for years."""
    document = json.loads(KEPT_FILE.read_text())
    assert document["format"] == "asm-case/1"
    jsonschema.validate(document, SCHEMA_1)
    owner = UserFactory(username="keeper")
    case = casefile.import_case(document, owner=owner)
    assert case.country_name == "Republic of Lumeria"
    assert p1.ResearchStudy.objects.filter(case=case).count() == len(document["records"]["setup_phase.researchstudy"])
    from asm_guide.reports.context import build_report

    report = build_report(case)
    assert all(section.completed for section in report.sections), [s.key for s in report.sections
                                                                   if not s.completed]

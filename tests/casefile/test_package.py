"""The case format is one package below review and reports: revisions are built by it directly (no
setting in between), its schema files are where the documentation says, and the bookkeeping fields
of the case are listed once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from asm_guide import casefile
from asm_guide.review import diff, snapshot

ROOT = Path(__file__).resolve().parents[2]


def test_the_documented_schema_files_exist():
    text = (ROOT / "docs" / "case-format.md").read_text()
    named = re.findall(r"`(asm_guide/[\w/.-]+\.schema\.json)`", text)
    assert named, "docs/case-format.md names the schema file"
    for path in named:
        assert (ROOT / path).is_file(), path
    for version in ("1", "2"):
        assert (Path(casefile.__file__).parent / "schema" / f"asm-case-{version}.schema.json").is_file()


def test_no_setting_chooses_the_snapshot_builder():
    assert not hasattr(settings, "ASM_SNAPSHOT_BUILDER")


@pytest.mark.django_db
def test_a_revision_snapshot_is_the_case_file_with_ids(demo):
    stored = snapshot.current_snapshot(demo)
    assert stored == casefile.build_snapshot(demo)
    assert stored["format"] == casefile.FORMAT
    assert stored["case"]["id"] == demo.pk and "exported_at" not in stored


def test_one_set_of_case_bookkeeping_fields():
    assert not hasattr(snapshot, "CASE_FIELDS_IGNORED")
    assert diff.CASE_EXCLUDED is casefile.CASE_EXCLUDED
    carried = {field.name for field in casefile.case_fields()}
    assert carried and not carried & casefile.CASE_EXCLUDED

"""Reading case files written before regions were named once per case.

``asm-case/1`` files wrote a research finding's region and mineral, and a subtype's regions, as
free text. ``asm_guide.casefile`` calls ``upgrade_from_1`` on such a file (a copy)
before importing it, and this turns the text into what the models hold now, the way the
migrations did it for the data already stored (``setup_phase.legacy``): one region record per
distinct name (case and accents aside; empty and "national" mean no region), findings and
subtypes referring to them, and a finding's mineral as a code, any text no code matches kept as
its mineral note.
"""

from __future__ import annotations

from . import legacy

REGION = "setup_phase.region"


def upgrade_from_1(document: dict) -> None:
    records = document.get("records")
    if not isinstance(records, dict) or REGION in records:
        return  # already in the present shape (or not a case file: the import says so)
    regions: list[dict] = []
    by_key: dict[str, str] = {}

    def region_ref(name: str) -> str:
        key = legacy.region_key(name)
        if key not in by_key:
            by_key[key] = f"{REGION}:{len(regions) + 1}"
            regions.append({"ref": by_key[key], "fields": {"name": " ".join(name.split())[:120]}})
        return by_key[key]

    for fields in _fields(records, "setup_phase.researchfinding"):
        text = fields.get("region")
        if isinstance(text, str) and not text.startswith(REGION + ":"):
            fields["region"] = None if legacy.is_national(text) else region_ref(text.strip())
        mineral = fields.get("mineral")
        if isinstance(mineral, str) and "mineral_note" not in fields:
            fields["mineral"], note = legacy.convert_mineral(mineral)
            if note:
                fields["mineral_note"] = note
    for fields in _fields(records, "strategy.subtype"):
        text = fields.get("regions")
        if isinstance(text, str):
            fields["regions"] = [region_ref(name) for name in legacy.split_regions(text)]
    records[REGION] = regions


def _fields(records: dict, label: str):
    rows = records.get(label)
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("fields"), dict):
            yield row["fields"]

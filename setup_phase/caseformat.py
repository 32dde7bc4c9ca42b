"""Reading case files written before regions and minerals became keys.

Older ``asm-case/1`` files (``tests/reports/data/asm-case-1-lumeria.json``) carry a research
finding's region and mineral as typed text (``"region": "Northern Highlands"``,
``"mineral": "Saphirs"``) and a subtype's regions as one text (``"regions": "Northern Highlands,
Central Belt"``). ``upgrade_document`` rewrites such a document in place into today's shape, the
way the data migrations (setup_phase 0004, strategy 0004) rewrote the database: one
``setup_phase.region`` record per distinct name (case and accents aside; "national" and empty mean
no region), findings and subtypes pointing at them by ref, minerals turned into codes where a code
or an English, French or Spanish name matches, any other mineral text kept in ``mineral_note``.

A document already in today's shape is left as it is, so the hook can run on every import.
``asm_guide/reports/caseformat.py`` calls it before reading the records.
"""

from __future__ import annotations

from . import legacy
from .models import Mineral

REGION = "setup_phase.region"
FINDING = "setup_phase.researchfinding"
SUBTYPE = "strategy.subtype"


def _is_ref(value) -> bool:
    return isinstance(value, str) and value.startswith(REGION + ":")


def upgrade_document(document: dict) -> list[str]:
    """Rewrite the free-text regions and minerals of ``document`` (in place) into region refs and
    mineral codes. Returns notes for the person importing: mineral texts that matched no code."""
    records = document.get("records")
    if not isinstance(records, dict):
        return []
    regions = records.get(REGION)
    if not isinstance(regions, list):
        regions = []
    by_key: dict[str, str] = {}
    for row in regions:
        fields = row.get("fields") if isinstance(row, dict) else None
        if isinstance(fields, dict) and isinstance(fields.get("name"), str) and isinstance(row.get("ref"), str):
            by_key.setdefault(legacy.region_key(fields["name"]), row["ref"])
    added: list[dict] = []

    def ref_for(name: str) -> str:
        key = legacy.region_key(name)
        if key not in by_key:
            ref = f"{REGION}:{len(regions) + len(added) + 1}"
            added.append({"ref": ref, "fields": {"name": " ".join(name.split())[:120]}})
            by_key[key] = ref
        return by_key[key]

    notes: list[str] = []
    codes = set(Mineral.values)
    for index, row in enumerate(_rows(records, FINDING)):
        fields = row["fields"]
        region = fields.get("region")
        if isinstance(region, str) and not _is_ref(region):
            fields["region"] = None if legacy.is_national(region) else ref_for(region.strip())
        mineral = fields.get("mineral")
        if isinstance(mineral, str) and mineral not in codes:
            code, note = legacy.convert_mineral(mineral)
            fields["mineral"] = code
            if note:
                earlier = str(fields.get("mineral_note") or "").strip()
                fields["mineral_note"] = "; ".join(filter(None, [earlier, note]))[:200]
                notes.append(f"records[{FINDING!r}][{index}].fields.mineral: {mineral!r} matches no mineral of the "
                             f"list; kept in mineral_note, the finding bears on all minerals.")
    for row in _rows(records, SUBTYPE):
        fields = row["fields"]
        value = fields.get("regions")
        if isinstance(value, str):
            fields["regions"] = list(dict.fromkeys(ref_for(name) for name in legacy.split_regions(value)))
    if added or REGION in records:
        records[REGION] = regions + added
    return notes


def _rows(records: dict, label: str):
    rows = records.get(label)
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("fields"), dict):
            yield row

"""The documented JSON case format ``asm-case/2``: export, import and the review snapshot.

The format is described for people in ``docs/case-format.md`` and for machines in
``asm_guide/casefile/schema/asm-case-2.schema.json``. In short::

    {"format": "asm-case/2",
     "exported_at": "2026-11-26T23:00:00Z",          # informational, ignored on import
     "case": {"fields": {"country_name": "...", ...}},
     "members": [{"username": "...", "role": "owner"}],   # only when asked for
     "completed_parts": [{"part": "setup"}],               # parts marked as complete
     "records": {"setup_phase.partner": [{"ref": "setup_phase.partner:1", "fields": {...}}, ...], ...}}

* Every case-scoped model (a ForeignKey named ``case`` to ``cases.StrategyCase``) of every registered
  part app is exported, found through the step registry (``scope``), so a part that registers its
  steps is included without touching this package. Models appear in dependency order; each list
  is in primary-key order; every model has a key, even when it has no rows.
* No database ids: a record is named by ``ref`` = ``"<app_label.model>:<position>"`` (1-based, in
  the export's order); foreign keys hold the target's ref (or null), many-to-many fields a list of
  refs in the target's order. Timestamps (``auto_now``/``auto_now_add``) and bookkeeping of the case
  (status, progress counters, creator) are left out.
* Keys inside text values: a part app may have a ``casekeys`` module declaring ``KINDS`` (``{kind:
  "app_label.model"}``) and ``KEY_FIELDS`` (``{"app_label.model": (field names,)}``) for fields that
  hold ``"<kind>:<id>"`` keys (Part 3: the proposal an action came from, the proposals not needed).
  The file writes such a key as ``"<kind>@<ref>"``; import turns it back into the new record's id.
  A key that names no record of the case is left out (it could only be written as an id).
* Values are JSON: dates ISO 8601, decimals as strings (exact), JSON fields as they are.

Import (``import_case``) creates a new draft case inside one transaction: every value is checked
(the model's own validation, constraints included) and every error names its place, e.g.
``records["strategy.subtype"][2].fields.pct_women``; nothing is written unless the whole file is
valid. Export -> import -> export gives the same document apart from ``exported_at``.
``asm-case/1`` files (which wrote keys with the exporting server's ids) are still read: their keys
are matched to records where the file allows it (``legacy_key_map``) and left out otherwise, each
such key listed in ``case.import_notes``.

The review app's revisions use the same format (``build_snapshot``, called by
``asm_guide.review.snapshot.current_snapshot``) with two extra keys per record, ``id`` and ``repr``,
so that two revisions of one case can be compared row by row (``snapshot_records`` turns it back
into the shape ``asm_guide.review.diff`` reads, keys included).

The package is a floor of its own: ``asm_guide.review`` (revisions) and ``asm_guide.reports``
(the download, ``export_strategy`` and ``import_case``) import it; it imports neither, only the
cases, the engine's registry and state, and the part apps' optional ``casekeys``/``caseupgrade``
modules (the import-linter contracts in ``pyproject.toml`` hold it to that). Modules: ``formats``
(versions), ``scope`` (which models and fields, from the step registry), ``keys``, ``export``,
``importing``, ``legacy`` (``asm-case/1``), ``revisions`` (reading a stored revision); the names
below are the public ones.
"""

from .export import build_snapshot, comparable, dumps, export_case, ref_name
from .formats import FORMAT, FORMAT_PREFIX, LEGACY_FORMAT, READABLE_FORMATS, TOP_KEYS
from .importing import ImportRefused, import_case, loads
from .keys import DB_KEY, FILE_KEY, key_declarations
from .legacy import legacy_key_map, legacy_upgrades
from .revisions import snapshot_records
from .scope import (
    CASE_EXCLUDED,
    CASE_LABEL,
    case_fields,
    case_scoped_models,
    data_fields,
    is_case_scoped,
    json_value,
    ordered_models,
    part_app_labels,
    step_models,
)

__all__ = [
    "CASE_EXCLUDED", "CASE_LABEL", "DB_KEY", "FILE_KEY", "FORMAT", "FORMAT_PREFIX", "LEGACY_FORMAT",
    "READABLE_FORMATS", "TOP_KEYS", "ImportRefused", "build_snapshot", "case_fields", "case_scoped_models",
    "comparable", "data_fields", "dumps", "export_case", "import_case", "is_case_scoped", "json_value",
    "key_declarations", "legacy_key_map", "legacy_upgrades", "loads", "ordered_models", "part_app_labels",
    "ref_name", "snapshot_records", "step_models",
]

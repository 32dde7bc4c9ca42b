"""The names and top-level keys of the case file's versions."""

FORMAT = "asm-case/2"
LEGACY_FORMAT = "asm-case/1"  # keys written with database ids; still read
READABLE_FORMATS = (FORMAT, LEGACY_FORMAT)
FORMAT_PREFIX = "asm-case/"
TOP_KEYS = {"format", "exported_at", "case", "members", "completed_parts", "records"}

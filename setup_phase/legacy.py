"""Reading the free text that findings and subtypes held before regions and minerals became
keys: region names typed per row ("Northern Highlands, Central Belt") and minerals typed in
any language ("Saphirs").

Used by the data migrations (setup_phase 0004, strategy 0004) and by the reader of old case
files (``setup_phase.caseupgrade``). Pure functions over frozen tables: they must keep giving the
same answer for old data, so the tables are copied here, not read from the models or the
translation catalogues (a label may change; what an old row meant does not).
"""

from __future__ import annotations

import re
import unicodedata

# Words that meant "the whole country" in a finding's free-text region.
NATIONAL_WORDS = frozenset({
    "national", "nationwide", "all", "all regions", "country", "whole country", "countrywide",
    "nacional", "todo el país", "todas las regiones", "tout le pays", "toutes les régions", "ensemble du pays",
    "-", "n/a",
})

# Mineral codes (setup_phase.models.Mineral) and the names that meant them, in English, French
# and Spanish, singular and plural, with the common ore and trade names.
MINERAL_NAMES: dict[str, tuple[str, ...]] = {
    "gold": ("gold", "or", "oro", "ASGM", "orpaillage"),
    "silver": ("silver", "argent", "plata"),
    "platinum_group": ("platinum-group metals", "platinum", "PGM", "PGMs", "platine", "métaux du groupe du platine",
                       "platino", "metales del grupo del platino"),
    "tin": ("tin", "cassiterite", "étain", "cassitérite", "estaño", "casiterita"),
    "tantalum": ("tantalum", "coltan", "tantale", "tantalio", "tantalite", "tantalita"),
    "tungsten": ("tungsten", "wolframite", "wolfram", "tungstène", "wolframita", "volframio", "tungsteno"),
    "cobalt": ("cobalt", "heterogenite", "cobalto"),
    "copper": ("copper", "cuivre", "cobre", "malachite", "malaquita"),
    "lithium": ("lithium", "litio", "spodumene", "lepidolite"),
    "manganese": ("manganese", "manganèse", "manganeso"),
    "nickel": ("nickel", "níquel", "niquel"),
    "chromite": ("chromite", "chrome", "chromium", "cromita", "cromo"),
    "lead_zinc": ("lead and zinc", "lead", "zinc", "plomb et zinc", "plomb", "plomo y zinc", "plomo", "galena",
                  "galène"),
    "iron_ore": ("iron ore", "iron", "minerai de fer", "fer", "mineral de hierro", "hierro"),
    "rare_earths": ("rare earths", "rare earth elements", "REE", "terres rares", "tierras raras"),
    "graphite": ("graphite", "grafito"),
    "mica": ("mica", "micas"),
    "diamonds": ("diamonds", "diamond", "diamants", "diamant", "diamantes", "diamante"),
    "coloured_gemstones": (
        "coloured gemstones", "colored gemstones", "gemstones", "gemstone", "gems", "precious stones",
        "semi-precious stones", "sapphire", "sapphires", "ruby", "rubies", "emerald", "emeralds", "tourmaline",
        "tanzanite", "garnet", "opal", "spinel", "aquamarine",
        "pierres précieuses de couleur", "pierres de couleur", "pierres précieuses", "pierres fines", "gemmes",
        "saphir", "saphirs", "rubis", "émeraude", "émeraudes",
        "piedras preciosas de color", "piedras de color", "piedras preciosas", "gemas",
        "zafiro", "zafiros", "rubí", "rubíes", "esmeralda", "esmeraldas",
    ),
    "jade_amber": ("jade and amber", "jade", "amber", "ambre", "ámbar"),
    "development_minerals": (
        "development minerals (sand, gravel, clay, stone)", "development minerals", "sand", "gravel", "clay",
        "stone", "building materials", "construction materials", "quarrying", "bricks",
        "minéraux de développement (sable, gravier, argile, pierre)", "minéraux de développement",
        "matériaux de construction", "sable", "gravier", "argile", "pierre",
        "minerales para el desarrollo (arena, grava, arcilla, piedra)", "minerales para el desarrollo",
        "materiales de construcción", "arena", "grava", "arcilla", "piedra",
    ),
    "salt": ("salt", "sel", "sal"),
    "coal": ("coal", "charbon", "carbón"),
    "other": ("other", "autre", "autres", "otro", "otros", "otra"),
}


def _key(text: str) -> str:
    """Case- and accent-insensitive form of a name, spaces squeezed."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


_BY_NAME = {_key(code): code for code in MINERAL_NAMES}
for _code, _names in MINERAL_NAMES.items():
    for _name in _names:
        _BY_NAME.setdefault(_key(_name), _code)


def mineral_code(text: str) -> str | None:
    """The code a free-text mineral meant, or None when no code or name matches exactly
    (case and accents aside). An empty text is ``""`` (all minerals)."""
    if not str(text or "").strip():
        return ""
    return _BY_NAME.get(_key(text))


def is_national(text: str) -> bool:
    return not str(text or "").strip() or _key(text) in {_key(word) for word in NATIONAL_WORDS}


_SPLIT = re.compile(r"\s*(?:[,;\n]|\band\b)\s*", re.IGNORECASE)


def split_regions(text: str) -> list[str]:
    """The region names in a subtype's free-text regions: split on commas, semicolons, line
    breaks and the word "and"; empty parts and "national" words left out, first spelling kept."""
    names, seen = [], set()
    for part in _SPLIT.split(str(text or "")):
        name = " ".join(part.split())
        if not name or is_national(name) or _key(name) in seen:
            continue
        seen.add(_key(name))
        names.append(name)
    return names


def region_key(name: str) -> str:
    """Two spellings of one region name are the same region when their keys are equal."""
    return _key(name)


def convert_mineral(text: str) -> tuple[str, str]:
    """(code, note) for a free-text mineral: the code when one matches, else no code (all
    minerals, so the finding is never hidden) and the text kept as the note."""
    code = mineral_code(text)
    if code is None:
        return "", " ".join(str(text).split())[:200]
    return code, ""

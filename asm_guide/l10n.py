"""Numbers, money, percentages, dates and quarters as people of the active language write them.

One place for every figure that pages, the PDF, the DOCX and the XLSX show, with Babel's CLDR
data: ``money(9800000, "EUR")`` is "EUR 9,800,000" in English, "9 800 000 EUR" in French and
"9.800.000 EUR" in Spanish; ``quarter(2027, 1)`` is "Q1 2027", "T1 2027", "T1 2027". The
language is Django's active one (``translation.override`` around a report), so the web budget
table and the report say the same figure the same way.

Money shows the case's currency code (not a symbol: a ministry's own code such as "LMD" has
none) and no cents: a strategy budget is planned in whole units.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError, dates, numbers
from django.conf import settings
from django.utils import translation

NBSP = "\u00a0"


def language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@lru_cache(maxsize=32)
def babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(settings.LANGUAGE_CODE.split("-")[0])


def _locale() -> Locale:
    return babel_locale(language())


@lru_cache(maxsize=32)
def _money_pattern(code: str) -> str:
    """The locale's currency pattern with the ISO code (``¤¤``) instead of a symbol, no decimals
    and a no-break space between a leading code and the figure ("EUR 9,800,000")."""
    pattern = babel_locale(code).currency_formats["standard"].pattern.split(";")[0]
    pattern = re.sub(r"\.0+", "", pattern)
    pattern = pattern.replace("¤", "¤¤")
    if pattern.startswith("¤¤") and not pattern.startswith(("¤¤" + NBSP, "¤¤ ")):
        pattern = "¤¤" + NBSP + pattern[2:]
    return pattern


def number(value, *, digits: int = 2) -> str:
    """A count or measure with up to ``digits`` decimals (none shown when they are zero)."""
    if value is None or value == "":
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return numbers.format_decimal(Decimal(str(value)), format=pattern, locale=_locale())


def money(value, currency: str) -> str:
    """An amount in whole units of ``currency`` (an ISO code or a ministry's own code)."""
    if value is None or value == "":
        return ""
    locale = _locale()
    amount = Decimal(str(value))
    code = (currency or "").strip().upper()
    if not code:
        return number(amount, digits=0)
    return numbers.format_currency(amount, code, format=_money_pattern(str(locale)), currency_digits=False,
                                   locale=locale)


def percent(value, *, digits: int = 0) -> str:
    """``value`` is a share (0.27 is 27 %)."""
    if value is None or value == "":
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    base = _locale().percent_formats[None].pattern
    if NBSP + "%" in base or "\u202f%" in base:  # French and Spanish put a no-break space before %
        pattern = pattern[:-1] + base[base.index("%") - 1] + "%"
    return numbers.format_percent(Decimal(str(value)), format=pattern, locale=_locale())


def figure(value, kind: str | None, currency: str = "") -> str:
    """A stored number as ``kind`` says a person reads it (``asm_guide.cases.models.figure_kind``):
    "money", "percent_points", "year" (2026, never grouped) or "number". A value that is not a
    number (typing not saved yet) is returned as it is."""
    if value is None or value == "":
        return ""
    try:
        Decimal(str(value).strip())
    except ArithmeticError:
        return str(value)
    if kind == "money":
        return money(value, currency)
    if kind == "percent_points":
        return percent_points(value)
    if kind == "year":
        return str(value).strip()
    return number(value)


_PERCENT_IN_LABEL = re.compile(r"\s*\(\s*%\s*\)\s*$")


def figure_label(label, kind: str | None) -> str:
    """A question's label beside an answer written by ``figure``: a percentage already shows its
    sign, so "Women among the miners (%)" reads "Women among the miners" there (27 %, not (%) 27 %)."""
    text = str(label)
    return _PERCENT_IN_LABEL.sub("", text) if kind == "percent_points" else text


def with_unit(name, unit) -> str:
    """An indicator's name with its unit in brackets, unless the name already says it:
    "Gold sold officially" and "t" read "Gold sold officially (t)"; "Share sold officially (%)" and
    "%" stay as they are, never "(%) (%)"."""
    name, unit = str(name or "").strip(), str(unit or "").strip()
    if not unit or re.search(rf"(?<!\w){re.escape(unit.casefold())}(?!\w)", name.casefold()):
        return name
    from django.utils.translation import gettext

    return gettext("%(name)s (%(unit)s)") % {"name": name, "unit": unit}


def colon() -> str:
    """What separates a label from its value: ": " in English and Spanish, a no-break space and
    ": " in French (``{% colon %}`` in templates)."""
    return NBSP + ": " if language().split("-")[0] == "fr" else ": "


def labelled(label, value) -> str:
    """A label and its value joined as the language joins them ("Reach: Yes", "Portée : Oui")."""
    return f"{label}{colon()}{value}"


def percent_points(value, *, digits: int = 1) -> str:
    """A percentage already expressed in points (27 is 27 %), as answers on forms are."""
    if value is None or value == "":
        return ""
    return percent(Decimal(str(value)) / 100, digits=digits)


def date(value, *, style: str = "medium") -> str:
    """A date: ``medium`` "12 mars 2026" / "Mar 12, 2026"; ``long`` "12 mars 2026" / "March 12, 2026"."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return dates.format_date(value, format=style, locale=_locale())


def datetime(value, *, style: str = "medium") -> str:
    """A moment to the minute, in the site's time zone: the date in ``style`` and the time without
    seconds, joined as the language joins them ("12 mars 2026, 14:05" / "Mar 12, 2026, 2:05 PM")."""
    if not value:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = _locale()
    pattern = str(locale.datetime_formats.get(style) or locale.datetime_formats["medium"]).replace("'", "")
    return (pattern.replace("{1}", dates.format_date(value, format=style, locale=locale))
            .replace("{0}", dates.format_time(value, format="short", locale=locale)))


def month(year: int, month_number: int) -> str:
    return dates.format_skeleton("yMMMM", dt.date(year, month_number, 1), locale=_locale())


def quarter(year: int | None, number_in_year: int | None) -> str:
    """A quarter of a year: "Q1 2027" in English, "T1 2027" in French and Spanish (CLDR)."""
    if not year or not number_in_year:
        return ""
    return dates.format_skeleton("yQQQ", dt.date(int(year), 3 * (int(number_in_year) - 1) + 1, 1), locale=_locale())


def period(start: tuple[int, int], end: tuple[int, int]) -> str:
    """Two quarters joined by an en dash: "T1 2027 – T4 2028"."""
    return f"{quarter(*start)} – {quarter(*end)}"


def years(first, last) -> str:
    if first and last and first != last:
        return f"{first}–{last}"
    return str(first or last or "")


def join(items) -> str:
    """A list in words: "A, B and C" / "A, B et C" / "A, B y C" (CLDR list patterns)."""
    from babel.lists import format_list

    items = [str(item) for item in items if item not in (None, "")]
    return format_list(items, locale=_locale()) if items else ""


# --- French typography ------------------------------------------------------------------------

_BEFORE_HIGH_PUNCTUATION = re.compile(r"(?<=[^\s\u00a0\u202f(\[{])[ \u00a0\u202f]?([:;!?»])(?=\s|$|[)\].,])")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]?")


def typography(text: str, code: str | None = None) -> str:
    """French rules for generated text: a no-break space before ``: ; ! ?`` and »,
    and after «. Other languages are returned as they are. URLs and times (12:30) are left alone."""
    code = (code or language()).split("-")[0]
    if code != "fr" or not text:
        return text
    text = _AFTER_OPENING_GUILLEMET.sub("«" + NBSP, text)

    def space(match: re.Match) -> str:
        mark = match.group(1)
        return ("\u202f" if mark in ";!?" else NBSP) + mark

    protected = re.sub(r"https?://\S+|\b\d{1,2}:\d{2}\b", lambda m: m.group(0).replace(":", "\x00"), text)
    return _BEFORE_HIGH_PUNCTUATION.sub(space, protected).replace("\x00", ":")

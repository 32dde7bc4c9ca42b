"""The building blocks of report sections: plain data that every output (HTML, PDF, DOCX) renders.

A part's ``report.py`` describes its sections as a list of blocks; it never touches HTML or
python-docx unless it wants to (a contribution may name its own template and DOCX writer, e.g. the
implementation timeline as SVG).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass
class Heading:
    text: str
    level: int = 3  # 3 = a subsection (7.x), 4 = below it (7.x.y)
    anchor: str = ""
    kind: str = "heading"


def _typeset(text):
    """Generated text in the report's language follows its typography (French: a no-break space
    before ``: ; ! ?``), even where a sentence is joined from pieces the catalogue holds apart."""
    from django.utils.safestring import SafeData, mark_safe

    from asm_guide import l10n

    if not isinstance(text, str):
        return text
    result = l10n.typography(text)
    return mark_safe(result) if isinstance(text, SafeData) else result  # noqa: S308 - it was safe already


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"

    def __post_init__(self):
        self.text = _typeset(self.text)


@dataclass
class Facts:
    """Label/value pairs (a description list). Pairs without a value are left out of ``items``
    and their labels kept in ``missing``, which every output writes as one line ("Not recorded
    yet: Chair and Secretariat.") instead of a filler row per field."""

    items: Sequence[tuple[str, str]]
    kind: str = "facts"
    missing: Sequence[str] = ()

    def __post_init__(self):
        present, missing = [], list(self.missing)
        for label, value in self.items:
            if value is None or str(value).strip() == "":
                missing.append(str(label))
            else:
                present.append((label, value))
        self.items, self.missing = present, missing

    @property
    def missing_line(self) -> str:
        if not self.missing:
            return ""
        from django.utils.translation import gettext

        from asm_guide import l10n

        return l10n.typography(gettext("Not recorded yet: %(fields)s.") % {"fields": l10n.join(self.missing)})


@dataclass
class BulletList:
    items: Sequence[str]
    kind: str = "list"

    def __post_init__(self):
        self.items = [_typeset(item) for item in self.items]


@dataclass
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str = ""
    numeric: Sequence[int] = ()  # column indexes aligned right (amounts, counts)
    footer: Sequence[Any] | None = None  # a totals row
    kind: str = "table"

    @property
    def numeric_set(self) -> set[int]:
        return set(self.numeric)


@dataclass
class Note:
    """A remark that stands out, e.g. "This tool's aid, not the Guidance's text"."""

    text: str
    kind: str = "note"

    def __post_init__(self):
        self.text = _typeset(self.text)


@dataclass
class Contribution:
    """What one part says in one section of the report.

    ``blocks`` are rendered generically; ``template`` (an HTML partial, rendered with ``data``) and
    ``docx`` (``callable(writer, data)``) replace that rendering for HTML/PDF and DOCX when given.
    ``complete`` False marks the part's answers for this section as unfinished; a section with no
    complete contribution shows "Not yet completed". ``steps`` names the wizard steps the section
    comes from as ``(flow name, step slug)`` so the preview can show their open comments.
    """

    blocks: list = field(default_factory=list)
    template: str = ""
    data: Any = None
    docx: Callable | None = None
    complete: bool = True
    steps: Sequence[tuple[str, str]] = ()
    #: Blocks to place inside another part's contribution to the same section, each list just
    #: before the block whose ``anchor`` is the key (Part 3's regulations, zones and schemes go
    #: into Part 2's chapter 7.x.4 of their subtype). Unplaced lists end the section.
    inserts: dict[str, list] = field(default_factory=dict)


class Sheet(NamedTuple):
    """A sheet of plan.xlsx. ``rows`` keep their numbers, Decimals and dates as they are (the
    spreadsheet writes them as numbers and dates); ``formats`` says what each column holds, by
    position: ``"money"`` (the case's currency), ``"integer"``, ``"decimal"``, ``"year"``, ``"date"``
    or ``"text"`` ("" or a missing entry: worked out from the values). ``footer`` is a totals row,
    written in bold after the rows and left out of the filter. A plain ``(headers, rows)`` tuple
    is still a valid sheet."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    formats: Sequence[str] = ()
    footer: Sequence[Any] | None = None


@dataclass
class PartReport:
    """What a part app's ``report.py`` returns: contributions by section key, the executive
    summary's facts, and spreadsheet sheets by name (a ``Sheet``, or a plain ``(headers, rows)``)."""

    sections: dict[str, list[Contribution]] = field(default_factory=dict)
    summary: list[tuple[str, str]] = field(default_factory=list)
    #: Sentences of the executive summary's prose, in the report language, in the part's order.
    summary_text: list[str] = field(default_factory=list)
    sheets: dict[str, Sheet | tuple[Sequence[str], Sequence[Sequence[Any]]]] = field(default_factory=dict)
    budget_total: Any = None  # a Decimal the summary adds up, in the case's currency
    # True when ``budget_total`` already includes the earlier parts' costs (Part 3's costed action
    # plan takes in Part 2's programmes), so the summary shows it alone instead of adding them up.
    budget_consolidated: bool = False

    def add(self, key: str, contribution: Contribution) -> None:
        self.sections.setdefault(key, []).append(contribution)

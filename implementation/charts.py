"""Geometry of the report's charts, drawn as hand-made inline SVG like the timeline: the budget by
year and funding source (stacked bars), the monitoring indicators (one small panel each) and the
timeline's labels. Pure functions: no database and no language of their own. Figures are turned
into text by the ``fmt`` callables the caller passes (``asm_guide.l10n`` in the report), so tests
feed plain values and plain ``str``. The few words drawn inside a chart (legend entries) are
gettext_lazy labels that callers may replace.

The report's templates (``implementation/templates/implementation/report/``) draw these shapes for
the HTML preview and the PDF, and the Word export converts the same markup to pictures.

Text is measured with the advance widths of DejaVu Sans, the font the PDF and CairoSVG use, so labels
are wrapped or left out before they can overlap.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .plan import Bar, build_timeline

FONT = "DejaVu Sans, sans-serif"
FONT_SIZE = 11
ELLIPSIS = "…"

# --- text measurement --------------------------------------------------------------------------------

# Advance widths of DejaVu Sans in em (from the font's hmtx table, rounded).
_WIDTHS = {
    " ": .318, "!": .401, '"': .460, "#": .838, "$": .636, "%": .950, "&": .780, "'": .275, "(": .390, ")": .390,
    "*": .500, "+": .838, ",": .318, "-": .361, ".": .318, "/": .337, ":": .337, ";": .337, "<": .838, "=": .838,
    ">": .838, "?": .531, "@": 1.0, "[": .390, "]": .390, "_": .500, "|": .337, "°": .500, "·": .318, "’": .318,
    "“": .518, "”": .518, "«": .557, "»": .557, "–": .500, "—": 1.0, ELLIPSIS: 1.0, "\u00a0": .318,
    "\u202f": .200, "€": .636,
    "A": .684, "B": .686, "C": .698, "D": .770, "E": .632, "F": .575, "G": .775, "H": .752, "I": .295, "J": .295,
    "K": .656, "L": .557, "M": .863, "N": .748, "O": .787, "P": .603, "Q": .787, "R": .695, "S": .635, "T": .611,
    "U": .732, "V": .684, "W": .989, "X": .685, "Y": .611, "Z": .685,
    "a": .613, "b": .635, "c": .550, "d": .635, "e": .615, "f": .352, "g": .635, "h": .634, "i": .278, "j": .278,
    "k": .579, "l": .278, "m": .974, "n": .634, "o": .612, "p": .635, "q": .635, "r": .411, "s": .521, "t": .392,
    "u": .634, "v": .592, "w": .818, "x": .592, "y": .592, "z": .525,
}
_DIGIT = .636
_OTHER = .640


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """The width of ``text`` in user units at font size ``size`` (a slight overestimate)."""
    total = 0.0
    for char in str(text):
        width = _WIDTHS.get(char)
        if width is None:
            if char.isdigit():
                width = _DIGIT
            else:
                base = unicodedata.normalize("NFD", char)[:1]
                width = _WIDTHS.get(base, _OTHER)
        total += width
    return total * size * (1.1 if bold else 1.0) * 1.02


def wrap(text: str, max_width: float, *, size: float = FONT_SIZE, lines: int = 2,
         bold: bool = False) -> tuple[list[str], bool]:
    """``text`` broken at spaces into at most ``lines`` lines no wider than ``max_width``; a word
    too long for a line is cut. The second value is True when the text did not fit, in which case
    the last line ends with an ellipsis."""
    words = str(text).split()
    result: list[str] = []
    current = ""
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= max_width:
            current = candidate
            index += 1
            continue
        if not current:  # a single word wider than the line: cut it
            cut = _fit(word, max_width, size, bold)
            current, words[index] = word[:cut], word[cut:]
        result.append(current)
        current = ""
        if len(result) == lines:
            break
    if current and len(result) < lines:
        result.append(current)
    overflow = index < len(words)
    if overflow:
        result[-1] = _with_ellipsis(result[-1], max_width, size, bold)
    return result, overflow


def _fit(word: str, max_width: float, size: float, bold: bool) -> int:
    cut = len(word)
    while cut > 1 and text_width(word[:cut], size, bold=bold) > max_width:
        cut -= 1
    return cut


def _with_ellipsis(line: str, max_width: float, size: float, bold: bool) -> str:
    line = line.rstrip()
    while line and text_width(line + ELLIPSIS, size, bold=bold) > max_width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def fits(text: str, max_width: float, *, size: float = FONT_SIZE, lines: int = 2) -> bool:
    return not wrap(text, max_width, size=size, lines=lines)[1]


# --- timeline labels -----------------------------------------------------------------------------------


def _shared_words(words: list[str], others: list[list[str]]) -> int:
    """How many leading words ``words`` shares with the title most like it."""
    best = 0
    for other in others:
        same = 0
        for mine, theirs in zip(words, other, strict=False):
            if mine != theirs:
                break
            same += 1
        best = max(best, same)
    return best


def shorten_labels(items: Sequence[tuple[str, str]], max_width: float, *, size: float = FONT_SIZE,
                   lines: int = 2) -> list[list[str]]:
    """Each ``(ref, title)`` as at most ``lines`` lines of "ref title". A title too long for them
    keeps its first words and the words where it differs from the titles that start like it
    ("A8 Train district inspectors … in the Southern region"), so two labels are never the same
    unless the titles are."""
    split = [str(title).split() for _ref, title in items]
    result = []
    for index, (ref, title) in enumerate(items):
        text = f"{ref} {title}".strip()
        wrapped, overflow = wrap(text, max_width, size=size, lines=lines)
        if not overflow:
            result.append(wrapped)
            continue
        words = split[index]
        others = [other for position, other in enumerate(split) if position != index and other != words]
        shared = _shared_words(words, others)
        if shared == 0 or not fits(" ".join([ref, *words[:1], ELLIPSIS, *words[shared:shared + 1]]), max_width,
                                   size=size, lines=lines):
            # Nothing in common with another title (or no room to show the difference): cut the end.
            result.append(wrapped)
            continue
        tail = words[shared:]
        head = shared
        while head > 1 and not fits(" ".join([ref, *words[:head], ELLIPSIS, *tail]), max_width, size=size,
                                    lines=lines):
            head -= 1
        if head == shared:  # cannot happen (the whole text overflowed), kept for safety
            result.append(wrapped)
            continue
        result.append(wrap(" ".join([ref, *words[:head], ELLIPSIS, *tail]), max_width, size=size,
                           lines=lines)[0])
    return result


@dataclass(frozen=True)
class TimelineRow:
    bar: Bar
    lines: tuple[str, ...]
    line_ys: tuple[int, ...]
    full: str  # the whole label, for the bar's <title>
    top: int
    height: int

    @property
    def text_at(self) -> list[tuple[int, str]]:
        return list(zip(self.line_ys, self.lines, strict=True))


@dataclass(frozen=True)
class TimelineChart:
    """The geometry of ``plan.build_timeline`` (same x, years and quarters; ``bars`` for the Word
    table of years) with rows as tall as their label: one or two lines."""

    width: int
    height: int
    label_width: int
    quarter_width: int
    years: list[tuple[int, int, int]]
    quarters: list[int]
    bars: list[Bar]
    rows: list[TimelineRow]
    bar_height: int
    header: int


def timeline_chart(actions: Sequence[tuple[str, str, str, tuple[int, int], tuple[int, int]]], first_year: int,
                   last_year: int, *, label_width: int = 260, quarter_width: int = 22, row_height: int = 24,
                   line_height: int = 12, header: int = 28, size: float = FONT_SIZE) -> TimelineChart:
    """A Gantt chart of ``actions`` (ref, title, status, start, end): bars from
    ``plan.build_timeline``, labels wrapped onto two lines where needed (such rows are taller)."""
    actions = list(actions)
    base = build_timeline(actions, first_year, last_year, label_width=label_width, quarter_width=quarter_width,
                          row_height=row_height, header=header)
    labels = shorten_labels([(ref, title) for ref, title, *_rest in actions], label_width - 10, size=size)
    bar_height = row_height - 8
    rows, bars = [], []
    top = header
    for bar, lines in zip(base.bars, labels, strict=True):
        height = row_height + (len(lines) - 1) * line_height
        bar_y = top + (height - bar_height) // 2
        first_baseline = top + (height - len(lines) * line_height) // 2 + line_height - 2
        moved = replace(bar, y=bar_y, label_y=first_baseline)
        bars.append(moved)
        rows.append(TimelineRow(bar=moved, lines=tuple(lines),
                                line_ys=tuple(first_baseline + n * line_height for n in range(len(lines))),
                                full=f"{bar.ref} {bar.title}".strip(), top=top, height=height))
        top += height
    return TimelineChart(width=base.width, height=top + 4, label_width=label_width, quarter_width=quarter_width,
                         years=base.years, quarters=base.quarters, bars=bars, rows=rows, bar_height=bar_height,
                         header=header)


# --- scales ------------------------------------------------------------------------------------------------


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts ``span`` in about ``ticks``."""
    if span <= 0:
        return 1.0
    raw = span / max(1, ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def nice_ticks(low: float, high: float, ticks: int = 5) -> list[float]:
    """Round tick values from at most ``low`` to at least ``high``."""
    if high <= low:
        high = low + 1
    step = nice_step(high - low, ticks)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    count = round((end - start) / step)
    return [_clean(start + n * step) for n in range(count + 1)]


def _clean(value: float):
    rounded = round(value, 10)
    return int(rounded) if float(rounded).is_integer() else rounded


def _r(value: float) -> float:
    return round(value, 2)


# --- budget by year and funding source ------------------------------------------------------------------------

# Fill, pattern laid over it (an id of the template's <defs>, or "") and outline per funding source:
# colours of at least 3:1 against white (WCAG 1.4.11), each source with its own texture so that
# colour is not the only difference.
FUNDING_STYLES = {
    "government": {"fill": "#00703c", "pattern": "", "stroke": "#ffffff"},
    "partner": {"fill": "#1d70b8", "pattern": "stripes", "stroke": "#ffffff"},
    "other": {"fill": "#4c2c92", "pattern": "dots", "stroke": "#ffffff"},
    "unfunded": {"fill": "#ffffff", "pattern": "hatch", "stroke": "#d4351c"},
}
_DEFAULT_STYLE = {"fill": "#505a5f", "pattern": "", "stroke": "#ffffff"}


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: Decimal
    x: float
    y: float
    width: float
    height: float
    fill: str
    pattern: str
    stroke: str
    text: str = ""  # the amount in words, for the segment's <title>


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    width: float
    centre: float
    segments: list[Segment]
    total: Decimal
    total_text: str
    total_y: float
    show_total: bool  # room for the total above the bar
    show_label: bool  # room for the year below it (long periods label every other year)


@dataclass(frozen=True)
class Tick:
    value: float
    y: float
    text: str

    @property
    def text_y(self) -> float:
        return _r(self.y + 4)


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    x: float
    y: float
    text_x: float
    text_y: float
    fill: str
    pattern: str
    stroke: str
    shape: str = "box"


@dataclass(frozen=True)
class BudgetChart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    columns: list[Column]
    ticks: list[Tick]
    legend: list[LegendEntry]
    axis_title: str
    label_y: float
    font_size: float

    @property
    def tick_x(self) -> float:
        return _r(self.left - 6)


def _legend(entries: Sequence[tuple[str, str, Mapping]], left: float, top: float, width: float,
            size: float, shape: str = "box") -> tuple[list[LegendEntry], float]:
    """Legend entries laid out left to right, wrapping to a new line; returns them and the bottom."""
    swatch, gap, line = 12, 18, size + 8
    x, y = left, top
    result = []
    for key, label, style in entries:
        needed = swatch + 5 + text_width(label, size)
        if x > left and x + needed > left + width:
            x, y = left, y + line
        result.append(LegendEntry(key=key, label=label, x=_r(x), y=_r(y), text_x=_r(x + swatch + 5),
                                  text_y=_r(y + swatch - 2), fill=style.get("fill", ""),
                                  pattern=style.get("pattern", ""), stroke=style.get("stroke", ""),
                                  shape=style.get("shape", shape)))
        x += needed + gap
    return result, y + line


def budget_chart(rows: Sequence[tuple[str, Mapping[str, Decimal]]], series: Sequence[tuple[str, str]], *,
                 fmt_tick: Callable = str, fmt_total: Callable = str, axis_title: str = "", width: int = 680,
                 plot_height: int = 220, size: float = FONT_SIZE) -> BudgetChart:
    """Stacked bars, one per ``(label, {series key: amount})`` row, the series stacked from the
    bottom in the order of ``series`` (``(key, label)``), with a value axis of round ticks, each
    column's total above it where there is room, and a legend in the same order."""
    totals = [sum((Decimal(amounts.get(key) or 0) for key, _label in series), Decimal(0)) for _l, amounts in rows]
    ticks = nice_ticks(0, float(max(totals, default=0)) or 1, 5)
    axis_max = ticks[-1]
    tick_texts = [str(fmt_tick(value)) for value in ticks]
    left = 8 + max((text_width(text, size) for text in tick_texts), default=0) + 8
    top = 14 + size + (size + 6 if axis_title else 0)
    right = width - 8
    bottom = top + plot_height
    slot = (right - left) / max(1, len(rows))
    bar_width = min(slot * 0.62, 64)
    every = max(1, math.ceil((text_width("0000", size) + 6) / slot))
    columns = []
    for index, ((label, amounts), total) in enumerate(zip(rows, totals, strict=True)):
        centre = left + slot * (index + 0.5)
        x = centre - bar_width / 2
        running = Decimal(0)
        segments = []
        for key, series_label in series:
            value = Decimal(amounts.get(key) or 0)
            if value <= 0:
                continue
            low = bottom - float(running) / axis_max * plot_height
            running += value
            high = bottom - float(running) / axis_max * plot_height
            style = FUNDING_STYLES.get(key, _DEFAULT_STYLE)
            segments.append(Segment(key=key, label=str(series_label), value=value, x=_r(x), y=_r(high),
                                    width=_r(bar_width), height=_r(low - high), text=str(fmt_total(value)),
                                    **style))
        total_text = str(fmt_total(total))
        columns.append(Column(label=str(label), x=_r(x), width=_r(bar_width), centre=_r(centre), segments=segments,
                              total=total, total_text=total_text,
                              total_y=_r(bottom - float(total) / axis_max * plot_height - 5),
                              show_total=bool(total) and text_width(total_text, size) <= slot - 4,
                              show_label=index % every == 0))
    tick_marks = [Tick(value=value, y=_r(bottom - value / axis_max * plot_height), text=text)
                  for value, text in zip(ticks, tick_texts, strict=True)]
    label_y = bottom + size + 6
    legend, legend_bottom = _legend([(key, str(label), FUNDING_STYLES.get(key, _DEFAULT_STYLE))
                                     for key, label in series], left, label_y + 12, right - left, size)
    return BudgetChart(width=width, height=math.ceil(legend_bottom + 2), left=_r(left), top=_r(top), right=right,
                       bottom=_r(bottom), columns=columns, ticks=tick_marks, legend=legend, axis_title=axis_title,
                       label_y=_r(label_y), font_size=size)


# --- indicators: small multiples ---------------------------------------------------------------------------------

BASELINE_COLOUR = "#505a5f"
TARGET_COLOUR = "#00703c"
READING_COLOUR = "#1d70b8"


@dataclass(frozen=True)
class IndicatorSeries:
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_year: int | None = None
    readings: Sequence[tuple[date, Decimal]] = ()


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: Decimal
    text: str = ""
    when: str = ""


@dataclass(frozen=True)
class Panel:
    x: float
    y: float
    width: float
    height: float
    title_lines: list[str]
    title_ys: list[float]
    full_title: str
    facts: str  # "Baseline 1,200 · Target 2,500 (2030)"
    facts_y: float
    left: float
    top: float
    right: float
    bottom: float
    ticks: list[Tick]
    years: list[tuple[float, str]]  # x (the middle of the year) and text of the time axis labels
    year_lines: list[float]  # x of each 1 January inside the axis
    baseline: Point | None
    target: Point | None
    readings: list[Point]
    line: str  # the readings' polyline points
    path: str  # the dotted path from baseline to target
    labels: list[tuple[float, float, str, str]]  # x, y, text, text-anchor of value labels
    empty: str  # shown when nothing is recorded

    @property
    def title_at(self) -> list[tuple[float, str]]:
        return list(zip(self.title_ys, self.title_lines, strict=True))

    @property
    def middle(self) -> tuple[float, float]:
        return _r((self.left + self.right) / 2), _r((self.top + self.bottom) / 2)

    @property
    def tick_x(self) -> float:
        return _r(self.left - 4)

    @property
    def year_y(self) -> float:
        return _r(self.bottom + 12)


@dataclass(frozen=True)
class IndicatorChart:
    width: int
    height: int
    panels: list[Panel]
    legend: list[LegendEntry]
    font_size: float


def panel_title(series: IndicatorSeries) -> str:
    return series.name + (f" ({series.unit})" if series.unit else "")


def _day(value: date) -> int:
    return value.toordinal()


def indicator_panel(series: IndicatorSeries, x: float, y: float, width: float, height: float, first_year: int,
                    last_year: int, *, fmt: Callable = str, fmt_date: Callable = str, labels: Mapping[str, str],
                    size: float = FONT_SIZE, title_rows: int = 0) -> Panel:
    """One indicator's panel: baseline at the start of the strategy, target at the end of its
    target year (or of the strategy), recorded values as points over time. ``title_rows`` lines
    are kept for the title (at least its own), so that the plots of a row of panels line up."""
    small = size - 1
    title = panel_title(series)
    title_lines, _overflow = wrap(title, width - 4, size=size, lines=2, bold=True)
    title_ys = [_r(y + size + n * (size + 2)) for n in range(max(title_rows, len(title_lines)))]
    facts = []
    if series.baseline is not None:
        facts.append(labels["baseline_value"] % {"value": fmt(series.baseline)})
    if series.target is not None:
        facts.append((labels["target_by"] % {"value": fmt(series.target), "year": series.target_year})
                     if series.target_year else labels["target_value"] % {"value": fmt(series.target)})
    facts_text = " · ".join(facts)
    if text_width(facts_text, small) > width - 4:
        facts_text = wrap(facts_text, width - 4, size=small, lines=1)[0][0]
    facts_y = _r(title_ys[-1] + small + 5)
    title_ys = title_ys[:len(title_lines)]

    readings = sorted(series.readings, key=lambda pair: pair[0])
    values = [float(v) for v in (series.baseline, series.target) if v is not None]
    values += [float(v) for _d, v in readings]
    reading_years = [day.year for day, _value in readings]
    start = date(min([first_year, series.target_year or first_year, *reading_years]), 1, 1)
    end = date(max([last_year, series.target_year or last_year, *reading_years]), 12, 31)
    ticks_values = nice_ticks(min(0.0, *values) if values else 0.0, max(values) if values else 1.0, 3)
    low, high = ticks_values[0], ticks_values[-1]
    tick_texts = [str(fmt(value)) for value in ticks_values]
    left = x + max(text_width(text, small) for text in tick_texts) + 6
    top = facts_y + 13
    right = x + width - 6
    bottom = y + height - small - 8
    inset = 8  # markers at the start and end stay clear of the axis labels

    def px(day: date) -> float:
        span = max(1, _day(end) - _day(start))
        return _r(left + inset + (_day(day) - _day(start)) / span * (right - left - 2 * inset))

    def py(value) -> float:
        return _r(bottom - (float(value) - low) / ((high - low) or 1) * (bottom - top))

    ticks = [Tick(value=value, y=py(value), text=text) for value, text in zip(ticks_values, tick_texts, strict=True)]
    every = max(1, math.ceil((text_width("0000", small) + 6) / ((right - left) / (end.year - start.year + 1))))
    year_labels = [(_r((px(date(year, 1, 1)) + px(date(year, 12, 31))) / 2), str(year))
                   for index, year in enumerate(range(start.year, end.year + 1)) if index % every == 0]
    year_lines = [px(date(year, 1, 1)) for year in range(start.year + 1, end.year + 1)]
    baseline = Point(px(start), py(series.baseline), series.baseline) if series.baseline is not None else None
    target = None
    if series.target is not None:
        target = Point(px(date(series.target_year, 12, 31)) if series.target_year else px(end), py(series.target),
                       series.target)
    points = [Point(px(day), py(value), value, str(fmt(value)), str(fmt_date(day))) for day, value in readings]
    path = f"{baseline.x},{baseline.y} {target.x},{target.y}" if baseline and target else ""
    value_labels = []
    if points:
        # The latest value is written beside its point, on the side away from the dotted path.
        last = points[-1]
        text = last.text
        anchor = "start" if last.x + 6 + text_width(text, small) <= right else "end"
        label_x = last.x + 6 if anchor == "start" else last.x - 6
        below_path = False
        if baseline and target and target.x != baseline.x:
            path_y = baseline.y + (target.y - baseline.y) * (last.x - baseline.x) / (target.x - baseline.x)
            below_path = last.y > path_y
        above, under = last.y - 6, last.y + small + 4
        label_y = under if (below_path and under <= bottom - 2) or above - small < top - 4 else above
        value_labels.append((_r(label_x), _r(label_y), text, anchor))
    empty = "" if values else labels["nothing"]
    return Panel(x=_r(x), y=_r(y), width=_r(width), height=_r(height), title_lines=title_lines, title_ys=title_ys,
                 full_title=title, facts=facts_text, facts_y=facts_y, left=_r(left), top=_r(top), right=_r(right),
                 bottom=_r(bottom), ticks=ticks, years=year_labels, year_lines=year_lines, baseline=baseline,
                 target=target, readings=points, path=path, labels=value_labels, empty=empty,
                 line=" ".join(f"{p.x},{p.y}" for p in points) if len(points) > 1 else "")


INDICATOR_LABELS = {
    "baseline": _("Baseline (start of the strategy)"), "target": _("Target"), "reading": _("Recorded value"),
    "path": _("Straight path from baseline to target"), "baseline_value": _("Baseline %(value)s"),
    "target_value": _("Target %(value)s"), "target_by": _("Target %(value)s by %(year)s"),
    "nothing": _("No baseline, target or value recorded yet"),
}


def indicators_charts(items: Sequence[IndicatorSeries], first_year: int, last_year: int, *, fmt: Callable = str,
                      fmt_date: Callable = str, labels: Mapping[str, str] | None = None, columns: int = 2,
                      per_chart: int = 8, width: int = 680, panel_height: int = 150, gap: int = 24,
                      size: float = FONT_SIZE) -> list[IndicatorChart]:
    """Small multiples, ``columns`` panels a row and at most ``per_chart`` panels a chart (a chart
    must fit on a page), each chart with the shared legend below."""
    labels = {key: str(value) for key, value in {**INDICATOR_LABELS, **(labels or {})}.items()}
    charts = []
    panel_width = (width - (columns - 1) * gap) / columns
    for offset in range(0, len(items), per_chart):
        chunk = items[offset:offset + per_chart]
        title_lines = [len(wrap(panel_title(series), panel_width - 4, size=size, lines=2, bold=True)[0])
                       for series in chunk]
        row_lines = {row: max(title_lines[row * columns:(row + 1) * columns])
                     for row in range(math.ceil(len(chunk) / columns))}
        panels = [indicator_panel(series, (index % columns) * (panel_width + gap),
                                  (index // columns) * (panel_height + gap), panel_width, panel_height, first_year,
                                  last_year, fmt=fmt, fmt_date=fmt_date, labels=labels, size=size,
                                  title_rows=row_lines[index // columns])
                  for index, series in enumerate(chunk)]
        rows = math.ceil(len(chunk) / columns)
        legend, bottom = _legend([
            ("baseline", labels["baseline"], {"fill": "#ffffff", "stroke": BASELINE_COLOUR, "shape": "square"}),
            ("target", labels["target"], {"fill": TARGET_COLOUR, "stroke": TARGET_COLOUR, "shape": "diamond"}),
            ("reading", labels["reading"], {"fill": READING_COLOUR, "stroke": READING_COLOUR, "shape": "circle"}),
            ("path", labels["path"], {"fill": "none", "stroke": BASELINE_COLOUR, "shape": "dash"}),
        ], 0, rows * panel_height + (rows - 1) * gap + 10, width, size)
        charts.append(IndicatorChart(width=width, height=math.ceil(bottom), panels=panels, legend=legend,
                                     font_size=size))
    return charts

"""The report's charts from plain values (implementation/charts.py): budget bars proportional and
stacked in order with a legend, indicator panels placing baseline, target and readings, timeline
labels that are never the same for two actions, and the SVG partials that draw them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from implementation import charts

SERIES = [("government", "Government"), ("partner", "Partners"), ("other", "Other"), ("unfunded", "Not funded yet")]


def budget(rows, **options):
    return charts.budget_chart([(str(year), {k: Decimal(v) for k, v in amounts.items()}) for year, amounts in rows],
                               SERIES, **options)


def test_budget_bars_are_proportional_to_their_totals_and_share_one_baseline():
    chart = budget([(2026, {"government": 100}), (2027, {"government": 300}), (2028, {"partner": 150})])
    heights = [sum(segment.height for segment in column.segments) for column in chart.columns]
    assert abs(heights[1] / heights[0] - 3) < 0.01
    assert abs(heights[2] / heights[0] - 1.5) < 0.01
    assert all(abs(column.segments[0].y + column.segments[0].height - chart.bottom) < 0.01 for column in chart.columns)
    assert chart.ticks[0].value == 0 and chart.ticks[-1].value >= 300, "the axis covers the largest total"
    assert heights[1] <= chart.bottom - chart.top + 0.01


def test_budget_segments_stack_government_partners_other_unfunded_from_the_bottom():
    chart = budget([(2026, {"unfunded": 40, "government": 100, "other": 10, "partner": 50})])
    segments = chart.columns[0].segments
    assert [s.key for s in segments] == ["government", "partner", "other", "unfunded"]
    for lower, upper in zip(segments, segments[1:], strict=False):
        assert abs(upper.y + upper.height - lower.y) < 0.01, "each segment sits on the one below"
    assert [round(s.height / segments[0].height, 2) for s in segments] == [1, 0.5, 0.1, 0.4]
    assert chart.columns[0].total == Decimal(200)


def test_budget_zero_amounts_draw_nothing_and_every_source_has_its_own_texture():
    chart = budget([(2026, {"government": 100, "partner": 0})])
    assert [s.key for s in chart.columns[0].segments] == ["government"]
    styles = {(charts.FUNDING_STYLES[key]["fill"], charts.FUNDING_STYLES[key]["pattern"]) for key, _label in SERIES}
    assert len(styles) == 4
    assert len({charts.FUNDING_STYLES[key]["pattern"] for key, _label in SERIES}) == 4, "told apart without colour"


def test_budget_legend_names_every_source_in_stack_order_without_overlap():
    chart = budget([(2026, {"government": 1})], width=260)
    assert [(entry.key, entry.label) for entry in chart.legend] == SERIES
    boxes = [(entry.x, entry.y, entry.text_x + charts.text_width(entry.label)) for entry in chart.legend]
    for (_x1, y1, end1), (x2, y2, _end2) in zip(boxes, boxes[1:], strict=False):
        assert y2 > y1 or x2 > end1, "legend entries do not overlap"
    assert max(end for _x, _y, end in boxes) <= chart.width, "a narrow chart wraps its legend"
    assert chart.height >= max(entry.y for entry in chart.legend) + 12


def test_budget_axis_and_totals_use_the_formatters_and_leave_out_what_has_no_room():
    chart = budget([(2026, {"government": 2_500_000}), (2027, {"partner": 1_000_000})],
                   fmt_tick=lambda v: f"<{v:,}>", fmt_total=lambda v: f"EUR {v:,.0f}")
    assert [tick.text for tick in chart.ticks][:2] == ["<0>", "<500,000>"]
    assert chart.columns[0].total_text == "EUR 2,500,000" and chart.columns[0].show_total
    crowded = budget([(year, {"government": 2_500_000}) for year in range(2020, 2040)],
                     fmt_total=lambda v: f"EUR {v:,.0f}")
    assert not any(column.show_total for column in crowded.columns), "20 years: no room for the totals"
    assert 0 < sum(column.show_label for column in crowded.columns) <= 20


def test_nice_ticks_are_round_and_cover_the_range():
    assert charts.nice_ticks(0, 4_731_676) == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]
    assert charts.nice_ticks(0, 1.2, 3) == [0, 0.5, 1, 1.5]
    assert charts.nice_ticks(0, 0)[-1] > 0


# --- indicators --------------------------------------------------------------------------------------------


def indicator(**values):
    return charts.IndicatorSeries(**{"name": "Licensed miners", "unit": "miners", **values})


def test_indicator_panel_places_baseline_target_and_readings_in_time_and_value():
    [chart] = charts.indicators_charts([indicator(
        baseline=Decimal(1000), target=Decimal(2000), target_year=2028,
        readings=[(date(2027, 12, 31), Decimal(1500)), (date(2026, 12, 31), Decimal(1200))])], 2026, 2030)
    panel = chart.panels[0]
    first, second = panel.readings
    assert first.value == 1200 and second.value == 1500, "readings in time order"
    assert panel.left <= panel.baseline.x < first.x < second.x < panel.target.x < panel.right
    assert panel.baseline.y > first.y > second.y > panel.target.y, "higher values are drawn higher"
    assert panel.top <= panel.target.y and panel.baseline.y <= panel.bottom
    # The target sits at the end of its year: 3 of the 5 years along the axis (plus the inset).
    share = (panel.target.x - panel.baseline.x) / (panel.right - panel.left)
    assert 0.55 < share < 0.62
    assert panel.line and panel.path and panel.labels[0][2] == "1500", "the latest value is written"
    assert [text for _x, text in panel.years] == ["2026", "2027", "2028", "2029", "2030"]


def test_indicator_values_go_through_the_formatter_and_empty_panels_say_so():
    charts_ = charts.indicators_charts([
        indicator(baseline=Decimal("0.5"), target=Decimal("1.25"), target_year=2028,
                  readings=[(date(2026, 6, 30), Decimal("0.75"))]),
        indicator(name="Nothing yet")], 2026, 2030, fmt=lambda v: f"[{v}]")
    full, empty = charts_[0].panels
    assert "[0.5]" in full.facts and "[1.25]" in full.facts and "2028" in full.facts
    assert full.readings[0].text == "[0.75]" and all(t.text.startswith("[") for t in full.ticks)
    assert empty.empty and not empty.readings and empty.baseline is None and empty.target is None


def test_indicator_small_multiples_are_split_into_charts_that_fit_a_page():
    items = [indicator(name=f"Indicator {n}", baseline=Decimal(n)) for n in range(11)]
    found = charts.indicators_charts(items, 2026, 2030, per_chart=8, columns=2)
    assert [len(chart.panels) for chart in found] == [8, 3]
    panels = found[0].panels
    assert panels[0].y == panels[1].y < panels[2].y and panels[0].x < panels[1].x
    for chart in found:
        assert all(panel.y + panel.height <= chart.height for panel in chart.panels)
        assert [entry.key for entry in chart.legend] == ["baseline", "target", "reading", "path"]


def test_a_row_of_panels_keeps_its_plots_level_when_one_title_wraps():
    long_name = "Licensed artisanal and small-scale mining operations with a valid permit in every region"
    [chart] = charts.indicators_charts([indicator(name=long_name, baseline=Decimal(1)),
                                        indicator(name="Short", baseline=Decimal(1)),
                                        indicator(name="Also short", baseline=Decimal(1))], 2026, 2030)
    wrapped, short, next_row = chart.panels
    assert len(wrapped.title_lines) == 2 and len(short.title_lines) == 1
    assert wrapped.top == short.top, "the plots of one row line up"
    assert next_row.top - next_row.y < short.top - short.y, "a row of short titles keeps no blank line"


# --- timeline labels -------------------------------------------------------------------------------------------

PREFIX = "Train district inspectors and regional mining officers on mercury-free processing in the"
TITLES = [f"{PREFIX} Northern region", f"{PREFIX} Southern region", f"{PREFIX} Eastern region", "Short title"]


def timeline(titles=TITLES):
    return charts.timeline_chart([(f"A{n}", title, "planned", (2026, 1), (2027, 4))
                                  for n, title in enumerate(titles, start=7)], 2026, 2030)


def test_timeline_labels_with_a_long_shared_prefix_stay_different():
    chart = timeline()
    shown = [" ".join(row.lines) for row in chart.rows]
    without_refs = [text.split(" ", 1)[1] for text in shown]
    assert len(set(without_refs)) == len(without_refs), shown
    for text, region in zip(shown, ("Northern", "Southern", "Eastern"), strict=False):
        assert region in text, text
    assert "…" in shown[0], "shortened in the middle, keeping the part that differs"
    # The old labels (truncatechars:34) were the same string for all three.
    assert len({title[:33] for title in TITLES[:3]}) == 1


def test_timeline_labels_fit_their_column_in_at_most_two_lines():
    chart = timeline([*TITLES, "A title of " + "many words " * 20, "Supercalifragilisticexpialidocious" * 3])
    for row in chart.rows:
        assert 1 <= len(row.lines) <= 2
        assert all(charts.text_width(line) <= chart.label_width - 10 for line in row.lines), row.lines
        assert row.full.startswith(row.bar.ref)


def test_timeline_rows_are_taller_for_two_lines_and_never_overlap():
    chart = timeline()
    one_line = next(row for row in chart.rows if len(row.lines) == 1)
    two_lines = next(row for row in chart.rows if len(row.lines) == 2)
    assert two_lines.height > one_line.height
    for row, following in zip(chart.rows, chart.rows[1:], strict=False):
        assert row.top + row.height == following.top
    for row in chart.rows:
        assert row.top <= row.bar.y and row.bar.y + chart.bar_height <= row.top + row.height
        assert all(row.top < y <= row.top + row.height for y in row.line_ys)
    assert chart.height >= chart.rows[-1].top + chart.rows[-1].height
    assert [bar.x for bar in chart.bars] == [row.bar.x for row in chart.rows]


def test_timeline_svg_gives_each_bar_its_full_title():
    chart = timeline()
    svg = render_to_string("implementation/report/_timeline_svg.html", {"timeline": chart})
    for n, title in enumerate(TITLES, start=7):
        assert f"<title>A{n} {title}</title>" in svg
    assert svg.count("<text") >= len(TITLES) + 5


# --- the SVG partials --------------------------------------------------------------------------------------------

COORDINATE = re.compile(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|width|height)="([^"]*)"')


def test_svg_coordinates_are_not_localised_in_french():
    """Django writes 1.5 as "1,5" in French; coordinates inside the SVG must stay numbers."""
    rows = [(2026, {"government": Decimal("1234567.89"), "partner": Decimal("333.33")})]
    with translation.override("fr"):
        svg = render_to_string("implementation/report/_budget_chart_svg.html", {
            "chart": budget(rows), "title": "Budget", "description": "The same figures are in the table below."})
        found = charts.indicators_charts([indicator(baseline=Decimal("1.5"), target=Decimal("2.5"), target_year=2028,
                                                    readings=[(date(2026, 12, 31), Decimal("1.75"))])], 2026, 2030)
        svg += render_to_string("implementation/report/_indicators_chart_svg.html",
                                {"chart": found[0], "title": "Indicators", "description": "", "number": 1})
    values = COORDINATE.findall(svg)
    assert values and all(re.fullmatch(r"-?\d+(\.\d+)?(%)?", value) for value in values), \
        [v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?(%)?", v)][:5]
    assert 'points="' in svg and not re.search(r'points="[^"]*\d,\d+,', svg)


def test_budget_svg_has_a_title_a_description_and_a_legend():
    chart = budget([(2026, {"government": 100, "unfunded": 50})])
    svg = render_to_string("implementation/report/_budget_chart_svg.html", {
        "chart": chart, "title": "Budget by year", "description": "The same figures are in the table below."})
    assert re.search(r'<title id="report-budget-chart-title">Budget by year</title>', svg)
    assert "<desc" in svg and "table below" in svg
    for _key, label in SERIES:
        assert f">{label}</text>" in svg
    assert 'fill="url(#report-pattern-hatch)"' in svg, "not funded yet is hatched"


# --- the demo's preview ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_preview_shows_the_timeline_and_both_charts_with_unique_ids(demo, demo_owner_client):
    html = demo_owner_client.get(reverse("reports:preview", args=[demo.pk])).content.decode()
    for caption in ("Timeline by year and quarter", "Budget by year and funding source",
                    "Indicators: baseline, target and recorded values"):
        assert caption in html, caption
    assert html.count("<svg") >= 3
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [name for name, count in ids.items() if count > 1], "aria-labelledby needs unique ids"
    for referenced in re.findall(r'aria-labelledby="([^"]+)"', html):
        assert all(name in ids for name in referenced.split()), referenced

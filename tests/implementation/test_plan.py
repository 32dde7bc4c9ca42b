"""Pure rules of the action plan: dependency cycles, cost spread, budget sums, timeline geometry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from implementation.plan import (
    CostItem,
    build_timeline,
    find_cycle,
    quarters_between,
    spread_by_year,
    summarise_budget,
)


@pytest.mark.parametrize(("edges", "cycle"), [
    ({}, None),
    ({1: []}, None),
    ({1: [2], 2: [3], 3: []}, None),
    ({1: [2, 3], 2: [3], 3: []}, None),  # a diamond is not a cycle
    ({1: [1]}, [1, 1]),
    ({1: [2], 2: [1]}, [1, 2, 1]),
    ({1: [2], 2: [3], 3: [1]}, [1, 2, 3, 1]),
    ({1: [2], 2: [3], 3: [2]}, [2, 3, 2]),
    ({5: [6], 6: [], 7: [8], 8: [9], 9: [7]}, [7, 8, 9, 7]),
    ({1: [99]}, None),  # a target that is not a key has no dependencies
])
def test_find_cycle(edges, cycle):
    assert find_cycle(edges) == cycle


def test_find_cycle_handles_long_chains_without_recursion():
    edges = {i: [i + 1] for i in range(5000)}
    assert find_cycle(edges) is None
    edges[4999] = [0]
    found = find_cycle(edges)
    assert found[0] == found[-1] == 0 and len(found) == 5001


@pytest.mark.parametrize(("start", "end", "quarters"), [
    ((2026, 1), (2026, 1), 1), ((2026, 1), (2026, 4), 4), ((2026, 3), (2027, 2), 4), ((2027, 1), (2026, 4), 0),
])
def test_quarters_between(start, end, quarters):
    assert quarters_between(start, end) == quarters


@pytest.mark.parametrize(("cost", "start", "end", "expected"), [
    ("1000", (2026, 1), (2026, 4), {2026: "1000"}),
    ("1000", (2026, 3), (2027, 2), {2026: "500.00", 2027: "500.00"}),
    ("100", (2026, 1), (2028, 3), {2026: "36.36", 2027: "36.36", 2028: "27.28"}),
    ("0.01", (2026, 1), (2027, 4), {2026: "0.01", 2027: "0.00"}),
])
def test_spread_by_year_adds_up_exactly(cost, start, end, expected):
    spread = spread_by_year(Decimal(cost), start, end)
    assert spread == {year: Decimal(value) for year, value in expected.items()}
    assert sum(spread.values()) == Decimal(cost)


def test_budget_by_year_and_source_with_the_gap():
    items = [
        CostItem(Decimal("1000"), "government", (2026, 1), (2026, 4)),
        CostItem(Decimal("800"), "partner", (2026, 3), (2027, 2), partner="Bank"),
        CostItem(Decimal("300"), "partner", (2027, 1), (2027, 1), partner="NGO"),
        CostItem(Decimal("400"), "unfunded", (2027, 1), (2028, 4)),
        CostItem(None, "government", (2026, 1), (2026, 1)),
        CostItem(Decimal("90"), "other", (2030, 1), (2031, 4)),  # half falls after the period
    ]
    budget = summarise_budget(items, 2026, 2030)
    rows = {row.year: row for row in budget.rows}
    assert [row.year for row in budget.rows] == [2026, 2027, 2028, 2029, 2030]
    assert rows[2026].amounts == {"government": 1000, "partner": 400, "other": 0, "unfunded": 0}
    assert rows[2027].amounts == {"government": 0, "partner": 700, "other": 0, "unfunded": 200}
    assert rows[2028].total == 200 and rows[2029].total == 0 and rows[2030].amounts["other"] == 45
    assert budget.totals.amounts == {"government": 1000, "partner": 1100, "other": 45, "unfunded": 400}
    assert budget.total == 2545 == sum(row.total for row in budget.rows)
    assert budget.gap == 400 and rows[2027].funded == 700
    assert budget.by_partner == [("Bank", 800), ("NGO", 300)]
    assert budget.outside_period == 45


def test_timeline_geometry_clips_to_the_period():
    timeline = build_timeline([
        ("A1", "Law", "planned", (2026, 1), (2026, 4)),
        ("A2", "Zones", "done", (2027, 3), (2028, 2)),
        ("A3", "Early", "planned", (2024, 1), (2026, 2)),
    ], 2026, 2028, label_width=100, quarter_width=10, row_height=20, header=30)
    first, second, third = timeline.bars
    assert (first.x, first.width, first.y) == (100, 40, 34)
    assert (second.x, second.width) == (160, 40)
    assert (third.x, third.width, third.starts_before) == (100, 20, True)
    assert timeline.width == 100 + 12 * 10 + 2 and timeline.height == 30 + 3 * 20 + 4
    assert [year for year, _x, _w in timeline.years] == [2026, 2027, 2028]
    assert len(timeline.quarters) == 13


@pytest.mark.parametrize(("quarter", "by", "expected"), [
    ((2027, 1), 3, (2027, 4)), ((2027, 2), 3, (2028, 1)), ((2027, 1), -2, (2026, 3)), ((2026, 4), 0, (2026, 4))])
def test_shift_quarter_crosses_years_both_ways(quarter, by, expected):
    from implementation.plan import shift_quarter

    assert shift_quarter(quarter, by) == expected

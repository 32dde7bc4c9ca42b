"""Pure rules of the action plan: quarters, dependency cycles and dependencies the schedule
contradicts, the budget by year and funding source, and the geometry of the timeline. No
database access: tests feed plain values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
FUNDING_KEYS = ("government", "partner", "other", "unfunded")


def quarter_index(year: int, quarter: int) -> int:
    """Quarters counted from year 0, so that two quarters compare and subtract."""
    return year * 4 + (quarter - 1)


def shift_quarter(quarter: tuple[int, int], by: int) -> tuple[int, int]:
    """The (year, quarter) ``by`` quarters after ``quarter`` (before it when negative)."""
    index = quarter_index(*quarter) + by
    return index // 4, index % 4 + 1


def quarters_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    """How many quarters an action spans, both ends included (0 when the end is before the start)."""
    return max(0, quarter_index(*end) - quarter_index(*start) + 1)


# --- dependencies ---------------------------------------------------------------------------------


def find_cycle(edges: Mapping[Hashable, Iterable[Hashable]]) -> list | None:
    """A dependency cycle as a closed path ``[a, b, ..., a]``, or None when there is none.

    ``edges`` maps each node to the nodes it depends on. Nodes only named as targets count
    as nodes without dependencies. The search is iterative (no recursion limit) and the
    cycle found first in the nodes' sorted order is returned, so messages are stable.
    """
    white, grey, black = 0, 1, 2
    colour: dict = defaultdict(int)
    graph = {node: sorted(set(targets), key=str) for node, targets in edges.items()}
    for root in sorted(graph, key=str):
        if colour[root] != white:
            continue
        path = [root]
        iterators = [iter(graph.get(root, ()))]
        colour[root] = grey
        while iterators:
            node = next(iterators[-1], None)
            if node is None:
                colour[path.pop()] = black
                iterators.pop()
                continue
            if colour[node] == grey:
                return path[path.index(node):] + [node]
            if colour[node] == white:
                colour[node] = grey
                path.append(node)
                iterators.append(iter(graph.get(node, ())))
    return None


def _natural(node) -> tuple:
    """Numbers in numeric order (A2 before A10), then anything else by its text."""
    return (0, node, "") if isinstance(node, int) else (1, 0, str(node))


@dataclass(frozen=True)
class ScheduleWarning:
    """A dependent action planned to finish before an action it depends on finishes."""

    action: Hashable
    prerequisite: Hashable
    action_end: tuple[int, int]
    prerequisite_end: tuple[int, int]


def schedule_warnings(periods: Mapping[Hashable, tuple[tuple[int, int], tuple[int, int]]],
                      edges: Mapping[Hashable, Iterable[Hashable]]) -> list[ScheduleWarning]:
    """Dependencies the schedule contradicts: an action must not end before an action it depends
    on ends (what it depends on cannot be done later than the action itself). Overlapping is
    allowed, and so is starting first: work often starts while its prerequisite finishes.

    ``periods`` maps each action to its (start, end) as (year, quarter); ``edges`` maps each action
    to the actions it depends on. Actions without a period are left out. Warnings come in the
    actions' sorted order, then their prerequisites'.
    """
    found = []
    for node in sorted(edges, key=_natural):
        if node not in periods:
            continue
        end = periods[node][1]
        for target in sorted(set(edges[node]), key=_natural):
            if target == node or target not in periods:
                continue
            target_end = periods[target][1]
            if quarter_index(*end) < quarter_index(*target_end):
                found.append(ScheduleWarning(action=node, prerequisite=target, action_end=end,
                                             prerequisite_end=target_end))
    return found


# --- budget ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostItem:
    cost: Decimal | None
    funding: str
    start: tuple[int, int]
    end: tuple[int, int]
    partner: str = ""


@dataclass
class BudgetRow:
    year: int
    amounts: dict[str, Decimal] = field(default_factory=lambda: {key: Decimal(0) for key in FUNDING_KEYS})

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    @property
    def funded(self) -> Decimal:
        return self.total - self.amounts["unfunded"]


@dataclass
class Budget:
    rows: list[BudgetRow]
    totals: BudgetRow
    by_partner: list[tuple[str, Decimal]]
    outside_period: Decimal

    @property
    def gap(self) -> Decimal:
        return self.totals.amounts["unfunded"]

    @property
    def total(self) -> Decimal:
        return self.totals.total


def spread_by_year(cost: Decimal, start: tuple[int, int], end: tuple[int, int]) -> dict[int, Decimal]:
    """An action's cost spread evenly over its quarters and summed per year. Amounts are rounded
    to cents and the last year takes the rounding remainder, so the years add up exactly."""
    quarters = quarters_between(start, end)
    if quarters == 0:
        return {start[0]: cost}
    per_year: dict[int, int] = defaultdict(int)
    for index in range(quarter_index(*start), quarter_index(*end) + 1):
        per_year[index // 4] += 1
    years = sorted(per_year)
    result: dict[int, Decimal] = {}
    left = cost
    for year in years[:-1]:
        share = (cost * per_year[year] / quarters).quantize(CENT, rounding=ROUND_HALF_UP)
        result[year] = share
        left -= share
    result[years[-1]] = left
    return result


def summarise_budget(items: Iterable[CostItem], first_year: int, last_year: int) -> Budget:
    """Costs by year (strategy years only) and by funding source, with the unfunded gap and the
    amount per partner. Money that falls outside the strategy period is reported apart."""
    rows = {year: BudgetRow(year) for year in range(first_year, last_year + 1)}
    totals = BudgetRow(0)
    partners: dict[str, Decimal] = defaultdict(Decimal)
    outside = Decimal(0)
    for item in items:
        if not item.cost:
            continue
        key = item.funding if item.funding in FUNDING_KEYS else "unfunded"
        for year, amount in spread_by_year(Decimal(item.cost), item.start, item.end).items():
            if year not in rows:
                outside += amount
                continue
            rows[year].amounts[key] += amount
            totals.amounts[key] += amount
            if key == "partner":
                partners[item.partner or "?"] += amount
    by_partner = sorted(partners.items(), key=lambda pair: (-pair[1], pair[0]))
    return Budget(rows=list(rows.values()), totals=totals, by_partner=by_partner, outside_period=outside)


# --- timeline geometry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    ref: str
    title: str
    status: str
    x: int
    y: int
    width: int
    label_y: int
    starts_before: bool
    ends_after: bool


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    quarter_width: int
    years: list[tuple[int, int, int]]  # (year, x, width)
    quarters: list[int]  # x of every quarter line
    bars: list[Bar]
    row_height: int


def build_timeline(actions: Iterable[tuple[str, str, str, tuple[int, int], tuple[int, int]]], first_year: int,
                   last_year: int, *, label_width: int = 260, quarter_width: int = 22, row_height: int = 24,
                   header: int = 28) -> Timeline:
    """Geometry of a Gantt chart: one bar per action (ref, title, status, start, end), clipped
    to the strategy period, with year columns split in quarters."""
    first = quarter_index(first_year, 1)
    last = quarter_index(last_year, 4)
    columns = last - first + 1
    bars = []
    for row, (ref, title, status, start, end) in enumerate(actions):
        begin, finish = quarter_index(*start), quarter_index(*end)
        shown_begin, shown_finish = max(begin, first), min(finish, last)
        y = header + row * row_height
        width = max(0, shown_finish - shown_begin + 1) * quarter_width
        bars.append(Bar(ref=ref, title=title, status=status, x=label_width + (shown_begin - first) * quarter_width,
                        y=y + 4, width=width, label_y=y + row_height // 2 + 5, starts_before=begin < first,
                        ends_after=finish > last))
    years = [(year, label_width + (year - first_year) * 4 * quarter_width, 4 * quarter_width)
             for year in range(first_year, last_year + 1)]
    quarters = [label_width + index * quarter_width for index in range(columns + 1)]
    return Timeline(width=label_width + columns * quarter_width + 2, height=header + len(bars) * row_height + 4,
                    label_width=label_width, quarter_width=quarter_width, years=years, quarters=quarters, bars=bars,
                    row_height=row_height)

"""The NAP crosswalk, table-tested: which facts make each Annex C element covered, partial or missing."""

from __future__ import annotations

import pytest

from implementation.crosswalk import COVERED, ELEMENTS, MISSING, PARTIAL, NapFacts, crosswalk

EVERYTHING = NapFacts(
    objectives=7, mercury_objectives=1, mercury_objectives_with_target=1, mercury_rules=1, mercury_free_programs=1,
    mercury_free_trainings=1, subtypes=3, subtypes_with_approach=3, formalisation_instruments=4,
    mercury_baseline_findings=1, practices_documented=2, mercury_supply_findings=1, mercury_trade_rules=1,
    forum_members=20, forum_meetings=3, health_programs=1, health_worker_trainings=1, child_measures=2,
    women_measures=1, awareness_trainings=1, trainings=4, actions=10, actions_without_cost=0,
)


def statuses(facts) -> dict[str, str]:
    return {element.code: element.status for element in crosswalk(facts)}


def with_(**changes) -> NapFacts:
    return NapFacts(**{**EVERYTHING.__dict__, **changes})


def test_every_element_in_annex_c_order():
    assert [element.code for element in crosswalk(NapFacts())] == list(ELEMENTS) == [
        "C-a", "C-b", "C-c", "C-d", "C-e", "C-f", "C-g", "C-h", "C-i", "C-j", "C-k"]


def test_a_full_strategy_covers_everything_and_an_empty_one_nothing():
    assert set(statuses(EVERYTHING).values()) == {COVERED}
    assert set(statuses(NapFacts()).values()) == {MISSING}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"mercury_objectives_with_target": 0}, {"C-a": PARTIAL}),
    ({"mercury_objectives": 0, "mercury_objectives_with_target": 0}, {"C-a": MISSING}),
    ({"mercury_rules": 0}, {"C-b": PARTIAL}),
    ({"mercury_free_programs": 0}, {"C-e": PARTIAL}),  # training alone still backs the worst-practice rules
    ({"mercury_rules": 0, "mercury_free_programs": 0, "mercury_free_trainings": 0}, {"C-b": MISSING, "C-e": MISSING}),
    ({"subtypes_with_approach": 2}, {"C-c": PARTIAL}),
    ({"subtypes": 0, "subtypes_with_approach": 0, "formalisation_instruments": 0}, {"C-c": MISSING}),
    ({"practices_documented": 0}, {"C-d": PARTIAL}),
    ({"mercury_baseline_findings": 0, "practices_documented": 0}, {"C-d": MISSING}),
    ({"mercury_free_trainings": 0}, {"C-e": PARTIAL}),
    ({"mercury_supply_findings": 0}, {"C-f": PARTIAL}),
    ({"mercury_supply_findings": 0, "mercury_trade_rules": 0}, {"C-f": MISSING}),
    ({"forum_meetings": 0}, {"C-g": PARTIAL}),
    ({"health_programs": 0}, {"C-h": PARTIAL}),
    ({"health_programs": 0, "health_worker_trainings": 0}, {"C-h": MISSING}),
    ({"women_measures": 0}, {"C-i": PARTIAL}),
    ({"child_measures": 0, "women_measures": 0}, {"C-i": MISSING}),
    ({"awareness_trainings": 0}, {"C-j": PARTIAL}),
    ({"actions_without_cost": 2}, {"C-k": PARTIAL}),
    ({"actions": 0, "actions_without_cost": 0}, {"C-k": MISSING}),
])
def test_a_gap_changes_only_the_elements_it_bears_on(changes, expected):
    result = statuses(with_(**changes))
    assert result == {**{code: COVERED for code in ELEMENTS}, **expected}


def test_links_say_where_it_is_covered_and_what_is_missing():
    element = next(e for e in crosswalk(with_(mercury_supply_findings=0)) if e.code == "C-f")
    assert [link.place for link in element.covered_by] == ["implementation:regulations"]
    assert [link.place for link in element.missing] == ["setup_phase:research"]
    assert "R6" in str(element.missing[0].text)


def test_the_demo_pattern():
    """§7.4: C-h and C-i partial (no health programme), C-f missing (R6 did not map mercury), the rest covered."""
    demo = with_(health_programs=0, women_measures=0, mercury_supply_findings=0, mercury_trade_rules=0)
    result = statuses(demo)
    assert result.pop("C-f") == MISSING
    assert result.pop("C-h") == PARTIAL and result.pop("C-i") == PARTIAL
    assert set(result.values()) == {COVERED}

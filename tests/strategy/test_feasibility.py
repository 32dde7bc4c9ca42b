"""The feasibility decision aid against every test vector of GUIDANCE.md §2.5.2, plus edge cases."""

from __future__ import annotations

import itertools

import pytest

from strategy import feasibility as fz
from strategy.feasibility import LICENSE_REGULATE, MARKET_ACCESS, PRECONDITIONS, ZONES, recommend

CODES = {"Y": fz.YES, "P": fz.PARTLY, "N": fz.NO, "–": ""}


def answers(f1_f6: str, z: str, m: str, f7: str) -> dict:
    values = dict(zip(fz.CORE_FACTORS, (CODES[v] for v in f1_f6.split()), strict=True))
    return {**values, "f7": CODES[f7], "z": CODES[z], "m": CODES[m]}


# F1–F6 | Z | M | F7 | approach | legal reform | market access outside zones — the table in §2.5.2.
GUIDANCE_VECTORS = [
    ("Y Y Y Y Y Y", "–", "–", "Y", LICENSE_REGULATE, False, False),
    ("Y Y Y Y P Y", "–", "Y", "Y", LICENSE_REGULATE, False, False),
    ("Y Y Y Y P P", "N", "Y", "P", MARKET_ACCESS, False, False),
    ("P P Y P N P", "Y", "Y", "Y", ZONES, False, True),
    ("N N P P N P", "Y", "N", "Y", ZONES, False, False),
    ("N N N N N N", "N", "Y", "Y", MARKET_ACCESS, False, False),
    ("N N N N N N", "N", "N", "Y", PRECONDITIONS, False, False),
    ("Y Y Y Y Y Y", "–", "–", "N", LICENSE_REGULATE, True, False),
]


@pytest.mark.parametrize(("f1_f6", "z", "m", "f7", "approach", "legal_reform", "combined"), GUIDANCE_VECTORS,
                         ids=[f"{row[0]}|Z{row[1]}|M{row[2]}|F7{row[3]}" for row in GUIDANCE_VECTORS])
def test_every_vector_of_the_guidance_table(f1_f6, z, m, f7, approach, legal_reform, combined):
    result = recommend(**answers(f1_f6, z, m, f7))
    assert result.approach == approach
    assert result.legal_reform is legal_reform
    assert result.market_access_outside_zones is combined
    assert result.reasons, "a recommendation always gives its reasons"
    assert ("legal_reform" in result.codes) is legal_reform
    if combined:
        assert "zones_with_market_access" in result.codes


# The demo subtypes of GUIDANCE.md §7.3 and what the aid recommends for them (§7.5: S2 is overridden).
DEMO_VECTORS = [
    ("S1", "Y Y Y Y P Y", "–", "Y", "Y", LICENSE_REGULATE),
    ("S2", "Y Y Y Y P P", "–", "Y", "P", MARKET_ACCESS),
    ("S3", "P P Y P N P", "Y", "Y", "Y", ZONES),
    ("S4", "N N P P N P", "Y", "P", "Y", ZONES),
    ("S5", "N N N N N N", "N", "Y", "Y", MARKET_ACCESS),
    ("S6", "Y Y Y Y P Y", "–", "–", "P", LICENSE_REGULATE),
]


@pytest.mark.parametrize(("name", "f1_f6", "z", "m", "f7", "approach"), DEMO_VECTORS, ids=[r[0] for r in DEMO_VECTORS])
def test_demo_subtypes(name, f1_f6, z, m, f7, approach):
    assert recommend(**answers(f1_f6, z, m, f7)).approach == approach


@pytest.mark.parametrize("factor", fz.CORE_FACTORS)
def test_a_single_no_on_any_core_factor_rules_out_license_and_regulate(factor):
    values = {code: fz.YES for code in fz.FACTOR_CODES}
    values[factor] = fz.NO
    assert recommend(**values, z="", m="").approach == PRECONDITIONS
    assert recommend(**values, z=fz.YES, m="").approach == ZONES
    assert recommend(**values, z="", m=fz.YES).approach == MARKET_ACCESS


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(fz.CORE_FACTORS, 2)))
def test_two_partly_answers_rule_out_license_and_regulate(first, second):
    values = {code: fz.YES for code in fz.FACTOR_CODES}
    values[first] = values[second] = fz.PARTLY
    assert recommend(**values).approach == PRECONDITIONS
    values[first] = fz.YES
    assert recommend(**values).approach == LICENSE_REGULATE


@pytest.mark.parametrize("f7", [fz.YES, fz.PARTLY, fz.NO])
def test_f7_never_changes_the_approach_only_the_legal_reform_flag(f7):
    for combo in itertools.product((fz.YES, fz.PARTLY, fz.NO), repeat=3):
        values = dict(zip(("f1", "f5", "f6"), combo, strict=True))
        base = {"f2": fz.YES, "f3": fz.YES, "f4": fz.PARTLY, **values}
        with_yes = recommend(**base, f7=fz.YES, z=fz.YES, m=fz.NO)
        other = recommend(**base, f7=f7, z=fz.YES, m=fz.NO)
        assert other.approach == with_yes.approach
        assert other.legal_reform is (f7 == fz.NO)


def test_zones_take_precedence_over_market_access():
    result = recommend(**answers("N N N N N N", "Y", "Y", "Y"))
    assert result.approach == ZONES and result.market_access_outside_zones


@pytest.mark.parametrize("value", ["", None, fz.PARTLY, fz.NO])
def test_z_and_m_hold_only_when_yes(value):
    assert recommend(**answers("N N N N N N", "N", "N", "Y") | {"z": value, "m": value}).approach == PRECONDITIONS


def test_partly_z_or_m_is_mentioned_but_does_not_change_the_approach():
    result = recommend(**answers("N N N N N N", "P", "N", "Y"))
    assert result.approach == PRECONDITIONS and "z_partly" in result.codes
    result = recommend(**answers("P P Y P N P", "Y", "P", "Y"))
    assert result.approach == ZONES and not result.market_access_outside_zones and "chokepoint_partly" in result.codes


def test_a_no_on_incentives_points_to_the_licence_design():
    assert "fix_incentives" in recommend(**answers("Y Y Y Y N Y", "N", "Y", "Y")).codes
    assert "fix_incentives" not in recommend(**answers("Y Y Y Y Y Y", "N", "Y", "Y")).codes


@pytest.mark.parametrize("missing", fz.FACTOR_CODES)
def test_an_unanswered_factor_gives_no_recommendation(missing):
    values = {code: fz.YES for code in fz.FACTOR_CODES}
    values[missing] = ""
    result = recommend(**values, z=fz.YES, m=fz.YES)
    assert result.approach is None
    assert result.unanswered == (missing,)
    assert result.codes == ("incomplete",)


def test_nothing_answered():
    result = fz.recommend_for(None)
    assert result.approach is None and result.unanswered == fz.FACTOR_CODES


def test_unknown_values_count_as_unanswered():
    values = {code: fz.YES for code in fz.FACTOR_CODES}
    values["f3"] = "maybe"
    assert recommend(**values).approach is None


def test_every_combination_gives_exactly_one_approach_and_reasons():
    options = (fz.YES, fz.PARTLY, fz.NO)
    seen = set()
    for combo in itertools.product(options, repeat=6):
        for z, m in itertools.product(("", *options), repeat=2):
            result = recommend(**dict(zip(fz.CORE_FACTORS, combo, strict=True)), f7=fz.YES, z=z, m=m)
            assert result.approach in fz.APPROACH_LABELS
            assert result.reasons
            seen.add(result.approach)
            no_count = combo.count(fz.NO)
            partly_count = combo.count(fz.PARTLY)
            assert (result.approach == LICENSE_REGULATE) is (no_count == 0 and partly_count <= 1)
    assert seen == set(fz.APPROACH_LABELS)

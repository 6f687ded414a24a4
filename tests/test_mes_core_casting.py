"""The casting mix: the recipe at the batch's weight from the solver, and the check of
each weighed component against its line (pure, no Odoo)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from gold_mes.core.casting import MixLine, assay_check, check_mix, metal_kind, planned_fineness
from gold_mes.core.errors import GoldLedgerError
from gold_units.core import Metal, solve_alloy
from hypothesis import given, settings
from hypothesis import strategies as st

TARGET = D(750)
MARGIN = D(2)
TOL = D("0.05")


def _recipe(batch):
    metals = [
        Metal("Grain 18K", D(750), D("37.5"), metal_kind(D(750))),
        Metal("Scrap 14K", D(585), D(10), metal_kind(D(585))),
        Metal("Fine gold", D("999.9"), D(500), metal_kind(D("999.9"))),
        Metal("Master alloy", D(0), batch, metal_kind(D(0))),
    ]
    return solve_alloy(TARGET, metals, batch, MARGIN, places=4)


def _lines(result, weighed=None):
    weighed = weighed or {}
    return [
        MixLine(line.name, line.grams, weighed.get(line.name, line.grams), line.fineness)
        for line in result.lines
        if line.grams
    ]


def test_metal_kinds_follow_the_fineness():
    assert [metal_kind(f) for f in ("999.9", "999", "998.9", "750", "0")] == [
        "fine",
        "fine",
        "scrap",
        "scrap",
        "alloy",
    ]
    with pytest.raises(GoldLedgerError):
        metal_kind("1000.1")


def test_recipe_for_the_batch_weight_lands_in_the_band():
    result = _recipe(D(75))
    grams = result.grams_by_name()
    # scrap first (the lots at hand, all of them), fine gold and alloy to correct
    assert grams["Grain 18K"] == D("37.5")
    assert grams["Scrap 14K"] == D(10)
    assert sum(grams.values()) == D(75)
    check = check_mix(_lines(result), TARGET, MARGIN, TOL)
    assert check.verdict == "ok"
    assert TARGET <= check.fineness <= TARGET + MARGIN
    assert check.weighed_g == D("75.0000")


def test_fine_gold_and_fineness_are_exact():
    lines = [
        MixLine("a", D("37.5"), D("37.5"), D(750)),
        MixLine("b", D("22.3522"), D("22.3522"), D("999.9")),
        MixLine("c", D("15.1478"), D("15.1478"), D(0)),
    ]
    check = check_mix(lines, TARGET, MARGIN, TOL)
    content = Fraction("37.5") * 750 + Fraction("22.3522") * Fraction("999.9")
    assert check.fineness_exact == content / 75
    # fine = grams × fineness / 1000 per line, 0.0001 g HALF-UP: 22.34996478 -> 22.3500
    assert [c.fine_g for c in check.lines] == [D("28.1250"), D("22.3500"), D("0.0000")]
    assert check.fine_g == D("50.4750")
    # rounded DOWN to 0.01 per mille: never overstated
    assert check.fineness == D("672.99")
    assert check.verdict == "below_target"
    assert check.below_target


def test_a_component_off_its_line_is_flagged_whatever_the_fineness():
    result = _recipe(D(75))
    alloy = next(line for line in result.lines if line.name == "Master alloy")
    heavy = alloy.grams + D("0.0501")
    check = check_mix(_lines(result, {"Master alloy": heavy}), TARGET, MARGIN, TOL)
    (off,) = [c for c in check.lines if not c.within]
    assert off.key == "Master alloy"
    assert off.deviation_g == D("0.0501")
    assert check.verdict == "off_tolerance"
    edge = check_mix(_lines(result, {"Master alloy": alloy.grams - D("0.05")}), TARGET, MARGIN, TOL)
    assert edge.within_tolerance  # exactly on the tolerance is within it


def test_not_weighed_is_incomplete_and_fineness_of_what_is_weighed():
    result = _recipe(D(75))
    lines = [
        line._replace(weighed_g=None) if line.key == "Fine gold" else line
        for line in _lines(result)
    ]
    check = check_mix(lines, TARGET, MARGIN, TOL)
    assert check.verdict == "incomplete"
    assert not check.complete
    assert check.fineness < TARGET  # without the fine gold, the melt is lean
    nothing = check_mix([line._replace(weighed_g=None) for line in lines], TARGET, MARGIN, TOL)
    assert nothing.fineness is None
    assert nothing.weighed_g == D(0)


def test_too_much_fine_gold_is_above_the_band_but_pourable():
    lines = [MixLine("fine", D(10), D(10), D("999.9"))]
    check = check_mix(lines, TARGET, MARGIN, D(1))
    assert check.verdict == "above_band"
    assert check.above_band and not check.below_target


def test_planned_fineness_matches_the_solver():
    result = _recipe(D(375))
    assert planned_fineness(_lines(result)) == result.fineness


def test_bad_input_is_refused():
    with pytest.raises(GoldLedgerError):
        check_mix([], TARGET, MARGIN, TOL)
    with pytest.raises(GoldLedgerError):
        check_mix([MixLine("a", D(1), D(-1), D(750))], TARGET, MARGIN, TOL)
    with pytest.raises(GoldLedgerError):
        check_mix([MixLine("a", D(1), D(1), D(1001))], TARGET, MARGIN, TOL)


def test_assay_below_the_target_is_flagged():
    assert assay_check("749.8", 750) == (D("749.8"), D(750), D("-0.20"), True)
    assert not assay_check("750.00", 750).below
    assert assay_check("751.3", 750).difference == D("1.30")


@settings(max_examples=60, deadline=None)
@given(
    batch=st.decimals(min_value=D(20), max_value=D(2000), places=2),
    grain=st.decimals(min_value=D(0), max_value=D(500), places=1),
)
def test_the_recipe_weighed_as_planned_is_always_pourable(batch, grain):
    metals = [
        Metal("Grain 18K", D(750), grain),
        Metal("Fine gold", D("999.9"), batch, "fine"),
        Metal("Master alloy", D(0), batch, "alloy"),
    ]
    result = solve_alloy(TARGET, metals, batch, MARGIN, places=4)
    check = check_mix(_lines(result), TARGET, MARGIN, TOL)
    assert check.verdict == "ok"
    assert check.weighed_g == batch
    assert check.fineness == result.fineness

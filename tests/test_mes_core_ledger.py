"""Lines, stage balances and loss classification of gold_mes.core."""

from dataclasses import FrozenInstanceError
from decimal import Decimal as D

import pytest
from gold_mes.core import (
    GoldLedgerError,
    Line,
    LineError,
    NegativeWeightError,
    Stage,
    allowed_loss,
    classify_loss,
    fine_grams,
    stage_balances,
    to_grams,
)
from hypothesis import given
from hypothesis import strategies as st

Q = D("0.0001")


# -- numbers ---------------------------------------------------------------------------


def test_to_grams_quantizes_half_up_and_reads_floats_through_repr():
    assert to_grams(D("1.00005")) == D("1.0001")
    assert to_grams(D("1.00004")) == D("1.0000")
    assert to_grams(0.1 + 0.2) == D("0.3000")
    assert to_grams("367.5") == D("367.5000")
    assert str(to_grams(7)) == "7.0000"


@pytest.mark.parametrize("bad", [None, True, "abc", float("nan"), D("Infinity"), [1]])
def test_to_grams_refuses_what_is_not_a_number(bad):
    with pytest.raises(GoldLedgerError):
        to_grams(bad)


def test_fine_grams_is_quantized_and_symmetric():
    assert fine_grams(D("375"), D("750")) == D("281.2500")
    assert fine_grams(D("0.0001"), D("585")) == D("0.0001")  # 0.0000585 -> HALF_UP
    assert fine_grams(D("-0.0001"), D("585")) == D("-0.0001")
    assert fine_grams(D("0.0001"), D("416")) == D("0.0000")
    with pytest.raises(GoldLedgerError, match=r"outside 0\.\.1000"):
        fine_grams(1, D("1000.1"))


# -- lines -----------------------------------------------------------------------------


def test_line_normalizes_and_is_immutable():
    line = Line("out", "367.5", 750, stage="casting", employee="An", ref=7)
    assert line.grams == D("367.5000")
    assert line.fine == D("275.6250")
    assert line.effective_kind == "out"
    assert line.sign == 1
    with pytest.raises(FrozenInstanceError):
        line.grams = D(1)


def test_line_refuses_negative_weight_naming_the_line():
    with pytest.raises(NegativeWeightError, match=r"line 42 .*-1.0000 g"):
        Line("in", D("-1"), 750, stage="casting", ref=42)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "melt"}, "unknown kind"),
        ({"kind": "reversal"}, "must name the kind"),
        ({"kind": "reversal", "reverses": "reversal"}, "must name the kind"),
        ({"kind": "in", "reverses": "out"}, "only a reversal"),
    ],
)
def test_line_refuses_malformed_kinds(kwargs, message):
    with pytest.raises(LineError, match=message):
        Line(grams=D(1), fineness=D(750), stage="s", **kwargs)


def test_reversal_counts_as_the_reversed_kind_negated():
    line = Line("reversal", 5, 750, stage="s", reverses="out")
    assert (line.effective_kind, line.sign) == ("out", -1)


# -- classification --------------------------------------------------------------------


def test_exactly_at_tolerance_is_ok_one_quantum_over_is_abnormal():
    assert classify_loss(D("100"), D("1.0000"), D("1")) == "ok"
    assert classify_loss(D("100"), D("1.0001"), D("1")) == "abnormal"


def test_tolerance_off_the_grid_is_compared_exactly():
    # 1 % of 1.2345 g = 0.012345 g: 0.0123 is within, 0.0124 is not
    assert allowed_loss(D("1.2345"), D("1")) == D("0.0123")
    assert classify_loss(D("1.2345"), D("0.0123"), D("1")) == "ok"
    assert classify_loss(D("1.2345"), D("0.0124"), D("1")) == "abnormal"


def test_absolute_tolerance_is_a_floor_not_an_addition():
    # pct gives 0.1 g, mg gives 0.15 g: allowed is the larger, not 0.25 g
    assert allowed_loss(D("10"), D("1"), D("150")) == D("0.1500")
    assert classify_loss(D("10"), D("0.1500"), D("1"), D("150")) == "ok"
    assert classify_loss(D("10"), D("0.1501"), D("1"), D("150")) == "abnormal"
    # mg smaller than pct: pct wins
    assert classify_loss(D("10"), D("0.1000"), D("1"), D("50")) == "ok"
    assert classify_loss(D("10"), D("0.1001"), D("1"), D("50")) == "abnormal"


def test_gain_within_readability_is_ok_beyond_is_gain():
    assert classify_loss(D("100"), D("-0.0010"), D("1"), readability_g=D("0.001")) == "ok"
    assert classify_loss(D("100"), D("-0.0011"), D("1"), readability_g=D("0.001")) == "gain"
    assert classify_loss(D("100"), D("-0.0001"), D("1")) == "ok"
    assert classify_loss(D("100"), D("-0.0002"), D("1")) == "gain"


def test_zero_weight_in():
    assert classify_loss(D("0"), D("0"), D("5")) == "ok"
    assert classify_loss(D("0"), D("0.0001"), D("5")) == "abnormal"
    assert classify_loss(D("0"), D("0.0010"), D("5"), tolerance_mg=D("1")) == "ok"
    assert classify_loss(D("0"), D("0.0011"), D("5"), tolerance_mg=D("1")) == "abnormal"


def test_classification_refuses_negative_inputs():
    with pytest.raises(NegativeWeightError):
        classify_loss(D("-1"), D("0"), D("1"))
    with pytest.raises(GoldLedgerError, match="negative"):
        classify_loss(D("1"), D("0"), D("-1"))
    with pytest.raises(GoldLedgerError, match="negative"):
        classify_loss(D("1"), D("0"), D("1"), tolerance_mg=D("-1"))


units = st.integers(min_value=0, max_value=10**8).map(lambda n: D(n) * Q)


@given(weight_in=units, loss=units, pct=st.integers(0, 1000).map(lambda n: D(n) / 100))
def test_classification_agrees_with_exact_arithmetic(weight_in, loss, pct):
    expected = "ok" if loss * 100 <= weight_in * pct else "abnormal"
    assert classify_loss(weight_in, loss, pct) == expected


# -- stage balances --------------------------------------------------------------------

STAGES = [
    Stage("casting", "burn", D("2")),
    Stage("filing", "recoverable", D("3")),
    Stage("polishing", "recoverable", D("1")),
]


def test_weigh_in_defaults_to_previous_weigh_out_and_reweigh_is_transit():
    lines = [
        Line("issue", 375, 750),
        Line("out", "367.5", 750, "casting"),
        Line("in", "367.4", 750, "filing"),
        Line("out", "356.25", 750, "filing"),
    ]
    casting, filing, polishing = stage_balances(lines, STAGES)
    assert casting.weight_in == D("375")
    assert casting.transit_variance == 0
    assert filing.expected_in == D("367.5")
    assert filing.weight_in == D("367.4")
    assert filing.transit_variance == D("0.1000")
    assert filing.transit_status == "dispute"
    assert filing.loss == D("11.1500")  # the transit is not the filer's loss
    assert filing.fine_transit_variance == D("0.0750")
    assert polishing.weight_in == D("356.25")
    assert polishing.status == "open"
    assert polishing.in_process == D("356.25")
    assert polishing.loss == 0


def test_reweigh_within_readability_is_not_a_dispute():
    stages = [Stage("a"), Stage("b", readability_g=D("0.001"))]
    lines = [Line("issue", 10, 750), Line("out", 10, 750, "a"), Line("in", "9.999", 750, "b")]
    assert stage_balances(lines, stages)[1].transit_status == "ok"


def test_status_and_percentages():
    lines = [
        Line("issue", 375, 750),
        Line("out", "367.5", 750, "casting"),
        Line("out", "356.25", 750, "filing"),
        Line("out", "352.5", 750, "polishing"),
    ]
    balances = stage_balances(lines, STAGES)
    assert [b.loss_pct for b in balances] == [D("2.0000"), D("3.0612"), D("1.0526")]
    assert [b.status for b in balances] == ["ok", "abnormal", "abnormal"]
    assert [b.allowed_loss for b in balances] == [D("7.5"), D("11.025"), D("3.5625")]


def test_reversals_are_netted_out():
    base = [Line("issue", 100, 585), Line("out", 98, 585, "casting")]
    mistake = [
        Line("out", 89, 585, "casting", ref=2),
        Line("reversal", 89, 585, "casting", reverses="out", ref=3),
        Line("scrap", 1, 585, "filing"),
        Line("reversal", 1, 585, "filing", reverses="scrap"),
    ]
    assert stage_balances(base + mistake, STAGES) == stage_balances(base, STAGES)


def test_a_reversed_reweigh_falls_back_to_the_default_weigh_in():
    lines = [
        Line("issue", 100, 750),
        Line("out", 98, 750, "casting"),
        Line("in", 90, 750, "filing"),
        Line("reversal", 90, 750, "filing", reverses="in"),
    ]
    filing = stage_balances(lines, STAGES)[1]
    assert filing.weight_in == D("98")
    assert filing.transit_variance == 0


def test_reversal_without_original_is_refused():
    lines = [Line("issue", 100, 750), Line("reversal", 5, 750, "casting", reverses="scrap")]
    with pytest.raises(LineError, match=r"stage 'casting'.*'scrap'.*-5.0000 g"):
        stage_balances(lines, STAGES)


def test_stage_errors_name_stage_and_line():
    with pytest.raises(LineError, match=r"line 9 .*'melting' is not in the order"):
        stage_balances([Line("out", 1, 750, "melting", ref=9)], STAGES)
    with pytest.raises(LineError, match="needs a stage"):
        stage_balances([Line("out", 1, 750)], STAGES)
    with pytest.raises(GoldLedgerError, match="appears twice"):
        stage_balances([], ["a", "a"])
    lines = [Line("issue", 10, 750), Line("out", 5, 750, "a"), Line("return", 6, 750, "a")]
    with pytest.raises(GoldLedgerError, match=r"stage 'a': returned 6.0000 g exceeds"):
        stage_balances(lines, ["a", "b"])


def test_done_flag_closes_a_stage_without_weigh_out():
    lines = [Line("issue", 10, 750), Line("scrap", 4, 750, "a")]
    open_a = stage_balances(lines, [Stage("a", tolerance_pct=D(100))])[0]
    done_a = stage_balances(lines, [Stage("a", tolerance_pct=D(100), done=True)])[0]
    assert (open_a.status, open_a.in_process, open_a.loss) == ("open", D(6), 0)
    assert (done_a.status, done_a.in_process, done_a.loss) == ("ok", 0, D(6))


def test_returns_and_later_issues_move_the_carried_weight():
    lines = [
        Line("issue", 100, 750),
        Line("out", 99, 750, "a"),
        Line("return", 9, 750, "a"),  # surplus back to the safe after stage a
        Line("issue", 5, 750, "b"),  # solder added at stage b
        Line("out", 94, 750, "b"),
        Line("return", 4, 750),  # after the last stage
    ]
    a, b = stage_balances(lines, ["a", "b"])
    assert a.carried_out == D(90)
    assert b.expected_in == D(95)
    assert b.loss == D(1)
    assert b.carried_out == D(90)
    assert b.fine_carried_out == D("67.5")


def test_lines_without_stages():
    assert stage_balances([Line("handover_in", 1, 750, employee="A")], []) == []
    with pytest.raises(GoldLedgerError):
        stage_balances([Line("issue", 1, 750)], [])

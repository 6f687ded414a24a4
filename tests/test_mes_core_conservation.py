"""Conservation of gold, gross and fine, at every stage and for the order."""

import dataclasses
from decimal import Decimal as D

import pytest
from gold_mes.core import (
    ConservationError,
    Line,
    Stage,
    check_conservation,
    order_balance,
    order_balance_from_lines,
    stage_balances,
)
from hypothesis import given, settings
from hypothesis import strategies as st

Q = D("0.0001")
FINENESS = [D("999.9"), D("750"), D("585"), D("610"), D("416")]

grams = st.integers(min_value=0, max_value=5_000_000).map(lambda n: D(n) * Q)  # <= 500 g
fineness = st.sampled_from(FINENESS)


@st.composite
def stage_lines(draw, key, alloy):
    """The lines of one stage: maybe an extra issue, a re-weigh, outs, scrap, returns."""
    lines = []
    line_fineness = st.one_of(st.just(alloy), fineness)
    if draw(st.booleans()):
        lines.append(Line("issue", draw(grams), alloy, key))
    if draw(st.booleans()):
        lines.append(Line("in", draw(grams), alloy, key))
    outs = draw(st.lists(grams, max_size=2))
    lines += [Line("out", g, draw(line_fineness), key) for g in outs]
    lines += [Line("scrap", g, draw(line_fineness), key) for g in draw(st.lists(grams, max_size=2))]
    if outs:
        limit = int(sum(outs) / Q)
        returned = draw(st.integers(0, limit)) * Q
        lines.append(Line("return", returned, alloy, key))
    return lines


@st.composite
def orders(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    alloy = draw(fineness)
    stages = [
        Stage(
            f"s{i}",
            draw(st.sampled_from(["burn", "recoverable"])),
            D(2),
            done=draw(st.sampled_from([None, True, False])),
        )
        for i in range(count)
    ]
    lines = [Line("issue", draw(grams), alloy)]
    for stage in stages:
        lines += draw(stage_lines(stage.key, alloy))
    return lines, stages


def _independent_sum(lines, kind, attribute="grams"):
    total = D(0)
    for line in lines:
        if line.effective_kind == kind:
            total += line.sign * getattr(line, attribute)
    return total


@settings(max_examples=200, deadline=None)
@given(orders())
def test_gold_is_conserved_at_every_stage_and_for_the_order(order):
    lines, stages = order
    balance = order_balance_from_lines(lines, stages)
    assert check_conservation(balance) is None
    # figures the balance did not derive by subtraction, recomputed straight from lines
    for kind, gross, fine in [
        ("issue", balance.issued, balance.fine_issued),
        ("scrap", balance.scrap, balance.fine_scrap),
        ("return", balance.returned, balance.fine_returned),
    ]:
        assert gross == _independent_sum(lines, kind)
        assert fine == _independent_sum(lines, kind, "fine")
    last_out = sum(
        (ln.grams for ln in lines if ln.kind == "out" and ln.stage == stages[-1].key), D(0)
    )
    last_ret = sum(
        (ln.grams for ln in lines if ln.kind == "return" and ln.stage == stages[-1].key), D(0)
    )
    assert balance.finished == last_out - last_ret
    rhs = (
        balance.finished
        + balance.in_process
        + balance.scrap
        + balance.returned
        + balance.loss
        + balance.transit_variance
    )
    assert balance.issued == rhs
    assert balance.discrepancy == 0
    assert balance.fine_discrepancy == 0
    for stage in balance.stages:
        assert stage.loss == 0 or stage.in_process == 0
        for figure in (stage.loss, stage.fine_loss, stage.in_process, stage.transit_variance):
            assert figure == figure.quantize(Q)  # exact to the 0.1 mg


@settings(max_examples=100, deadline=None)
@given(orders(), st.data())
def test_a_line_and_its_reversal_change_nothing(order, data):
    lines, stages = order
    key = data.draw(st.sampled_from([s.key for s in stages]))
    kind = data.draw(st.sampled_from(["in", "out", "scrap", "issue", "dust"]))
    wrong = Line(kind, data.draw(grams), data.draw(fineness), key)
    undo = Line("reversal", wrong.grams, wrong.fineness, key, reverses=kind)
    position = data.draw(st.integers(0, len(lines)))
    noisy = [*lines[:position], wrong, *lines[position:], undo]
    # a reversed re-weigh or weigh-out must not even count as "weighed" (open/closed)
    assert stage_balances(noisy, stages) == stage_balances(lines, stages)


ARTICLE_LINES = [
    Line("issue", D("375"), D("750")),
    Line("out", D("367.5"), D("750"), "casting"),
    Line("out", D("356.25"), D("750"), "filing"),
    Line("out", D("352.5"), D("750"), "polishing"),
]


def test_tampered_stage_is_named_with_its_difference():
    balance = order_balance_from_lines(ARTICLE_LINES, ["casting", "filing", "polishing"])
    stages = list(balance.stages)
    stages[1] = dataclasses.replace(stages[1], loss=stages[1].loss + Q)
    stages[2] = dataclasses.replace(stages[2], fine_loss=stages[2].fine_loss - Q)
    with pytest.raises(ConservationError, match=r"stage 'filing' .* gross .*-0.0001 g") as info:
        check_conservation(order_balance(None, stages))
    assert (info.value.stage, info.value.measure, info.value.difference) == ("filing", "gross", -Q)
    stages[1] = balance.stages[1]
    error = check_conservation(order_balance(None, stages), raise_error=False)
    assert (error.stage, error.measure, error.difference) == ("polishing", "fine", Q)


def test_broken_chain_between_stages_is_named():
    balance = order_balance_from_lines(ARTICLE_LINES, ["casting", "filing", "polishing"])
    stages = list(balance.stages)
    stages[0] = dataclasses.replace(stages[0], weight_out=D("367.4"), loss=D("7.6"))
    with pytest.raises(ConservationError, match=r"stage 'filing'.*carried in") as info:
        check_conservation(order_balance(None, stages))
    assert info.value.difference == D("0.1")


def test_erp_figures_that_disagree_with_the_ledger_are_caught_at_order_level():
    stages = stage_balances(ARTICLE_LINES, ["casting", "filing", "polishing"])
    assert check_conservation(order_balance(D("375"), stages, D("352.5"), D("0"))) is None
    with pytest.raises(ConservationError, match=r"^order .*gross.*0.0001 g\)$") as info:
        check_conservation(order_balance(D("375"), stages, finished=D("352.4999")))
    assert info.value.stage is None
    error = check_conservation(
        order_balance(None, stages, fine_finished=D("264.3751")), raise_error=False
    )
    assert (error.stage, error.measure, error.difference) == (None, "fine", -Q)


def test_article_batch_balances_in_gross_and_fine():
    balance = order_balance_from_lines(ARTICLE_LINES, ["casting", "filing", "polishing"])
    assert (balance.issued, balance.finished, balance.loss) == (D(375), D("352.5"), D("22.5"))
    assert (balance.fine_issued, balance.fine_finished) == (D("281.25"), D("264.375"))
    assert balance.fine_loss == D("16.875")
    assert [s.fine_loss for s in balance.stages] == [D("5.625"), D("8.4375"), D("2.8125")]


def test_empty_order_balances_to_zero():
    balance = order_balance(None, [])
    assert balance.issued == balance.finished == 0
    assert check_conservation(balance) is None

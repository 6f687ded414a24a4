"""stage_balances_from_totals: per-stage sums give exactly what the lines give."""

from collections import defaultdict
from decimal import Decimal as D

import pytest
from gold_mes.core import GoldLedgerError, Line, Stage, stage_balances, stage_balances_from_totals
from hypothesis import given, settings
from hypothesis import strategies as st

Q = D("0.0001")
KINDS = ("issue", "in", "out", "scrap", "dust", "return", "handover_out")
STAGES = [Stage("a", tolerance_pct=D("2")), Stage("b", "recoverable", D("1")), Stage("c")]


def totals_of(lines):
    """What an SQL aggregate grouped by (stage, effective kind) returns."""
    sums = defaultdict(lambda: [D(0), D(0), 0])
    for line in lines:
        entry = sums[line.stage, line.effective_kind]
        entry[0] += line.sign * line.grams
        entry[1] += line.sign * line.fine
        entry[2] += line.sign
    return [(stage, kind, *entry) for (stage, kind), entry in sums.items()]


line_st = st.builds(
    Line,
    kind=st.sampled_from(KINDS),
    grams=st.integers(min_value=1, max_value=5_000_000).map(lambda n: D(n) * Q),
    fineness=st.sampled_from([D("750"), D("585"), D("999.9")]),
    stage=st.sampled_from(["a", "b", "c"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(line_st, max_size=30), st.data())
def test_totals_equal_lines(lines, data):
    reversed_ = data.draw(st.lists(st.sampled_from(lines), unique_by=id)) if lines else []
    lines = lines + [
        Line("reversal", x.grams, x.fineness, stage=x.stage, reverses=x.kind) for x in reversed_
    ]
    try:
        expected = stage_balances(lines, STAGES)
    except GoldLedgerError:
        with pytest.raises(GoldLedgerError):
            stage_balances_from_totals(totals_of(lines), STAGES)
        return
    assert stage_balances_from_totals(totals_of(lines), STAGES) == expected


def test_article_from_floats_and_split_rows():
    """Float sums (as Odoo returns them) and several rows for one (stage, kind) add up."""
    lines = [
        Line("issue", D("375"), D("750")),
        Line("out", D("367.5"), D("750"), stage="a"),
        Line("out", D("356.25"), D("750"), stage="b"),
        Line("out", D("352.5"), D("750"), stage="c"),
    ]
    totals = [
        (None, "issue", 375.0, 281.25, 1),
        ("a", "out", 367.0, 275.25, 1),
        ("a", "out", 0.5, 0.375, 0),
        ("b", "out", 356.25, 267.1875, 1),
        ("c", "out", 352.5, 264.375, 1),
    ]
    assert stage_balances_from_totals(totals, STAGES) == stage_balances(lines, STAGES)
    assert [s.loss for s in stage_balances_from_totals(totals, STAGES)] == [
        D("7.5000"),
        D("11.2500"),
        D("3.7500"),
    ]


def test_stage_outside_the_order_is_refused():
    with pytest.raises(GoldLedgerError, match="not in the order"):
        stage_balances_from_totals([("z", "out", 1, 1, 1)], STAGES)
    with pytest.raises(GoldLedgerError, match="without stages"):
        stage_balances_from_totals([("z", "out", 1, 1, 1)], [])
    assert stage_balances_from_totals([("z", "handover_in", 1, 1, 1)], []) == []

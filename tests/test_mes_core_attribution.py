"""Spreading a stage's loss split over its workers: exact to the milligram."""

from decimal import Decimal as D

from gold_mes.core.attribution import attribute, spread
from gold_mes.core.recovery import split_loss
from hypothesis import given, settings
from hypothesis import strategies as st

Q = D("0.0001")
grams = st.integers(min_value=-(10**4), max_value=10**7).map(lambda n: D(n) * Q)


def test_handover_mid_filing_splits_by_each_workers_residual():
    # filing lost 11.25 g: A 3.75 g before handing over, B 7.5 g after; 5.625 g came back
    row = split_loss([("filing", "recoverable", D("11.25"))], recovered=D("5.625")).stages[0]
    a, b = attribute(row, [("A", D("3.75")), ("B", D("7.5"))])
    assert (a.loss, a.recovered, a.unexplained) == (D("3.7500"), D("1.8750"), D("1.8750"))
    assert (b.loss, b.recovered, b.unexplained) == (D("7.5000"), D("3.7500"), D("3.7500"))


def test_spread_puts_what_cannot_be_placed_on_the_first():
    assert spread(D("-1"), [D(1), D(2)]) == [D("-1.0000"), D(0)]
    assert spread(D("5"), [D(0), D(0)]) == [D("5.0000"), D(0)]
    assert spread(D("5"), [D(1), D(1)]) == [D("4.0000"), D("1.0000")]
    assert spread(D("1"), []) == []


@settings(max_examples=300, deadline=None)
@given(
    loss=grams,
    transit=grams,
    kind=st.sampled_from(["burn", "recoverable"]),
    recovered=st.integers(min_value=0, max_value=10**7).map(lambda n: D(n) * Q),
    weights=st.lists(grams, min_size=1, max_size=5),
)
def test_attribution_sums_exactly(loss, transit, kind, recovered, weights):
    row = split_loss([("s", kind, loss, transit)], recovered=recovered).stages[0]
    shares = attribute(row, [(index, weight) for index, weight in enumerate(weights)])
    assert sum((s.loss for s in shares), D(0)) == row.loss
    assert sum((s.burn for s in shares), D(0)) == row.burn
    assert sum((s.recovered for s in shares), D(0)) == row.recovered
    assert sum((s.unexplained for s in shares), D(0)) == row.unexplained
    for share in shares:
        assert share.loss == share.burn + share.recovered + share.unexplained
        assert share.recovered >= 0

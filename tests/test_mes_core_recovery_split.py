"""split_loss as a property: every milligram of every stage lands in exactly one column.

What gold.recovery stores per stage (burn, recovered, unexplained) comes from here, so
the allocation lines of a recovery sum to its totals whatever the losses and the assay.
"""

from decimal import Decimal as D

from gold_mes.core import split_loss
from hypothesis import given, settings
from hypothesis import strategies as st

Q = D("0.0001")
grams = st.integers(min_value=-(10**5), max_value=10**7).map(lambda n: D(n) * Q)
stage = st.tuples(st.sampled_from(["burn", "recoverable"]), grams, grams)


@settings(max_examples=300, deadline=None)
@given(
    stages=st.lists(stage, min_size=0, max_size=8),
    recovered=st.integers(min_value=0, max_value=2 * 10**7).map(lambda n: D(n) * Q),
    rule=st.sampled_from(["proportional", "equal"]),
)
def test_split_loss_conserves_every_stage_and_the_recovered_gold(stages, recovered, rule):
    items = [(index, kind, loss, transit) for index, (kind, loss, transit) in enumerate(stages)]
    split = split_loss(items, recovered=recovered, rule=rule)
    assert split.recovered + split.excess == recovered
    assert split.total_loss == split.burn + split.recovered + split.unexplained
    for (_, kind, loss, transit), row in zip(items, split.stages, strict=True):
        assert row.loss == loss + transit
        assert row.loss == row.burn + row.recovered + row.unexplained
        assert row.recovered == row.recovered.quantize(Q)
        if kind == "burn":
            assert row.recovered == 0
            assert row.burn == loss
        else:
            assert 0 <= row.recovered <= max(loss, D(0))
    recoverable = sum(
        (max(loss, D(0)) for _, kind, loss, _ in items if kind == "recoverable"), D(0)
    )
    assert split.recoverable == recoverable
    if recovered <= recoverable:
        assert split.excess == 0
    else:
        assert split.excess == recovered - recoverable

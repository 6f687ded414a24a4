"""Loss split and recovery allocation: the article's batch, and exact allocation."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from gold_mes.core import (
    GoldLedgerError,
    Line,
    Stage,
    allocate,
    order_balance_from_lines,
    split_loss,
    stage_balances,
)
from hypothesis import given, settings
from hypothesis import strategies as st

Q = D("0.0001")
LUONG = D("37.5")  # 1 lượng (cây) = 37.5 g


def test_the_articles_batch_exactly():
    """10 lượng of 18K: casting -0.2 (fire), filing -0.3, polishing -0.1; 0.2 back from
    the vacuum; 0.2 lost without a clear reason."""
    stages = [
        Stage("casting", "burn", D("2")),
        Stage("filing", "recoverable", D("3")),
        Stage("polishing", "recoverable", D("1")),
    ]
    lines = [
        Line("issue", 10 * LUONG, D("750")),
        Line("out", D("9.8") * LUONG, D("750"), "casting"),
        Line("out", D("9.5") * LUONG, D("750"), "filing"),
        Line("out", D("9.4") * LUONG, D("750"), "polishing"),
    ]
    balance = order_balance_from_lines(lines, stages)
    assert [s.weight_out for s in balance.stages] == [D("367.5"), D("356.25"), D("352.5")]
    assert [s.loss / LUONG for s in balance.stages] == [D("0.2"), D("0.3"), D("0.1")]
    assert balance.total_loss / LUONG == D("0.6")
    split = split_loss(balance.stages, recovered=D("0.2") * LUONG)
    assert split.burn == D("7.5")
    assert split.recoverable == D("15")
    assert split.recovered == D("7.5")
    assert split.unexplained == D("7.5")
    assert split.excess == 0
    assert (split.burn / LUONG, split.recovered / LUONG, split.unexplained / LUONG) == (
        D("0.2"),
        D("0.2"),
        D("0.2"),
    )
    assert split.total_loss == split.burn + split.recovered + split.unexplained == D("22.5")
    # recovery covers filing and polishing in proportion to their losses (3:1)
    assert [(s.key, s.recovered, s.unexplained) for s in split.stages] == [
        ("casting", 0, 0),
        ("filing", D("5.625"), D("5.625")),
        ("polishing", D("1.875"), D("1.875")),
    ]
    fine = split_loss(balance.stages, recovered=D("5.625"), fine=True)  # 7.5 g of 18K
    assert (fine.burn, fine.recovered, fine.unexplained) == (
        D("5.625"),
        D("5.625"),
        D("5.625"),
    )


def test_split_loss_with_plain_tuples_gains_and_transit():
    split = split_loss(
        [
            ("cast", "burn", D("1")),
            ("file", "recoverable", D("2"), D("0.5")),  # 0.5 g gone between weighings
            ("polish", "recoverable", D("-0.1")),  # a gain stays a (negative) column
        ],
        recovered=D("3"),
    )
    assert split.recoverable == D("2")
    assert split.recovered == D("2")
    assert split.excess == D("1")  # more back from the dust than was lost there
    assert split.unexplained == D("0.4")
    assert split.total_loss == D("3.4") == split.burn + split.recovered + split.unexplained
    with pytest.raises(GoldLedgerError, match="unknown loss type"):
        split_loss([("x", "magic", D(1))])


def test_allocate_rules_caps_and_ties():
    assert allocate(D("10"), [D("11.25"), D("3.75")]).parts == [D("7.5"), D("2.5")]
    assert allocate(D("20"), [D("5"), D("10")]) == allocate(D("20"), [D("5"), D("10")])
    surplus = allocate(D("20"), [D("5"), D("10")])
    assert (surplus.parts, surplus.excess) == ([D("5"), D("10")], D("5"))
    # equal parts, capped by what each one lost; the rest goes to the others
    assert allocate(D("10"), [D("1"), D("100"), D("100")], rule="equal").parts == [
        D("1"),
        D("4.5"),
        D("4.5"),
    ]
    assert allocate(D("10"), [D(100), D(100)], rule="shares", shares=[1, 3]).parts == [
        D("2.5"),
        D("7.5"),
    ]
    # one quantum, two equal claims: the earlier one gets it
    assert allocate(Q, [D(1), D(1)]).parts == [Q, 0]
    assert allocate(D("0.0002"), [D(1), D(1), D(1)]).parts == [Q, Q, 0]
    # a share of zero takes nothing; what the shares cannot place is excess
    only_b = allocate(D("3"), [D(5), D(1)], rule="shares", shares=[0, 1])
    assert (only_b.parts, only_b.excess) == ([0, D(1)], D(2))
    named = allocate(D("1"), {"An": D(1), "Binh": D(3)})
    assert named.parts == {"An": D("0.25"), "Binh": D("0.75")}


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((D("-1"), [D(1)]), {}, "negative total"),
        ((D("0.00001"), [D(1)]), {}, "not a multiple"),
        ((D("1"), [D(-1)]), {}, "negative weight"),
        ((D("1"), [D(1)]), {"rule": "largest"}, "unknown allocation rule"),
        ((D("1"), [D(1)]), {"rule": "shares"}, "one share per weight"),
        ((D("1"), [D(1)]), {"rule": "shares", "shares": [-1]}, "negative share"),
        ((D("1"), [D(1)]), {"quantum": 0}, "must be positive"),
    ],
)
def test_allocate_refuses_bad_input(args, kwargs, message):
    with pytest.raises(GoldLedgerError, match=message):
        allocate(*args, **kwargs)


amounts = st.integers(min_value=0, max_value=10**7).map(lambda n: D(n) * Q)


@settings(max_examples=300, deadline=None)
@given(
    total=amounts,
    weights=st.lists(amounts, min_size=1, max_size=8),
    rule=st.sampled_from(["proportional", "equal", "shares"]),
    data=st.data(),
)
def test_allocation_sums_exactly_and_respects_caps(total, weights, rule, data):
    shares = None
    if rule == "shares":
        shares = data.draw(
            st.lists(st.integers(0, 5), min_size=len(weights), max_size=len(weights))
        )
    result = allocate(total, weights, rule=rule, shares=shares)
    assert sum(result.parts, D(0)) + result.excess == total
    assert all(0 <= part <= weight for part, weight in zip(result.parts, weights, strict=True))
    assert all(part == part.quantize(Q) for part in result.parts)
    assert result.excess >= max(D(0), total - sum(weights, D(0)))
    weight_sum = sum(weights, D(0))
    if rule == "proportional" and 0 < total <= weight_sum:
        assert result.excess == 0
        for part, weight in zip(result.parts, weights, strict=True):
            ideal = Fraction(total) * Fraction(weight) / Fraction(weight_sum)
            assert abs(Fraction(part) - ideal) < Fraction(Q)
    if rule == "equal" and total <= sum(weights, D(0)):
        assert result.excess == 0
    assert allocate(total, weights, rule=rule, shares=shares) == result


def test_stage_dust_is_reported_but_not_counted_as_metal():
    lines = [Line("issue", 10, 750), Line("out", 9, 750, "a"), Line("dust", 40, 750, "a")]
    (a,) = stage_balances(lines, ["a"])
    assert (a.dust, a.loss) == (D(40), D(1))

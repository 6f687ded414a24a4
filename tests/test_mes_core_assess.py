"""Judging a stage's loss: tolerance first, limits and drifts only past a practical minimum;
worker figures weighted exactly."""

from decimal import Decimal as D

from gold_mes.core import assess, figures
from gold_mes.core.performance import stage
from gold_mes.core.stats import practical_minimum, resolution_pct
from hypothesis import given
from hypothesis import strategies as st

PCT = st.decimals(min_value=D("0"), max_value=D("10"), places=4)


@given(st.lists(PCT, max_size=30), PCT, st.decimals(D("0.5"), D("5"), places=2))
def test_over_tolerance_is_never_in_control(history, value, tolerance):
    result = assess(history, value, tolerance)
    if value > tolerance:
        assert result.flag == "over_tolerance"
    else:
        assert result.flag != "over_tolerance"


@given(st.lists(PCT, max_size=4), PCT)
def test_too_few_points_prints_no_limits(history, value):
    result = assess(history, value, D("10"))
    assert result.flag == "insufficient"
    assert result.limits is None


@given(st.lists(PCT, min_size=5, max_size=30), PCT, st.decimals(D("0"), D("2"), places=4))
def test_a_flag_moves_the_loss_by_the_practical_minimum(history, value, practical):
    result = assess(history, value, practical=practical)
    if result.flag in ("above", "below", "drift_up", "drift_down"):
        assert abs(value - result.limits.mean) >= practical


def test_fast_filer_over_tolerance_though_the_pooled_limits_are_wide():
    pooled = [D(v) for v in ("4.0", "2.0", "3.0", "4.6", "1.9", "3.1", "4.4", "2.1")]
    result = assess(pooled, D("4.6"), D("3.5"))
    assert result.flag == "over_tolerance"
    assert result.limits.ucl > D("4.6")  # statistically "in control", yet abnormal


def test_polishing_a_hair_below_the_mean_is_not_a_drift():
    """The reported case: 1.0001 % against a mean of 1.0044 % read 'Drifting Down'."""
    history = [D("1.0050"), D("1.0040"), D("1.0045"), D("1.0041")] * 3
    history += [D("1.0002")] * 7
    practical = practical_minimum(D("1.1"), resolution_pct(D("0.0001"), D("356.25")))
    assert practical == D("0.1100")
    assert assess(history, D("1.0001"), D("1.1"), practical).flag == "ok"
    assert assess(history, D("1.0001"), D("1.1")).flag == "drift_down"  # without the floor


def test_a_real_drift_and_a_real_outlier_are_flagged():
    steady = [D("2.0"), D("1.9"), D("2.1"), D("2.0")] * 3
    creeping = steady + [D("2.6")] * 7
    assert assess(creeping, D("2.6"), D("3.5"), D("0.35")).flag == "drift_up"
    result = assess(steady, D("3.2"), D("3.5"), D("0.35"))
    assert (result.flag, result.n) == ("above", 12)
    assert assess(steady, D("2.1"), D("3.5"), D("0.35")).flag == "ok"


def test_resolution_and_practical_minimum():
    assert resolution_pct(D("0.01"), D("10")) == D("0.2000")  # two readings of 0.01 g
    assert resolution_pct(D("0.01"), D("0")) == D("0")
    assert practical_minimum(D("3.5"), D("0.2")) == D("0.3500")
    assert practical_minimum(D("0.5"), D("0.2")) == D("0.2000")
    assert practical_minimum(None, D("0.01")) == D("0.0100")


def test_figures_weighted_and_pieces_once_per_batch():
    rows = [
        # one worker, batch 1: casting and filing of the same 100 rings, 2 h + 3 h
        stage(1, 7, pieces=100, hours=2.0, gold_in=375.0, loss=7.5, recovered=0),
        stage(1, 7, pieces=100, hours=3.0, gold_in=367.5, loss=11.25, recovered=5.625),
        # batch 2: 10 rings, no time logged
        stage(2, 7, pieces=10, hours=0, gold_in=37.5, loss=1.5, abnormal=True),
    ]
    result = figures(rows)
    assert (result.pieces, result.timed_pieces, result.hours) == (D(110), D(100), D(5))
    assert result.pieces_per_hour == D("20.00")
    assert result.gold_in == D("780.0000")
    assert result.loss == D("20.2500")
    assert result.loss_pct == D("2.5962")  # 20.25 / 780 × 100, not the mean of the rows
    assert result.recovered_pct == D("27.78")  # 5.625 / 20.25
    assert (result.abnormal, result.untimed, result.stages) == (1, 1, 3)


def test_figures_of_nothing_have_no_ratios():
    result = figures([stage(1, 1, pieces=5, hours=None, gold_in=0, loss=0)])
    assert result.pieces_per_hour is None
    assert result.loss_pct is None
    assert result.recovered_pct is None


@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.integers(1, 3),
            st.integers(1, 50),
            st.decimals(D("0"), D("8"), places=2),
            st.decimals(D("1"), D("400"), places=4),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_figures_pieces_never_exceed_the_batches(rows):
    stages = [stage(b, w, pieces=p, hours=h, gold_in=g, loss=g / 50) for b, w, p, h, g in rows]
    result = figures(stages)
    biggest = {}
    for b, w, p, _h, _g in rows:
        biggest[b, w] = max(biggest.get((b, w), 0), p)
    assert result.pieces == sum(biggest.values())
    assert result.timed_pieces <= result.pieces

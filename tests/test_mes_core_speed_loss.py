"""Workers placed on speed against loss; a series judged against its own limits."""

from decimal import Decimal as D

from gold_mes.core import speed_loss
from gold_mes.core.performance import stage
from gold_mes.core.speed_loss import SeriesPoint, allowed_pct, judge_series, place, quadrant


def test_quadrant_strictly_above_the_centre_is_fast_or_wasteful():
    assert quadrant(D(16), D("4.3"), D(10), D("3.1")) == speed_loss.FAST_WASTEFUL
    assert quadrant(D(16), D("2.0"), D(10), D("3.1")) == speed_loss.FAST_CAREFUL
    assert quadrant(D(7), D("4.3"), D(10), D("3.1")) == speed_loss.SLOW_WASTEFUL
    assert quadrant(D(7), D("2.0"), D(10), D("3.1")) == speed_loss.SLOW_CAREFUL
    # on the centre's lines: the kinder side
    assert quadrant(D(10), D("3.1"), D(10), D("3.1")) == speed_loss.SLOW_CAREFUL


def test_allowed_pct_is_weighted_by_gold_in_and_skips_stages_without_tolerance():
    assert allowed_pct([(D(100), D("3.5")), (D(300), D("1.5"))]) == D("2.0000")
    assert allowed_pct([(D(100), D("3.5")), (D(300), 0)]) == D("3.5000")
    assert allowed_pct([(D(100), None)]) is None
    assert allowed_pct([]) is None


def _filing(batch, worker, hours, pct):
    gold_in = D("37.5")
    return stage(batch, worker, pieces=10, hours=hours, gold_in=gold_in, loss=gold_in * pct / 100)


def test_place_puts_the_fast_wasteful_and_the_slow_careful_filer_apart():
    rows = []
    for batch in range(4):
        rows.append(_filing(3 * batch, "fast", 1, D("4.4")))
        rows.append(_filing(3 * batch + 1, "slow", "2.5", D("2.0")))
        rows.append(_filing(3 * batch + 2, "mid", "1.6", D("2.9")))
    rows.append(_filing(99, "untimed", 0, D("1.0")))
    placing = place(rows, [D("3.5")] * len(rows))
    # the centre: 120 timed pieces over 20.4 h; 14.325 g lost of 487.5 g in
    assert placing.centre.pieces_per_hour == D("5.88")
    assert placing.centre.loss == D("14.3250")
    assert placing.centre.loss_pct == D("2.9385")
    assert placing.tolerance == D("3.5000")
    by_worker = {p.worker: p for p in placing.workers}
    assert [p.worker for p in placing.workers] == ["fast", "slow", "mid", "untimed"]
    assert by_worker["fast"].quadrant == speed_loss.FAST_WASTEFUL
    assert by_worker["fast"].over_tolerance
    assert by_worker["fast"].figures.pieces_per_hour == D("10.00")
    assert by_worker["slow"].quadrant == speed_loss.SLOW_CAREFUL
    assert not by_worker["slow"].over_tolerance
    assert by_worker["slow"].figures.pieces_per_hour == D("4.00")
    assert by_worker["mid"].quadrant == speed_loss.FAST_CAREFUL  # 6.25 > 5.88, 2.9 < 2.9385
    assert (by_worker["untimed"].quadrant, by_worker["untimed"].why) == (None, "untimed")


def test_place_without_gold_in_places_nobody():
    rows = [stage(1, "a", pieces=5, hours=1, gold_in=0, loss=0)]
    (only,) = place(rows).workers
    assert (only.quadrant, only.why, only.over_tolerance) == (None, "no_gold", False)
    assert place(rows).tolerance is None


def test_judge_series_holds_each_point_to_the_points_before_it():
    values = [D("2.0"), D("2.1"), D("1.9"), D("2.0"), D("2.1"), D("2.0"), D("3.0"), D("4.0")]
    points = [SeriesPoint(i, v, D("3.5"), D("0.35")) for i, v in enumerate(values)]
    judged = judge_series(points)
    flags = [result.flag for _point, result in judged]
    assert flags[:5] == ["insufficient"] * 5
    assert all(result.limits is None for _p, result in judged[:5])
    assert flags[5] == "ok"
    assert judged[5][1].limits.mean == D("2.0200")
    assert flags[6] == "above"  # 3.0 over the limits of the six before it
    assert flags[7] == "over_tolerance"
    assert [point.key for point, _r in judged] == list(range(8))


def test_judge_series_keeps_the_last_window_only():
    points = [SeriesPoint(i, D(i % 3)) for i in range(30)]
    judged = judge_series(points, window=20)
    assert judged[-1][1].n == 20
    assert judged[-1][1].limits.n == 20

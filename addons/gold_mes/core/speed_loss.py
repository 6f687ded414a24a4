"""The owner's two questions, as plain values (pure, Decimal).

Workers placed on speed against loss: each worker's pieces per logged hour and loss %
(weighted by the gold that went in) at one work centre, against the centre's own
figures over the same stages.  Faster than the centre and losing more than it is
"fast and wasteful"; slower and losing less is "slow and careful".  A worker without
logged time (no speed) or without gold weighed in (no loss %) is not placed.

A series of stages judged one by one against the limits of the stages before it
(``core.stats.assess``), as the worker figures judge each stage, so a chart can draw
the limits each point was held to.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .performance import PCT_QUANTUM, Figures, figures
from .stats import MIN_POINTS, RUN, WINDOW, Assessment, assess
from .weights import ZERO, to_decimal

FAST_WASTEFUL = "fast_wasteful"
FAST_CAREFUL = "fast_careful"
SLOW_WASTEFUL = "slow_wasteful"
SLOW_CAREFUL = "slow_careful"
QUADRANTS = (FAST_WASTEFUL, FAST_CAREFUL, SLOW_WASTEFUL, SLOW_CAREFUL)
# the flags of a point beyond its limits or its tolerance (core.stats.FLAG_ORDER)
BEYOND = ("over_tolerance", "above", "below", "drift_up", "drift_down")


@dataclass(frozen=True, slots=True)
class Placement:
    """One worker at the centre: ``quadrant`` is None when not placed, ``why`` then
    says 'untimed' (no logged time) or 'no_gold' (nothing weighed in)."""

    worker: int | None
    figures: Figures
    quadrant: str | None
    over_tolerance: bool
    why: str | None = None


@dataclass(frozen=True, slots=True)
class Placing:
    centre: Figures
    tolerance: Decimal | None
    workers: tuple[Placement, ...]


def quadrant(speed, loss, mean_speed, mean_loss):
    """Where (speed, loss %) falls against the centre's (mean_speed, mean_loss).

    Strictly above the centre's speed is fast, strictly above its loss is wasteful;
    on a line reads as the kinder side (slow, careful).
    """
    fast = to_decimal(speed, "speed") > to_decimal(mean_speed, "mean speed")
    wasteful = to_decimal(loss, "loss") > to_decimal(mean_loss, "mean loss")
    if fast:
        return FAST_WASTEFUL if wasteful else FAST_CAREFUL
    return SLOW_WASTEFUL if wasteful else SLOW_CAREFUL


def allowed_pct(pairs):
    """The tolerance the stages were held to, weighted by their gold in.

    ``pairs`` are (gold_in, tolerance %); a tolerance of 0 or None is a stage without
    one and is left out.  None when no stage had a tolerance or no gold went in.
    """
    weight = total = ZERO
    for grams, pct in pairs:
        tolerance = to_decimal(pct or 0, "tolerance")
        if tolerance <= 0:
            continue
        gold_in = to_decimal(grams, "gold in")
        weight += gold_in
        total += gold_in * tolerance
    if weight <= 0:
        return None
    return (total / weight).quantize(PCT_QUANTUM, rounding=ROUND_HALF_UP)


def place(stages, tolerances=()):
    """Place each worker of ``stages`` (core StageFigures of one work centre and period).

    ``tolerances`` are the stages' tolerance %, in the same order (or empty).
    Workers come back in the order of their first stage.
    """
    stages = list(stages)
    centre = figures(stages)
    tolerance = allowed_pct(zip((s.gold_in for s in stages), tolerances, strict=False))
    by_worker = defaultdict(list)
    for row in stages:
        by_worker[row.worker].append(row)
    placed = []
    for worker, rows in by_worker.items():
        mine = figures(rows)
        over = tolerance is not None and mine.loss_pct is not None and mine.loss_pct > tolerance
        if mine.pieces_per_hour is None or centre.pieces_per_hour is None:
            placed.append(Placement(worker, mine, None, over, why="untimed"))
        elif mine.loss_pct is None or centre.loss_pct is None:
            placed.append(Placement(worker, mine, None, over, why="no_gold"))
        else:
            where = quadrant(
                mine.pieces_per_hour, mine.loss_pct, centre.pieces_per_hour, centre.loss_pct
            )
            placed.append(Placement(worker, mine, where, over))
    return Placing(centre=centre, tolerance=tolerance, workers=tuple(placed))


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """A stage's loss % with what it is judged by: its tolerance (None: none) and the
    smallest move that counts (``core.stats.practical_minimum``)."""

    key: object
    value: Decimal
    tolerance: Decimal | None = None
    practical: Decimal = ZERO


def judge_series(points, window=WINDOW, min_points=MIN_POINTS, run=RUN):
    """[(point, Assessment)] for ``points`` (oldest first), each judged against the
    last ``window`` points before it, as a stage is judged when it closes."""
    history, judged = [], []
    for point in points:
        result: Assessment = assess(
            history[-window:],
            point.value,
            point.tolerance,
            point.practical,
            window=window,
            min_points=min_points,
            run=run,
        )
        judged.append((point, result))
        history.append(to_decimal(point.value, "value"))
    return judged

"""Loss statistics: Shewhart control limits and drift flags, in Decimal."""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import GoldLedgerError
from .weights import QUANTUM, ZERO, to_decimal

WINDOW = 20


@dataclass(frozen=True, slots=True)
class ControlLimits:
    """n points used; mean, sigma (sample std dev), lcl = max(0, mean - 3 sigma),
    ucl = mean + 3 sigma; all quantized HALF_UP to 0.0001."""

    n: int
    mean: Decimal
    sigma: Decimal
    lcl: Decimal
    ucl: Decimal


def _q(value):
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def control_limits(values, window=WINDOW):
    """Control limits over the last ``window`` values (losses in g or in %).

    sigma is the sample standard deviation (statistics.stdev, exact on Decimal); with a
    single value it is 0.  Raises GoldLedgerError when there is no value.
    """
    if window < 1:
        raise GoldLedgerError(f"window {window} must be at least 1")
    points = [to_decimal(value, "value") for value in values][-window:]
    if not points:
        raise GoldLedgerError("control limits need at least one value")
    mean = statistics.mean(points)
    sigma = statistics.stdev(points) if len(points) > 1 else Decimal(0)
    return ControlLimits(
        n=len(points),
        mean=_q(mean),
        sigma=_q(sigma),
        lcl=_q(max(ZERO, mean - 3 * sigma)),
        ucl=_q(mean + 3 * sigma),
    )


def _same_side_run(points, mean):
    """+1 / -1 when all points are above / below the mean, else 0."""
    if all(point > mean for point in points):
        return 1
    if all(point < mean for point in points):
        return -1
    return 0


def flag_drift(history, value, window=WINDOW, min_points=5, run=8):
    """Flag ``value`` against the control limits of ``history`` (older values first).

    Returns one of:
      'insufficient'  fewer than ``min_points`` values in history
      'above'         value > ucl (abnormally high loss)
      'below'         value < lcl (abnormally low: a gain or a weighing slip?)
      'drift_up'      value and the ``run - 1`` values before it all above the mean
      'drift_down'    ... all below the mean (Western Electric rule 4)
      'ok'            otherwise
    """
    points = [to_decimal(point, "value") for point in history]
    value = to_decimal(value, "value")
    if len(points) < min_points:
        return "insufficient"
    limits = control_limits(points, window)
    if value > limits.ucl:
        return "above"
    if value < limits.lcl:
        return "below"
    if run > 1 and len(points) >= run - 1:
        side = _same_side_run([*points[-(run - 1) :], value], limits.mean)
        if side:
            return "drift_up" if side > 0 else "drift_down"
    return "ok"


# ---------------------------------------------------------------- judging one stage
MIN_POINTS = 5
MIN_SHARE = Decimal("0.1")  # a drift must move the loss by at least 10 % of the tolerance
RUN = 8

FLAG_ORDER = ("insufficient", "ok", "over_tolerance", "above", "below", "drift_up", "drift_down")


@dataclass(frozen=True, slots=True)
class Assessment:
    """How one stage's loss % reads against its tolerance and an earlier history.

    ``flag`` is one of FLAG_ORDER; ``limits`` is None when the history is too short
    (nothing to print then); ``practical`` is the smallest move in loss % that counts
    (the larger of the balance's resolution and ``MIN_SHARE`` of the tolerance);
    ``n`` the number of earlier points seen; ``run`` the length of the run for a drift.
    """

    flag: str
    value: Decimal
    tolerance: Decimal | None
    limits: ControlLimits | None
    practical: Decimal
    n: int
    run: int = 0


def practical_minimum(tolerance=None, resolution_pct=ZERO, share=MIN_SHARE):
    """The smallest change of loss % worth a flag: the balance's resolution (as a % of
    the gold weighed) or ``share`` of the tolerance, whichever is larger."""
    floor = to_decimal(resolution_pct, "resolution")
    if tolerance is not None:
        floor = max(floor, to_decimal(tolerance, "tolerance") * to_decimal(share, "share"))
    return _q(max(floor, ZERO))


def resolution_pct(readability_g, gold_in_g, readings=2):
    """The balance's resolution as a % of the stage's gold: a loss is the difference of
    ``readings`` readings, each good to ``readability_g``.  0 when nothing went in."""
    gold_in = to_decimal(gold_in_g, "gold in")
    if gold_in <= 0:
        return ZERO
    return _q(to_decimal(readability_g, "readability") * readings * 100 / gold_in)


def _run_side(points, mean, practical):
    """+1 / -1 when every point is beyond mean + / - practical, else 0."""
    if all(point - mean >= practical and point > mean for point in points):
        return 1
    if all(mean - point >= practical and point < mean for point in points):
        return -1
    return 0


def assess(history, value, tolerance=None, practical=ZERO, **options):
    """Judge ``value`` (a stage's loss %) against ``tolerance`` and ``history``.

    Over the tolerance is never in control ('over_tolerance'), whatever the history.
    Otherwise, with fewer than ``min_points`` earlier values: 'insufficient' and no
    limits.  A point beyond a control limit ('above'/'below') or a run of ``run``
    points on one side of the mean ('drift_up'/'drift_down') is flagged only when it
    is also at least ``practical`` away from the mean.  Else 'ok'.
    """
    window = options.get("window", WINDOW)
    min_points = options.get("min_points", MIN_POINTS)
    run = options.get("run", RUN)
    points = [to_decimal(point, "value") for point in history]
    value = to_decimal(value, "value")
    practical = to_decimal(practical, "practical minimum")
    tol = None if tolerance is None else to_decimal(tolerance, "tolerance")
    enough = len(points) >= min_points
    limits = control_limits(points, window) if enough else None
    result = {"value": value, "tolerance": tol, "limits": limits, "practical": practical}
    result["n"] = len(points)
    if tol is not None and value > tol:
        return Assessment(flag="over_tolerance", **result)
    if not enough:
        return Assessment(flag="insufficient", **result)
    if value > limits.ucl and value - limits.mean >= practical:
        return Assessment(flag="above", **result)
    if value < limits.lcl and limits.mean - value >= practical:
        return Assessment(flag="below", **result)
    if run > 1 and len(points) >= run - 1:
        side = _run_side([*points[-(run - 1) :], value], limits.mean, practical)
        if side:
            return Assessment(flag="drift_up" if side > 0 else "drift_down", run=run, **result)
    return Assessment(flag="ok", **result)

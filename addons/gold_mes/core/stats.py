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

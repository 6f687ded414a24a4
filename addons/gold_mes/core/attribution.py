"""Attribution: a stage's loss split (burn, recovered, unexplained) spread over the
workers who held the gold at that stage, exactly (sums to the milligram).

A stage worked by two people (A hands the batch over to B mid-stage) has one loss but
two culprits: each worker's share of the loss is their own residual at the stage (what
they took and did not pass on), as ``worker_balances`` computes it.  The recovered
gold the stage was allocated is then spread over those shares by ``allocate``.
"""

from dataclasses import dataclass
from decimal import Decimal

from .recovery import allocate
from .weights import ZERO, to_grams


@dataclass(frozen=True, slots=True)
class WorkerShare:
    """One worker's part of one stage: loss = burn + recovered + unexplained."""

    employee: object
    loss: Decimal
    burn: Decimal
    recovered: Decimal
    unexplained: Decimal


def spread(total, weights):
    """Split ``total`` over ``weights`` (>= 0) exactly, largest remainder, capped at
    each weight; whatever cannot be placed (a negative total, no positive weight, more
    than the weights) goes to the first item.  sum(result) == total."""
    total = to_grams(total, "total", allow_negative=True)
    if not weights:
        return []
    weights = [max(to_grams(w, "weight", allow_negative=True), ZERO) for w in weights]
    if total < 0 or not any(weights):
        return [total] + [ZERO] * (len(weights) - 1)
    result = allocate(total, weights)
    parts = list(result.parts)
    parts[0] += result.excess
    return parts


def attribute(row, shares):
    """Spread one stage's ``row`` (a StageLossSplit, gross or fine) over ``shares``.

    ``shares``: [(employee, weight)], the weights each worker's loss is measured by
    (their residual at the stage; any hashable employee, None for 'between workers').
    The row's loss is spread by the weights, its burn and then its recovered gold by
    the loss parts.  Returns [WorkerShare]; each column sums exactly to the row's, and
    each share's loss = burn + recovered + unexplained.
    """
    if not shares:
        return []
    losses = spread(row.loss, [weight for _, weight in shares])
    burns = spread(row.burn, losses)
    net = [loss - burn for loss, burn in zip(losses, burns, strict=True)]
    recovered = spread(row.recovered, net)
    return [
        WorkerShare(employee, loss, burn, part, loss - burn - part)
        for (employee, _), loss, burn, part in zip(shares, losses, burns, recovered, strict=True)
    ]

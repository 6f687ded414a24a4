"""Worker figures fit to pay by, from closed gold stages (pure, Decimal).

Pieces count once per batch and worker, however many stages of the batch the worker
did; hours are the logged work time only (a stage without logged time adds no hours
and no pieces to the rate, and is counted as untimed); loss % is weighted by the gold
that went in; the recovered share is recovered gold over lost gold.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .weights import HUNDRED, ZERO, field_grams, to_decimal

RATE_QUANTUM = Decimal("0.01")
PCT_QUANTUM = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class StageFigures:
    """One closed stage: ``hours`` is None (or 0) when no time was logged."""

    batch: int
    worker: int | None
    pieces: Decimal
    hours: Decimal | None
    gold_in: Decimal
    loss: Decimal
    recovered: Decimal = ZERO
    abnormal: bool = False


@dataclass(frozen=True, slots=True)
class Figures:
    stages: int
    pieces: Decimal
    timed_pieces: Decimal
    hours: Decimal
    pieces_per_hour: Decimal | None
    gold_in: Decimal
    loss: Decimal
    loss_pct: Decimal | None
    recovered: Decimal
    recovered_pct: Decimal | None
    abnormal: int
    untimed: int


def stage(batch, worker, *, pieces, hours, gold_in, loss, recovered=0, abnormal=False):
    """A StageFigures from Odoo values (floats through their repr, weights on the grid)."""
    hours = to_decimal(hours or 0, "hours")
    return StageFigures(
        batch=batch,
        worker=worker,
        pieces=to_decimal(pieces or 0, "pieces"),
        hours=hours if hours > 0 else None,
        gold_in=field_grams(gold_in),
        loss=field_grams(loss),
        recovered=field_grams(recovered),
        abnormal=bool(abnormal),
    )


def _ratio(part, whole, scale, quantum):
    if whole <= 0:
        return None
    return (part * scale / whole).quantize(quantum, rounding=ROUND_HALF_UP)


def figures(stages):
    """Totals and ratios over ``stages`` (an iterable of StageFigures)."""
    stages = list(stages)
    pieces, timed = {}, {}
    for row in stages:
        key = (row.batch, row.worker)
        pieces[key] = max(pieces.get(key, ZERO), row.pieces)
        if row.hours:
            timed[key] = max(timed.get(key, ZERO), row.pieces)
    hours = sum((row.hours for row in stages if row.hours), Decimal(0))
    gold_in = sum((row.gold_in for row in stages), ZERO)
    loss = sum((row.loss for row in stages), ZERO)
    recovered = sum((row.recovered for row in stages), ZERO)
    timed_pieces = sum(timed.values(), Decimal(0))
    return Figures(
        stages=len(stages),
        pieces=sum(pieces.values(), Decimal(0)),
        timed_pieces=timed_pieces,
        hours=hours,
        pieces_per_hour=_ratio(timed_pieces, hours, 1, RATE_QUANTUM),
        gold_in=gold_in,
        loss=loss,
        loss_pct=_ratio(loss, gold_in, HUNDRED, PCT_QUANTUM),
        recovered=recovered,
        recovered_pct=_ratio(recovered, loss, HUNDRED, RATE_QUANTUM),
        abnormal=sum(1 for row in stages if row.abnormal),
        untimed=sum(1 for row in stages if not row.hours),
    )

"""Recovery: allocate recovered gold back to losses, and split a loss into its causes."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .errors import GoldLedgerError
from .ledger import BURN, LOSS_TYPES, RECOVERABLE
from .weights import QUANTUM, ZERO, floor_quantum, to_decimal, to_grams

PROPORTIONAL = "proportional"
EQUAL = "equal"
SHARES = "shares"
RULES = (PROPORTIONAL, EQUAL, SHARES)


@dataclass(frozen=True, slots=True)
class Allocation:
    """parts: one Decimal per weight (a dict when weights was a mapping);
    excess: what could not be placed (sum(parts) + excess == total, exactly)."""

    parts: object
    excess: Decimal


def _basis(rule, caps, shares):
    if rule == PROPORTIONAL:
        return caps
    if rule == EQUAL:
        return [Decimal(1)] * len(caps)
    if rule == SHARES:
        if shares is None or len(shares) != len(caps):
            raise GoldLedgerError("rule 'shares' needs one share per weight")
        basis = [to_decimal(share, "share") for share in shares]
        if any(share < 0 for share in basis):
            raise GoldLedgerError(f"negative share in {basis}")
        return basis
    raise GoldLedgerError(f"unknown allocation rule {rule!r} (expected one of {RULES})")


def _largest_remainder(units, basis, active):
    """Split ``units`` whole quanta over ``active`` in proportion to ``basis``.

    Each gets floor(ideal); the quanta left go one each to the largest remainders,
    ties to the earlier item.  Returns {index: units}.
    """
    total_basis = sum(Fraction(basis[i]) for i in active)
    ideal = {i: units * Fraction(basis[i]) / total_basis for i in active}
    result = {i: int(ideal[i]) for i in active}  # ideal >= 0: int() is floor
    left = units - sum(result.values())
    order = sorted(active, key=lambda i: (-(ideal[i] - result[i]), i))
    for i in order[:left]:
        result[i] += 1
    return result


def _water_fill(units, cap_units, basis):
    """Distribute ``units`` by ``basis`` without exceeding ``cap_units``; returns (parts, left)."""
    parts = [0] * len(cap_units)
    active = [i for i, cap in enumerate(cap_units) if cap > 0 and basis[i] > 0]
    while active and units > 0:
        total_basis = sum(Fraction(basis[i]) for i in active)
        full = [i for i in active if units * Fraction(basis[i]) / total_basis >= cap_units[i]]
        if not full:
            for i, share in _largest_remainder(units, basis, active).items():
                parts[i] = share
            return parts, 0
        for i in full:
            parts[i] = cap_units[i]
            units -= cap_units[i]
        active = [i for i in active if i not in full]
    return parts, units


def allocate(total, weights, quantum=QUANTUM, rule=PROPORTIONAL, shares=None):
    """Split ``total`` over ``weights`` exactly, in multiples of ``quantum``.

    ``weights`` (sequence or mapping of Decimal grams, >= 0) are what each part is
    allocated against, and each one is also that part's cap.  ``rule``:
      'proportional'  in proportion to the weights (the recoverable losses)
      'equal'         equal parts
      'shares'        in proportion to ``shares`` (one per weight)
    Rounding is largest-remainder (floor each ideal part, hand the remaining quanta to
    the largest remainders, ties to the earlier item), so the parts sum exactly.  No part
    exceeds its weight: when a rule would give more, that part is capped and the rest is
    redistributed over the others by the same rule.  What cannot be placed (the total
    exceeds the sum of weights, or every part that the rule feeds is full) is returned as
    ``excess`` (a gain: more recovered than lost).  Deterministic.
    Returns Allocation(parts, excess) with sum(parts) + excess == total.
    """
    keys = list(weights) if isinstance(weights, Mapping) else None
    values = [weights[k] for k in keys] if keys is not None else list(weights)
    quantum = to_decimal(quantum, "quantum")
    if quantum <= 0:
        raise GoldLedgerError(f"quantum {quantum} must be positive")
    total = to_decimal(total, "total")
    if total < 0:
        raise GoldLedgerError(f"cannot allocate a negative total {total} g")
    if total % quantum != 0:
        raise GoldLedgerError(f"total {total} is not a multiple of the quantum {quantum}")
    caps = [to_decimal(value, "weight") for value in values]
    if any(cap < 0 for cap in caps):
        raise GoldLedgerError(f"negative weight in {caps}")
    basis = _basis(rule, caps, shares)
    cap_units = [int(floor_quantum(cap, quantum) / quantum) for cap in caps]
    units, left = _water_fill(int(total / quantum), cap_units, basis)
    parts = [(quantum * n).quantize(quantum) for n in units]
    excess = (quantum * left).quantize(quantum)
    if keys is not None:
        parts = dict(zip(keys, parts, strict=True))
    return Allocation(parts=parts, excess=excess)


@dataclass(frozen=True, slots=True)
class StageLossSplit:
    key: object
    loss_type: str
    loss: Decimal
    burn: Decimal
    recovered: Decimal
    unexplained: Decimal


@dataclass(frozen=True, slots=True)
class LossSplit:
    """total_loss = burn + recovered + unexplained (exact);
    recovered + excess = the recovered amount given; recoverable = what recovery could
    cover (sum of positive recoverable losses); stages: one StageLossSplit per stage."""

    total_loss: Decimal
    burn: Decimal
    recoverable: Decimal
    recovered: Decimal
    unexplained: Decimal
    excess: Decimal
    stages: tuple[StageLossSplit, ...]


def _loss_item(item, fine):
    """(key, loss_type, loss, transit) from a StageBalance or a plain tuple."""
    if isinstance(item, tuple):
        key, loss_type, loss, *rest = item
        transit = rest[0] if rest else ZERO
    else:
        key, loss_type = item.key, item.loss_type
        loss = item.fine_loss if fine else item.loss
        transit = item.fine_transit_variance if fine else item.transit_variance
    if loss_type not in LOSS_TYPES:
        raise GoldLedgerError(f"stage {key!r}: unknown loss type {loss_type!r}")
    loss = to_grams(loss, f"stage {key!r} loss", allow_negative=True)
    transit = to_grams(transit, f"stage {key!r} transit", allow_negative=True)
    return key, loss_type, loss, transit


def split_loss(stages, recovered=ZERO, rule=PROPORTIONAL, shares=None, fine=False):
    """Split the loss of an order (or of any set of stages) into burn, recovered, unexplained.

    ``stages``: StageBalance objects, or plain tuples (key, loss_type, loss[, transit]).
    Rules: a 'burn' stage's loss is burn.  The ``recovered`` amount (assayed gold back
    from dust) is allocated over the recoverable stages' positive losses with
    allocate(rule=...), never above a stage's loss; the rest of a recoverable loss is
    unexplained.  A gain (negative loss) stays in its own column with its sign.  A
    transit variance (gold gone between two weighings) is always unexplained.
    ``fine=True`` uses the fine figures of StageBalance objects (give recovered in fine).
    """
    items = [_loss_item(item, fine) for item in stages]
    recovered = to_grams(recovered, "recovered")
    recoverable = [
        max(loss, ZERO) if loss_type == RECOVERABLE else ZERO for _, loss_type, loss, _ in items
    ]
    allocation = allocate(recovered, recoverable, rule=rule, shares=shares)
    rows = []
    for (key, loss_type, loss, transit), part in zip(items, allocation.parts, strict=True):
        burn = loss if loss_type == BURN else ZERO
        unexplained = transit + (loss - part if loss_type == RECOVERABLE else ZERO)
        rows.append(StageLossSplit(key, loss_type, loss + transit, burn, part, unexplained))
    return LossSplit(
        total_loss=sum((row.loss for row in rows), ZERO),
        burn=sum((row.burn for row in rows), ZERO),
        recoverable=sum(recoverable, ZERO),
        recovered=sum((row.recovered for row in rows), ZERO),
        unexplained=sum((row.unexplained for row in rows), ZERO),
        excess=allocation.excess,
        stages=tuple(rows),
    )

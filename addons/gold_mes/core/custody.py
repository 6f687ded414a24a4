"""Custody: who holds how much gold, and handover disputes."""

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from .errors import GoldLedgerError
from .ledger import (
    HANDOVER_IN,
    HANDOVER_OUT,
    IN,
    ISSUE,
    OUT,
    RETURN,
    SCRAP,
    Line,
    stage_balances,
)
from .weights import QUANTUM, ZERO, to_grams

DISPUTE = "dispute"

# kind -> (column, direction at the stage: +1 the worker takes gold, -1 gives it)
_COLUMNS = {
    ISSUE: ("received", 1),
    HANDOVER_IN: ("received", 1),
    IN: ("received", 1),
    HANDOVER_OUT: ("passed_on", -1),
    OUT: ("passed_on", -1),
    RETURN: ("returned", -1),
    SCRAP: ("returned", -1),
}


@dataclass(frozen=True, slots=True)
class WorkerBalance:
    """One worker's custody, grams: held = received - passed_on - returned - loss."""

    employee: Hashable
    received: Decimal = ZERO
    passed_on: Decimal = ZERO
    returned: Decimal = ZERO
    loss: Decimal = ZERO
    held: Decimal = ZERO
    fine_held: Decimal = ZERO


def _closed_by_weigh_out(lines):
    counts = {}
    for line in lines:
        if line.effective_kind == OUT:
            counts[line.stage] = counts.get(line.stage, 0) + line.sign
    return {stage for stage, count in counts.items() if count > 0}


def worker_balances(lines, closed_stages=None):
    """Each worker's gold balance from the lines; returns {employee: WorkerBalance}.

    Rules:
    * received  = issue to the worker + handover_in + in (weigh-in: the worker takes
                  the batch from the tray)
    * passed_on = handover_out + out (weigh-out: the worker puts it back on the tray)
    * returned  = return (to the safe) + scrap (solid metal handed back)
    * loss      = at each closed stage, what the worker took there and did not pass on
                  or return (their own residual).  A stage is closed when it is in
                  ``closed_stages`` or, when that is None, once it has a weigh-out.
                  Loss is only recorded when a stage closes: until then the gold is held.
    * held      = received - passed_on - returned - loss (fine_held likewise, in fine)
    Lines without an employee (the batch tray) and dust lines are ignored; reversals
    count with a minus sign.  A handover difference (A gave 10.0000 g, B took 9.9990 g)
    is nobody's loss: find it with handover_difference.  Record an issue with an employee
    only when it goes into that worker's hands without a weigh-in, or it counts twice.
    """
    closed = _closed_by_weigh_out(lines) if closed_stages is None else set(closed_stages)
    totals = {}
    residual = {}
    for line in lines:
        column = _COLUMNS.get(line.effective_kind)
        if line.employee is None or column is None:
            continue
        name, direction = column
        sums = totals.setdefault(line.employee, {"fine": ZERO})
        sums[name] = sums.get(name, ZERO) + line.sign * line.grams
        sums["fine"] += line.sign * direction * line.fine
        if line.stage is not None and line.stage in closed:
            stage_key = (line.stage, line.employee)
            gross, fine = residual.get(stage_key, (ZERO, ZERO))
            residual[stage_key] = (
                gross + line.sign * direction * line.grams,
                fine + line.sign * direction * line.fine,
            )
    losses = {}
    for (_, employee), (gross, fine) in residual.items():
        loss, fine_loss = losses.get(employee, (ZERO, ZERO))
        losses[employee] = (loss + gross, fine_loss + fine)
    return {employee: _worker(employee, sums, losses) for employee, sums in totals.items()}


def _worker(employee, sums, losses):
    received = sums.get("received", ZERO)
    passed_on = sums.get("passed_on", ZERO)
    returned = sums.get("returned", ZERO)
    loss, fine_loss = losses.get(employee, (ZERO, ZERO))
    return WorkerBalance(
        employee=employee,
        received=received,
        passed_on=passed_on,
        returned=returned,
        loss=loss,
        held=received - passed_on - returned - loss,
        fine_held=sums["fine"] - fine_loss,
    )


# kinds whose line does not make its employee the worker of the stage
_NOT_A_STAGE_WORKER = (ISSUE, RETURN, HANDOVER_IN)
_HANDOVERS = (HANDOVER_IN, HANDOVER_OUT)


def implicit_weigh_ins(lines, stages):
    """The weigh-in of every stage of one batch that had none, as ``in`` Lines.

    ``lines``: the batch's lines, oldest first; ``stages``: its stages in sequence.  A
    stage without an ``in`` line hands its first worker (the first line there that is
    not an issue, a return or a handover in) the gold carried over into it (its
    expected weight in).  A batch whose lines do not add up gets none.
    """
    keys = {stage.key for stage in stages}
    moving = [
        line
        for line in lines
        if line.effective_kind not in _HANDOVERS and (line.stage is None or line.stage in keys)
    ]
    try:
        balances = stage_balances(moving, stages)
    except GoldLedgerError:
        return []
    weighed_in = {line.stage for line in lines if line.effective_kind == IN}
    first_worker = {}
    for line in lines:
        if line.stage is not None and line.effective_kind not in _NOT_A_STAGE_WORKER:
            first_worker.setdefault(line.stage, line)
    implicit = []
    for balance in balances:
        first = first_worker.get(balance.key)
        if balance.key in weighed_in or first is None or balance.expected_in <= 0:
            continue
        implicit.append(
            Line(
                kind=IN,
                grams=balance.expected_in,
                fineness=first.fineness,
                stage=balance.key,
                employee=first.employee,
                ref=f"carried into {balance.key}",
            )
        )
    return implicit


def custody_lines(ledger, stages_of):
    """The Lines custody counts: every line of ``ledger`` plus each batch's implicit
    weigh-ins (:func:`implicit_weigh_ins`).

    ``ledger``: (batch, Line) pairs oldest first, a tray line (issue, return) without
    an employee; ``stages_of``: {batch: its stages in sequence}.  Lines of no batch
    (batch None) count as they are.
    """
    by_batch = {}
    for batch, line in ledger:
        by_batch.setdefault(batch, []).append(line)
    lines = []
    for batch, own in by_batch.items():
        lines.extend(own)
        if batch is not None:
            lines.extend(implicit_weigh_ins(own, stages_of.get(batch, ())))
    return lines


def ledger_custody(ledger, stages_of):
    """{employee: WorkerBalance} of ``ledger`` (see :func:`custody_lines`); {} when
    the ledger does not add up."""
    try:
        return worker_balances(custody_lines(ledger, stages_of))
    except GoldLedgerError:
        return {}


@dataclass(frozen=True, slots=True)
class HandoverCheck:
    """status: 'ok' or 'dispute'; difference = out - in (> 0: gold missing)."""

    status: str
    difference: Decimal


def handover_difference(out_g, in_g, readability_g=QUANTUM):
    """Compare what one side weighed out with what the other weighed in.

    'ok' when |out - in| <= readability_g (the balance cannot tell them apart: with two
    balances, pass the coarser readability), else 'dispute'.  Also used for a stage's
    transit variance (previous weigh-out vs re-weigh).
    """
    out_g = to_grams(out_g, "handed over")
    in_g = to_grams(in_g, "received")
    readability = to_grams(readability_g, "readability")
    difference = out_g - in_g
    return HandoverCheck("ok" if abs(difference) <= readability else DISPUTE, difference)

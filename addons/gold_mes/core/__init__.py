"""Gold MES core: the pure gold ledger (no odoo import; stdlib only).

Weights are ``Decimal`` grams on a 0.0001 g grid; fineness is ``Decimal`` per mille.
Inputs may be Decimal, int, str or float (a float goes through its ``repr``); outputs
are always Decimal.  Every error is a ``GoldLedgerError`` (a ``ValueError``).

Lines and stages (``ledger``)
    Line(kind, grams, fineness, stage=None, employee=None, reverses=None, ref=None)
        kind in KINDS: 'issue' 'in' 'out' 'scrap' 'dust' 'handover_out' 'handover_in'
        'return' 'reversal' (reverses=<kind>); grams >= 0; .fine, .effective_kind, .sign
    Stage(key, loss_type='burn'|'recoverable', tolerance_pct=0, tolerance_mg=None,
          readability_g=Decimal('0.0001'), done=None)
    stage_balances(lines, stages) -> list[StageBalance]      (stages: Stage or bare keys)
    stage_balances_from_totals(totals, stages) -> the same, from (stage, kind, grams,
        fine, count) sums net of reversals (an SQL aggregate) instead of lines
    StageBalance: key loss_type closed status issued expected_in weight_in weight_out
        scrap returned dust loss in_process transit_variance loss_pct allowed_loss
        transit_status, fine_issued fine_expected_in fine_in fine_out fine_scrap
        fine_returned fine_loss fine_in_process fine_transit_variance;
        .carried_out .fine_carried_out.  status: 'ok' | 'abnormal' | 'gain' | 'open'
    classify_loss(weight_in, loss, tolerance_pct, tolerance_mg=None,
                  readability_g=Decimal('0.0001')) -> 'ok' | 'abnormal' | 'gain'
        allowed = max(weight_in * pct / 100, mg / 1000); loss <= allowed is 'ok'
    allowed_loss(weight_in, tolerance_pct, tolerance_mg=None) -> Decimal

Order (``order``)
    order_balance(issued, stages, finished=None, returned=None, *, fine_issued=None,
                  fine_finished=None, fine_returned=None, key=None) -> OrderBalance
        (None: taken from the StageBalance list)
    order_balance_from_lines(lines, stages, key=None) -> OrderBalance
    OrderBalance: stages issued finished in_process scrap returned loss transit_variance
        (+ fine_*), key; .total_loss .accounted .discrepancy (+ fine_)
    check_conservation(balance, raise_error=True) -> None | ConservationError
    ConservationError(stage, measure, identity, left, right): .difference

Recovery (``recovery``)
    allocate(total, weights, quantum=Decimal('0.0001'), rule='proportional'|'equal'|
             'shares', shares=None) -> Allocation(parts, excess)
    split_loss(stages, recovered=0, rule='proportional', shares=None, fine=False)
        -> LossSplit(total_loss, burn, recoverable, recovered, unexplained, excess,
                     stages=tuple[StageLossSplit(key, loss_type, loss, burn,
                                                 recovered, unexplained)])

Custody (``custody``)
    worker_balances(lines, closed_stages=None) -> {employee: WorkerBalance(employee,
        received, passed_on, returned, loss, held, fine_held)}
    custody_lines(ledger, stages_of) / ledger_custody(ledger, stages_of): custody of a
        whole ledger of (batch, Line) pairs, with the implicit weigh-in of each stage
        that had none (implicit_weigh_ins(lines, stages))
    handover_difference(out_g, in_g, readability_g=Decimal('0.0001'))
        -> HandoverCheck(status='ok'|'dispute', difference=out - in)

Statistics (``stats``)
    control_limits(values, window=20) -> ControlLimits(n, mean, sigma, lcl, ucl)
    flag_drift(history, value, window=20, min_points=5, run=8)
        -> 'insufficient'|'above'|'below'|'drift_up'|'drift_down'|'ok'
    assess(history, value, tolerance=None, practical=0) -> Assessment(flag, value,
        tolerance, limits, practical, n, run): over the tolerance is never in control;
        a limit or a run counts only when it moves the loss by ``practical`` or more
    practical_minimum(tolerance, resolution_pct) / resolution_pct(readability_g, in_g)

Worker figures (``performance``)
    figures(stages) -> Figures(pieces once per batch and worker, logged hours,
        pieces_per_hour, loss_pct weighted by gold in, recovered_pct, abnormal, untimed)

Speed against loss (``speed_loss``)
    place(stages, tolerances) -> Placing(centre Figures, tolerance weighted by gold in,
        workers: Placement(worker, figures, quadrant, over_tolerance, why))
    quadrant(speed, loss, mean_speed, mean_loss) -> 'fast_wasteful' | 'fast_careful' |
        'slow_wasteful' | 'slow_careful' (strictly above the centre: fast, wasteful)
    judge_series(points) -> [(SeriesPoint, Assessment)], each against the ones before

Numbers (``weights``)
    fine_grams(grams, fineness) -> Decimal; to_grams(value, what='weight',
    allow_negative=False) -> Decimal; to_fineness(value) -> Decimal; QUANTUM, ZERO
"""

from .custody import (
    HandoverCheck,
    WorkerBalance,
    custody_lines,
    handover_difference,
    implicit_weigh_ins,
    ledger_custody,
    worker_balances,
)
from .errors import ConservationError, GoldLedgerError, LineError, NegativeWeightError
from .ledger import (
    ABNORMAL,
    BURN,
    GAIN,
    KINDS,
    LOSS_TYPES,
    OK,
    OPEN,
    RECOVERABLE,
    Line,
    Stage,
    StageBalance,
    allowed_loss,
    classify_loss,
    stage_balances,
    stage_balances_from_totals,
)
from .order import OrderBalance, check_conservation, order_balance, order_balance_from_lines
from .performance import Figures, StageFigures, figures
from .recovery import Allocation, LossSplit, StageLossSplit, allocate, split_loss
from .stats import Assessment, ControlLimits, assess, control_limits, flag_drift
from .weights import QUANTUM, ZERO, fine_grams, to_fineness, to_grams

__all__ = [
    "ABNORMAL",
    "BURN",
    "GAIN",
    "KINDS",
    "LOSS_TYPES",
    "OK",
    "OPEN",
    "QUANTUM",
    "RECOVERABLE",
    "ZERO",
    "Allocation",
    "Assessment",
    "ConservationError",
    "ControlLimits",
    "Figures",
    "GoldLedgerError",
    "HandoverCheck",
    "Line",
    "LineError",
    "LossSplit",
    "NegativeWeightError",
    "OrderBalance",
    "Stage",
    "StageBalance",
    "StageFigures",
    "StageLossSplit",
    "WorkerBalance",
    "allocate",
    "allowed_loss",
    "assess",
    "check_conservation",
    "classify_loss",
    "control_limits",
    "custody_lines",
    "figures",
    "fine_grams",
    "flag_drift",
    "handover_difference",
    "implicit_weigh_ins",
    "ledger_custody",
    "order_balance",
    "order_balance_from_lines",
    "split_loss",
    "stage_balances",
    "stage_balances_from_totals",
    "to_fineness",
    "to_grams",
    "worker_balances",
]

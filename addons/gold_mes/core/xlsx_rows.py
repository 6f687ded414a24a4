"""The rows the reconciliation workbook is built from: plain frozen dataclasses.

Pure Python.  The Odoo report gathers one row per batch, stage, weighing line, worker,
day-close count, recovery lot and allocation (weights in Decimal grams), plus the
Summary's :class:`Header`, and hands them to ``xlsx_reconciliation.reconciliation_spec``.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .xlsx_layout import ZERO, _


# ---------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class BatchRow:
    """One batch (manufacturing order); weights in Decimal grams."""

    name: str
    product: str = ""
    purity: str = ""
    issued: Decimal = ZERO
    finished: Decimal = ZERO
    in_process: Decimal = ZERO
    scrap: Decimal = ZERO
    returned: Decimal = ZERO
    burn: Decimal = ZERO
    recovered: Decimal = ZERO
    unexplained: Decimal = ZERO
    fine_issued: Decimal = ZERO
    fine_finished: Decimal = ZERO
    fine_in_process: Decimal = ZERO
    fine_scrap: Decimal = ZERO
    fine_returned: Decimal = ZERO
    fine_loss: Decimal = ZERO
    loss_value: Decimal | None = None
    issued_units: str = ""
    loss_units: str = ""

    @property
    def loss(self):
        return self.burn + self.recovered + self.unexplained


@dataclass(frozen=True)
class StageRow:
    batch: str
    stage: str
    workcenter: str = ""
    worker: str = ""
    loss_type: str = ""
    weight_in: Decimal = ZERO
    weight_out: Decimal = ZERO
    scrap: Decimal = ZERO
    loss: Decimal = ZERO
    tolerance_pct: Decimal = ZERO
    allowed_loss: Decimal = ZERO
    status: str = "open"
    approved_by: str = ""
    loss_units: str = ""
    burn: Decimal = ZERO
    recovered: Decimal = ZERO
    unexplained: Decimal = ZERO
    fine_loss: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class LedgerRow:
    time: datetime | None
    batch: str
    stage: str = ""
    kind: str = ""
    worker: str = ""
    scale: str = ""
    source: str = ""
    stable: bool = False
    signed: bool = False
    net: Decimal = ZERO
    fineness: Decimal = ZERO
    fine: Decimal = ZERO
    reason: str = ""
    approver: str = ""


@dataclass(frozen=True)
class CustodyRow:
    """One worker over the period: closing = opening + received - passed on - returned
    - loss (grams); day-close differences: held per ledger - counted."""

    worker: str
    opening: Decimal = ZERO
    received: Decimal = ZERO
    passed_on: Decimal = ZERO
    returned: Decimal = ZERO
    loss: Decimal = ZERO
    day_close_difference: Decimal = ZERO
    day_close_unexplained: Decimal = ZERO
    closing_units: str = ""

    @property
    def closing(self):
        return self.opening + self.received - self.passed_on - self.returned - self.loss


@dataclass(frozen=True)
class DayCloseRow:
    day: date
    reference: str
    worker: str
    held: Decimal = ZERO
    declared: Decimal = ZERO
    mode: str = ""
    state: str = ""
    status: str = ""
    reason: str = ""
    unexplained: bool = False

    @property
    def difference(self):
        return self.held - self.declared


@dataclass(frozen=True)
class RecoveryRow:
    name: str
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    state: str = ""
    workcenters: str = ""
    gross: Decimal = ZERO
    assay: Decimal = ZERO
    fineness: Decimal = ZERO
    fine_recovered: Decimal = ZERO
    recovered: Decimal = ZERO
    excess: Decimal = ZERO


@dataclass(frozen=True)
class AllocationRow:
    lot: str
    batch: str = ""
    stage: str = ""
    worker: str = ""
    loss_type: str = ""
    loss: Decimal = ZERO
    burn: Decimal = ZERO
    recovered: Decimal = ZERO
    unexplained: Decimal = ZERO
    fine_recovered: Decimal = ZERO


@dataclass(frozen=True)
class Header:
    """The Summary's head: title, lines (company, period, time zone, printed at), the
    gold price per gram of fine gold used for the loss value (None: no price) and the
    sentence that says which price it is."""

    title: str = _("Gold reconciliation")
    lines: tuple = ()
    price: Decimal | None = None
    price_text: str = ""
    money_decimals: int = 2
    notes: tuple = ()

"""The gold reconciliation workbook for accountants: rows in, a WorkbookSpec out.

Pure Python.  The Odoo report gathers plain rows (the dataclasses below) for a period
or a selection of batches and calls :func:`reconciliation_spec`; the pytest suite does
the same with the article's figures.  Sheets, each readable on A4 landscape:

  Summary      every batch, gross grams: issued = finished + in process + scrap +
               returned + loss, loss = burn + recovered + unexplained (checks 0.0000)
  Fine Gold    the same in fine gold, the loss valued at the gold price (the price used
               is on the sheet; the value is a formula on it), trade units
  Stages       every stage of every batch, a batch kept on one page
  By Stage     the stages added up by operation, with a chart of loss by stage
  By Karat     the batches added up by purity (SUMIF formulas on the two sheets above)
  Custody      per worker: opening, received, passed on, returned, loss, closing
               (a formula), with the day-close differences
  Workers      per worker: pieces per logged hour, loss % weighted by the gold in,
               recovered share, abnormal stages (period workbook; .xlsx_workers)
  Day Closes   every worker's count at each day close of the period
  Recoveries   the period's recovery lots; Allocation: how each lot was shared out
  Audit        every weighing line behind the figures (streamed: any length)

Totals are SUM formulas whose cached values are the exact Decimal sums.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .xlsx_layout import (
    ZERO,
    Cell,
    ChartSpec,
    Column,
    SheetSpec,
    Table,
    WorkbookSpec,
    _,
    d,
    ratio,
)
from .xlsx_workers import workers_sheet

HEADER_HEIGHT = 32  # two lines of a wrapped header


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


STATUS_LABELS = {"ok": _("OK"), "abnormal": _("Abnormal"), "gain": _("Gain"), "open": _("Open")}
LOSS_TYPE_LABELS = {"burn": _("Burn"), "recoverable": _("Recoverable")}


def _quote(sheet):
    return "'" + sheet[:31].replace("'", "''") + "'"


def _weights(_table, _row, values):
    return {key: Cell(value, "weight") for key, value in values.items()}


# ---------------------------------------------------------------------- Summary
SUMMARY_COLUMNS = (
    Column("batch", _("Batch"), width=15),
    Column("product", _("Product"), width=20),
    Column("purity", _("Purity"), width=22),
    Column("issued", _("Issued (g)"), "weight", 11, True),
    Column("finished", _("Finished (g)"), "weight", 11, True),
    Column("in_process", _("In Process (g)"), "weight", 11, True),
    Column("scrap", _("Scrap Returned (g)"), "weight", 11, True),
    Column("returned", _("Returned to Safe (g)"), "weight", 11, True),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("burn", _("Burn (g)"), "weight", 11, True),
    Column("recovered", _("Recovered (g)"), "weight", 11, True),
    Column("unexplained", _("Unexplained (g)"), "weight", 11, True),
    Column("loss_pct", _("Loss (%)"), "percent", 9),
    Column("check", _("Check (g)"), "check", 10),
)
GROSS_KEYS = ("issued", "finished", "in_process", "scrap", "returned", "loss")
SPLIT_KEYS = ("burn", "recovered", "unexplained")


def _check_formula(table, row, keys):
    issued, *rest = keys
    r = lambda key: table.ref(key, row)  # noqa: E731
    return f"=ROUND({r(issued)}-({'+'.join(r(key) for key in rest)}),4)"


def summary_sheet(batches, header, translate):
    rows = [[Cell(translate(header.title), "title")]]
    rows.extend([Cell(line, "subtitle")] for line in header.lines)
    rows.append([])
    header_row = len(rows)
    table = Table(SUMMARY_COLUMNS, header_row, translate)
    rows.append(table.header())
    first = header_row + 1
    values = []
    for offset, batch in enumerate(batches):
        row = first + offset
        vals = {key: getattr(batch, key) for key in GROSS_KEYS + SPLIT_KEYS}
        values.append(vals)
        cells = _weights(table, row, vals)
        cells.update(
            batch=Cell(batch.name),
            product=Cell(batch.product),
            purity=Cell(batch.purity),
            loss=Cell(
                batch.loss,
                "weight",
                f"=SUM({table.ref('burn', row)}:{table.ref('unexplained', row)})",
            ),
        )
        cells.update(_summary_identity(table, row, vals, ""))
        rows.append(table.row(cells))
    total_row = first + len(batches)
    totals = table.sums(first, total_row - 1, values)
    totals.update(_summary_identity(table, total_row, {k: c.value for k, c in totals.items()}))
    totals["batch"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    notes = [note for note in header.notes if note]
    if notes:
        rows.append([])
        rows.extend([Cell(note, "note")] for note in notes)
    return SheetSpec(
        name=translate(_("Summary")),
        rows=rows,
        widths=table.widths(),
        header_row=header_row,
        freeze=(first, 1),
        heights={0: 20, header_row: HEADER_HEIGHT},
    ), (first, total_row)


def _summary_identity(table, row, values, prefix="total_"):
    v = {key: d(value) for key, value in values.items()}
    check = v["issued"] - sum((v[key] for key in GROSS_KEYS[1:]), ZERO)
    return {
        "loss_pct": Cell(
            ratio(v["loss"], v["issued"]),
            prefix + "percent",
            f"=IF({table.ref('issued', row)}=0,0,{table.ref('loss', row)}"
            f"/{table.ref('issued', row)})",
        ),
        "check": Cell(check, prefix + "check", _check_formula(table, row, GROSS_KEYS)),
    }


# ---------------------------------------------------------------------- Fine Gold
FINE_COLUMNS = (
    Column("batch", _("Batch"), width=15),
    Column("purity", _("Purity"), width=22),
    Column("fine_issued", _("Fine Issued (g)"), "weight", 11, True),
    Column("fine_finished", _("Fine Finished (g)"), "weight", 11, True),
    Column("fine_in_process", _("Fine In Process (g)"), "weight", 11, True),
    Column("fine_scrap", _("Fine Scrap (g)"), "weight", 11, True),
    Column("fine_returned", _("Fine Returned (g)"), "weight", 11, True),
    Column("fine_loss", _("Fine Loss (g)"), "weight", 11, True),
    Column("loss_value", _("Loss Value"), "money", 15, True),
    Column("fine_check", _("Check (g)"), "check", 10),
    Column("issued_units", _("Issued (trade units)"), width=20),
    Column("loss_units", _("Loss (trade units)"), width=20),
)
FINE_KEYS = (
    "fine_issued",
    "fine_finished",
    "fine_in_process",
    "fine_scrap",
    "fine_returned",
    "fine_loss",
)
PRICE_ROW = 1  # the gold price used, in column C of the Fine Gold sheet


def _round_money(value, decimals):
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fine_sheet(batches, header, translate):
    header_row = 4
    table = Table(FINE_COLUMNS, header_row, translate)
    price_ref = table.ref("fine_issued", PRICE_ROW, absolute=True)
    price_cell = Cell(header.price, "money") if header.price is not None else None
    rows = [
        [Cell(translate(_("Fine gold and loss value")), "title")],
        [Cell(translate(_("Gold price used (per g of fine gold)")), "label"), None, price_cell],
        [Cell(header.price_text, "subtitle")],
        [],
        table.header(),
    ]
    first = header_row + 1
    values = []
    for offset, batch in enumerate(batches):
        row = first + offset
        vals = {key: getattr(batch, key) for key in FINE_KEYS}
        cells = _weights(table, row, vals)
        if header.price is not None and batch.loss_value is not None:
            vals["loss_value"] = batch.loss_value
            cells["loss_value"] = Cell(
                batch.loss_value,
                "money",
                f"=ROUND({table.ref('fine_loss', row)}*{price_ref},{header.money_decimals})",
            )
        values.append(vals)
        cells.update(
            batch=Cell(batch.name),
            purity=Cell(batch.purity),
            fine_check=Cell(_fine_check(vals), "check", _check_formula(table, row, FINE_KEYS)),
            issued_units=Cell(batch.issued_units, "units"),
            loss_units=Cell(batch.loss_units, "units"),
        )
        rows.append(table.row(cells))
    total_row = first + len(batches)
    totals = table.sums(first, total_row - 1, values)
    totals["fine_check"] = Cell(
        _fine_check({k: totals[k].value for k in FINE_KEYS}),
        "total_check",
        _check_formula(table, total_row, FINE_KEYS),
    )
    totals["batch"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    return SheetSpec(
        name=translate(_("Fine Gold")),
        rows=rows,
        widths=table.widths(),
        header_row=header_row,
        freeze=(first, 1),
        heights={0: 20, header_row: HEADER_HEIGHT},
    )


def _fine_check(values):
    v = {key: d(value) for key, value in values.items()}
    return v["fine_issued"] - sum((v[key] for key in FINE_KEYS[1:]), ZERO)


# ---------------------------------------------------------------------- Stages
STAGE_COLUMNS = (
    Column("batch", _("Batch"), width=15),
    Column("stage", _("Stage"), width=14),
    Column("worker", _("Worker"), width=16),
    Column("loss_type", _("Loss Type"), width=12),
    Column("weight_in", _("In (g)"), "weight", 11),
    Column("weight_out", _("Out (g)"), "weight", 11),
    Column("scrap", _("Scrap (g)"), "weight", 11, True),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("loss_pct", _("Loss (%)"), "percent", 9),
    Column("allowed", _("Allowed Loss (g)"), "weight", 11),
    Column("status", _("Status"), width=10),
    Column("approved_by", _("Approved By"), width=16),
)


def stages_sheet(stages, translate):
    table = Table(STAGE_COLUMNS, 0, translate)
    rows = [table.header()]
    values = []
    groups = {}
    for offset, stage in enumerate(stages):
        row = 1 + offset
        groups[row] = stage.batch
        values.append({"scrap": stage.scrap, "loss": stage.loss})
        status_style = stage.status if stage.status in ("abnormal", "gain") else "text"
        w_in, loss = table.ref("weight_in", row), table.ref("loss", row)
        rows.append(
            table.row(
                {
                    "batch": Cell(stage.batch),
                    "stage": Cell(stage.stage),
                    "worker": Cell(stage.worker),
                    "loss_type": Cell(
                        translate(LOSS_TYPE_LABELS.get(stage.loss_type, stage.loss_type))
                    ),
                    "weight_in": Cell(stage.weight_in, "weight"),
                    "weight_out": Cell(stage.weight_out, "weight"),
                    "scrap": Cell(stage.scrap, "weight"),
                    "loss": Cell(stage.loss, "weight"),
                    "loss_pct": Cell(
                        ratio(stage.loss, stage.weight_in),
                        "percent",
                        f"=IF({w_in}=0,0,{loss}/{w_in})",
                    ),
                    "allowed": Cell(stage.allowed_loss, "weight"),
                    "status": Cell(
                        translate(STATUS_LABELS.get(stage.status, stage.status)), status_style
                    ),
                    "approved_by": Cell(stage.approved_by),
                }
            )
        )
    totals = table.sums(1, len(stages), values)
    totals["batch"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    return SheetSpec(
        name=translate(_("Stages")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 2),
        heights={0: HEADER_HEIGHT},
        groups=groups,
    )


# ---------------------------------------------------------------------- By Stage
BY_STAGE_COLUMNS = (
    Column("stage", _("Stage"), width=16),
    Column("loss_type", _("Loss Type"), width=12),
    Column("count", _("Batches"), "integer", 9, True),
    Column("weight_in", _("In (g)"), "weight", 12, True),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("burn", _("Burn (g)"), "weight", 11, True),
    Column("recovered", _("Recovered (g)"), "weight", 11, True),
    Column("unexplained", _("Unexplained (g)"), "weight", 11, True),
    Column("fine_loss", _("Fine Loss (g)"), "weight", 11, True),
    Column("loss_pct", _("Loss (%)"), "percent", 9),
    Column("loss_units", _("Loss (trade units)"), width=20),
)
STAGE_SUM_KEYS = ("weight_in", "loss", "burn", "recovered", "unexplained", "fine_loss")


def stage_totals(stages):
    """[(stage name, loss type, {count, weight_in, loss, burn, ...})] in first-seen order."""
    totals = {}
    for stage in stages:
        key = (stage.stage, stage.loss_type)
        sums = totals.setdefault(key, {"count": 0, **dict.fromkeys(STAGE_SUM_KEYS, ZERO)})
        sums["count"] += 1
        for name in STAGE_SUM_KEYS:
            sums[name] += getattr(stage, name)
    return [(name, kind, sums) for (name, kind), sums in totals.items()]


def by_stage_sheet(stages, translate, units=None):
    table = Table(BY_STAGE_COLUMNS, 0, translate)
    rows = [table.header()]
    values = []
    grouped = stage_totals(stages)
    for offset, (name, kind, sums) in enumerate(grouped):
        row = 1 + offset
        values.append(sums)
        cells = {key: Cell(sums[key], "weight") for key in STAGE_SUM_KEYS}
        cells.update(
            stage=Cell(name),
            loss_type=Cell(translate(LOSS_TYPE_LABELS.get(kind, kind))),
            count=Cell(sums["count"], "integer"),
            loss=Cell(
                sums["loss"],
                "weight",
                f"=SUM({table.ref('burn', row)}:{table.ref('unexplained', row)})",
            ),
            loss_pct=_pct(table, row, sums["loss"], sums["weight_in"], "percent"),
            loss_units=Cell(units(sums["loss"]) if units else "", "units"),
        )
        rows.append(table.row(cells))
    total_row = 1 + len(grouped)
    totals = table.sums(1, total_row - 1, values)
    totals["stage"] = Cell(translate(_("Total")), "total_text")
    totals["loss_pct"] = _pct(
        table, total_row, totals["loss"].value, totals["weight_in"].value, "total_percent"
    )
    rows.append(table.row(totals))
    name = translate(_("By Stage"))
    charts = []
    if grouped:
        last = len(grouped)
        charts.append(
            ChartSpec(
                sheet=name,
                title=translate(_("Loss by stage (g)")),
                categories=(1, table.index["stage"], last),
                series=[
                    (translate(column.header), (1, table.index[column.key], last))
                    for column in BY_STAGE_COLUMNS
                    if column.key in ("burn", "recovered", "unexplained")
                ],
                anchor=(total_row + 2, 0),
                y_title=translate(_("Loss (g)")),
            )
        )
    return SheetSpec(
        name=name,
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 1),
        heights={0: HEADER_HEIGHT},
        charts=charts,
    )


def _pct(table, row, part, whole, style):
    p, w = table.ref("loss", row), table.ref("weight_in", row)
    return Cell(ratio(part, whole), style, f"=IF({w}=0,0,{p}/{w})")


# ---------------------------------------------------------------------- By Karat
KARAT_COLUMNS = (
    Column("purity", _("Purity"), width=22),
    Column("count", _("Batches"), "integer", 9, True),
    Column("issued", _("Issued (g)"), "weight", 12, True),
    Column("finished", _("Finished (g)"), "weight", 12, True),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("unexplained", _("Unexplained (g)"), "weight", 11, True),
    Column("fine_loss", _("Fine Loss (g)"), "weight", 11, True),
    Column("loss_value", _("Loss Value"), "money", 15, True),
    Column("loss_pct", _("Loss (%)"), "percent", 9),
)
# column -> (sheet, column of that sheet) the SUMIF adds up
KARAT_SOURCES = {
    "issued": ("summary", "issued"),
    "finished": ("summary", "finished"),
    "loss": ("summary", "loss"),
    "unexplained": ("summary", "unexplained"),
    "fine_loss": ("fine", "fine_loss"),
    "loss_value": ("fine", "loss_value"),
}


def by_karat_sheet(batches, translate, sources):
    """``sources``: {'summary'|'fine': (sheet name, Table, first row, last row)}."""
    table = Table(KARAT_COLUMNS, 0, translate)
    rows = [table.header()]
    sums = defaultdict(lambda: defaultdict(lambda: ZERO))
    for batch in batches:
        group = sums[batch.purity]
        group["count"] += 1
        for key, (_sheet, attr) in KARAT_SOURCES.items():
            value = getattr(batch, attr)
            if value is None:
                group.setdefault("no_value", True)
                continue
            group[key] += value
    values = []
    for offset, (purity, group) in enumerate(sums.items()):
        row = 1 + offset
        vals = {key: group[key] for key in ("count", *KARAT_SOURCES)}
        if group.get("no_value"):
            vals["loss_value"] = None
        values.append(vals)
        cells = {
            "purity": Cell(purity),
            "count": Cell(group["count"], "integer", _countif(table, row, sources)),
            "loss_pct": _karat_pct(table, row, vals, "percent"),
        }
        for key, (source, column) in KARAT_SOURCES.items():
            if vals[key] is None:
                continue
            style = "money" if key == "loss_value" else "weight"
            cells[key] = Cell(vals[key], style, _sumif(table, row, sources[source], column))
        rows.append(table.row(cells))
    total_row = 1 + len(sums)
    totals = table.sums(1, total_row - 1, values)
    totals["purity"] = Cell(translate(_("Total")), "total_text")
    totals["loss_pct"] = _karat_pct(
        table, total_row, {k: c.value for k, c in totals.items()}, "total_percent"
    )
    rows.append(table.row(totals))
    return SheetSpec(
        name=translate(_("By Karat")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 1),
        heights={0: HEADER_HEIGHT},
    )


def _karat_pct(table, row, vals, style):
    p, w = table.ref("loss", row), table.ref("issued", row)
    return Cell(ratio(vals["loss"], vals["issued"]), style, f"=IF({w}=0,0,{p}/{w})")


def _source_span(source, column):
    sheet, src_table, first, last = source
    return (
        f"{_quote(sheet)}!{src_table.ref(column, first, True)}:{src_table.ref(column, last, True)}"
    )


def _sumif(table, row, source, column):
    return (
        f"=SUMIF({_source_span(source, 'purity')},{table.ref('purity', row)},"
        f"{_source_span(source, column)})"
    )


def _countif(table, row, sources):
    return f"=COUNTIF({_source_span(sources['summary'], 'purity')},{table.ref('purity', row)})"


# ---------------------------------------------------------------------- Custody
CUSTODY_COLUMNS = (
    Column("worker", _("Worker"), width=18),
    Column("opening", _("Opening (g)"), "weight", 11, True),
    Column("received", _("Received (g)"), "weight", 11, True),
    Column("passed_on", _("Passed On (g)"), "weight", 11, True),
    Column("returned", _("Returned (g)"), "weight", 11, True),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("closing", _("Closing (g)"), "weight", 11, True),
    Column("day_close_difference", _("Day-Close Difference (g)"), "weight", 12, True),
    Column("day_close_unexplained", _("Unexplained at Day Close (g)"), "weight", 13, True),
    Column("closing_units", _("Closing (trade units)"), width=20),
)
CUSTODY_KEYS = (
    "opening",
    "received",
    "passed_on",
    "returned",
    "loss",
    "closing",
    "day_close_difference",
    "day_close_unexplained",
)


def custody_sheet(workers, translate, notes=()):
    table = Table(CUSTODY_COLUMNS, 0, translate)
    rows = [table.header()]
    values = []
    for offset, worker in enumerate(workers):
        row = 1 + offset
        vals = {key: getattr(worker, key) for key in CUSTODY_KEYS}
        values.append(vals)
        cells = _weights(table, row, vals)
        r = lambda key, row=row: table.ref(key, row)  # noqa: E731
        cells.update(
            worker=Cell(worker.worker),
            closing=Cell(
                worker.closing,
                "weight",
                f"={r('opening')}+{r('received')}-{r('passed_on')}-{r('returned')}-{r('loss')}",
            ),
            closing_units=Cell(worker.closing_units, "units"),
        )
        rows.append(table.row(cells))
    totals = table.sums(1, len(workers), values)
    totals["worker"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    if notes:
        rows.append([])
        rows.extend([Cell(note, "note")] for note in notes)
    return SheetSpec(
        name=translate(_("Custody")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 1),
        heights={0: HEADER_HEIGHT},
    )


# ---------------------------------------------------------------------- Day Closes
DAY_CLOSE_COLUMNS = (
    Column("day", _("Date"), "date", 11),
    Column("reference", _("Reference"), width=14),
    Column("state", _("Day State"), width=10),
    Column("worker", _("Worker"), width=18),
    Column("held", _("Held per Ledger (g)"), "weight", 11, True),
    Column("mode", _("Counted As"), width=16),
    Column("declared", _("Returned or Declared (g)"), "weight", 12, True),
    Column("difference", _("Difference (g)"), "weight", 11, True),
    Column("status", _("Status"), width=12),
    Column("reason", _("Reason"), width=28),
)


def day_close_sheet(lines, translate):
    table = Table(DAY_CLOSE_COLUMNS, 0, translate)
    rows = [table.header()]
    values, groups = [], {}
    for offset, line in enumerate(lines):
        row = 1 + offset
        groups[row] = line.reference
        vals = {"held": line.held, "declared": line.declared, "difference": line.difference}
        values.append(vals)
        cells = _weights(table, row, vals)
        cells.update(
            day=Cell(line.day, "date"),
            reference=Cell(line.reference),
            state=Cell(line.state),
            worker=Cell(line.worker),
            mode=Cell(line.mode),
            difference=Cell(
                line.difference,
                "weight",
                f"={table.ref('held', row)}-{table.ref('declared', row)}",
            ),
            status=Cell(line.status, "abnormal" if line.unexplained else "text"),
            reason=Cell(line.reason),
        )
        rows.append(table.row(cells))
    totals = table.sums(1, len(lines), values)
    totals["day"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    return SheetSpec(
        name=translate(_("Day Closes")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 0),
        heights={0: HEADER_HEIGHT},
        groups=groups,
    )


# ---------------------------------------------------------------------- Recoveries
RECOVERY_COLUMNS = (
    Column("name", _("Lot"), width=14),
    Column("source", _("Source"), width=14),
    Column("date_from", _("From"), "date", 11),
    Column("date_to", _("To"), "date", 11),
    Column("state", _("State"), width=12),
    Column("workcenters", _("Work Centres"), width=20),
    Column("gross", _("Dust Collected (g)"), "weight", 11, True),
    Column("assay", _("Metal Recovered (g)"), "weight", 11, True),
    Column("fineness", _("Assayed Fineness (‰)"), "fineness", 10),
    Column("fine_recovered", _("Fine Gold Recovered (g)"), "weight", 11, True),
    Column("recovered", _("Recovered, as Lost Alloy (g)"), "weight", 11, True),
    Column("excess", _("Recovered Beyond Loss (g)"), "weight", 11, True),
)
RECOVERY_KEYS = ("gross", "assay", "fine_recovered", "recovered", "excess")


def recovery_sheet(lots, translate):
    table = Table(RECOVERY_COLUMNS, 0, translate)
    rows = [table.header()]
    values = []
    for offset, lot in enumerate(lots):
        vals = {key: getattr(lot, key) for key in RECOVERY_KEYS}
        values.append(vals)
        cells = _weights(table, 1 + offset, vals)
        cells.update(
            name=Cell(lot.name),
            source=Cell(lot.source),
            date_from=Cell(lot.date_from, "date"),
            date_to=Cell(lot.date_to, "date"),
            state=Cell(lot.state),
            workcenters=Cell(lot.workcenters),
            fineness=Cell(lot.fineness, "fineness"),
        )
        rows.append(table.row(cells))
    totals = table.sums(1, len(lots), values)
    totals["name"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    return SheetSpec(
        name=translate(_("Recoveries")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 1),
        heights={0: HEADER_HEIGHT},
    )


ALLOCATION_COLUMNS = (
    Column("lot", _("Lot"), width=14),
    Column("batch", _("Batch"), width=15),
    Column("stage", _("Stage"), width=14),
    Column("worker", _("Worker"), width=16),
    Column("loss_type", _("Loss Type"), width=12),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("burn", _("Burn (g)"), "weight", 11, True),
    Column("recovered", _("Recovered (g)"), "weight", 11, True),
    Column("unexplained", _("Unexplained (g)"), "weight", 11, True),
    Column("fine_recovered", _("Fine Recovered (g)"), "weight", 11, True),
)
ALLOCATION_KEYS = ("loss", "burn", "recovered", "unexplained", "fine_recovered")


def allocation_sheet(lines, translate):
    table = Table(ALLOCATION_COLUMNS, 0, translate)
    rows = [table.header()]
    values, groups = [], {}
    for offset, line in enumerate(lines):
        row = 1 + offset
        groups[row] = line.lot
        vals = {key: getattr(line, key) for key in ALLOCATION_KEYS}
        values.append(vals)
        cells = _weights(table, row, vals)
        cells.update(
            lot=Cell(line.lot),
            batch=Cell(line.batch),
            stage=Cell(line.stage),
            worker=Cell(line.worker),
            loss_type=Cell(translate(LOSS_TYPE_LABELS.get(line.loss_type, line.loss_type))),
            loss=Cell(
                line.loss,
                "weight",
                f"=SUM({table.ref('burn', row)}:{table.ref('unexplained', row)})",
            ),
        )
        rows.append(table.row(cells))
    totals = table.sums(1, len(lines), values)
    totals["lot"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    return SheetSpec(
        name=translate(_("Allocation")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 1),
        heights={0: HEADER_HEIGHT},
        groups=groups,
    )


# ---------------------------------------------------------------------- Audit
AUDIT_COLUMNS = (
    Column("time", _("Time"), "datetime", 19),
    Column("batch", _("Batch"), width=15),
    Column("stage", _("Stage"), width=12),
    Column("kind", _("Kind"), width=16),
    Column("worker", _("Worker"), width=15),
    Column("scale", _("Balance"), width=13),
    Column("stable", _("Stable"), width=7),
    Column("signed", _("Signed"), width=7),
    Column("source", _("Source"), width=9),
    Column("net", _("Net (g)"), "weight", 11),
    Column("fineness", _("Fineness (‰)"), "fineness", 9),
    Column("fine", _("Fine Gold (g)"), "weight", 11),
    Column("approver", _("Approved By"), width=14),
    Column("reason", _("Reason"), width=22),
)


def audit_sheet(lines, translate):
    """Every weighing line; ``lines`` may be an iterator (read from the database in
    chunks): the rows are made as the writer asks for them."""
    table = Table(AUDIT_COLUMNS, 0, translate)
    yes, no = translate(_("Yes")), translate(_("No"))

    def rows():
        yield table.header()
        for line in lines:
            yield [
                Cell(line.time, "datetime"),
                Cell(line.batch),
                Cell(line.stage),
                Cell(line.kind),
                Cell(line.worker),
                Cell(line.scale),
                Cell(yes if line.stable else no),
                Cell(yes if line.signed else no),
                Cell(line.source),
                Cell(line.net, "weight"),
                Cell(line.fineness, "fineness"),
                Cell(line.fine, "weight"),
                Cell(line.approver),
                Cell(line.reason),
            ]

    return SheetSpec(
        name=translate(_("Audit")),
        rows=rows(),
        widths=table.widths(),
        header_row=0,
        freeze=(1, 2),
        heights={0: HEADER_HEIGHT},
        groups=lambda row, cells: cells[1].value,
    )


# ---------------------------------------------------------------------- workbook
def reconciliation_spec(
    batches,
    stages=(),
    ledger=(),
    custody=(),
    *,
    header=None,
    day_closes=(),
    lots=(),
    allocations=(),
    custody_notes=(),
    money_format="#,##0.00",
    units=None,
    translate=None,
    workers=None,
):
    """The reconciliation workbook.  ``ledger`` may be an iterator (streamed last);
    ``units``: grams -> the company's trade units (text); ``workers``: a
    ``xlsx_workers.WorkersSheet`` (the Workers sheet after Custody), or None."""
    translate = translate or (lambda text: text)
    header = header or Header()
    batches, stages = list(batches), list(stages)
    summary, (first, total_row) = summary_sheet(batches, header, translate)
    fine = fine_sheet(batches, header, translate)
    summary_table = Table(SUMMARY_COLUMNS, first - 1, translate)
    fine_table = Table(FINE_COLUMNS, 4, translate)
    last = max(first, total_row - 1)
    sources = {
        "summary": (summary.name, summary_table, first, last),
        "fine": (fine.name, fine_table, 5, max(5, 5 + len(batches) - 1)),
    }
    sheets = [
        summary,
        fine,
        stages_sheet(stages, translate),
        by_stage_sheet(stages, translate, units),
        by_karat_sheet(batches, translate, sources),
        custody_sheet(list(custody), translate, custody_notes),
    ]
    if workers is not None:
        sheets.append(workers_sheet(workers, translate))
    sheets += [
        day_close_sheet(list(day_closes), translate),
        recovery_sheet(list(lots), translate),
        allocation_sheet(list(allocations), translate),
        audit_sheet(ledger, translate),
    ]
    return WorkbookSpec(sheets=sheets, money_format=money_format)

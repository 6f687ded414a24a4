"""The gold reconciliation workbook as data: a declarative spec and a tiny writer.

Pure Python (no odoo; xlsxwriter only inside :func:`write_workbook` /
:func:`to_xlsx_bytes`).  The Odoo report gathers plain rows (:class:`BatchRow`,
:class:`StageRow`, :class:`LedgerRow`, :class:`WorkerRow`) and calls
:func:`reconciliation_spec`; the pytest suite does the same with the article's figures.

Spec
    WorkbookSpec(sheets, money_format)
    SheetSpec(name, rows, widths, freeze=(row, col), autofilter=(first_row, last_row,
              first_col, last_col) | None)
    rows: list of rows, each a list of Cell | None (None: nothing written)
    Cell(value, style='text', formula=None): ``value`` is the exact value (Decimal, str,
        datetime, bool); with a ``formula`` it is the formula's cached result, so a reader
        that does not recalculate still sees the exact figure.

Numbers: weights and fine gold are Decimal grams written as numbers with the format
'0.0000' (a float keeps 15-16 significant figures: the fourth decimal is safe below
10^11 g); percentages are fractions with '0.00%'; money uses ``money_format``.
Every header and label goes through ``translate`` (the Odoo side passes its ``_``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

WEIGHT_FORMAT = "0.0000"
FINENESS_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
ZERO = Decimal(0)
Q4 = Decimal("0.0001")
Q6 = Decimal("0.000001")


def _(text):
    """Marks a label for translation extraction; ``translate`` translates it later."""
    return text


# style key -> xlsxwriter format properties ('money' gets the workbook's money format)
STYLES = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True, "font_color": "#595959"},
    "header": {
        "bold": True,
        "bg_color": "#F3E5AB",
        "border": 1,
        "text_wrap": True,
        "valign": "top",
        "indent": 1,
    },
    "text": {"indent": 1},
    "weight": {"num_format": WEIGHT_FORMAT},
    "fineness": {"num_format": FINENESS_FORMAT},
    "percent": {"num_format": PERCENT_FORMAT},
    "money": {},
    "datetime": {"num_format": DATETIME_FORMAT},
    "integer": {"num_format": "0"},
    "check": {"num_format": WEIGHT_FORMAT, "font_color": "#006100", "bg_color": "#E2F0D9"},
    "abnormal": {"font_color": "#9C0006", "bg_color": "#FFC7CE", "indent": 1},
    "gain": {"font_color": "#9C5700", "bg_color": "#FFEB9C", "indent": 1},
    "total_text": {"bold": True, "top": 1},
    "total_weight": {"bold": True, "top": 1, "num_format": WEIGHT_FORMAT},
    "total_percent": {"bold": True, "top": 1, "num_format": PERCENT_FORMAT},
    "total_money": {"bold": True, "top": 1},
    "total_check": {
        "bold": True,
        "top": 1,
        "num_format": WEIGHT_FORMAT,
        "font_color": "#006100",
        "bg_color": "#E2F0D9",
    },
    "note": {"italic": True, "font_color": "#9C0006"},
}
MONEY_STYLES = ("money", "total_money")


# ---------------------------------------------------------------------- spec
@dataclass(frozen=True)
class Cell:
    value: object = None
    style: str = "text"
    formula: str | None = None


@dataclass
class SheetSpec:
    name: str
    rows: list = field(default_factory=list)
    widths: list = field(default_factory=list)
    freeze: tuple | None = None
    autofilter: tuple | None = None
    repeat_row: int | None = None  # printed on every page (the header)
    heights: dict = field(default_factory=dict)  # {row: points}


@dataclass
class WorkbookSpec:
    sheets: list
    money_format: str = "#,##0.00"

    def sheet(self, name):
        return next(sheet for sheet in self.sheets if sheet.name == name)


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


@dataclass(frozen=True)
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
class WorkerRow:
    worker: str
    stages: int = 0
    burn: Decimal = ZERO
    recovered: Decimal = ZERO
    unexplained: Decimal = ZERO
    loss_units: str = ""

    @property
    def loss(self):
        return self.burn + self.recovered + self.unexplained


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    style: str = "text"
    width: float = 12
    total: bool = False


# ---------------------------------------------------------------------- helpers
def col_letter(index):
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def money_format(symbol="", decimals=2, position="after"):
    """An Excel number format for a currency, e.g. '#,##0 "₫"' or '"$"#,##0.00'."""
    number = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if not symbol:
        return number
    quoted = '"{}"'.format(symbol.replace('"', ""))
    return f"{quoted}{number}" if position == "before" else f"{number} {quoted}"


def _d(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def _ratio(part, whole):
    """part / whole as an exact-enough fraction (6 places: 0.0001 %), 0 when whole is 0."""
    part, whole = _d(part), _d(whole)
    if not whole:
        return ZERO
    return (part / whole).quantize(Q6, rounding=ROUND_HALF_UP)


class _Table:
    """Columns placed from ``first_row`` (header) on; A1 references by column key."""

    def __init__(self, columns, header_row):
        self.columns = columns
        self.header_row = header_row
        self.index = {column.key: i for i, column in enumerate(columns)}

    def ref(self, key, row):
        return f"{col_letter(self.index[key])}{row + 1}"

    def span(self, key, first, last):
        return f"{self.ref(key, first)}:{self.ref(key, last)}"

    def header(self, translate):
        return [Cell(translate(column.header), "header") for column in self.columns]

    def row(self, values):
        """``values``: {key: Cell}; missing keys stay empty."""
        return [values.get(column.key) for column in self.columns]

    def widths(self):
        return [column.width for column in self.columns]

    def sums(self, first, last, values):
        """Totals: SUM formulas for the ``total`` columns, cached exact sums."""
        cells = {}
        for column in self.columns:
            if not column.total:
                continue
            given = [v.get(column.key) for v in values if v.get(column.key) is not None]
            style = "total_money" if column.style == "money" else "total_weight"
            if not given:  # nothing to add up (e.g. no gold price): stay empty
                cells[column.key] = Cell(None, style)
                continue
            exact = sum((_d(value) for value in given), ZERO)
            formula = f"=SUM({self.span(column.key, first, last)})"
            cells[column.key] = Cell(exact, style, formula)
        return cells


# ---------------------------------------------------------------------- sheets
SUMMARY_COLUMNS = (
    Column("batch", _("Batch"), width=16),
    Column("product", _("Product"), width=22),
    Column("purity", _("Purity"), width=20),
    Column("issued", _("Issued (g)"), "weight", 12, True),
    Column("issued_units", _("Issued (trade units)"), width=24),
    Column("finished", _("Finished (g)"), "weight", 12, True),
    Column("in_process", _("In Process (g)"), "weight", 12, True),
    Column("scrap", _("Scrap Returned (g)"), "weight", 12, True),
    Column("returned", _("Returned to Safe (g)"), "weight", 12, True),
    Column("loss", _("Loss (g)"), "weight", 12, True),
    Column("burn", _("Burn (g)"), "weight", 12, True),
    Column("recovered", _("Recovered (g)"), "weight", 12, True),
    Column("unexplained", _("Unexplained (g)"), "weight", 12, True),
    Column("loss_units", _("Loss (trade units)"), width=24),
    Column("loss_pct", _("Loss (%)"), "percent", 9),
    Column("fine_issued", _("Fine Issued (g)"), "weight", 12, True),
    Column("fine_finished", _("Fine Finished (g)"), "weight", 12, True),
    Column("fine_in_process", _("Fine In Process (g)"), "weight", 12, True),
    Column("fine_scrap", _("Fine Scrap (g)"), "weight", 12, True),
    Column("fine_returned", _("Fine Returned (g)"), "weight", 12, True),
    Column("fine_loss", _("Fine Loss (g)"), "weight", 12, True),
    Column("loss_value", _("Loss Value"), "money", 16, True),
    Column("check", _("Check: Issued − Accounted (g)"), "check", 17),
    Column("fine_check", _("Check: Fine (g)"), "check", 12),
)
HEADER_ROW = 3  # title, subtitle, blank, header
HEADER_HEIGHT = 42  # three lines of a wrapped header


def _summary_values(batch):
    return {
        "issued": batch.issued,
        "finished": batch.finished,
        "in_process": batch.in_process,
        "scrap": batch.scrap,
        "returned": batch.returned,
        "loss": batch.loss,
        "burn": batch.burn,
        "recovered": batch.recovered,
        "unexplained": batch.unexplained,
        "fine_issued": batch.fine_issued,
        "fine_finished": batch.fine_finished,
        "fine_in_process": batch.fine_in_process,
        "fine_scrap": batch.fine_scrap,
        "fine_returned": batch.fine_returned,
        "fine_loss": batch.fine_loss,
        "loss_value": batch.loss_value,
    }


def _identity_cells(table, row, values, total=False):
    """Loss %, loss split and the two conservation checks of one row, as formulas."""
    r = lambda key: table.ref(key, row)  # noqa: E731
    v = {key: _d(value) for key, value in values.items()}
    check = v["issued"] - (v["finished"] + v["in_process"] + v["scrap"] + v["returned"] + v["loss"])
    fine_check = v["fine_issued"] - (
        v["fine_finished"]
        + v["fine_in_process"]
        + v["fine_scrap"]
        + v["fine_returned"]
        + v["fine_loss"]
    )
    prefix = "total_" if total else ""
    cells = {
        "loss_pct": Cell(
            _ratio(v["loss"], v["issued"]),
            prefix + "percent",
            f"=IF({r('issued')}=0,0,{r('loss')}/{r('issued')})",
        ),
        "check": Cell(
            check,
            prefix + "check",
            f"=ROUND({r('issued')}-({r('finished')}+{r('in_process')}+{r('scrap')}"
            f"+{r('returned')}+{r('loss')}),4)",
        ),
        "fine_check": Cell(
            fine_check,
            prefix + "check",
            f"=ROUND({r('fine_issued')}-({r('fine_finished')}+{r('fine_in_process')}"
            f"+{r('fine_scrap')}+{r('fine_returned')}+{r('fine_loss')}),4)",
        ),
    }
    if not total:
        cells["loss"] = Cell(
            v["loss"], "weight", f"={r('burn')}+{r('recovered')}+{r('unexplained')}"
        )
    return cells


def _title_rows(title, subtitle, translate):
    return [[Cell(translate(title), "title")], [Cell(subtitle, "subtitle")], []]


def summary_sheet(batches, translate, subtitle="", notes=()):
    table = _Table(SUMMARY_COLUMNS, HEADER_ROW)
    rows = _title_rows(_("Gold reconciliation"), subtitle, translate)
    rows.append(table.header(translate))
    first = HEADER_ROW + 1
    values = []
    for offset, batch in enumerate(batches):
        row = first + offset
        batch_values = _summary_values(batch)
        values.append(batch_values)
        cells = {
            key: Cell(value, "money" if key == "loss_value" else "weight")
            for key, value in batch_values.items()
        }
        cells.update(
            batch=Cell(batch.name),
            product=Cell(batch.product),
            purity=Cell(batch.purity),
            issued_units=Cell(batch.issued_units),
            loss_units=Cell(batch.loss_units),
        )
        cells.update(_identity_cells(table, row, batch_values))
        rows.append(table.row(cells))
    total_row = first + len(batches)
    last = total_row - 1
    totals = table.sums(first, last, values)
    totals.update(_identity_cells(table, total_row, {k: c.value for k, c in totals.items()}, True))
    totals["batch"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(totals))
    if notes:
        rows.append([])
        rows.extend([Cell(note, "note")] for note in notes)
    return SheetSpec(
        name=translate(_("Summary")),
        rows=rows,
        widths=table.widths(),
        freeze=(first, 1),
        autofilter=(HEADER_ROW, last, 0, len(SUMMARY_COLUMNS) - 1) if batches else None,
        repeat_row=HEADER_ROW,
        heights={0: 20, HEADER_ROW: HEADER_HEIGHT},
    )


STAGE_COLUMNS = (
    Column("batch", _("Batch"), width=16),
    Column("stage", _("Stage"), width=16),
    Column("workcenter", _("Work Centre"), width=16),
    Column("worker", _("Worker"), width=18),
    Column("loss_type", _("Loss Type"), width=12),
    Column("weight_in", _("In (g)"), "weight", 12),
    Column("weight_out", _("Out (g)"), "weight", 12),
    Column("scrap", _("Scrap (g)"), "weight", 12, True),
    Column("loss", _("Loss (g)"), "weight", 12, True),
    Column("loss_units", _("Loss (trade units)"), width=22),
    Column("loss_pct", _("Loss (%)"), "percent", 9),
    Column("tolerance", _("Tolerance (%)"), "percent", 10),
    Column("allowed", _("Allowed Loss (g)"), "weight", 12),
    Column("status", _("Status"), width=12),
    Column("approved_by", _("Approved By"), width=18),
)
STATUS_LABELS = {
    "ok": _("OK"),
    "abnormal": _("Abnormal"),
    "gain": _("Gain"),
    "open": _("Open"),
}
LOSS_TYPE_LABELS = {"burn": _("Burn"), "recoverable": _("Recoverable")}


def stages_sheet(stages, translate):
    table = _Table(STAGE_COLUMNS, 0)
    rows = [table.header(translate)]
    values = []
    for offset, stage in enumerate(stages):
        row = 1 + offset
        values.append({"scrap": stage.scrap, "loss": stage.loss})
        status_style = stage.status if stage.status in ("abnormal", "gain") else "text"
        rows.append(
            table.row(
                {
                    "batch": Cell(stage.batch),
                    "stage": Cell(stage.stage),
                    "workcenter": Cell(stage.workcenter),
                    "worker": Cell(stage.worker),
                    "loss_type": Cell(
                        translate(LOSS_TYPE_LABELS.get(stage.loss_type, stage.loss_type))
                    ),
                    "weight_in": Cell(stage.weight_in, "weight"),
                    "weight_out": Cell(stage.weight_out, "weight"),
                    "scrap": Cell(stage.scrap, "weight"),
                    "loss": Cell(stage.loss, "weight"),
                    "loss_units": Cell(stage.loss_units),
                    "loss_pct": Cell(
                        _ratio(stage.loss, stage.weight_in),
                        "percent",
                        f"=IF({table.ref('weight_in', row)}=0,0,"
                        f"{table.ref('loss', row)}/{table.ref('weight_in', row)})",
                    ),
                    "tolerance": Cell(_d(stage.tolerance_pct) / 100, "percent"),
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
        freeze=(1, 2),
        autofilter=(0, len(stages), 0, len(STAGE_COLUMNS) - 1) if stages else None,
        repeat_row=0,
        heights={0: HEADER_HEIGHT},
    )


LEDGER_COLUMNS = (
    Column("time", _("Time"), "datetime", 20),
    Column("batch", _("Batch"), width=16),
    Column("stage", _("Stage"), width=16),
    Column("kind", _("Kind"), width=20),
    Column("worker", _("Worker"), width=18),
    Column("scale", _("Balance"), width=16),
    Column("source", _("Source"), width=12),
    Column("stable", _("Stable"), width=8),
    Column("signed", _("Signed"), width=8),
    Column("net", _("Net (g)"), "weight", 12),
    Column("fineness", _("Fineness (‰)"), "fineness", 10),
    Column("fine", _("Fine Gold (g)"), "weight", 12),
    Column("reason", _("Reason"), width=30),
    Column("approver", _("Approved By"), width=18),
)


def ledger_sheet(lines, translate):
    table = _Table(LEDGER_COLUMNS, 0)
    yes, no = translate(_("Yes")), translate(_("No"))
    rows = [table.header(translate)]
    for line in lines:
        rows.append(
            table.row(
                {
                    "time": Cell(line.time, "datetime"),
                    "batch": Cell(line.batch),
                    "stage": Cell(line.stage),
                    "kind": Cell(line.kind),
                    "worker": Cell(line.worker),
                    "scale": Cell(line.scale),
                    "source": Cell(line.source),
                    "stable": Cell(yes if line.stable else no),
                    "signed": Cell(yes if line.signed else no),
                    "net": Cell(line.net, "weight"),
                    "fineness": Cell(line.fineness, "fineness"),
                    "fine": Cell(line.fine, "weight"),
                    "reason": Cell(line.reason),
                    "approver": Cell(line.approver),
                }
            )
        )
    return SheetSpec(
        name=translate(_("Ledger")),
        rows=rows,
        widths=table.widths(),
        freeze=(1, 2),
        autofilter=(0, len(lines), 0, len(LEDGER_COLUMNS) - 1) if lines else None,
        repeat_row=0,
        heights={0: HEADER_HEIGHT},
    )


WORKER_COLUMNS = (
    Column("worker", _("Worker"), width=20),
    Column("stages", _("Stages"), "integer", 8),
    Column("loss", _("Loss (g)"), "weight", 12, True),
    Column("burn", _("Burn (g)"), "weight", 12, True),
    Column("recovered", _("Recovered (g)"), "weight", 12, True),
    Column("unexplained", _("Unexplained (g)"), "weight", 12, True),
    Column("share", _("Recovered Share (%)"), "percent", 12),
    Column("loss_units", _("Loss (trade units)"), width=22),
)


def _share_cell(table, row, recovered, unexplained, style):
    rec, unx = table.ref("recovered", row), table.ref("unexplained", row)
    return Cell(
        _ratio(recovered, _d(recovered) + _d(unexplained)),
        style,
        f"=IF({rec}+{unx}=0,0,{rec}/({rec}+{unx}))",
    )


def workers_sheet(workers, translate, notes=()):
    table = _Table(WORKER_COLUMNS, 0)
    rows = [table.header(translate)]
    values = []
    for offset, worker in enumerate(workers):
        row = 1 + offset
        worker_values = {
            "loss": worker.loss,
            "burn": worker.burn,
            "recovered": worker.recovered,
            "unexplained": worker.unexplained,
        }
        values.append(worker_values)
        cells = {key: Cell(value, "weight") for key, value in worker_values.items()}
        cells["loss"] = Cell(
            worker.loss,
            "weight",
            f"={table.ref('burn', row)}+{table.ref('recovered', row)}"
            f"+{table.ref('unexplained', row)}",
        )
        cells.update(
            worker=Cell(worker.worker),
            stages=Cell(worker.stages, "integer"),
            share=_share_cell(table, row, worker.recovered, worker.unexplained, "percent"),
            loss_units=Cell(worker.loss_units),
        )
        rows.append(table.row(cells))
    total_row = 1 + len(workers)
    totals = table.sums(1, total_row - 1, values)
    totals["worker"] = Cell(translate(_("Total")), "total_text")
    totals["share"] = _share_cell(
        table,
        total_row,
        totals["recovered"].value,
        totals["unexplained"].value,
        "total_percent",
    )
    rows.append(table.row(totals))
    if notes:
        rows.append([])
        rows.extend([Cell(note, "note")] for note in notes)
    return SheetSpec(
        name=translate(_("Workers")),
        rows=rows,
        widths=table.widths(),
        freeze=(1, 1),
        repeat_row=0,
        heights={0: HEADER_HEIGHT},
    )


def reconciliation_spec(
    batches,
    stages=(),
    ledger=(),
    workers=(),
    *,
    subtitle="",
    notes=(),
    worker_notes=(),
    money_format="#,##0.00",
    translate=None,
):
    """The four-sheet reconciliation workbook (Summary, Stages, Ledger, Workers)."""
    translate = translate or (lambda text: text)
    batches, stages, ledger, workers = (list(x) for x in (batches, stages, ledger, workers))
    return WorkbookSpec(
        sheets=[
            summary_sheet(batches, translate, subtitle, notes),
            stages_sheet(stages, translate),
            ledger_sheet(ledger, translate),
            workers_sheet(workers, translate, worker_notes),
        ],
        money_format=money_format,
    )


# ---------------------------------------------------------------------- writer
def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _write_cell(sheet, row, col, cell, fmt):
    value = cell.value
    if cell.formula:
        cached = value if isinstance(value, str) else _number(value)
        sheet.write_formula(row, col, cell.formula, fmt, 0 if cached is None else cached)
    elif value is None or value == "":
        if fmt is not None:
            sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, Decimal | int | float):
        sheet.write_number(row, col, _number(value), fmt)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _page_setup(sheet, sheet_spec):
    """Printed as accountants file it: A4 landscape, one page wide, header repeated."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    if sheet_spec.repeat_row is not None:
        sheet.repeat_rows(sheet_spec.repeat_row)


def write_workbook(spec, workbook):
    """Write ``spec`` into an xlsxwriter ``workbook`` (not closed here)."""
    formats = {}
    for key, props in STYLES.items():
        money = {"num_format": spec.money_format} if key in MONEY_STYLES else {}
        formats[key] = workbook.add_format({**props, **money})
    for sheet_spec in spec.sheets:
        sheet = workbook.add_worksheet(sheet_spec.name[:31])
        for col, width in enumerate(sheet_spec.widths):
            sheet.set_column(col, col, width)
        for row, cells in enumerate(sheet_spec.rows):
            for col, cell in enumerate(cells):
                if cell is not None:
                    _write_cell(sheet, row, col, cell, formats.get(cell.style))
        for row, height in sheet_spec.heights.items():
            sheet.set_row(row, height)
        if sheet_spec.freeze:
            sheet.freeze_panes(*sheet_spec.freeze)
        if sheet_spec.autofilter:
            sheet.autofilter(*sheet_spec.autofilter)
        _page_setup(sheet, sheet_spec)
    return workbook


def to_xlsx_bytes(spec):
    """The workbook of ``spec`` as .xlsx bytes (in memory)."""
    import io  # noqa: PLC0415

    import xlsxwriter  # noqa: PLC0415

    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    write_workbook(spec, workbook)
    workbook.close()
    return stream.getvalue()

"""The Custody and Day Closes sheets: per worker over the period (opening, received,
passed on, returned, loss, closing as a formula, the day-close differences), then
every worker's count at each day close.
"""

from .xlsx_layout import Cell, Column, SheetSpec, Table, _
from .xlsx_sheet_common import HEADER_HEIGHT, _weights

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

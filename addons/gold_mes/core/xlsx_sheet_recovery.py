"""The Recoveries and Allocation sheets: the period's recovery lots, then how each lot
was shared out over the stages' losses.
"""

from .xlsx_layout import Cell, Column, SheetSpec, Table, _
from .xlsx_sheet_common import HEADER_HEIGHT, LOSS_TYPE_LABELS, _weights

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

"""The Audit sheet: every weighing line behind the figures, streamed (any length)."""

from .xlsx_layout import Cell, Column, SheetSpec, Table, _
from .xlsx_sheet_common import HEADER_HEIGHT

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

"""The Summary and Fine Gold sheets: every batch in gross grams, then in fine gold with
the loss valued at the gold price.

Each batch row checks its identity (issued = finished + in process + scrap + returned +
loss, a ROUND formula that shows 0.0000); totals are SUM formulas.  :func:`summary_sheet`
also returns its first and total rows, which the By Karat sheet's SUMIF formulas read.
"""

from decimal import ROUND_HALF_UP, Decimal

from .xlsx_layout import ZERO, Cell, Column, SheetSpec, Table, _, d, ratio
from .xlsx_sheet_common import HEADER_HEIGHT, _weights

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

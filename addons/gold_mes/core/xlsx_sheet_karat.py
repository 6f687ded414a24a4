"""The By Karat sheet: the batches added up by purity, as SUMIF and COUNTIF formulas on
the Summary and Fine Gold sheets (their cached values are the exact Decimal sums).
"""

from collections import defaultdict

from .xlsx_layout import ZERO, Cell, Column, SheetSpec, Table, _, ratio
from .xlsx_sheet_common import HEADER_HEIGHT

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


def _quote(sheet):
    return "'" + sheet[:31].replace("'", "''") + "'"


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

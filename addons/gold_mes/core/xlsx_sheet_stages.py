"""The Stages and By Stage sheets: every stage of every batch (a batch kept on one page),
then the stages added up by operation with a chart of loss by stage.
"""

from .xlsx_layout import ZERO, Cell, ChartSpec, Column, SheetSpec, Table, _, ratio
from .xlsx_sheet_common import HEADER_HEIGHT, LOSS_TYPE_LABELS, STATUS_LABELS

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

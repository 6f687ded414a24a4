"""The Workers sheet of the period reconciliation (issue 14.2): per worker over the
period, the figures of ``core.performance.figures`` fit to pay by.

Pure Python.  The report computes one :class:`~.performance.Figures` per worker from
the closed stages of ``gold.worker.performance`` (the figures its screens show) and one
for all of them; this module only lays them out.  Pieces count once per batch and
worker; hours are the work time logged on the work orders, never the plan, and a
stage without logged time adds no hours and no pieces to the rate (the sheet counts
those stages and lists them); loss % is weighted by the gold that went in; the
recovered share is recovered over lost gold.

Ratios are formulas on their row (``ROUND`` to the core's quantum), totals are SUM
formulas; every cached value is the core's exact figure.
"""

from dataclasses import dataclass

from .performance import Figures
from .xlsx_layout import ZERO, Cell, Column, SheetSpec, Table, _

HEADER_HEIGHT = 47  # three lines of a wrapped header: the headers say what they count
NO_TIME = _("no time logged")


@dataclass(frozen=True)
class WorkerRow:
    """One worker over the period: the core Figures, the name, the loss in the
    company's trade units."""

    worker: str
    figures: Figures
    loss_units: str = ""


@dataclass(frozen=True)
class WorkersSheet:
    """What the sheet shows: the rows, the Figures of all of them, the stages without
    logged time, notes."""

    rows: tuple = ()
    total: Figures | None = None
    untimed: tuple = ()
    notes: tuple = ()


@dataclass(frozen=True)
class UntimedStage:
    """A closed stage of the period without logged work time."""

    worker: str
    batch: str
    stage: str
    workcenter: str = ""
    day: object = None


WORKER_COLUMNS = (
    Column("worker", _("Worker"), width=18),
    Column("stages", _("Stages"), "integer", 8, True),
    Column("pieces", _("Pieces (once per batch)"), "integer", 10, True),
    Column("timed_pieces", _("Pieces with Time Logged"), "integer", 10, True),
    Column("hours", _("Hours Logged"), "hours", 9, True),
    Column("untimed", _("Stages Without Time"), "integer", 9, True),
    Column("pieces_per_hour", _("Pieces per Hour"), "rate", 14),  # or "no time logged"
    Column("gold_in", _("Gold In (g)"), "weight", 12, True),
    Column("loss", _("Loss (g)"), "weight", 11, True),
    Column("loss_pct", _("Loss (% of gold in)"), "rate4", 10),
    Column("recovered", _("Recovered (g)"), "weight", 11, True),
    Column("recovered_pct", _("Recovered Share (%)"), "rate", 10),
    Column("abnormal", _("Abnormal Stages"), "integer", 9, True),
    Column("loss_units", _("Loss (trade units)"), "units", 20),
)
STYLE = {column.key: column.style for column in WORKER_COLUMNS}

UNTIMED_HEADER = _("Batch · Stage · Work Centre · Date")


def _values(figures):
    return {
        "stages": figures.stages,
        "pieces": figures.pieces,
        "timed_pieces": figures.timed_pieces,
        "untimed": figures.untimed,
        "abnormal": figures.abnormal,
        "hours": figures.hours,
        "gold_in": figures.gold_in,
        "loss": figures.loss,
        "recovered": figures.recovered,
    }


def _ratio_cell(value, formula, style, missing=""):
    """The core's ratio with the formula that gives it; ``missing`` when it has none."""
    if value is None:
        return Cell(missing, "text" if missing else style)
    return Cell(value, style, formula)


def _ratios(table, row, figures, translate, total=False):
    r = lambda key: table.ref(key, row)  # noqa: E731
    prefix = "total_" if total else ""
    return {
        "pieces_per_hour": _ratio_cell(
            figures.pieces_per_hour,
            f'=IF({r("hours")}=0,"",ROUND({r("timed_pieces")}/{r("hours")},2))',
            prefix + "rate",
            translate(NO_TIME),
        ),
        "loss_pct": _ratio_cell(
            figures.loss_pct,
            f'=IF({r("gold_in")}<=0,"",ROUND({r("loss")}*100/{r("gold_in")},4))',
            prefix + "rate4",
        ),
        "recovered_pct": _ratio_cell(
            figures.recovered_pct,
            f'=IF({r("loss")}<=0,"",ROUND({r("recovered")}*100/{r("loss")},2))',
            prefix + "rate",
        ),
    }


def workers_sheet(spec, translate):
    """``spec``: a WorkersSheet; its ``total`` is the Figures of all the rows' stages
    at once (the cached totals; its additive figures are the sums of the rows')."""
    workers, total = list(spec.rows), spec.total
    table = Table(WORKER_COLUMNS, 0, translate)
    rows = [table.header()]
    for offset, worker in enumerate(workers):
        row = 1 + offset
        figures = worker.figures
        cells = {key: Cell(value, STYLE[key]) for key, value in _values(figures).items()}
        if figures.untimed:
            cells["untimed"] = Cell(figures.untimed, "abnormal")
        if figures.abnormal:
            cells["abnormal"] = Cell(figures.abnormal, "abnormal")
        cells.update(_ratios(table, row, figures, translate))
        cells["worker"] = Cell(worker.worker)
        cells["loss_units"] = Cell(worker.loss_units, "units")
        rows.append(table.row(cells))
    total_row = 1 + len(workers)
    cells = {}
    for key, value in _values(total or _empty()).items():
        style = "total_" + STYLE[key]
        formula = f"=SUM({table.span(key, 1, total_row - 1)})" if workers else None
        cells[key] = Cell(value, style, formula)
    cells.update(_ratios(table, total_row, total or _empty(), translate, total=True))
    cells["worker"] = Cell(translate(_("Total")), "total_text")
    rows.append(table.row(cells))
    rows.extend(_notes(spec.notes))
    rows.extend(_untimed_table(spec.untimed, translate))
    return SheetSpec(
        name=translate(_("Workers")),
        rows=rows,
        widths=table.widths(),
        header_row=0,
        freeze=(1, 1),
        heights={0: HEADER_HEIGHT},
    )


def _empty():
    return Figures(0, ZERO, ZERO, ZERO, None, ZERO, ZERO, None, ZERO, None, 0, 0)


def _notes(notes):
    if not notes:
        return []
    return [[], *([Cell(note, "note")] for note in notes)]


def _untimed_table(stages, translate):
    """The closed stages without logged time, below the workers: the worker, then the
    stage in one line of text (it runs over the empty cells beside it in print)."""
    if not stages:
        return []
    rows = [
        [],
        [Cell(translate(_("Stages without logged work time")), "label")],
        [Cell(translate(_("Worker")), "label"), Cell(translate(UNTIMED_HEADER), "label")],
    ]
    for stage in stages:
        day = stage.day.isoformat() if stage.day else ""
        text = " · ".join(
            part for part in (stage.batch, stage.stage, stage.workcenter, day) if part
        )
        rows.append([Cell(stage.worker), Cell(text)])
    return rows

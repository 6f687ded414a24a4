"""The Workers sheet (issue 14.2), written by xlsxwriter and read back by openpyxl:
every cached value is the core's exact figure, ratios and totals are formulas."""

from datetime import date
from decimal import Decimal as D

import pytest
from gold_mes.core.performance import figures, stage
from gold_mes.core.xlsx_layout import to_xlsx_bytes
from gold_mes.core.xlsx_reconciliation import reconciliation_spec
from gold_mes.core.xlsx_workers import UntimedStage, WorkerRow, WorkersSheet

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

# Worker A: casting and filing of batch 1 (100 rings, counted once), 2.5 h logged;
# filing of batch 2 (50 rings) with no time logged.  Worker B: polishing of batch 1.
STAGES = {
    "Worker A": [
        stage(1, 1, pieces=100, hours=1.5, gold_in="375", loss="7.5"),
        stage(1, 1, pieces=100, hours=1.0, gold_in="367.5", loss="11.25", recovered="7.5",
              abnormal=True),
        stage(2, 1, pieces=50, hours=0, gold_in="187.5", loss="1.875"),
    ],
    "Worker B": [stage(1, 2, pieces=100, hours=0.75, gold_in="356.25", loss="3.75")],
}  # fmt: skip


def workbook(tmp_path):
    rows = [WorkerRow(name, figures(stages), f"{name} units") for name, stages in STAGES.items()]
    total = figures(s for stages in STAGES.values() for s in stages)
    sheet = WorkersSheet(
        rows=tuple(rows),
        total=total,
        untimed=(UntimedStage("Worker A", "WH/MO/00002", "Filing", "Bench", date(2025, 3, 2)),),
        notes=("Hours: logged, never planned.",),
    )
    spec = reconciliation_spec([], workers=sheet)
    path = tmp_path / "workers.xlsx"
    path.write_bytes(to_xlsx_bytes(spec))
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True), total


def columns(sheet):
    return {cell.value: cell.column_letter for cell in sheet[1] if cell.value is not None}


def exact(value):
    return D(repr(value)) if isinstance(value, float) else D(value)


def test_the_sheet_sits_after_custody(tmp_path):
    formulas, _values, _total = workbook(tmp_path)
    names = formulas.sheetnames
    assert names.index("Workers") == names.index("Custody") + 1
    # the batch print (no period) has no Workers sheet
    assert "Workers" not in [sheet.name for sheet in reconciliation_spec([]).sheets]


def test_each_worker_carries_the_cores_figures(tmp_path):
    formulas, values, _total = workbook(tmp_path)
    sheet, col = values["Workers"], columns(values["Workers"])
    a = figures(STAGES["Worker A"])
    assert sheet["A2"].value == "Worker A"
    assert exact(sheet[f"{col['Pieces (once per batch)']}2"].value) == a.pieces == 150
    assert exact(sheet[f"{col['Pieces with Time Logged']}2"].value) == a.timed_pieces == 100
    assert exact(sheet[f"{col['Hours Logged']}2"].value) == a.hours == D("2.5")
    assert exact(sheet[f"{col['Pieces per Hour']}2"].value) == a.pieces_per_hour == 40
    assert exact(sheet[f"{col['Loss (% of gold in)']}2"].value) == a.loss_pct
    assert exact(sheet[f"{col['Recovered Share (%)']}2"].value) == a.recovered_pct
    assert sheet[f"{col['Stages Without Time']}2"].value == 1
    assert sheet[f"{col['Abnormal Stages']}2"].value == 1
    assert sheet[f"{col['Loss (trade units)']}2"].value == "Worker A units"
    rate = formulas["Workers"][f"{col['Pieces per Hour']}2"].value
    assert rate == '=IF(E2=0,"",ROUND(D2/E2,2))'


def test_totals_are_formulas_and_equal_the_core(tmp_path):
    formulas, values, total = workbook(tmp_path)
    sheet, col = values["Workers"], columns(values["Workers"])
    assert sheet["A4"].value == "Total"
    for header, figure in (
        ("Stages", total.stages),
        ("Pieces (once per batch)", total.pieces),
        ("Hours Logged", total.hours),
        ("Gold In (g)", total.gold_in),
        ("Loss (g)", total.loss),
        ("Recovered (g)", total.recovered),
        ("Pieces per Hour", total.pieces_per_hour),
        ("Loss (% of gold in)", total.loss_pct),
    ):
        assert exact(sheet[f"{col[header]}4"].value) == figure, header
    # pieces once per batch and worker: batch 1 counts for A and for B
    assert total.pieces == 250
    assert (
        formulas["Workers"][f"{col['Loss (g)']}4"].value
        == f"=SUM({col['Loss (g)']}2:{col['Loss (g)']}3)"
    )


def test_a_worker_without_logged_time_says_so(tmp_path):
    STAGES["Worker C"] = [stage(3, 3, pieces=10, hours=None, gold_in="10", loss="0.1")]
    try:
        _formulas, values, _total = workbook(tmp_path)
    finally:
        del STAGES["Worker C"]
    sheet, col = values["Workers"], columns(values["Workers"])
    assert sheet["A4"].value == "Worker C"
    assert sheet[f"{col['Pieces per Hour']}4"].value == "no time logged"
    texts = [row[0].value for row in sheet.iter_rows(min_row=5)]
    assert "Hours: logged, never planned." in texts
    assert "Stages without logged work time" in texts
    listed = [tuple(c.value for c in row[:2]) for row in sheet.iter_rows(min_row=5)]
    assert ("Worker A", "WH/MO/00002 · Filing · Bench · 2025-03-02") in listed

"""The reconciliation workbook spec, written by xlsxwriter and read back by openpyxl.

The article's batch: 10 lượng of 18K for 100 rings; casting -0.2 lượng (burn), filing
-0.3, polishing -0.1 (recoverable); 0.2 lượng back from the vacuum, 0.2 unexplained.
"""

from datetime import datetime
from decimal import Decimal as D

import pytest
from gold_mes.core.xlsx_layout import (
    BatchRow,
    LedgerRow,
    StageRow,
    WorkerRow,
    col_letter,
    money_format,
    reconciliation_spec,
    to_xlsx_bytes,
)

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

LUONG = D("37.5")
FINE = D("0.75")
FIRST = 5  # Excel row of the first batch (title, subtitle, blank, header)


def article_batch(**changes):
    vals = {
        "name": "WH/MO/00001",
        "product": "Ring 18K",
        "purity": "750",
        "issued": 10 * LUONG,  # 375
        "finished": D("9.4") * LUONG,  # 352.5
        "burn": D("0.2") * LUONG,  # 7.5, casting
        "recovered": D("0.2") * LUONG,  # 7.5, back from the vacuum
        "unexplained": D("0.2") * LUONG,  # 7.5
        "fine_issued": 10 * LUONG * FINE,
        "fine_finished": D("9.4") * LUONG * FINE,
        "fine_loss": D("0.6") * LUONG * FINE,
        "loss_value": D("33750000"),
        "issued_units": "10 lượng",
        "loss_units": "6 chỉ",
    }
    vals.update(changes)
    return BatchRow(**vals)


def article_stages():
    rows = []
    weight = 10 * LUONG
    for name, kind, tolerance, lost, worker in (
        ("Casting", "burn", D("2"), D("0.2"), "Worker A"),
        ("Filing", "recoverable", D("3.2"), D("0.3"), "Worker B"),
        ("Polishing", "recoverable", D("1.1"), D("0.1"), "Worker C"),
    ):
        loss = lost * LUONG
        rows.append(
            StageRow(
                batch="WH/MO/00001",
                stage=name,
                workcenter=name,
                worker=worker,
                loss_type=kind,
                weight_in=weight,
                weight_out=weight - loss,
                loss=loss,
                tolerance_pct=tolerance,
                allowed_loss=(weight * tolerance / 100).quantize(D("0.0001")),
                status="ok",
            )
        )
        weight -= loss
    return rows


def article_ledger():
    at = datetime(2025, 3, 1, 8, 0)
    return [
        LedgerRow(at, "WH/MO/00001", "", "Issue", "Worker A", "SN-1000", "Balance", True, True,
                  D("375.0000"), D("750"), D("281.2500")),
        LedgerRow(at, "WH/MO/00001", "Casting", "Weigh-out", "Worker A", "SN-1000", "Balance",
                  True, False, D("367.5001"), D("750"), D("275.6251")),
    ]  # fmt: skip


def article_workers():
    return [
        WorkerRow("Worker A", 1, burn=D("7.5")),
        WorkerRow("Worker B", 1, recovered=D("5.625"), unexplained=D("5.625")),
        WorkerRow("Worker C", 1, recovered=D("1.875"), unexplained=D("1.875")),
    ]


def headers(sheet, row):
    return {cell.value: cell.column_letter for cell in sheet[row] if cell.value is not None}


@pytest.fixture
def workbooks(tmp_path):
    def build(batches, **kwargs):
        spec = reconciliation_spec(
            batches,
            article_stages(),
            article_ledger(),
            article_workers(),
            subtitle="Gold MES · 2025-03-01",
            money_format=money_format("₫", 0),
            **kwargs,
        )
        path = tmp_path / "reconciliation.xlsx"
        path.write_bytes(to_xlsx_bytes(spec))
        return (
            openpyxl.load_workbook(path),  # formulas
            openpyxl.load_workbook(path, data_only=True),  # cached exact values
        )

    return build


def test_col_letter_and_money_format():
    assert [col_letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]
    assert money_format("₫", 0) == '#,##0 "₫"'
    assert money_format("$", 2, "before") == '"$"#,##0.00'
    assert money_format() == "#,##0.00"


def test_summary_the_articles_batch(workbooks):
    formulas, values = workbooks([article_batch()])
    assert formulas.sheetnames == ["Summary", "Stages", "Ledger", "Workers"]
    sheet, cached = formulas["Summary"], values["Summary"]
    assert sheet["A1"].value == "Gold reconciliation"
    col = headers(sheet, 4)
    row = FIRST

    def value(header, r=row):
        return D(str(cached[f"{col[header]}{r}"].value))

    assert value("Issued (g)") == D("375")
    assert value("Finished (g)") == D("352.5")
    assert value("Loss (g)") == D("22.5")
    assert value("Burn (g)") == D("7.5")
    assert value("Recovered (g)") == D("7.5")
    assert value("Unexplained (g)") == D("7.5")
    assert value("Fine Issued (g)") == D("281.25")
    assert value("Fine Loss (g)") == D("16.875")
    assert value("Loss (%)") == D("0.06")
    assert value("Loss Value") == D("33750000")
    assert cached[f"{col['Issued (trade units)']}{row}"].value == "10 lượng"
    assert cached[f"{col['Loss (trade units)']}{row}"].value == "6 chỉ"
    # the conservation identity, as a formula and as its value
    check = sheet[f"{col['Check: Issued − Accounted (g)']}{row}"]
    assert check.value == f"=ROUND(D{row}-(F{row}+G{row}+H{row}+I{row}+J{row}),4)"
    assert value("Check: Issued − Accounted (g)") == 0
    assert value("Check: Fine (g)") == 0
    assert sheet[f"J{row}"].value == f"=K{row}+L{row}+M{row}"  # loss = burn+recovered+unexpl.
    # formats: four decimals for every weight, percent, the currency
    for header in ("Issued (g)", "Loss (g)", "Fine Loss (g)", "Check: Fine (g)"):
        assert sheet[f"{col[header]}{row}"].number_format == "0.0000", header
    assert sheet[f"{col['Loss (%)']}{row}"].number_format == "0.00%"
    assert sheet[f"{col['Loss Value']}{row}"].number_format == '#,##0 "₫"'
    assert sheet.freeze_panes == "B5"


def test_summary_totals_are_sum_formulas_with_exact_values(workbooks):
    second = article_batch(
        name="WH/MO/00002",
        issued=D("100.0001"),
        finished=D("99.0000"),
        in_process=D("0.5000"),
        burn=D("0.5001"),
        recovered=D("0"),
        unexplained=D("0"),
        fine_issued=D("75.0001"),
        fine_finished=D("74.25"),
        fine_in_process=D("0.375"),
        fine_loss=D("0.3751"),
        loss_value=None,
    )
    formulas, values = workbooks([article_batch(), second], notes=["No gold price."])
    sheet, cached = formulas["Summary"], values["Summary"]
    col = headers(sheet, 4)
    total = FIRST + 2
    assert sheet[f"A{total}"].value == "Total"
    assert sheet[f"{col['Issued (g)']}{total}"].value == f"=SUM(D{FIRST}:D{FIRST + 1})"
    assert sheet[f"{col['Loss (g)']}{total}"].value == f"=SUM(J{FIRST}:J{FIRST + 1})"
    assert D(str(cached[f"{col['Issued (g)']}{total}"].value)) == D("475.0001")
    assert D(str(cached[f"{col['Loss (g)']}{total}"].value)) == D("23.0001")
    assert D(str(cached[f"{col['Fine Loss (g)']}{total}"].value)) == D("17.2501")
    assert sheet[f"{col['Issued (g)']}{total}"].number_format == "0.0000"
    assert sheet[f"{col['Issued (g)']}{total}"].font.b
    # no price for the second batch: its value stays empty, the total adds the first
    assert cached[f"{col['Loss Value']}{FIRST + 1}"].value is None
    assert D(str(cached[f"{col['Loss Value']}{total}"].value)) == D("33750000")
    assert D(str(cached[f"{col['Check: Issued − Accounted (g)']}{total}"].value)) == 0
    assert cached[f"{col['Check: Issued − Accounted (g)']}{total}"].value == 0
    assert sheet[f"A{total + 2}"].value == "No gold price."


def test_stages_sheet(workbooks):
    formulas, values = workbooks([article_batch()])
    sheet, cached = formulas["Stages"], values["Stages"]
    col = headers(sheet, 1)
    losses = [D(str(cached[f"{col['Loss (g)']}{r}"].value)) for r in (2, 3, 4)]
    assert losses == [D("7.5"), D("11.25"), D("3.75")]
    assert [cached[f"{col['Status']}{r}"].value for r in (2, 3, 4)] == ["OK"] * 3
    assert [cached[f"{col['Worker']}{r}"].value for r in (2, 3, 4)] == [
        "Worker A",
        "Worker B",
        "Worker C",
    ]
    assert D(str(cached[f"{col['Loss (%)']}2"].value)) == D("0.02")
    assert D(str(cached[f"{col['Tolerance (%)']}3"].value)) == D("0.032")
    assert sheet[f"{col['Loss (g)']}5"].value == f"=SUM({col['Loss (g)']}2:{col['Loss (g)']}4)"
    assert D(str(cached[f"{col['Loss (g)']}5"].value)) == D("22.5")
    assert sheet[f"{col['In (g)']}2"].number_format == "0.0000"
    assert sheet.freeze_panes == "C2"


def test_ledger_keeps_the_fourth_decimal(workbooks):
    formulas, values = workbooks([article_batch()])
    sheet, cached = formulas["Ledger"], values["Ledger"]
    col = headers(sheet, 1)
    assert D(str(cached[f"{col['Net (g)']}3"].value)) == D("367.5001")
    assert D(str(cached[f"{col['Fine Gold (g)']}3"].value)) == D("275.6251")
    assert sheet[f"{col['Net (g)']}3"].number_format == "0.0000"
    assert cached[f"{col['Time']}2"].value == datetime(2025, 3, 1, 8, 0)
    assert cached[f"{col['Signed']}2"].value == "Yes"
    assert cached[f"{col['Signed']}3"].value == "No"


def test_workers_sheet_recovered_share(workbooks):
    formulas, values = workbooks([article_batch()])
    sheet, cached = formulas["Workers"], values["Workers"]
    col = headers(sheet, 1)
    assert D(str(cached[f"{col['Loss (g)']}3"].value)) == D("11.25")
    assert D(str(cached[f"{col['Recovered Share (%)']}3"].value)) == D("0.5")
    assert D(str(cached[f"{col['Recovered Share (%)']}2"].value)) == 0  # burn only
    assert D(str(cached[f"{col['Recovered (g)']}5"].value)) == D("7.5")
    assert D(str(cached[f"{col['Unexplained (g)']}5"].value)) == D("7.5")
    assert D(str(cached[f"{col['Loss (g)']}5"].value)) == D("22.5")
    assert sheet[f"{col['Loss (g)']}5"].value.startswith("=SUM(")


def test_headers_go_through_translate(workbooks):
    french = {"Summary": "Synthèse", "Issued (g)": "Émis (g)", "Total": "Somme"}
    formulas, _values = workbooks([article_batch()], translate=lambda s: french.get(s, s))
    assert formulas.sheetnames[0] == "Synthèse"
    sheet = formulas["Synthèse"]
    assert sheet["D4"].value == "Émis (g)"
    assert sheet[f"A{FIRST + 1}"].value == "Somme"


def test_empty_selection_writes_a_valid_workbook(workbooks, tmp_path):
    spec = reconciliation_spec([])
    path = tmp_path / "empty.xlsx"
    path.write_bytes(to_xlsx_bytes(spec))
    sheet = openpyxl.load_workbook(path, data_only=True)["Summary"]
    assert sheet[f"A{FIRST}"].value == "Total"
    assert sheet[f"D{FIRST}"].value is None or sheet[f"D{FIRST}"].value == 0

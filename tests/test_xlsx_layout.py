"""The reconciliation workbook spec, written by xlsxwriter and read back by openpyxl.

The article's batch: 10 lượng of 18K for 100 rings; casting -0.2 lượng (burn), filing
-0.3, polishing -0.1 (recoverable); 0.2 lượng back from the vacuum, 0.2 unexplained.
"""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from gold_mes.core.xlsx_layout import (
    SheetSpec,
    _Breaks,
    col_letter,
    header_width,
    money_format,
    print_scale,
    to_xlsx_bytes,
)
from gold_mes.core.xlsx_reconciliation import (
    BatchRow,
    CustodyRow,
    DayCloseRow,
    Header,
    LedgerRow,
    StageRow,
    reconciliation_spec,
)

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

LUONG = D("37.5")
FINE = D("0.75")
FIRST = 6  # Excel row of the first batch (title, two lines, blank, header)


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
        "loss_value": D("16875000"),  # 16.875 g fine at 1,000,000 ₫
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
                burn=loss if kind == "burn" else D(0),
                unexplained=loss if kind != "burn" else D(0),
                fine_loss=loss * FINE,
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


def article_custody():
    return [
        CustodyRow("Worker A", opening=D("0"), received=D("375"), passed_on=D("367.5"),
                   loss=D("7.5")),
        CustodyRow("Worker B", opening=D("10"), received=D("367.5"), passed_on=D("356.25"),
                   loss=D("11.25"), day_close_difference=D("0.1"),
                   day_close_unexplained=D("0.1")),
    ]  # fmt: skip


def headers(sheet, row):
    return {cell.value: cell.column_letter for cell in sheet[row] if cell.value is not None}


HEADER = Header(
    lines=("Gold MES · period 2025-03-01 to 2025-03-31", "Every time in Asia/Ho_Chi_Minh"),
    price=D("1000000"),
    price_text="VND per gram of fine gold",
    money_decimals=0,
)


@pytest.fixture
def workbooks(tmp_path):
    def build(batches, ledger=None, **kwargs):
        spec = reconciliation_spec(
            batches,
            article_stages(),
            iter(article_ledger() if ledger is None else ledger),  # streamed
            article_custody(),
            header=kwargs.pop("header", HEADER),
            day_closes=[DayCloseRow(date(2025, 3, 1), "GD/1", "Worker B", D("10"), D("9.9"))],
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


def value(sheet, cell):
    return D(repr(sheet[cell].value)).quantize(D("0.0001"))


def test_col_letter_and_money_format():
    assert [col_letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]
    assert money_format("₫", 0) == '#,##0 "₫"'
    assert money_format("$", 2, "before") == '"$"#,##0.00'
    assert money_format() == "#,##0.00"


def test_summary_the_articles_batch_and_totals(workbooks):
    formulas, values = workbooks([article_batch(), article_batch(name="WH/MO/00002")])
    sheet, cached = formulas["Summary"], values["Summary"]
    assert formulas.sheetnames == [
        "Summary", "Fine Gold", "Stages", "By Stage", "By Karat", "Custody", "Day Closes",
        "Recoveries", "Allocation", "Audit",
    ]  # fmt: skip
    col = headers(sheet, FIRST - 1)
    assert len(col) == 14  # readable on A4: no 24-column sheet any more
    row = FIRST
    assert value(cached, f"{col['Issued (g)']}{row}") == D("375.0000")
    assert value(cached, f"{col['Loss (g)']}{row}") == D("22.5000")
    assert sheet[f"{col['Loss (g)']}{row}"].value == f"=SUM(J{row}:L{row})"
    assert sheet[f"{col['Check (g)']}{row}"].value.startswith("=ROUND(D6-(")
    assert value(cached, f"{col['Check (g)']}{row}") == 0
    total = FIRST + 2
    assert cached[f"A{total}"].value == "Total"
    assert sheet[f"{col['Issued (g)']}{total}"].value == f"=SUM(D{FIRST}:D{FIRST + 1})"
    assert value(cached, f"{col['Issued (g)']}{total}") == D("750.0000")
    assert value(cached, f"{col['Unexplained (g)']}{total}") == D("15.0000")
    assert cached["A3"].value == "Every time in Asia/Ho_Chi_Minh"
    assert cached[f"{col['Issued (g)']}{row}"].number_format == "0.0000"


def test_fine_gold_values_the_loss_at_the_price_on_the_sheet(workbooks):
    formulas, values = workbooks([article_batch()])
    sheet, cached = formulas["Fine Gold"], values["Fine Gold"]
    assert value(cached, "C2") == D("1000000")
    col = headers(sheet, 5)
    assert sheet[f"{col['Loss Value']}6"].value == f"=ROUND({col['Fine Loss (g)']}6*$C$2,0)"
    assert D(repr(cached[f"{col['Loss Value']}6"].value)) == D("16875000")
    assert value(cached, f"{col['Fine Loss (g)']}6") == D("16.8750")
    assert cached[f"{col['Loss (trade units)']}6"].value == "6 chỉ"


def test_no_price_leaves_the_value_empty_and_says_why(workbooks):
    header = Header(lines=("x",), price=None, price_text="No gold price on or before …")
    _formulas, values = workbooks([article_batch(loss_value=None)], header=header)
    sheet = values["Fine Gold"]
    col = headers(sheet, 5)
    assert sheet[f"{col['Loss Value']}6"].value is None
    assert sheet["A3"].value.startswith("No gold price")


def test_stages_by_stage_chart_and_karat(workbooks):
    formulas, values = workbooks([article_batch()])
    stages = values["Stages"]
    col = headers(stages, 1)
    assert [value(stages, f"{col['Loss (g)']}{r}") for r in (2, 3, 4)] == [
        D("7.5"), D("11.25"), D("3.75"),
    ]  # fmt: skip
    by_stage = values["By Stage"]
    scol = headers(by_stage, 1)
    assert value(by_stage, f"{scol['Burn (g)']}2") == D("7.5")
    assert value(by_stage, f"{scol['Loss (g)']}5") == D("22.5")
    assert len(formulas["By Stage"]._charts) == 1
    karat = formulas["By Karat"]
    kcol = headers(karat, 1)
    assert karat[f"{kcol['Issued (g)']}2"].value.startswith("=SUMIF('Summary'!$C$6:$C$6,A2,")
    assert value(values["By Karat"], f"{kcol['Issued (g)']}2") == D("375")


def test_custody_closing_is_a_formula(workbooks):
    formulas, values = workbooks([article_batch()])
    sheet, cached = formulas["Custody"], values["Custody"]
    col = headers(sheet, 1)
    assert sheet[f"{col['Closing (g)']}3"].value == "=B3+C3-D3-E3-F3"
    assert value(cached, f"{col['Closing (g)']}3") == D("10")
    assert value(cached, f"{col['Day-Close Difference (g)']}4") == D("0.1")
    days = values["Day Closes"]
    dcol = headers(days, 1)
    assert value(days, f"{dcol['Difference (g)']}2") == D("0.1")


def test_audit_keeps_the_fourth_decimal_and_streams(workbooks):
    _formulas, values = workbooks([article_batch()])
    sheet = values["Audit"]
    col = headers(sheet, 1)
    assert value(sheet, f"{col['Net (g)']}3") == D("367.5001")
    assert sheet[f"{col['Signed']}2"].value == "Yes"


def test_headers_never_break_inside_a_word():
    assert header_width("Unexplained (g)", 8) == len("Unexplained") + 2
    assert header_width("Loss (%)", 9) == 9


def test_print_scale_and_page_breaks_keep_a_batch_together():
    assert print_scale([10] * 5) == 1.0
    assert print_scale([12] * 40) < 0.75
    breaks = _Breaks(first_row=1, per_page=10)
    for row in range(1, 30):
        breaks.feed(row, "A" if row < 8 else "B")  # A: 7 rows, B: 22 rows
    # B does not fit after A: a break before B; B is longer than a page: split inside
    assert breaks.breaks[0] == 8
    assert all(b > 8 for b in breaks.breaks[1:])


def test_headers_go_through_translate(workbooks):
    formulas, _values = workbooks([article_batch()], translate=lambda text: f"«{text}»")
    assert formulas.sheetnames[0] == "«Summary»"
    assert "«Issued (g)»" in headers(formulas["«Summary»"], FIRST - 1)


def test_empty_selection_writes_a_valid_workbook(workbooks):
    _formulas, values = workbooks([], ledger=[])
    assert values["Summary"][f"A{FIRST}"].value == "Total"
    assert SheetSpec("x").rows == []

"""The gold reconciliation workbook for accountants: rows in, a WorkbookSpec out.

Pure Python.  The Odoo report gathers plain rows (the dataclasses of :mod:`.xlsx_rows`) for a period
or a selection of batches and calls :func:`reconciliation_spec`; the pytest suite does
the same with the article's figures.  Sheets, each readable on A4 landscape:

  Summary      every batch, gross grams: issued = finished + in process + scrap +
               returned + loss, loss = burn + recovered + unexplained (checks 0.0000)
  Fine Gold    the same in fine gold, the loss valued at the gold price (the price used
               is on the sheet; the value is a formula on it), trade units
  Stages       every stage of every batch, a batch kept on one page
  By Stage     the stages added up by operation, with a chart of loss by stage
  By Karat     the batches added up by purity (SUMIF formulas on the two sheets above)
  Custody      per worker: opening, received, passed on, returned, loss, closing
               (a formula), with the day-close differences
  Workers      per worker: pieces per logged hour, loss % weighted by the gold in,
               recovered share, abnormal stages (period workbook; .xlsx_workers)
  Day Closes   every worker's count at each day close of the period
  Recoveries   the period's recovery lots; Allocation: how each lot was shared out
  Audit        every weighing line behind the figures (streamed: any length)

Totals are SUM formulas whose cached values are the exact Decimal sums.

Each sheet's builder is in an ``xlsx_sheet_*`` module (the Workers sheet in
:mod:`.xlsx_workers`); this module assembles the workbook and keeps the names the
report imports.
"""

from .xlsx_layout import Table, WorkbookSpec
from .xlsx_rows import (
    AllocationRow,
    BatchRow,
    CustodyRow,
    DayCloseRow,
    Header,
    LedgerRow,
    RecoveryRow,
    StageRow,
)
from .xlsx_sheet_audit import audit_sheet
from .xlsx_sheet_batches import FINE_COLUMNS, SUMMARY_COLUMNS, fine_sheet, summary_sheet
from .xlsx_sheet_custody import custody_sheet, day_close_sheet
from .xlsx_sheet_karat import by_karat_sheet
from .xlsx_sheet_recovery import allocation_sheet, recovery_sheet
from .xlsx_sheet_stages import by_stage_sheet, stages_sheet
from .xlsx_workers import workers_sheet

__all__ = [
    "AllocationRow",
    "BatchRow",
    "CustodyRow",
    "DayCloseRow",
    "Header",
    "LedgerRow",
    "RecoveryRow",
    "StageRow",
    "allocation_sheet",
    "audit_sheet",
    "by_karat_sheet",
    "by_stage_sheet",
    "custody_sheet",
    "day_close_sheet",
    "fine_sheet",
    "reconciliation_spec",
    "recovery_sheet",
    "stages_sheet",
    "summary_sheet",
]


# ---------------------------------------------------------------------- workbook
def reconciliation_spec(
    batches,
    stages=(),
    ledger=(),
    custody=(),
    *,
    header=None,
    day_closes=(),
    lots=(),
    allocations=(),
    custody_notes=(),
    money_format="#,##0.00",
    units=None,
    translate=None,
    workers=None,
):
    """The reconciliation workbook.  ``ledger`` may be an iterator (streamed last);
    ``units``: grams -> the company's trade units (text); ``workers``: a
    ``xlsx_workers.WorkersSheet`` (the Workers sheet after Custody), or None."""
    translate = translate or (lambda text: text)
    header = header or Header()
    batches, stages = list(batches), list(stages)
    summary, (first, total_row) = summary_sheet(batches, header, translate)
    fine = fine_sheet(batches, header, translate)
    summary_table = Table(SUMMARY_COLUMNS, first - 1, translate)
    fine_table = Table(FINE_COLUMNS, 4, translate)
    last = max(first, total_row - 1)
    sources = {
        "summary": (summary.name, summary_table, first, last),
        "fine": (fine.name, fine_table, 5, max(5, 5 + len(batches) - 1)),
    }
    sheets = [
        summary,
        fine,
        stages_sheet(stages, translate),
        by_stage_sheet(stages, translate, units),
        by_karat_sheet(batches, translate, sources),
        custody_sheet(list(custody), translate, custody_notes),
    ]
    if workers is not None:
        sheets.append(workers_sheet(workers, translate))
    sheets += [
        day_close_sheet(list(day_closes), translate),
        recovery_sheet(list(lots), translate),
        allocation_sheet(list(allocations), translate),
        audit_sheet(ledger, translate),
    ]
    return WorkbookSpec(sheets=sheets, money_format=money_format)

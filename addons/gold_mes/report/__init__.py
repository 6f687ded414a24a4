from . import gold_reconciliation_rows, gold_reconciliation_xlsx, gold_period_xlsx

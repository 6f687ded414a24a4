from . import gold_period_xlsx, gold_reconciliation_rows, gold_reconciliation_xlsx

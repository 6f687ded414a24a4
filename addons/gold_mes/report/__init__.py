from . import abstract_xlsx, gold_reconciliation_xlsx, gold_trace_report

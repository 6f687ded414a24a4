# ruff: noqa: I001  (order matters: each report model inherits the one above it)
from . import gold_reconciliation_rows
from . import gold_reconciliation_workers
from . import gold_reconciliation_xlsx
from . import gold_period_xlsx
from . import gold_trace_report

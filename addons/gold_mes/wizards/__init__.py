from . import gold_handover_confirm, gold_period_reconciliation

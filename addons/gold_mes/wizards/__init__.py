from . import (
    gold_handover_confirm,
    gold_integrity_check,
    gold_issue_wizard,
    gold_period_reconciliation,
)

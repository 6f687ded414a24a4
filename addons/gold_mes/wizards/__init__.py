from . import gold_handover_confirm, gold_issue_wizard

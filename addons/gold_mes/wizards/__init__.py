from . import gold_handover_confirm, gold_integrity_check

from . import gold_handover_confirm

from . import (
    test_capture,
    test_capture_race,
    test_gold_scale,
    test_ledger_guard,
    test_rights,
    test_rpc,
    test_scale_controller,
)

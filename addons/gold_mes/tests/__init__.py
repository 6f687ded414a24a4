from . import (
    test_capture,
    test_capture_race,
    test_gold_scale,
    test_handover,
    test_kiosk_tour,
    test_ledger_guard,
    test_performance_trace,
    test_recovery,
    test_rights,
    test_rpc,
    test_scale_controller,
    test_worker_balance,
)

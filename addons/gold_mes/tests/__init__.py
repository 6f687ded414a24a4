from . import test_capture, test_capture_race, test_ledger_guard, test_rights, test_rpc

from . import test_capture
from . import test_ledger_guard
from . import test_rights
from . import test_capture_race
from . import test_rpc

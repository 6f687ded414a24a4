from . import gold_handover_confirm
from . import gold_issue_wizard

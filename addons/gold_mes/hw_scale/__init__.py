"""Precision balances for Gold MES: protocols, port reader, simulator, scale proxy.

Pure Python plus pyserial; never imports odoo.  Inside Odoo it is
``odoo.addons.gold_mes.hw_scale``, in tests and on the workstation ``gold_mes.hw_scale``.
"""

from .protocols import PROTOCOLS, Protocol, get_protocol
from .reading import Ack, BalanceError, Reading, Refusal
from .signing import SignatureError, sign_reading, verify_signature

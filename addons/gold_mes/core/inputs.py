"""Cleaning of values that arrive from outside (RPC, kiosk, proxy): pure functions.

Each parser takes the raw value and the name of the field it came in, and returns the
clean value or raises :class:`InputError` with the field, a ``code`` saying what is
wrong and the ``limit`` it broke, so that the Odoo layer can say it in the user's
language.  Nothing here guesses: a weight is a plain decimal or it is refused.
"""

import math
import re
import unicodedata
from decimal import Decimal

from .errors import GoldLedgerError

# PostgreSQL ``serial`` ids: 1 .. 2**31 - 1
MAX_ID = 2**31 - 1
# a weight has at most 12 digits before the point (999,999,999,999 g) and 12 after
# it; the gram grid (0.1 mg) and the bounds (capacity, company maximum) come after
MAX_INT_DIGITS = 12
MAX_FRACTION_DIGITS = 12
WEIGHT_LIMIT = Decimal(10) ** MAX_INT_DIGITS
# ASCII digits only ([0-9], never \d: '٣' and '１２' are digits to \d)
_DECIMAL = re.compile(
    rf"(-?)([0-9]{{1,{MAX_INT_DIGITS}}})(?:\.([0-9]{{1,{MAX_FRACTION_DIGITS}}}))?",
    re.ASCII,
)
MULTILINE_ALLOWED = {"\n", "\r", "\t"}


class InputError(GoldLedgerError):
    """``field`` refused: ``code`` is one of ``type``, ``syntax``, ``range``,
    ``negative``, ``length``, ``control``, ``choice``, ``nested``."""

    def __init__(self, field, code, value=None, limit=None):
        self.field = field
        self.code = code
        self.value = value
        self.limit = limit
        super().__init__(f"{field}: {code} ({shorten(value)!s})")


def shorten(value, width=40):
    """``repr(value)`` cut to ``width`` characters, for messages."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_decimal(value, field, negative=False):
    """A plain decimal: an int, a finite float, or ASCII digits with at most one
    decimal point (and a leading minus when ``negative``); ``None`` stays ``None``.

    Refused: bools, exponents (``1e3``), underscores (``1_000``), signs other than
    a leading minus, spaces, non-ASCII digits, NaN and infinities, more than
    ``MAX_INT_DIGITS`` digits before the point."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(field, "type", value)
    if isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(field, "syntax", value)
        result = Decimal(repr(value)) if abs(value) < WEIGHT_LIMIT else None
        if result is None:
            raise InputError(field, "range", value, WEIGHT_LIMIT)
    elif isinstance(value, str):
        match = _DECIMAL.fullmatch(value)
        if not match:
            raise InputError(field, "syntax", value)
        result = Decimal(value)
    else:
        raise InputError(field, "type", value)
    if abs(result) >= WEIGHT_LIMIT:
        raise InputError(field, "range", value, WEIGHT_LIMIT)
    if result < 0 and not negative:
        raise InputError(field, "negative", value)
    return result


def parse_id(value, field):
    """A record id: an int (not a bool) in 1..MAX_ID; ``None`` and ``False`` mean none."""
    if value is None or value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, "type", value)
    if not 1 <= value <= MAX_ID:
        raise InputError(field, "range", value, MAX_ID)
    return value


def parse_text(value, field, max_length, multiline=False):
    """A string without NUL or control characters (newlines and tabs allowed when
    ``multiline``), stripped, at most ``max_length`` characters; ``None``/``False``
    and blank give ``""``."""
    if value is None or value is False:
        return ""
    if not isinstance(value, str):
        raise InputError(field, "type", value)
    if len(value) > 4 * max_length:  # not worth stripping
        raise InputError(field, "length", value, max_length)
    text = value.strip()
    if len(text) > max_length:
        raise InputError(field, "length", value, max_length)
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and not (
            multiline and char in MULTILINE_ALLOWED
        ):
            raise InputError(field, "control", value)
    return text


def parse_choice(value, field, choices):
    """One of ``choices`` (strings), given as exactly that string."""
    if not isinstance(value, str) or value not in choices:
        raise InputError(field, "choice", value, tuple(choices))
    return value


def parse_bool(value, field):
    """``True``/``False`` (``None`` is ``False``); 1, "yes" and the like are refused."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(field, "type", value)
    return value


def check_plain(value, field, max_length):
    """A JSON scalar (None, bool, int, float, str), strings at most ``max_length``."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) >= 2**63:
            raise InputError(field, "range", value, 2**63)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(field, "syntax", value)
        return value
    if isinstance(value, str):
        if len(value) > max_length:
            raise InputError(field, "length", value, max_length)
        return value
    raise InputError(field, "nested", value)

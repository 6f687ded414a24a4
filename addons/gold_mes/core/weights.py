"""Exact weights: Decimal grams on a 0.0001 g (0.1 mg) grid, fineness in per mille."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import GoldLedgerError, NegativeWeightError

QUANTUM = Decimal("0.0001")  # 0.1 mg: every weight is a multiple of it
PCT_QUANTUM = Decimal("0.0001")  # loss percentages carry 4 decimals
ZERO = Decimal("0.0000")
HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)


def to_decimal(value, what="value"):
    """Return ``value`` as a finite Decimal.

    Accepts Decimal, int, str and float.  A float (Odoo ``fields.Float``) goes through
    its shortest ``repr`` (``0.1`` -> ``Decimal('0.1')``), never through its binary
    expansion.  ``bool``, ``None``, NaN and infinities are refused.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        raise GoldLedgerError(f"{what}: {value!r} is not a number")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise GoldLedgerError(f"{what}: {value!r} is not a number") from None
    else:
        raise GoldLedgerError(f"{what}: {value!r} is not a number")
    if not result.is_finite():
        raise GoldLedgerError(f"{what}: {value!r} is not a finite number")
    return result


def to_grams(value, what="weight", allow_negative=False):
    """Return ``value`` as Decimal grams quantized HALF_UP to 0.0001 g.

    Negative weights raise :class:`NegativeWeightError` unless ``allow_negative``
    (a loss, a difference or a gain may be negative; a weighing may not).
    """
    grams = to_decimal(value, what).quantize(QUANTUM, rounding=ROUND_HALF_UP)
    if grams < 0 and not allow_negative:
        raise NegativeWeightError(f"{what}: negative weight {grams} g refused")
    return grams


def field_grams(value):
    """A weight read from an Odoo Float field (empty, or negative for a loss or a
    gain) as Decimal grams on the 0.0001 g grid."""
    return to_grams(value or 0, allow_negative=True)


def to_fineness(value, what="fineness"):
    """Return fineness in per mille as Decimal; refuses values outside 0..1000."""
    fineness = to_decimal(value, what)
    if fineness < 0 or fineness > THOUSAND:
        raise GoldLedgerError(f"{what}: {fineness} per mille is outside 0..1000")
    return fineness


def fine_grams(grams, fineness):
    """Fine gold in grams: ``grams * fineness / 1000`` quantized HALF_UP to 0.0001 g.

    ``grams`` may be negative (a loss that is a gain); HALF_UP is symmetric about zero,
    so ``fine_grams(-g, f) == -fine_grams(g, f)``.
    """
    gross = to_grams(grams, "grams", allow_negative=True)
    return (gross * to_fineness(fineness) / THOUSAND).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def floor_quantum(value, quantum=QUANTUM):
    """Largest multiple of ``quantum`` not above ``value`` (exact Decimal)."""
    return value.quantize(quantum, rounding=ROUND_FLOOR)


def percent_of(part, whole):
    """``part`` as a percentage of ``whole``, 4 decimals HALF_UP; 0 when ``whole`` is 0."""
    if whole == 0:
        return Decimal("0.0000")
    return (part * HUNDRED / whole).quantize(PCT_QUANTUM, rounding=ROUND_HALF_UP)

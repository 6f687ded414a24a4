"""Exact number helpers: inputs to Fraction, Fraction to Decimal, text folding.

Everything here is exact: values travel as :class:`fractions.Fraction` and are
turned into :class:`decimal.Decimal` either exactly (when the value is a
terminating decimal) or by an explicit rounding that never depends on the
ambient decimal context.
"""

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from fractions import Fraction

from .errors import InvalidWeightError

_HALF = Fraction(1, 2)
_SEPARATED_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def as_fraction(value, what="weight", allow_negative=False):
    """``value`` (int, Decimal, Fraction, str or float) as an exact Fraction.

    A float is read as the decimal it prints as (``repr``), which is what the
    user typed into an Odoo float field.  NaN, infinities, booleans and, unless
    ``allow_negative``, negative values raise :class:`InvalidWeightError`.
    """
    result = _to_fraction(value, what)
    if result < 0 and not allow_negative:
        raise InvalidWeightError(f"{what} must not be negative, got {value!r}")
    return result


def _to_fraction(value, what):
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidWeightError(f"{what} must be finite, got {value!r}")
        return Fraction(value)
    if isinstance(value, bool) or value is None:
        raise InvalidWeightError(f"{what} must be a number, got {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidWeightError(f"{what} must be finite, got {value!r}")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidWeightError(f"{what} is not a number: {value!r}") from None
        if not number.is_finite():
            raise InvalidWeightError(f"{what} must be finite, got {value!r}")
        return Fraction(number)
    raise InvalidWeightError(f"{what} must be a number, got {type(value).__name__} {value!r}")


def terminating_digits(value):
    """Decimals needed to write ``value`` exactly, or None if it never terminates."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    return max(twos, fives)


def exact_decimal(value):
    """The Fraction ``value`` as an exact Decimal; ValueError if it does not terminate."""
    digits = terminating_digits(value)
    if digits is None:
        raise ValueError(f"{value} has no finite decimal expansion")
    scaled = value.numerator * 10**digits // value.denominator
    sign = 1 if scaled < 0 else 0
    return Decimal((sign, tuple(int(c) for c in str(abs(scaled))), -digits))


def round_fraction(value, places, rounding=ROUND_HALF_UP):
    """``value`` rounded to ``places`` decimals with any decimal rounding mode.

    Exact for every mode: the Fraction is reduced to its floor at that scale plus
    a stand-in for the remainder (0, below half, half, above half), which the
    Decimal module then rounds exactly as it would the true value.
    """
    scaled = value * 10**places
    floor = math.floor(scaled)
    rest = scaled - floor
    if rest == 0:
        tail = Decimal(0)
    elif rest < _HALF:
        tail = Decimal("0.25")
    elif rest == _HALF:
        tail = Decimal("0.5")
    else:
        tail = Decimal("0.75")
    ctx = Context(prec=len(str(abs(floor))) + 10)
    whole = ctx.add(Decimal(floor), tail).quantize(Decimal(1), rounding=rounding, context=ctx)
    return Decimal((whole.as_tuple().sign, whole.as_tuple().digits, -places))


def plain(value):
    """A Decimal as plain text without exponent or trailing zeros (``4.5``, ``10``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def fold(text):
    """Lower-case, accent-free, single-spaced form of ``text`` (``Lượng`` → ``luong``)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


def read_number(token):
    """A number as written in the trade: ``46.275``, ``1,25``, ``1.250,5``, ``1,250.5``.

    One separator is the decimal mark whichever it is (``.`` or ``,``); when both
    appear the last one is the decimal mark and the other groups thousands; the
    same separator repeated only groups thousands (``1.250.000``).
    Returns a Decimal or raises ValueError.
    """
    if not _SEPARATED_NUMBER.fullmatch(token):
        raise ValueError(f"not a number: {token!r}")
    marks = [c for c in token if c in ".,"]
    if not marks:
        return Decimal(token)
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
        whole, frac = token.rsplit(decimal_mark, 1)
        return Decimal(_ungroup(whole, marks[0]) + "." + frac)
    if len(marks) == 1:
        return Decimal(token.replace(",", "."))
    return Decimal(_ungroup(token, marks[0]))


def _ungroup(text, mark):
    head, *groups = text.split(mark)
    if any(len(group) != 3 for group in groups) or len(head) > 3:
        raise ValueError(f"badly grouped number: {text!r}")
    return head + "".join(groups)

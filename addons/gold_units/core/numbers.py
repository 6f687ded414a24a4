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


def read_localized_number(token, decimal_sign):
    """A number written with the user's language decimal sign, read one way only.

    ``decimal_sign`` is ``.`` (English) or ``,`` (Vietnamese); the other sign may
    only group thousands (``1,250.5`` in English, ``1.250,5`` in Vietnamese).
    Refused, with a message that says how to write it: a lone group of exactly
    three digits after the other sign (``46,275`` in English could be 46.275 or
    46275), any other use of the other sign (``0,0001`` in English), more than
    one decimal sign (``1.2.3``).  Returns a Decimal or raises ValueError.
    """
    if decimal_sign not in (".", ","):
        raise ValueError(f"the decimal sign must be '.' or ',', got {decimal_sign!r}")
    group_sign = "," if decimal_sign == "." else "."
    if not _SEPARATED_NUMBER.fullmatch(token):
        raise ValueError(f"{token!r} is not a number")
    if token.count(decimal_sign) > 1:
        raise ValueError(
            f"{token!r} has more than one decimal sign {decimal_sign!r}: write one at most"
        )
    whole, sign, frac = token.partition(decimal_sign)
    plain_digits = token.replace(group_sign, "")
    if group_sign in frac:
        raise ValueError(
            f"{token!r}: {group_sign!r} cannot follow the decimal sign {decimal_sign!r}"
        )
    if group_sign in whole:
        head, *groups = whole.split(group_sign)
        if not (1 <= len(head) <= 3 and all(len(group) == 3 for group in groups)):
            if len(groups) > 1:
                raise ValueError(
                    f"{token!r}: {group_sign!r} only groups thousands in threes in your"
                    f" language (1{group_sign}250{group_sign}000), and the decimal sign"
                    f" is {decimal_sign!r}"
                )
            meant = token.replace(decimal_sign, "").replace(group_sign, decimal_sign)
            raise ValueError(
                f"{token!r}: the decimal sign is {decimal_sign!r} in your language; write {meant}"
            )
        if len(groups) == 1 and not sign:
            meant = token.replace(group_sign, decimal_sign)
            raise ValueError(
                f"{token!r} is ambiguous: the decimal sign is {decimal_sign!r} in your"
                f" language; write {meant} for a decimal or {plain_digits} for a whole number"
            )
        whole = head + "".join(groups)
    return Decimal(whole + ("." + frac if sign else ""))


def _ungroup(text, mark):
    head, *groups = text.split(mark)
    if any(len(group) != 3 for group in groups) or len(head) > 3:
        raise ValueError(f"badly grouped number: {text!r}")
    return head + "".join(groups)


def shown_places(value, places, minimum=2):
    """Decimals to show ``value`` (written with ``places`` decimals) without
    padding zeros below ``minimum``: 100 → 2 (``100.00``), 46.275 → 3, 1.886275 → 6.

    A quantity field holds gold to 0.1 mg (six decimals in lượng) and pieces
    alike; pieces read as pieces and gold keeps every digit it has.
    """
    if places <= minimum:
        return places
    text = format(round_fraction(as_fraction(value, allow_negative=True), places), "f")
    decimals = text.partition(".")[2].rstrip("0")
    return max(minimum, len(decimals))

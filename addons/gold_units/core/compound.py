"""Compound weights the way the trade writes them: ``1 lượng 2 chỉ 3 phân 4.5 ly``.

``format_compound`` splits grams over a display system's units (largest first,
whole numbers, the smallest unit carrying the remainder as a decimal, zero
parts left out); ``parse_weight`` reads that form back, and plain forms such as
``46.275 g``, ``3.5 chỉ`` or ``1,25 lượng``.
"""

import math
import re
from decimal import ROUND_HALF_UP
from fractions import Fraction
from itertools import pairwise

from .errors import InvalidWeightError, UnknownUnitError, WeightParseError
from .numbers import (
    as_fraction,
    exact_decimal,
    plain,
    read_localized_number,
    read_number,
    round_fraction,
    terminating_digits,
)
from .units import SYSTEMS, get_unit

# When the smallest unit's share is not a short exact decimal it is rounded to
# this many decimals: far below 0.1 mg for every unit in the table.
DEFAULT_PLACES = 6
_MAX_EXACT_PLACES = 10

_PART = re.compile(r"(?P<sign>[-+−]?)\s*(?P<num>\d+(?:[.,]\d+)*)(?P<unit>[^\d+\-−]*)")
_JOINERS = " \t,;&+"


def _get_system(system):
    try:
        return SYSTEMS[system]
    except KeyError:
        known = ", ".join(SYSTEMS)
        raise UnknownUnitError(f"unknown display system {system!r} (known: {known})") from None


def _smallest_share(grams, smallest, places):
    """Grams rounded to the grid the smallest unit is written on."""
    count = grams / smallest.exact
    if places is None:
        digits = terminating_digits(count)
        if digits is not None and digits <= _MAX_EXACT_PLACES:
            return grams
        places = DEFAULT_PLACES
    return Fraction(round_fraction(count, places, ROUND_HALF_UP)) * smallest.exact


def format_compound(grams, system="vn", lang="vi", places=None):
    """``grams`` written in ``system``'s units, e.g. ``1 lượng 2 chỉ 3 phân 4.5 ly``.

    Larger units take whole numbers; the smallest carries the remainder as a
    decimal: exact when that is a decimal of at most 10 places, otherwise (or
    when ``places`` is given) rounded HALF-UP to ``places`` (default 6) decimals
    of that unit.  Zero parts are left out; zero itself is ``0 <smallest>``.
    ``lang`` is ``vi`` (``lượng``) or ``en`` (``luong``).
    """
    display = _get_system(system)
    units = [get_unit(code) for code in display.units]
    rest = _smallest_share(as_fraction(grams, "weight"), units[-1], places)
    parts = []
    for unit in units[:-1]:
        count = math.floor(rest / unit.exact)
        rest -= count * unit.exact
        if count:
            parts.append(f"{count} {unit.label(lang)}")
    last = rest / units[-1].exact
    if last or not parts:
        parts.append(f"{plain(exact_decimal(last))} {units[-1].label(lang)}")
    return " ".join(parts)


def _split(text):
    """``text`` as [(number text, unit text)]; raises on anything else."""
    if not isinstance(text, str):
        raise WeightParseError(f"a weight must be text, got {text!r}")
    parts, pos = [], 0
    for match in _PART.finditer(text):
        if text[pos : match.start()].strip(_JOINERS):
            raise WeightParseError(f"cannot read {text[pos : match.start()]!r} in {text!r}")
        if match.group("sign") in ("-", "−"):
            raise InvalidWeightError(f"a weight must not be negative: {text!r}")
        parts.append((match.group("num"), match.group("unit").strip(_JOINERS)))
        pos = match.end()
    if text[pos:].strip(_JOINERS):
        raise WeightParseError(f"cannot read {text[pos:]!r} in {text!r}")
    if not parts:
        raise WeightParseError(f"no number in weight {text!r}")
    return parts


def _read_part(number, word, text, system, decimal_sign=None):
    if decimal_sign:
        try:
            value = read_localized_number(number, decimal_sign)
        except ValueError as err:
            raise WeightParseError(str(err)) from None
    else:
        try:
            value = read_number(number)
        except ValueError:
            raise WeightParseError(f"bad number {number!r} in {text!r}") from None
    try:
        unit = get_unit(word, system)
    except UnknownUnitError as err:
        raise WeightParseError(f"{err} in {text!r}") from None
    return value, unit


def _check_order(units, text):
    for bigger, smaller in pairwise(units):
        if bigger.system != smaller.system:
            raise WeightParseError(
                f"{text!r} mixes units of different systems ({bigger.code}, {smaller.code})"
            )
        if bigger.exact <= smaller.exact:
            raise WeightParseError(
                f"{text!r}: units must go from largest to smallest, each once"
                f" ({bigger.code} before {smaller.code})"
            )


def _parts(text, default_unit, system, decimal_sign=None):
    pieces = _split(text)
    if len(pieces) == 1 and not pieces[0][1]:
        if default_unit is None:
            raise WeightParseError(f"no unit in {text!r} and no default unit given")
        return [_read_part(pieces[0][0], default_unit, text, system, decimal_sign)]
    for number, word in pieces:
        if not word:
            raise WeightParseError(f"number {number!r} has no unit in {text!r}")
    read = [_read_part(number, word, text, system, decimal_sign) for number, word in pieces]
    _check_order([unit for _value, unit in read], text)
    return read


def parse_weight(text, default_unit=None, system=None, decimal_sign=None):
    """Grams (an exact Decimal) of a weight written as text.

    Reads ``46.275 g``, ``3.5 chỉ``, ``1,25 lượng`` (comma or dot as decimal
    mark), ``1 lượng 2 chỉ 3 phân 4.5 ly``, ``1 luong 2 chi`` (case and accents
    do not matter), ``2 tael 3 mace``, ``1 ozt 3 dwt 5 gr``.  A bare number
    takes ``default_unit``; ``system`` tells which tael a bare ``tael`` is.

    The result is exact, so it may carry more decimals than the ledger's
    0.1 mg (one Hong Kong candareen is 0.3779936375 g): round it where it is
    stored.  Negative weights raise :class:`InvalidWeightError`; anything
    unreadable raises :class:`WeightParseError`.  With ``decimal_sign`` (``.``
    or ``,``) numbers are read the one way :func:`read_localized_number` reads
    them instead of taking either sign as the decimal mark.
    """
    read = _parts(text, default_unit, system, decimal_sign)
    return exact_decimal(sum(Fraction(value) * unit.exact for value, unit in read))


def parse_quantity(text, default_unit=None, system=None):
    """``(value, unit_code)`` of a one-unit quantity: ``3.5 chỉ`` → ``(Decimal('3.5'), 'chi')``."""
    read = _parts(text, default_unit, system)
    if len(read) != 1:
        raise WeightParseError(f"{text!r} has {len(read)} units; expected one")
    value, unit = read[0]
    return value, unit.code


# The ledger's resolution: a typed number of grams finer than this is refused.
_GRAM_PLACES = 4


def read_typed_weight(text, decimal_sign, system=None):
    """Grams (exact Decimal) of a weight typed into a weight field.

    Read one way only: the trade's compound forms (``1 lượng 2 chỉ``, ``2 tael
    3 mace``) or a number, in grams unless a unit follows, written with the
    user's language decimal sign (``46.275`` in English, ``46,275`` in
    Vietnamese).  Every refusal raises a :class:`GoldUnitsError` that says why:
    ambiguous or misplaced separators, a negative weight, an unknown unit, no
    number, or grams finer than the ledger's 0.1 mg.
    """
    if not isinstance(text, str) or not text.strip():
        raise WeightParseError("type a weight: grams or the trade's units")
    if not any(char.isdigit() for char in text):
        example = "46,275" if decimal_sign == "," else "46.275"
        raise WeightParseError(
            f"{text.strip()!r} is not a weight: write grams ({example}) or the trade's"
            " units (1 lượng 2 chỉ)"
        )
    read = _parts(text.strip(), "g", system, decimal_sign)
    if len(read) == 1 and read[0][1].code == "g":
        exponent = read[0][0].as_tuple().exponent
        if isinstance(exponent, int) and -exponent > _GRAM_PLACES:
            raise WeightParseError(
                f"{text.strip()!r} is finer than the ledger's 0.1 mg: at most"
                f" {_GRAM_PLACES} decimals of a gram"
            )
    return exact_decimal(sum(Fraction(value) * unit.exact for value, unit in read))

"""Purity: fineness (‰) is the truth; karat and Vietnamese tuổi are views of it.

karat = ‰ × 24 / 1000; tuổi = ‰ / 100.  Trade names (``750``, ``18K``,
``vàng 610``, ``9999``) map to a fineness through :data:`PURITIES`.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .errors import GoldUnitsError, PurityError
from .numbers import (
    as_fraction,
    exact_decimal,
    fold,
    plain,
    read_number,
    round_fraction,
    terminating_digits,
)


@dataclass(frozen=True)
class Purity:
    """A trade grade: ``fineness`` in ‰, ``karat`` as the trade names it."""

    code: str
    fineness: Decimal
    karat: Decimal
    name_en: str
    name_vi: str
    aliases: tuple = ()
    note: str = ""


# code, fineness ‰, karat as traded, name (en), name (vi), aliases, note
# fmt: off
_ROWS = (
    ("9999", "999.9", "24", "24K fine gold 9999 (four nines)", "vàng 9999 (bốn số 9, 24K)",
     ("four nines", "bon so 9", "999.9"), ""),
    ("999", "999", "24", "24K fine gold 999 (three nines)", "vàng 999 (ba số 9, 24K)",
     ("three nines", "ba so 9", "24k"), ""),
    ("980", "980", "23.52", "980 gold", "vàng 980", (), ""),
    ("916", "916", "22", "22K gold (916)", "vàng 916 (22K)", ("22k",), ""),
    ("750", "750", "18", "18K gold (750)", "vàng 750 (18K)", ("18k",), ""),
    ("680", "680", "16.32", "680 gold", "vàng 680", (), ""),
    ("610", "610", "14", "610 gold (sold as 14K in Vietnam)", "vàng 610 (vàng 14K Việt Nam)", (),
     "Vietnamese trade grade sold as 14K; international 14K is 583.3 ‰ (hallmark 585)"),
    ("585", "585", "14", "14K gold (585)", "vàng 585 (14K)", ("14k",), ""),
    ("416", "416", "10", "10K gold (416)", "vàng 416 (10K)", ("10k",), ""),
    ("375", "375", "9", "9K gold (375)", "vàng 375 (9K)", ("9k",), ""),
    ("333", "333", "8", "8K gold (333)", "vàng 333 (8K)", ("8k",),
     "lowest grade sold as gold jewellery in Vietnam (Thông tư 22/2013)"),
)
# fmt: on

_GRADES = tuple(
    Purity(code, Decimal(fineness), Decimal(karat), name_en, name_vi, aliases, note)
    for code, fineness, karat, name_en, name_vi, aliases, note in _ROWS
)

PURITIES = {grade.code: grade for grade in _GRADES}

_NAMES = {}
for _grade in _GRADES:
    for _name in (_grade.code, *_grade.aliases):
        _NAMES["".join(fold(_name).split())] = _grade.fineness

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_KARAT = re.compile(_NUMBER + r"\s*(?:k|kt|kara|karat|carat)")
_TUOI = re.compile(_NUMBER + r"\s*tuoi")
_PERCENT = re.compile(_NUMBER + r"\s*%")
_PERMILLE = re.compile(_NUMBER + r"\s*(‰|permille|per mille|o/oo)?")
_PREFIXES = ("vang ", "gold ")


def _checked(value, what, top):
    try:
        number = as_fraction(value, what, allow_negative=True)
    except GoldUnitsError as err:
        raise PurityError(str(err)) from None
    if not 0 <= number <= top:
        shown = value
        if isinstance(value, Fraction):
            shown = str(value) if terminating_digits(value) is None else plain(exact_decimal(value))
        raise PurityError(f"{what} {shown!s} is outside 0–{top}")
    return number


def check_fineness(fineness):
    """``fineness`` as an exact Fraction, or :class:`PurityError` outside 0–1000 ‰."""
    return _checked(fineness, "fineness (‰)", 1000)


def fineness_to_karat(fineness):
    """Karat of a fineness: ‰ × 24 / 1000, exact (750 → 18, 585 → 14.04)."""
    return exact_decimal(check_fineness(fineness) * 24 / 1000)


def karat_to_fineness(karat, places=1, rounding=ROUND_HALF_UP):
    """Fineness of a karat: K × 1000 / 24, rounded to ``places`` (14 → 583.3)."""
    return round_fraction(_checked(karat, "karat", 24) * 1000 / 24, places, rounding)


def fineness_to_tuoi(fineness):
    """Vietnamese tuổi of a fineness: ‰ / 100, exact (750 → 7.5, 999.9 → 9.999)."""
    return exact_decimal(check_fineness(fineness) / 100)


def tuoi_to_fineness(tuoi):
    """Fineness of a tuổi: tuổi × 100 (7.5 → 750)."""
    return exact_decimal(_checked(tuoi, "tuổi", 10) * 100)


def fine_weight(net_grams, fineness, places=None, rounding=ROUND_HALF_UP):
    """Fine gold in ``net_grams`` of metal at ``fineness`` ‰: net × ‰ / 1000.

    Exact by default (a product of decimals is a decimal); with ``places`` it is
    rounded once and never left above ``net_grams``.
    """
    net = as_fraction(net_grams, "net weight")
    fine = net * check_fineness(fineness) / 1000
    if places is None:
        return exact_decimal(fine)
    return min(round_fraction(fine, places, rounding), exact_decimal(net))


def _number(text):
    return Fraction(read_number(text))


def _from_karat(number):
    known = _NAMES.get(f"{number}k")
    if known is not None:
        return Fraction(known)
    return Fraction(karat_to_fineness(_number(number)))


def _from_plain(number, has_unit):
    if number in _NAMES and not has_unit:
        return Fraction(_NAMES[number])
    value = _number(number)
    if not has_unit and value <= 1 and ("." in number or "," in number):
        return value * 1000
    if not has_unit and value.denominator == 1 and 0 < value <= 24:
        raise PurityError(f"purity {number!r} is ambiguous: write {number}K or {number} ‰")
    return value


def _read_purity_text(text):
    key = fold(text)
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    key = key.removesuffix(" gold").strip()
    if "".join(key.split()) in _NAMES:
        return Fraction(_NAMES["".join(key.split())])
    match = _KARAT.fullmatch(key)
    if match:
        return _from_karat(match.group(1))
    match = _TUOI.fullmatch(key)
    if match:
        return _checked(_number(match.group(1)), "tuổi", 10) * 100
    match = _PERCENT.fullmatch(key)
    if match:
        return _number(match.group(1)) * 10
    match = _PERMILLE.fullmatch(key)
    if match:
        return _from_plain(match.group(1), bool(match.group(2)))
    raise PurityError(f"cannot read purity {text!r}")


def parse_purity(text):
    """Fineness (‰, exact Decimal) of a purity as the trade writes it.

    ``18K`` → 750, ``750`` → 750, ``9999`` → 999.9, ``vàng 610`` → 610,
    ``7.5 tuổi`` → 750, ``91.6%`` → 916, ``0.750`` → 750.  Trade karats map to
    their hallmark (``14K`` → 585, ``22K`` → 916, ``24K`` → 999); other karats
    are computed (``21K`` → 875).  A bare whole number up to 24 is refused as
    ambiguous.  Numbers are taken as they are (Decimal, int) in ‰.
    """
    if isinstance(text, str):
        fineness = _read_purity_text(text)
    else:
        fineness = check_fineness(text)
    check_fineness(fineness)
    return exact_decimal(fineness)

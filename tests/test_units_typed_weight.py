"""gold_units.core.read_typed_weight: what a weight field reads, in English and Vietnamese."""

from decimal import Decimal

import pytest
from gold_units.core import GoldUnitsError, InvalidWeightError, read_typed_weight
from gold_units.core.numbers import read_localized_number, shown_places

EN, VI = ".", ","


@pytest.mark.parametrize(
    ("text", "sign", "grams"),
    [
        ("46.275", EN, "46.275"),
        ("46,275", VI, "46.275"),
        ("46.275 g", EN, "46.275"),
        ("1,250.5", EN, "1250.5"),
        ("1.250,5", VI, "1250.5"),
        ("1,234,567", EN, "1234567"),
        ("1.234.567", VI, "1234567"),
        ("0.0001", EN, "0.0001"),
        ("0,0001", VI, "0.0001"),
        ("1 lượng 2 chỉ", EN, "45"),
        ("1 lượng 2 chỉ", VI, "45"),
        ("1 luong 2 chi 3 phan 4 ly", EN, "46.275"),
        ("3,5 chỉ", VI, "13.125"),
        ("3.5 chỉ", EN, "13.125"),
        ("2 tael 3 mace", EN, "86.938536625"),
        ("2 tael 3 mace", VI, "86.938536625"),
        ("  12 ", VI, "12"),
    ],
)
def test_read_one_way(text, sign, grams):
    assert read_typed_weight(text, sign) == Decimal(grams)


@pytest.mark.parametrize(
    ("text", "sign", "says"),
    [
        # the defects: 46,275 in English was 46 275 g, 0,0001 was 1 g
        ("46,275", EN, "ambiguous.*write 46.275 for a decimal or 46275"),
        ("46.275", VI, "ambiguous.*write 46,275 for a decimal or 46275"),
        ("46,275 g", EN, "ambiguous"),
        ("1,500 chỉ", EN, "ambiguous"),
        ("0,0001", EN, "decimal sign is '.'.*write 0.0001"),
        ("0.0001", VI, "decimal sign is ','.*write 0,0001"),
        ("3,5 chỉ", EN, "write 3.5"),
        ("1.2.3", EN, "more than one decimal sign"),
        ("1,2,3", VI, "more than one decimal sign"),
        ("1.2.3", VI, "only groups thousands in threes"),
        ("1.5,3", EN, "cannot follow the decimal sign"),
        ("abc", EN, "not a weight: write grams \\(46.275\\)"),
        ("abc", VI, "not a weight: write grams \\(46,275\\)"),
        ("-2 chỉ", EN, "negative"),
        ("−2 chỉ", VI, "negative"),
        ("2 foo", EN, "unknown weight unit 'foo'"),
        ("2 chỉ 1 lượng", EN, "largest to smallest"),
        ("0.00001", EN, "finer than the ledger's 0.1 mg"),
        ("", VI, "type a weight"),
    ],
)
def test_every_refusal_says_why(text, sign, says):
    with pytest.raises(GoldUnitsError, match=says):
        read_typed_weight(text, sign)


def test_negative_is_an_invalid_weight():
    with pytest.raises(InvalidWeightError):
        read_typed_weight("-2 chỉ", EN)


def test_decimal_sign_must_be_a_sign():
    with pytest.raises(ValueError, match="decimal sign"):
        read_localized_number("1", ";")


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        ("100", 6, 2),
        ("45.5", 6, 2),
        ("46.275", 6, 3),
        ("46.2751", 6, 4),
        ("1.886275", 6, 6),
        ("1.8862751", 6, 6),
        ("100", 2, 2),
        ("0", 6, 2),
    ],
)
def test_shown_places(value, places, shown):
    assert shown_places(Decimal(value), places) == shown

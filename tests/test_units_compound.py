"""gold_units.core: compound display and parsing of weights."""

from decimal import Decimal
from fractions import Fraction

import pytest
from gold_units.core import (
    SYSTEMS,
    UNITS,
    GoldUnitsError,
    InvalidWeightError,
    UnknownUnitError,
    WeightParseError,
    format_compound,
    parse_quantity,
    parse_weight,
)
from hypothesis import given
from hypothesis import strategies as st

systems = st.sampled_from(sorted(SYSTEMS))
langs = st.sampled_from(["vi", "en"])
grams_4 = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False)


@pytest.mark.parametrize(
    ("grams", "system", "lang", "text"),
    [
        ("46.275", "vn", "vi", "1 lượng 2 chỉ 3 phân 4 ly"),
        ("46.29375", "vn", "vi", "1 lượng 2 chỉ 3 phân 4.5 ly"),
        ("46.275", "vn", "en", "1 luong 2 chi 3 phan 4 ly"),
        ("375", "vn", "vi", "10 lượng"),
        ("37.875", "vn", "vi", "1 lượng 1 phân"),
        ("0.01875", "vn", "vi", "0.5 ly"),
        ("0", "vn", "vi", "0 ly"),
        ("86.938536625", "hk", "en", "2 tael 3 mace"),
        ("88.450511175", "hk", "en", "2 tael 3 mace 4 candareen"),
        ("86.0867", "hk_gold", "en", "2 tael 3 mace"),
        ("36.09299287", "troy", "en", "1 ozt 3 dwt 5 gr"),
        ("116.5", "cn", "en", "2 liang 3 qian 3 fen"),
        ("86.25", "tw", "en", "2 tael 3 mace"),
        ("46.275", "metric", "en", "46.275 g"),
        ("23.3276076", "india", "en", "2 tola"),
    ],
)
def test_format_in_the_trades_way(grams, system, lang, text):
    assert format_compound(Decimal(grams), system, lang) == text


def test_format_rounds_the_smallest_unit_and_carries():
    assert format_compound(Decimal("1"), "vn") == "2 phân 6.666667 ly"
    assert format_compound(Decimal("1"), "vn", places=2) == "2 phân 6.67 ly"
    # 3.7499999 g rounds to a whole chỉ instead of "9 phân 9.999997 ly"
    assert format_compound(Decimal("3.7499999"), "vn", places=2) == "1 chỉ"


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("46.275 g", "46.275"),
        ("46.275g", "46.275"),
        ("3.5 chỉ", "13.125"),
        ("1,25 lượng", "46.875"),
        ("1 luong 2 chi", "45"),
        ("1 LƯỢNG 2 CHỈ 3 PHÂN 4 LY", "46.275"),
        ("1 lượng, 2 chỉ", "45"),
        ("1 cây", "37.5"),
        ("2 tael 3 mace", "86.938536625"),
        ("1 ozt 3 dwt 5 gr", "36.09299287"),
        ("1 oz t", "31.1034768"),
        ("1.250,5 g", "1250.5"),
        ("1,250.5 g", "1250.5"),
        ("1.250.000 mg", "1250"),
        ("  7 ct ", "1.4"),
        ("1 kg 250 g", "1250"),
        ("+5 g", "5"),
    ],
)
def test_parse_weight(text, grams):
    assert parse_weight(text) == Decimal(grams)


def test_parse_bare_number_takes_the_default_unit():
    assert parse_weight("2", default_unit="chi") == Decimal("7.5")
    assert parse_weight("2,5", default_unit="g") == Decimal("2.5")


def test_parse_shared_words_in_the_named_system():
    assert parse_weight("1 tael", system="hk_gold") == Decimal("37.429")
    assert parse_weight("1 tael", system="tw") == Decimal("37.5")
    assert parse_weight("1 tael") == Decimal("37.79936375")


def test_parse_weight_is_exact_beyond_four_decimals():
    assert parse_weight("1 candareen") == Decimal("0.3779936375")


def test_parse_quantity_keeps_the_typed_value_and_unit():
    assert parse_quantity("3.5 chỉ") == (Decimal("3.5"), "chi")
    assert parse_quantity("1,25 lượng") == (Decimal("1.25"), "luong")
    assert parse_quantity("12", default_unit="ozt") == (Decimal("12"), "ozt")
    with pytest.raises(WeightParseError, match="expected one"):
        parse_quantity("1 lượng 2 chỉ")


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("", WeightParseError, "no number"),
        ("chỉ", WeightParseError, "cannot read 'chỉ'"),
        ("5", WeightParseError, "no unit"),
        ("1 lượng 2", WeightParseError, "'2' has no unit"),
        ("5 furlong", WeightParseError, "furlong"),
        ("5 oz", WeightParseError, "ozt"),
        ("2 chỉ 1 lượng", WeightParseError, "largest to smallest"),
        ("1 chỉ 1 chỉ", WeightParseError, "largest to smallest"),
        ("1 lượng 2 dwt", WeightParseError, "different systems"),
        ("about 5 g", WeightParseError, "about"),
        ("5 g approx", WeightParseError, "approx"),
        ("1.2.3 g", WeightParseError, "1.2.3"),
        ("-5 g", InvalidWeightError, "negative"),
        ("nan g", WeightParseError, "cannot read 'nan g'"),
        (None, WeightParseError, "text"),
    ],
)
def test_parse_errors_name_the_problem_and_the_input(text, error, says):
    with pytest.raises(error) as err:
        parse_weight(text)
    assert says in str(err.value)
    assert isinstance(err.value, GoldUnitsError) and isinstance(err.value, ValueError)


@pytest.mark.parametrize("bad", [Decimal("-1"), Decimal("NaN"), Decimal("-Infinity"), "x"])
def test_format_refuses_invalid_weights(bad):
    with pytest.raises(InvalidWeightError):
        format_compound(bad)


def test_format_refuses_unknown_system():
    with pytest.raises(UnknownUnitError, match="'xx'"):
        format_compound(Decimal(1), "xx")


@given(systems, langs, st.integers(min_value=0, max_value=10**7))
def test_parse_inverts_format_on_the_smallest_unit_grid(system, lang, count):
    smallest = UNITS[SYSTEMS[system].units[-1]]
    grams = count * smallest.grams
    assert parse_weight(format_compound(grams, system, lang), system=system) == grams


@given(systems, langs, st.integers(min_value=0, max_value=10**6), st.integers(0, 9))
def test_parse_inverts_format_with_decimal_remainders(system, lang, count, tenths):
    smallest = UNITS[SYSTEMS[system].units[-1]]
    grams = (count + Decimal(tenths) / 10) * smallest.grams
    assert parse_weight(format_compound(grams, system, lang), system=system) == grams


@given(systems, langs, grams_4)
def test_parse_inverts_format_for_any_ledger_weight(system, lang, grams):
    text = format_compound(grams, system, lang)
    back = parse_weight(text, system=system)
    # exact whenever the remainder is a short decimal; else off by at most half a
    # millionth of the smallest unit, far inside the ledger's 0.1 mg
    smallest = UNITS[SYSTEMS[system].units[-1]]
    assert abs(Fraction(back) - Fraction(grams)) <= smallest.exact / 2 / 10**6
    assert back.quantize(Decimal("0.0001")) == grams


@given(systems, grams_4)
def test_format_parts_are_whole_and_bounded(system, grams):
    units = SYSTEMS[system].units
    parts = format_compound(grams, system, "en").split()
    numbers = [Decimal(n) for n in parts[0::2]]
    assert all(n == n.to_integral_value() for n in numbers[:-1])
    assert all(n > 0 for n in numbers) or numbers == [0]
    symbols = parts[1::2]
    assert symbols == [UNITS[u].symbol_en for u in units if UNITS[u].symbol_en in symbols]

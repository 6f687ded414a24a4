"""gold_units.core: the unit table and exact conversion."""

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

import pytest
from gold_units.core import (
    SYSTEMS,
    UNITS,
    InvalidWeightError,
    UnknownUnitError,
    convert,
    convert_exact,
    from_grams,
    get_unit,
    to_grams,
)
from hypothesis import given
from hypothesis import strategies as st

# The definitions of reference/anchors_and_units.md §c, in grams.
EXPECTED_GRAMS = {
    "luong": "37.5",
    "chi": "3.75",
    "phan": "0.375",
    "ly": "0.0375",
    "zem": "0.00375",
    "hk_tael": "37.79936375",
    "hk_mace": "3.779936375",
    "hk_candareen": "0.3779936375",
    "hkg_tael": "37.429",
    "hkg_mace": "3.7429",
    "hkg_candareen": "0.37429",
    "cn_tael": "50",
    "cn_qian": "5",
    "cn_fen": "0.5",
    "tw_tael": "37.5",
    "tw_mace": "3.75",
    "tw_candareen": "0.375",
    "gr": "0.06479891",
    "ct": "0.2",
    "ozt": "31.1034768",
    "dwt": "1.55517384",
    "tola": "11.6638038",
    "mg": "0.001",
    "dg": "0.1",
    "g": "1",
    "kg": "1000",
}

CODES = sorted(UNITS)
units = st.sampled_from(CODES)
amounts = st.decimals(min_value=0, max_value=10**7, places=6, allow_nan=False)


def test_table_holds_every_unit_with_its_exact_size():
    assert set(UNITS) == set(EXPECTED_GRAMS)
    for code, grams in EXPECTED_GRAMS.items():
        assert UNITS[code].grams == Decimal(grams), code
        assert UNITS[code].code == code


def test_every_unit_is_described_and_belongs_to_a_display_system():
    for unit in UNITS.values():
        assert unit.code.isascii()
        assert unit.name_en and unit.name_vi and unit.symbol and unit.symbol_en.isascii()
        assert unit.system in SYSTEMS, unit.code


def test_trade_relations_hold_exactly():
    assert UNITS["luong"].exact == 10 * UNITS["chi"].exact == 1000 * UNITS["ly"].exact
    assert UNITS["hk_tael"].exact == Fraction("604.78982") / 16
    assert UNITS["ozt"].exact == 480 * UNITS["gr"].exact == 20 * UNITS["dwt"].exact
    assert UNITS["tola"].exact == 180 * UNITS["gr"].exact
    assert UNITS["cn_tael"].exact * 10 == 500


def test_display_systems_list_units_largest_first_in_whole_ratios():
    for system in SYSTEMS.values():
        sizes = [UNITS[code].exact for code in system.units]
        assert sizes == sorted(sizes, reverse=True), system.code
        for unit in system.units:
            assert UNITS[unit].system == system.code
        for size in sizes:
            assert (size / sizes[-1]).denominator == 1


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("luong", "luong"),
        ("Lượng", "luong"),
        ("CÂY", "luong"),
        ("cay", "luong"),
        ("chỉ", "chi"),
        ("phan", "phan"),
        ("li", "ly"),
        ("tael", "hk_tael"),
        ("taels", "hk_tael"),
        ("liang", "cn_tael"),
        ("oz t", "ozt"),
        ("oz.t", "ozt"),
        ("OZT", "ozt"),
        ("troy ounce", "ozt"),
        ("dwt", "dwt"),
        ("grain", "gr"),
        ("grains", "gr"),
        ("ct", "ct"),
        ("carat", "ct"),
        ("gam", "g"),
        ("Grams", "g"),
        ("hkg_tael", "hkg_tael"),
    ],
)
def test_aliases_are_case_and_accent_insensitive(alias, code):
    assert get_unit(alias).code == code


def test_shared_words_resolve_in_the_named_system():
    assert get_unit("tael", "hk_gold").code == "hkg_tael"
    assert get_unit("mace", "tw").code == "tw_mace"
    assert get_unit("candareen", "cn").code == "cn_fen"
    assert get_unit("tael", "vn").code == "hk_tael"  # vn has no tael: the default


@pytest.mark.parametrize("name", ["oz", "lạng", "18k", "furlong", "", 5])
def test_unknown_or_ambiguous_units_are_refused_by_name(name):
    with pytest.raises(UnknownUnitError) as err:
        get_unit(name)
    assert repr(name) in str(err.value)


@given(units, units, amounts)
def test_every_unit_pair_round_trips_exactly(src, dst, value):
    there = convert_exact(value, src, dst)
    assert convert_exact(there, dst, src) == Fraction(value)


@given(units, units, units, amounts)
def test_conversion_is_transitive(a, b, c, value):
    assert convert_exact(convert_exact(value, a, b), b, c) == convert_exact(value, a, c)


@given(units, amounts)
def test_to_grams_is_exact_and_from_grams_rounds_once(unit, value):
    grams = to_grams(value, unit)
    assert Fraction(grams) == Fraction(value) * UNITS[unit].exact
    assert from_grams(grams, unit, places=6) == value.quantize(Decimal("0.000001"))


def test_known_conversions():
    assert to_grams(1, "luong") == Decimal("37.5")
    assert to_grams(Decimal("1.2"), "ozt") == Decimal("37.32417216")
    assert convert(1, "ozt", "g") == Decimal("31.1035")
    assert convert(1, "luong", "ozt", places=6) == Decimal("1.205653")
    assert convert(1, "hk_tael", "luong", places=8) == Decimal("1.00798303")
    assert convert_exact(1, "luong", "chi") == 10
    assert from_grams(Decimal("37.5"), "chi") == Decimal("10.0000")


def test_rounding_mode_is_the_callers_and_applied_once():
    # 1 g = 26.666… ly
    assert convert(1, "g", "ly", places=2) == Decimal("26.67")
    assert convert(1, "g", "ly", places=2, rounding=ROUND_DOWN) == Decimal("26.66")
    # an exact half: 0.0375 g in 3 places of grams
    assert convert(1, "ly", "g", places=3, rounding=ROUND_HALF_UP) == Decimal("0.038")
    assert convert(1, "ly", "g", places=3, rounding=ROUND_HALF_EVEN) == Decimal("0.038")
    assert convert(1, "phan", "g", places=2, rounding=ROUND_HALF_EVEN) == Decimal("0.38")
    assert convert(Decimal("0.0125"), "g", "g", places=2, rounding=ROUND_HALF_EVEN) == Decimal(
        "0.01"
    )
    assert convert(Decimal("0.0101"), "g", "g", places=2, rounding=ROUND_UP) == Decimal("0.02")
    assert convert(Decimal("-0.0125"), "g", "g", places=2) == Decimal("-0.01")


def test_floats_are_read_as_the_decimal_they_print():
    assert to_grams(0.1, "g") == Decimal("0.1")
    assert convert_exact(46.275, "g", "g") == Fraction("46.275")


def test_signed_quantities_convert_like_weights():
    assert to_grams(Decimal("-0.2"), "luong") == Decimal("-7.5")


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), float("nan"), "x", True])
def test_non_numbers_are_refused(bad):
    with pytest.raises(InvalidWeightError) as err:
        convert_exact(bad, "g", "chi")
    assert repr(bad) in str(err.value)

"""gold_units.core: fineness, karat, tuổi, trade names and fine weight."""

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import pytest
from gold_units.core import (
    PURITIES,
    InvalidWeightError,
    PurityError,
    fine_weight,
    fineness_to_karat,
    fineness_to_tuoi,
    karat_to_fineness,
    parse_purity,
    tuoi_to_fineness,
)
from hypothesis import given
from hypothesis import strategies as st

finenesses = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False)
nets = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False)


def test_trade_table():
    assert list(PURITIES) == [
        "9999",
        "999",
        "980",
        "916",
        "750",
        "680",
        "610",
        "585",
        "416",
        "375",
        "333",
    ]
    assert PURITIES["9999"].fineness == Decimal("999.9")
    assert PURITIES["750"].karat == 18
    assert PURITIES["916"].karat == 22
    assert PURITIES["585"].karat == 14
    assert PURITIES["416"].karat == 10
    assert PURITIES["375"].karat == 9
    # Vietnam sells 610 as "14K", above the international 583.3 ‰
    assert PURITIES["610"].karat == 14
    assert "14K" in PURITIES["610"].name_en and "vàng 610" in PURITIES["610"].name_vi
    for grade in PURITIES.values():
        assert grade.name_en and grade.name_vi.startswith("vàng")


@pytest.mark.parametrize(
    ("text", "fineness"),
    [
        ("18K", "750"),
        ("18k", "750"),
        ("18 kt", "750"),
        ("18 carat", "750"),
        ("750", "750"),
        ("9999", "999.9"),
        ("999.9", "999.9"),
        ("999", "999"),
        ("24K", "999"),
        ("vàng 610", "610"),
        ("Vàng 9999", "999.9"),
        ("vang 750", "750"),
        ("bốn số 9", "999.9"),
        ("7.5 tuổi", "750"),
        ("7,5 tuoi", "750"),
        ("10 tuổi", "1000"),
        ("22K", "916"),
        ("14K", "585"),
        ("10K", "416"),
        ("9K", "375"),
        ("21K", "875"),
        ("16K", "666.7"),
        ("91.6%", "916"),
        ("0.750", "750"),
        ("750 ‰", "750"),
        ("18 ‰", "18"),
        ("0", "0"),
        ("18K gold", "750"),
    ],
)
def test_parse_purity(text, fineness):
    assert parse_purity(text) == Decimal(fineness)


def test_parse_purity_takes_numbers_as_fineness():
    assert parse_purity(Decimal("750")) == 750
    assert parse_purity(585) == 585


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1001", "outside 0–1000"),
        ("25K", "outside 0–24"),
        ("11 tuổi", "outside 0–10"),
        ("18", "ambiguous"),
        ("gold", "'gold'"),
        ("vàng tây xịn", "'vàng tây xịn'"),
        ("", "''"),
        ("101%", "outside 0–1000"),
    ],
)
def test_parse_purity_errors(text, says):
    with pytest.raises(PurityError) as err:
        parse_purity(text)
    assert says in str(err.value)


def test_conversions():
    assert fineness_to_karat(750) == 18
    assert fineness_to_karat(585) == Decimal("14.04")
    assert fineness_to_karat(Decimal("999.9")) == Decimal("23.9976")
    assert karat_to_fineness(18) == 750
    assert karat_to_fineness(14) == Decimal("583.3")
    assert karat_to_fineness(10) == Decimal("416.7")
    assert karat_to_fineness(22, places=0) == 917
    assert karat_to_fineness(22, places=0, rounding=ROUND_DOWN) == 916
    assert fineness_to_tuoi(750) == Decimal("7.5")
    assert fineness_to_tuoi(Decimal("999.9")) == Decimal("9.999")
    assert tuoi_to_fineness(Decimal("6.1")) == 610


@pytest.mark.parametrize("bad", [Decimal("-0.1"), Decimal("1000.1"), Decimal("NaN"), "x"])
def test_fineness_out_of_range(bad):
    with pytest.raises(PurityError):
        fineness_to_karat(bad)
    with pytest.raises(PurityError):
        fine_weight(Decimal(1), bad)


@given(finenesses)
def test_karat_and_tuoi_are_exact_views_of_fineness(fineness):
    karat = fineness_to_karat(fineness)
    assert Fraction(karat) * 1000 / 24 == Fraction(fineness)
    assert tuoi_to_fineness(fineness_to_tuoi(fineness)) == fineness
    assert karat_to_fineness(karat, places=1) == fineness


def test_fine_weight_of_the_article_batch():
    # 10 lượng of 18K: 375 g at 750 ‰
    assert fine_weight(Decimal("375"), 750) == Decimal("281.25")
    assert fine_weight(Decimal("1.2345"), Decimal("999.9"), places=4) == Decimal("1.2344")


@given(nets, finenesses)
def test_fine_weight_is_exact_and_never_exceeds_net(net, fineness):
    fine = fine_weight(net, fineness)
    assert Fraction(fine) == Fraction(net) * Fraction(fineness) / 1000
    assert fine <= net
    assert fine_weight(net, fineness, places=4) <= net


def test_fine_weight_rounded_never_exceeds_net_off_the_grid():
    assert fine_weight(Decimal("0.00006"), 999, places=4) <= Decimal("0.00006")


@pytest.mark.parametrize("bad", [Decimal("-1"), Decimal("Infinity"), None])
def test_fine_weight_refuses_invalid_net(bad):
    with pytest.raises(InvalidWeightError):
        fine_weight(bad, 750)

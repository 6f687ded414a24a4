"""Gold units core: exact weights, compound display, purity and alloy maths.

Pure Python (standard library only, no ``odoo`` import): the Odoo models of
``gold_units`` gather values from records, call these functions and store the
results; the same code runs in pytest, the benchmarks and the scale proxy.

Public API
----------
Units (grams are exact decimals; conversions go through Fraction):
    UNITS                       dict code -> Unit(.code .grams .name_en .name_vi .symbol
                                .symbol_en .system .aliases .exact)
    SYSTEMS                     dict code -> DisplaySystem(.code .name_en .name_vi .units)
                                (vn, hk, hk_gold, cn, tw, troy, india, metric)
    get_unit(unit, system=None) -> Unit              code, symbol or alias, accent-insensitive
    convert_exact(value, src, dst) -> Fraction
    convert(value, src, dst, places=4, rounding=ROUND_HALF_UP) -> Decimal
    to_grams(value, unit) -> Decimal                 exact
    from_grams(grams, unit, places=4, rounding=ROUND_HALF_UP) -> Decimal

Compound weights:
    format_compound(grams, system="vn", lang="vi", places=None) -> str
                                                     "1 lượng 2 chỉ 3 phân 4.5 ly"
    parse_weight(text, default_unit=None, system=None) -> Decimal grams (exact)
    parse_quantity(text, default_unit=None, system=None) -> (Decimal value, unit code)
    read_typed_weight(text, decimal_sign, system=None) -> Decimal grams (exact)
                                                     a weight field's one reading: compound
                                                     forms, or numbers with the language's
                                                     decimal sign; refuses ambiguous forms

Purity (fineness in ‰ is the truth):
    PURITIES                    dict code -> Purity(.code .fineness .karat .name_en .name_vi
                                .aliases .note)   9999 999 980 916 750 680 610 585 416 375 333
    parse_purity(text) -> Decimal fineness           "18K", "750", "9999", "vàng 610", "7.5 tuổi"
    fineness_to_karat(fineness) -> Decimal           ‰ × 24 / 1000, exact
    karat_to_fineness(karat, places=1, rounding=ROUND_HALF_UP) -> Decimal
    fineness_to_tuoi(fineness) -> Decimal            ‰ / 100, exact
    tuoi_to_fineness(tuoi) -> Decimal
    fine_weight(net_grams, fineness, places=None, rounding=ROUND_HALF_UP) -> Decimal

Alloy:
    Metal(name, fineness, available_grams, kind="scrap"|"fine"|"alloy")
    solve_alloy(target, metals, total_grams, margin=2, *, places=4, aim=None) -> AlloyResult
    AlloyResult(.lines .total_grams .fine_grams .fineness .fineness_exact .target .margin
                .aim; .grams_by_name()),  AlloyLine(.name .kind .fineness .grams .fine_grams)

Errors (all ValueError):
    GoldUnitsError > UnknownUnitError, InvalidWeightError, WeightParseError, PurityError,
    AlloyImpossibleError(.reason)
"""

from .alloy import AlloyLine, AlloyResult, Metal, solve_alloy
from .compound import format_compound, parse_quantity, parse_weight, read_typed_weight
from .errors import (
    AlloyImpossibleError,
    GoldUnitsError,
    InvalidWeightError,
    PurityError,
    UnknownUnitError,
    WeightParseError,
)
from .purity import (
    PURITIES,
    Purity,
    fine_weight,
    fineness_to_karat,
    fineness_to_tuoi,
    karat_to_fineness,
    parse_purity,
    tuoi_to_fineness,
)
from .units import (
    SYSTEMS,
    UNITS,
    DisplaySystem,
    Unit,
    convert,
    convert_exact,
    from_grams,
    get_unit,
    to_grams,
)

__all__ = [
    "PURITIES",
    "SYSTEMS",
    "UNITS",
    "AlloyImpossibleError",
    "AlloyLine",
    "AlloyResult",
    "DisplaySystem",
    "GoldUnitsError",
    "InvalidWeightError",
    "Metal",
    "Purity",
    "PurityError",
    "Unit",
    "UnknownUnitError",
    "WeightParseError",
    "convert",
    "convert_exact",
    "fine_weight",
    "fineness_to_karat",
    "fineness_to_tuoi",
    "format_compound",
    "from_grams",
    "get_unit",
    "karat_to_fineness",
    "parse_purity",
    "parse_quantity",
    "parse_weight",
    "read_typed_weight",
    "solve_alloy",
    "to_grams",
    "tuoi_to_fineness",
]

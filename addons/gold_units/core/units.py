"""The unit table and exact conversion between gold weight units.

Every unit is defined by an exact decimal number of grams (sources in
``reference/anchors_and_units.md`` §c); conversions go through
:class:`fractions.Fraction`, so any round trip is exact and rounding happens
once, where the caller asks for it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .errors import UnknownUnitError
from .numbers import as_fraction, exact_decimal, fold, round_fraction


@dataclass(frozen=True)
class Unit:
    """One weight unit: ``grams`` is its exact size, ``system`` a key of SYSTEMS."""

    code: str
    grams: Decimal
    name_en: str
    name_vi: str
    symbol: str
    system: str
    symbol_en: str = ""
    aliases: tuple = ()
    exact: Fraction = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "grams", Decimal(self.grams))
        object.__setattr__(self, "exact", Fraction(self.grams))
        if not self.symbol_en:
            object.__setattr__(self, "symbol_en", self.symbol)

    def label(self, lang="vi"):
        """The symbol written after a number in ``lang`` (``vi`` or ``en``)."""
        return self.symbol if lang == "vi" else self.symbol_en


@dataclass(frozen=True)
class DisplaySystem:
    """How the trade writes a weight: ``units`` from largest to smallest."""

    code: str
    name_en: str
    name_vi: str
    units: tuple


# code, grams, system, symbol (vi), symbol (en), name (en), name (vi), aliases
# fmt: off
_ROWS = (
    # Vietnam: 1 lượng (cây) = 10 chỉ = 100 phân = 1000 ly
    ("luong", "37.5", "vn", "lượng", "luong", "Vietnamese luong (cay, gold tael)",
     "lượng (cây)", ("cây", "cay", "cây vàng", "cay vang")),
    ("chi", "3.75", "vn", "chỉ", "chi", "Vietnamese chi (gold mace)", "chỉ", ()),
    ("phan", "0.375", "vn", "phân", "phan", "Vietnamese phan (gold candareen)", "phân", ()),
    ("ly", "0.0375", "vn", "ly", "ly", "Vietnamese ly", "ly (li)", ("li",)),
    ("zem", "0.00375", "vn", "zem", "zem", "Vietnamese zem", "zem", ()),
    # Hong Kong (Cap 68): tael = catty / 16 = 37.79936375 g; mace = tael/10; candareen = tael/100
    ("hk_tael", "37.79936375", "hk", "tael", "tael", "Hong Kong tael",
     "lượng Hồng Kông (司馬兩)", ("司馬兩", "hk tael")),
    ("hk_mace", "3.779936375", "hk", "mace", "mace", "Hong Kong mace",
     "chỉ Hồng Kông (錢)", ("hk mace",)),
    ("hk_candareen", "0.3779936375", "hk", "candareen", "candareen", "Hong Kong candareen",
     "phân Hồng Kông (分)", ("hk candareen",)),
    # Hong Kong gold (troy) tael, as traded on the CGSE
    ("hkg_tael", "37.429", "hk_gold", "tael", "tael", "Hong Kong gold tael (troy tael)",
     "lượng vàng Hồng Kông (金衡兩)", ("金衡兩", "troy tael", "gold tael", "hk gold tael")),
    ("hkg_mace", "3.7429", "hk_gold", "mace", "mace", "Hong Kong gold mace",
     "chỉ vàng Hồng Kông", ("gold mace", "hk gold mace")),
    ("hkg_candareen", "0.37429", "hk_gold", "candareen", "candareen",
     "Hong Kong gold candareen", "phân vàng Hồng Kông", ("gold candareen", "hk gold candareen")),
    # China market units since 1959: jin 500 g = 10 liang
    ("cn_tael", "50", "cn", "liang", "liang", "Chinese market tael (liang)",
     "lạng Trung Quốc (市两)", ("市两", "shi liang", "cn tael")),
    ("cn_qian", "5", "cn", "qian", "qian", "Chinese qian", "tiền Trung Quốc (钱)", ("cn mace",)),
    ("cn_fen", "0.5", "cn", "fen", "fen", "Chinese fen", "phân Trung Quốc (分)",
     ("cn candareen",)),
    # Taiwan: catty 600 g = 16 tael
    ("tw_tael", "37.5", "tw", "tael", "tael", "Taiwan tael", "lượng Đài Loan (台兩)",
     ("台兩", "tw tael")),
    ("tw_mace", "3.75", "tw", "mace", "mace", "Taiwan mace", "chỉ Đài Loan (台錢)",
     ("台錢", "tw mace")),
    ("tw_candareen", "0.375", "tw", "candareen", "candareen", "Taiwan candareen",
     "phân Đài Loan (台分)", ("台分", "tw candareen")),
    # Troy: the grain is exact; ozt = 480 gr, dwt = 24 gr
    ("ozt", "31.1034768", "troy", "ozt", "ozt", "troy ounce", "ounce troy",
     ("oz t", "oz.t", "t oz", "toz", "troy oz", "troy ounce", "troy ounces")),
    ("dwt", "1.55517384", "troy", "dwt", "dwt", "pennyweight", "pennyweight",
     ("pwt", "pennyweight", "pennyweights")),
    ("gr", "0.06479891", "troy", "gr", "gr", "grain", "grain", ("grain", "grains")),
    # South Asia: tola = 180 gr
    ("tola", "11.6638038", "india", "tola", "tola", "tola", "tola", ("tolas", "tolah")),
    # Metric
    ("ct", "0.2", "metric", "ct", "ct", "metric carat", "cara (khối lượng)",
     ("cts", "carat", "carats", "metric carat")),
    ("mg", "0.001", "metric", "mg", "mg", "milligram", "miligam",
     ("milligram", "milligrams", "milligramme", "miligam")),
    ("dg", "0.1", "metric", "dg", "dg", "decigram", "đềxigam", ("decigram", "decigrams")),
    ("g", "1", "metric", "g", "g", "gram", "gam", ("gram", "grams", "gramme", "grammes", "gam")),
    ("kg", "1000", "metric", "kg", "kg", "kilogram", "kilôgam",
     ("kilogram", "kilograms", "kilo", "kilos", "kilogam")),
)
# fmt: on

_TABLE = tuple(
    Unit(code, Decimal(grams), name_en, name_vi, symbol, system, symbol_en, aliases)
    for code, grams, system, symbol, symbol_en, name_en, name_vi, aliases in _ROWS
)

UNITS = {unit.code: unit for unit in _TABLE}

SYSTEMS = {
    "vn": DisplaySystem(
        "vn",
        "Vietnam (lượng, chỉ, phân, ly)",
        "Việt Nam (lượng, chỉ, phân, ly)",
        ("luong", "chi", "phan", "ly"),
    ),
    "hk": DisplaySystem(
        "hk",
        "Hong Kong (tael, mace, candareen)",
        "Hồng Kông (tael, mace, candareen)",
        ("hk_tael", "hk_mace", "hk_candareen"),
    ),
    "hk_gold": DisplaySystem(
        "hk_gold",
        "Hong Kong gold (troy tael, mace, candareen)",
        "Hồng Kông vàng (tael troy, mace, candareen)",
        ("hkg_tael", "hkg_mace", "hkg_candareen"),
    ),
    "cn": DisplaySystem(
        "cn",
        "China (liang, qian, fen)",
        "Trung Quốc (lạng, tiền, phân)",
        ("cn_tael", "cn_qian", "cn_fen"),
    ),
    "tw": DisplaySystem(
        "tw",
        "Taiwan (tael, mace, candareen)",
        "Đài Loan (tael, mace, candareen)",
        ("tw_tael", "tw_mace", "tw_candareen"),
    ),
    "troy": DisplaySystem(
        "troy", "Troy (ozt, dwt, gr)", "Troy (ozt, dwt, gr)", ("ozt", "dwt", "gr")
    ),
    "india": DisplaySystem("india", "India (tola)", "Ấn Độ (tola)", ("tola",)),
    "metric": DisplaySystem("metric", "Metric (g)", "Hệ mét (g)", ("g",)),
}

# Words shared by several systems: resolved in the system the caller names,
# else in the default one (the Hong Kong legal tael for "tael", China for "liang").
_RANKS = {
    "hk": ("hk_tael", "hk_mace", "hk_candareen"),
    "hk_gold": ("hkg_tael", "hkg_mace", "hkg_candareen"),
    "cn": ("cn_tael", "cn_qian", "cn_fen"),
    "tw": ("tw_tael", "tw_mace", "tw_candareen"),
}
_GENERIC = {
    "tael": (0, "hk"),
    "taels": (0, "hk"),
    "兩": (0, "hk"),
    "両": (0, "hk"),
    "liang": (0, "cn"),
    "两": (0, "cn"),
    "mace": (1, "hk"),
    "maces": (1, "hk"),
    "錢": (1, "hk"),
    "qian": (1, "cn"),
    "钱": (1, "cn"),
    "candareen": (2, "hk"),
    "candareens": (2, "hk"),
    "fen": (2, "cn"),
    "分": (2, "cn"),
}
_AMBIGUOUS = {
    "oz": "ambiguous: write 'ozt' for the troy ounce (31.1034768 g)",
    "ounce": "ambiguous: write 'ozt' for the troy ounce (31.1034768 g)",
    "lang": "ambiguous: 'lạng' is not the gold lượng; write 'lượng' (37.5 g)",
    "k": "'K' is a purity (karat), not a weight; the weight carat is 'ct'",
    "kara": "'kara' is a purity (karat), not a weight; the weight carat is 'ct'",
    "karat": "'karat' is a purity, not a weight; the weight carat is 'ct'",
}


def _key(text):
    return "".join(fold(text).replace(".", " ").split())


def _build_aliases():
    table = {}
    for unit in _TABLE:
        for name in (unit.code, unit.symbol, unit.symbol_en, *unit.aliases):
            key = _key(name)
            if key in _GENERIC:
                continue
            if table.get(key, unit.code) != unit.code:
                raise RuntimeError(f"alias {name!r} names two units")  # table bug
            table[key] = unit.code
    return table


_ALIASES = _build_aliases()
_GENERIC_KEYS = {_key(word): rank for word, rank in _GENERIC.items()}


def get_unit(unit, system=None):
    """The :class:`Unit` for a code, symbol or alias (case- and accent-insensitive).

    ``unit`` may already be a Unit.  Words several systems share (``tael``,
    ``mace``, ``candareen``, ``liang`` …) resolve in ``system`` when it has them,
    otherwise ``tael``/``mace``/``candareen`` mean the Hong Kong legal units and
    ``liang``/``qian``/``fen`` the Chinese market units.
    """
    if isinstance(unit, Unit):
        return unit
    if not isinstance(unit, str):
        raise UnknownUnitError(f"a unit must be a code or a name, got {unit!r}")
    found = UNITS.get(unit)
    if found is not None:
        return found
    key = _key(unit)
    if key in _GENERIC_KEYS:
        rank, default = _GENERIC_KEYS[key]
        return UNITS[_RANKS.get(system, _RANKS[default])[rank]]
    if key in _ALIASES:
        return UNITS[_ALIASES[key]]
    hint = _AMBIGUOUS.get(key)
    if hint:
        raise UnknownUnitError(f"unit {unit!r} is {hint}")
    raise UnknownUnitError(f"unknown weight unit {unit!r}")


def convert_exact(value, src, dst):
    """``value`` in unit ``src`` expressed in unit ``dst``, as an exact Fraction.

    Signed values are allowed (a loss converts like a weight).
    """
    amount = as_fraction(value, "quantity", allow_negative=True)
    ratio = _RATIOS.get((src, dst))
    if ratio is None:
        ratio = _ratio(src, dst)
    return amount * ratio if ratio != 1 else amount


_RATIOS = {}


def _ratio(src, dst):
    ratio = get_unit(src).exact / get_unit(dst).exact
    if isinstance(src, str) and isinstance(dst, str) and src in UNITS and dst in UNITS:
        _RATIOS[src, dst] = ratio  # codes only: bounded by the table, aliases resolve anew
    return ratio


def convert(value, src, dst, places=4, rounding=ROUND_HALF_UP):
    """``value`` converted from ``src`` to ``dst`` and rounded once to ``places`` decimals."""
    return round_fraction(convert_exact(value, src, dst), places, rounding)


def to_grams(value, unit):
    """``value`` of ``unit`` in grams, exact (every unit is a finite decimal of grams)."""
    return exact_decimal(convert_exact(value, unit, "g"))


def from_grams(grams, unit, places=4, rounding=ROUND_HALF_UP):
    """``grams`` expressed in ``unit``, rounded once to ``places`` decimals."""
    return convert(grams, "g", unit, places, rounding)

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

from odoo import api, fields, models

from ..core import SYSTEMS, UNITS, convert_exact

# Odoo rounds a converted quantity UP by default: right for bolts (never
# under-consume a component), wrong for gold, where it invents metal on every
# round trip.  Between two gold-coded units we convert exactly and round
# HALF-UP unless the caller asked for DOWN.
GRAM_QUANTUM = 0.0001  # the ledger's resolution: 0.1 mg
_ROUNDING = {"UP": ROUND_HALF_UP, "HALF-UP": ROUND_HALF_UP, "DOWN": ROUND_DOWN}


def to_decimal(value):
    """An Odoo float as the decimal the user typed (shortest repr)."""
    return Decimal(repr(float(value)))


def round_fraction(value, rounding, method=ROUND_HALF_UP):
    """Round an exact Fraction to a multiple of ``rounding`` (a float from Odoo).

    Integer arithmetic only, so the tie-break of HALF-UP is exact.
    """
    step = Fraction(to_decimal(rounding))
    units = abs(Fraction(value)) / step
    whole, rest = divmod(units.numerator, units.denominator)
    if rest and (method == ROUND_UP or (method == ROUND_HALF_UP and 2 * rest >= units.denominator)):
        whole += 1
    result = Decimal(whole) * to_decimal(rounding)
    return -result if value < 0 else result


class UomUom(models.Model):
    _inherit = "uom.uom"

    gold_unit_code = fields.Selection(
        selection="_selection_gold_unit_code",
        string="Gold Unit",
        help="The exact definition this unit follows. Conversions between two gold "
        "units are computed exactly and rounded half-up, never up.",
    )
    gold_grams = fields.Char(
        string="Exact Grams",
        compute="_compute_gold_grams",
        help="Grams in one unit, exactly, as defined by the trade.",
    )

    _sql_constraints = [
        (
            "gold_unit_code_uniq",
            "unique(gold_unit_code)",
            "Each gold unit definition can be used by one unit of measure only.",
        ),
    ]

    @api.model
    def _selection_gold_unit_code(self):
        return [(unit.code, unit.name_en) for unit in UNITS.values()]

    @api.depends("gold_unit_code")
    def _compute_gold_grams(self):
        for uom in self:
            unit = UNITS.get(uom.gold_unit_code) if uom.gold_unit_code else None
            uom.gold_grams = str(unit.grams) if unit else False

    @api.model
    def _gold_quantity_digits(self):
        """Digits a quantity field needs so every gold unit keeps its rounding."""
        digits = 0
        for uom in self.search([("gold_unit_code", "!=", False)]):
            exponent = to_decimal(uom.rounding).normalize().as_tuple().exponent
            digits = max(digits, -exponent)
        return digits

    def _gold_exact_pair(self, to_unit):
        return (
            self
            and to_unit
            and self != to_unit
            and self.gold_unit_code
            and to_unit.gold_unit_code
            and self.category_id == to_unit.category_id
        )

    def _compute_quantity(
        self, qty, to_unit, round=True, rounding_method="UP", raise_if_failure=True
    ):
        if not qty or not self._gold_exact_pair(to_unit):
            return super()._compute_quantity(
                qty,
                to_unit,
                round=round,
                rounding_method=rounding_method,
                raise_if_failure=raise_if_failure,
            )
        exact = convert_exact(to_decimal(qty), self.gold_unit_code, to_unit.gold_unit_code)
        if not round:
            return float(exact)
        method = _ROUNDING.get(rounding_method, ROUND_HALF_UP)
        return float(round_fraction(exact, to_unit.rounding, method))

    def _compute_price(self, price, to_unit):
        if not price or not self._gold_exact_pair(to_unit):
            return super()._compute_price(price, to_unit)
        # A price per unit scales with the inverse of the quantity conversion.
        ratio = convert_exact(Decimal(1), to_unit.gold_unit_code, self.gold_unit_code)
        return float(Fraction(to_decimal(price)) * ratio)

    @api.model
    def gold_display_table(self):
        """What the gold weight widget needs: every unit (for parsing) and the
        company's display system, largest unit first (for the compound form)."""
        system = SYSTEMS[self.env.company.gold_display_system or "vn"]

        def row(unit):
            return {
                "code": unit.code,
                "symbol": unit.symbol,  # the trade writes lượng/chỉ in any language
                "grams": str(unit.grams),
                "system": unit.system,
                "aliases": sorted({unit.code, unit.symbol, unit.symbol_en, *unit.aliases}),
            }

        return {
            "system": system.code,
            "units": [row(unit) for unit in UNITS.values()],
            "display_units": [row(UNITS[code]) for code in system.units],
        }

from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..core import convert_exact
from ..core.numbers import as_fraction
from .uom_uom import GRAM_QUANTUM, round_fraction, to_decimal


class ProductTemplate(models.Model):
    _inherit = "product.template"

    gold_is_gold = fields.Boolean(
        string="Contains Gold",
        help="Weighed and balanced as gold by the workshop: raw gold, alloys, scrap, "
        "dust and finished jewellery.",
    )
    gold_purity_id = fields.Many2one("gold.purity", string="Purity")
    gold_fineness = fields.Float(related="gold_purity_id.fineness", string="Fineness")
    gold_weight = fields.Float(
        string="Gold Weight per Unit",
        digits="Gold Weight",
        help="Grams of gold in one unit of this product. Products whose unit is a gold "
        "weight unit (g, lượng, chỉ…) weigh what their quantity says.",
    )

    @api.constrains("gold_is_gold", "gold_purity_id", "gold_weight")
    def _check_gold(self):
        for template in self:
            if template.gold_weight < 0:
                raise ValidationError(
                    _("The gold weight of %(product)s cannot be negative.", product=template.name)
                )
            if template.gold_is_gold and not template.gold_purity_id:
                raise ValidationError(
                    _("Set the purity of gold product %(product)s.", product=template.name)
                )


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _gold_exact_grams(self, qty, uom=None):
        """Grams of gold in ``qty`` ``uom`` of this product, as an exact Fraction."""
        self.ensure_one()
        uom = uom or self.uom_id
        if uom.gold_unit_code:
            return convert_exact(to_decimal(qty), uom.gold_unit_code, "g")
        in_product_uom = uom._compute_quantity(qty, self.uom_id, round=False)
        return Fraction(to_decimal(in_product_uom)) * Fraction(to_decimal(self.gold_weight))

    def gold_grams(self, qty, uom=None):
        """Grams of gold (Decimal, 0.1 mg) in ``qty`` ``uom`` of this product.

        A quantity in a gold weight unit is its own weight, converted exactly; any
        other unit (pieces, dozens) weighs ``gold_weight`` grams per product unit.
        """
        return round_fraction(self._gold_exact_grams(qty, uom), GRAM_QUANTUM)

    def gold_qty_of_grams(self, grams, uom=None):
        """The quantity in ``uom`` (Decimal, on the unit's rounding, HALF-UP) that
        holds ``grams`` of gold: the inverse of :meth:`gold_grams`.

        Divides by the exact weight of one unit (a Hong Kong tael is
        37.79936375 g, not 37.7994 g), so 71.30 g is 1.886275 tael, not 1.886273.
        Returns None when one unit of this product weighs nothing.
        """
        self.ensure_one()
        uom = uom or self.uom_id
        unit_grams = self._gold_exact_grams(1, uom)
        if not unit_grams:
            return None
        return round_fraction(as_fraction(grams) / unit_grams, uom.rounding)

from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..core import convert_exact
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

    def gold_grams(self, qty, uom=None):
        """Grams of gold (Decimal, 0.1 mg) in ``qty`` ``uom`` of this product.

        A quantity in a gold weight unit is its own weight, converted exactly; any
        other unit (pieces, dozens) weighs ``gold_weight`` grams per product unit.
        """
        self.ensure_one()
        uom = uom or self.uom_id
        if uom.gold_unit_code:
            grams = convert_exact(to_decimal(qty), uom.gold_unit_code, "g")
        else:
            in_product_uom = uom._compute_quantity(qty, self.uom_id, round=False)
            grams = Fraction(to_decimal(in_product_uom)) * Fraction(to_decimal(self.gold_weight))
        return round_fraction(grams, GRAM_QUANTUM)

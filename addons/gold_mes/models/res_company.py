from odoo import _, api, fields, models
from odoo.addons.gold_units.core import format_compound
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    gold_loss_location_id = fields.Many2one(
        "stock.location",
        help="Where the gold lost in production goes when an order is done. "
        "Empty: the shared 'Gold Loss' location.",
    )
    gold_supervisor_id = fields.Many2one(
        "res.users",
        help="Receives the activities for abnormal losses and gains.",
    )
    gold_manual_max_g = fields.Float(
        string="Largest Manual Weight (g)",
        digits="Gold Weight",
        default=100000.0,
        help="The heaviest weight capture() accepts without a balance's capacity to "
        "bound it (a weight typed by hand, or a balance whose capacity is not set).",
    )

    @api.constrains("gold_manual_max_g")
    def _check_gold_manual_max_g(self):
        for company in self:
            if company.gold_manual_max_g <= 0:
                raise ValidationError(
                    _(
                        "The largest manual weight of %(company)s must be positive.",
                        company=company.name,
                    )
                )

    def _gold_format_weight(self, grams, lang=None):
        """``grams`` (Decimal) in the company's trade units, e.g. ``9 lượng 8 chỉ``."""
        self.ensure_one()
        system = self.gold_display_system or "vn"
        # The trade's own words (lượng, chỉ) read the same in every language of the
        # shop; ``lang`` is kept for callers and future systems that differ.
        language = "vi"
        sign = "-" if grams < 0 else ""
        try:
            return sign + format_compound(abs(grams), system, language, places=4)
        except (ValueError, ArithmeticError):
            return f"{grams} g"

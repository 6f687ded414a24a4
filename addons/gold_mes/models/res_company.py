from odoo import fields, models
from odoo.addons.gold_units.core import format_compound


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

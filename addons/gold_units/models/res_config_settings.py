from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gold_display_system = fields.Selection(
        related="company_id.gold_display_system",
        readonly=False,
    )

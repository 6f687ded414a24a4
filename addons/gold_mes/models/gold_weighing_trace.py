"""The readings list of the trace: a batch's weighings are the same gold weighed again
and again, so its group rows never add them up."""

from odoo import fields, models


class GoldWeighing(models.Model):
    _inherit = "gold.weighing"

    trace_net_g = fields.Float(
        related="net_g", string="Weight (g)", digits="Gold Weight", aggregator=False
    )
    trace_fine_g = fields.Float(
        related="fine_g", string="Fine (g)", digits="Gold Weight", aggregator=False
    )

"""An order's stored gold figures are derived from the ledger, never written
(see mrp_workorder_guard.py); its loss value is written by the close alone."""

from odoo import api, models

from .mrp_workorder_guard import refuse_figures


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.model
    def _gold_written_figures(self):
        """Stored gold figures that are not computes: set by the close only."""
        return ("gold_loss_value",)

    @api.model_create_multi
    def create(self, vals_list):
        refuse_figures(self, {name for vals in vals_list for name in vals})
        return super().create(vals_list)

    def write(self, vals):
        refuse_figures(self, vals)
        return super().write(vals)

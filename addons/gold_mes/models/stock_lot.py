from odoo import _, models
from odoo.exceptions import UserError


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _gold_productions(self):
        """Batches that produced these lots or serial numbers."""
        productions = self.env["mrp.production"].search([("lot_producing_id", "in", self.ids)])
        lines = self.env["stock.move.line"].search(
            [("lot_id", "in", self.ids), ("move_id.production_id", "!=", False)]
        )
        return productions | lines.move_id.production_id

    def action_gold_trace(self):
        """From a finished lot or serial back to its batch, stages, workers, weighings
        and balances."""
        productions = self._gold_productions()
        if not productions:
            raise UserError(
                _("No manufacturing order produced %(lots)s.", lots=self.mapped("name"))
            )
        return productions.action_gold_trace()

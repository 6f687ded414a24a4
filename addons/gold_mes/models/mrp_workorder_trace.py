"""From a stage (say the inspection that found a defect) back through its batch, and
on to the next worker by a weighed handover."""

from odoo import _, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    def action_gold_trace(self):
        """The batch's chain: stages, workers, weighings and the balances used."""
        return self.production_id.action_gold_trace()

    def action_gold_handover(self):
        """Start a weighed handover of this stage's gold to another worker."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Hand Over"),
            "res_model": "gold.handover",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_workorder_id": self.id,
                "default_from_employee_id": self.gold_employee_id.id,
            },
        }

"""From a stage (say the inspection that found a defect) back through its batch, and
on to the next worker by a weighed handover."""

from odoo import _, fields, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    # The trace lists stages grouped by batch: a stage's input is the previous stage's
    # output, the same gold, so in and out are never added up in a group.  Its loss and
    # tolerance columns are the stage's gold_loss_ratio and gold_tolerance_ratio
    # (mrp_workorder_gold_balance.py), which are not aggregated either.
    gold_trace_in = fields.Float(
        related="gold_in", string="In (g)", digits="Gold Weight", aggregator=False
    )
    gold_trace_out = fields.Float(
        related="gold_out", string="Out (g)", digits="Gold Weight", aggregator=False
    )

    def action_gold_trace(self):
        """The batch's story with this stage marked."""
        self.ensure_one()
        return self.production_id.with_context(gold_trace_workorder_id=self.id).action_gold_trace()

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

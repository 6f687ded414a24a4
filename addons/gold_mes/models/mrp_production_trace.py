"""Traceability and chain of custody of a batch (mrp.production)."""

from odoo import _, api, fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    gold_handover_ids = fields.One2many("gold.handover", "production_id", string="Chain of Custody")
    gold_handover_count = fields.Integer(compute="_compute_gold_handover_count")
    gold_recovery_line_ids = fields.One2many(
        "gold.recovery.line", "production_id", string="Recovered Gold"
    )

    @api.depends("gold_handover_ids")
    def _compute_gold_handover_count(self):
        for production in self:
            production.gold_handover_count = len(production.gold_handover_ids)

    def action_gold_trace(self):
        """Every weighing of these batches grouped batch → stage → worker, with the
        balance that weighed it."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gold_mes.gold_weighing_action_trace"
        )
        action["domain"] = [("production_id", "in", self.ids)]
        action["name"] = _("Gold Trace: %(names)s", names=", ".join(self.mapped("name")))
        return action

    def action_gold_handovers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gold_mes.gold_handover_action")
        action["domain"] = [("production_id", "=", self.id)]
        action["context"] = {"default_workorder_id": self.workorder_ids[:1].id}
        return action

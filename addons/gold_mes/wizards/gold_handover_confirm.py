from odoo import api, fields, models


class GoldHandoverConfirm(models.TransientModel):
    _name = "gold.handover.confirm"
    _description = "Confirm a Gold Handover"

    handover_id = fields.Many2one("gold.handover", required=True, ondelete="cascade")
    side = fields.Selection([("out", "Giving"), ("in", "Receiving")], required=True)
    employee_id = fields.Many2one("hr.employee", string="Worker", compute="_compute_employee_id")
    scale_id = fields.Many2one("gold.scale", string="Balance")
    weight_g = fields.Float(string="Weight (g)", digits="Gold Weight", required=True)
    pin = fields.Char(string="PIN or Badge", required=True)

    @api.depends("handover_id", "side")
    def _compute_employee_id(self):
        for wizard in self:
            handover = wizard.handover_id
            wizard.employee_id = (
                handover.from_employee_id if wizard.side == "out" else handover.to_employee_id
            )

    def action_confirm(self):
        """A weight typed here is a manual entry: capture() asks for a supervisor."""
        self.ensure_one()
        weight = f"{self.weight_g:.4f}"
        handover = self.handover_id
        if self.side == "out":
            handover.gold_confirm_out(self.pin, weight_g=weight, scale_id=self.scale_id.id)
        else:
            handover.gold_confirm_in(self.pin, weight_g=weight, scale_id=self.scale_id.id)
        self.pin = False  # not kept in the wizard's table until the vacuum
        return {"type": "ir.actions.act_window_close"}

"""Issue gold from the safe to a batch, or return it to the safe, from the order.

The wizard gathers who weighs, on which balance and what; the weighing itself goes
through ``gold.weighing.capture()`` like every other line.  "Weigh on balance" asks the
chosen balance for its next stable signed reading (on the Odoo server for a local
balance, through its scale proxy otherwise), as the kiosk's weigh route does; a weight
typed by hand needs a gold supervisor and a reason.
"""

import json
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.weights import field_grams as grams
from ..hw_scale.link import LinkError

READ_TIMEOUT = 5.0


class GoldIssueWizard(models.TransientModel):
    _name = "gold.issue.wizard"
    _description = "Issue or Return Gold"

    production_id = fields.Many2one(
        "mrp.production", string="Manufacturing Order", required=True, readonly=True
    )
    company_id = fields.Many2one(related="production_id.company_id")
    kind = fields.Selection(
        [("issue", "Issue Gold (safe → batch)"), ("return", "Return to Safe (batch → safe)")],
        required=True,
        readonly=True,
        default="issue",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Weighed By",
        required=True,
        default=lambda self: self.env.user.employee_id,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    scale_id = fields.Many2one(
        "gold.scale",
        string="Balance",
        domain="[('company_id', '=', company_id)]",
        help="Weigh on this balance; leave empty to type the weight (supervisors only).",
    )
    weighed = fields.Boolean(readonly=True, help="The weight comes from the balance.")
    reading_json = fields.Text(readonly=True)
    reading_display = fields.Char(string="Reading", compute="_compute_reading_display")
    weight_g = fields.Float(string="Weight (g)", digits="Gold Weight")
    reason = fields.Text(help="Required for a weight typed by hand.")
    is_supervisor = fields.Boolean(compute="_compute_is_supervisor")
    gold_issued = fields.Float(related="production_id.gold_issued")
    gold_issued_stock = fields.Float(related="production_id.gold_issued_stock")
    gold_returned = fields.Float(related="production_id.gold_returned")
    gold_finished = fields.Float(related="production_id.gold_finished")
    idempotency_key = fields.Char(
        readonly=True, copy=False, default=lambda self: f"wizard-{uuid.uuid4().hex}"
    )

    @api.depends("reading_json", "weighed")
    def _compute_reading_display(self):
        for wizard in self:
            reading = json.loads(wizard.reading_json) if wizard.reading_json else None
            wizard.reading_display = (
                self.env["gold.scale"]._gold_format_reading(reading) if reading else False
            )

    @api.depends_context("uid")
    def _compute_is_supervisor(self):
        supervisor = self.env["gold.weighing"]._is_gold_supervisor()
        for wizard in self:
            wizard.is_supervisor = supervisor

    @api.onchange("scale_id")
    def _onchange_scale_id(self):
        """Another balance: the reading of the previous one no longer counts."""
        for wizard in self:
            wizard.weighed = False
            wizard.reading_json = False

    # ------------------------------------------------------------------ actions
    def action_weigh(self):
        """Read the next stable signed reading of the chosen balance into the wizard."""
        self.ensure_one()
        if not self.scale_id:
            raise UserError(_("Balance: choose the balance to weigh on."))
        if not self.env.user.has_group("gold_mes.gold_weighing_group_operator"):
            raise AccessError(_("Only gold operators may use a balance."))
        try:
            signed = self.scale_id._gold_capture_signed(READ_TIMEOUT)
        except LinkError as error:
            raise UserError(self.scale_id._gold_link_message(error)) from None
        self.write(
            {
                "weighed": True,
                "reading_json": json.dumps(signed, sort_keys=True, default=str),
                "weight_g": float(grams(signed.get("grams"))),
            }
        )
        return self._reopen()

    def action_confirm(self):
        """Record the weighing through capture(); the order shows it at once."""
        self.ensure_one()
        result = self.env["gold.weighing"].capture(self._prepare_capture_vals())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(name)s: %(kind)s %(net)s g recorded.",
                    name=result["name"],
                    kind=self.env["gold.weighing"]._kind_label(self.kind),
                    net=result["net_g"],
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _check_return_weight(self, weight):
        """A return takes gold from the batch's last stage: at most what it weighed out
        and did not return yet."""
        finished = grams(self.production_id.gold_finished)
        if self.kind == "return" and weight > finished:
            raise UserError(
                _(
                    "Weight (g): %(weight)s g is more than the %(finished)s g the last stage "
                    "of %(mo)s weighed out; only that can return to the safe.",
                    weight=weight,
                    finished=finished,
                    mo=self.production_id.name,
                )
            )

    def _prepare_capture_vals(self):
        self.ensure_one()
        vals = {
            "kind": self.kind,
            "production_id": self.production_id.id,
            "employee_id": self.employee_id.id,
            "idempotency_key": self.idempotency_key,
        }
        reason = (self.reason or "").strip()
        if reason:
            vals["reason"] = reason
        if self.weighed and self.reading_json:
            reading = json.loads(self.reading_json)
            self._check_return_weight(grams(reading.get("grams")))
            vals.update(scale_id=self.scale_id.id, reading=reading, weight_g=reading.get("grams"))
            return vals
        if not self.is_supervisor:
            raise AccessError(
                _("A weight typed by hand needs a gold supervisor; weigh on a balance.")
            )
        if not reason:
            raise UserError(_("Reason: say why the weight is typed by hand."))
        weight = grams(self.weight_g)
        if weight <= 0:
            raise UserError(_("Weight (g): type the weight, or weigh on a balance."))
        self._check_return_weight(weight)
        vals["weight_g"] = str(weight)
        return vals

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": dict(self._fields["kind"]._description_selection(self.env))[self.kind],
        }

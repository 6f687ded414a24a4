"""Weighed handovers between workers, confirmed by both with a PIN or a badge.

Both weighings go through ``gold.weighing.capture()`` (kinds handover_out and
handover_in); the comparison is ``core.handover_difference``.
"""

import hmac

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.custody import handover_difference
from ..core.weights import QUANTUM
from ..core.weights import field_grams as grams

_INTERNAL = "gold_handover_internal"
PROTECTED_FIELDS = {
    "state",
    "out_weighing_id",
    "in_weighing_id",
    "difference_g",
    "readability_g",
    "resolved_by_id",
}
PARTY_FIELDS = {"workorder_id", "from_employee_id", "to_employee_id", "company_id"}


class GoldHandover(models.Model):
    _name = "gold.handover"
    _description = "Gold Handover"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    production_id = fields.Many2one(
        "mrp.production",
        string="Batch",
        related="workorder_id.production_id",
        store=True,
        index=True,
    )
    workorder_id = fields.Many2one(
        "mrp.workorder", string="Stage", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    from_employee_id = fields.Many2one(
        "hr.employee", string="From Worker", required=True, tracking=True, index=True
    )
    to_employee_id = fields.Many2one(
        "hr.employee", string="To Worker", required=True, tracking=True, index=True
    )
    qty = fields.Float(string="Pieces", digits="Product Unit of Measure")
    note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "To Weigh"),
            ("sent", "Weighed Out"),
            ("done", "Received"),
            ("dispute", "Disputed"),
            ("resolved", "Dispute Resolved"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    out_weighing_id = fields.Many2one(
        "gold.weighing", string="Weighed Out", readonly=True, copy=False
    )
    in_weighing_id = fields.Many2one(
        "gold.weighing", string="Weighed In", readonly=True, copy=False
    )
    weight_out_g = fields.Float(
        related="out_weighing_id.net_g", string="Given (g)", digits="Gold Weight"
    )
    weight_in_g = fields.Float(
        related="in_weighing_id.net_g", string="Received (g)", digits="Gold Weight"
    )
    difference_g = fields.Float(
        string="Difference (g)",
        digits="Gold Weight",
        readonly=True,
        copy=False,
        help="Given minus received (> 0: gold missing).",
    )
    readability_g = fields.Float(
        string="Readability (g)", digits="Gold Weight", readonly=True, copy=False
    )
    resolution = fields.Text(copy=False, tracking=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True)

    _sql_constraints = [
        (
            "two_workers",
            "CHECK(from_employee_id != to_employee_id)",
            "A handover passes gold between two different workers.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("gold.handover") or "/"
            workorder = self.env["mrp.workorder"].browse(vals.get("workorder_id"))
            if workorder and not vals.get("company_id"):
                vals["company_id"] = workorder.production_id.company_id.id
        return super().create(vals_list)

    def write(self, vals):
        """State and weighings move only through the confirmations; who hands over to
        whom is fixed once the gold is on the balance."""
        if not self.env.context.get(_INTERNAL) and not self.env.su:
            if set(vals) & PROTECTED_FIELDS:
                raise UserError(_("A handover moves on only by weighing and confirming."))
            if set(vals) & PARTY_FIELDS and any(h.state != "draft" for h in self):
                raise UserError(_("A handover already weighed cannot change its workers."))
        return super().write(vals)

    def _gold_write(self, vals):
        return self.with_context(**{_INTERNAL: True}).write(vals)

    # ------------------------------------------------------------------ identity
    @api.model
    def _gold_check_pin(self, employee, pin):
        """The employee's PIN or badge, compared in constant time within the attempt
        limits of ``gold.identify.attempt``; refuse otherwise."""
        secret = employee.sudo()
        given = str(pin or "").strip()
        candidates = [value for value in (secret.pin, secret.barcode) if value]
        if not candidates:
            raise UserError(
                _("%(name)s has no PIN or badge: set one on the employee.", name=secret.name)
            )

        def check():
            # every candidate compared, so that the time says nothing of which matched
            matches = [hmac.compare_digest(given.encode(), value.encode()) for value in candidates]
            return bool(given) and any(matches)

        if not self.env["gold.identify.attempt"]._gold_guard(secret, check, "pin", "handover"):
            raise AccessError(_("The PIN or badge does not match %(name)s.", name=secret.name))

    # ------------------------------------------------------------------ weighing
    def _prepare_handover_capture_vals(self, side, weight_g=None, scale_id=None, reading=None):
        self.ensure_one()
        employee = self.from_employee_id if side == "out" else self.to_employee_id
        vals = {
            "kind": "handover_out" if side == "out" else "handover_in",
            "workorder_id": self.workorder_id.id,
            "employee_id": employee.id,
            "idempotency_key": f"gold.handover-{self.id}-{side}",
            "reason": _("Handover %(name)s", name=self.name),
        }
        if weight_g not in (None, ""):
            vals["weight_g"] = str(weight_g)
        if scale_id:
            vals["scale_id"] = scale_id
        if reading:
            vals["reading"] = reading
        return vals

    def gold_confirm_out(self, pin, weight_g=None, scale_id=None, reading=None):
        """Worker A weighs the gold out and confirms with their PIN or badge."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Handover %(name)s was already weighed out.", name=self.name))
        self._gold_check_pin(self.from_employee_id, pin)
        vals = self._prepare_handover_capture_vals("out", weight_g, scale_id, reading)
        result = self.env["gold.weighing"].capture(vals)
        self._gold_write({"out_weighing_id": result["weighing_id"], "state": "sent"})
        return self._gold_result()

    def gold_confirm_in(self, pin, weight_g=None, scale_id=None, reading=None):
        """Worker B weighs the gold in and confirms; a difference opens a dispute."""
        self.ensure_one()
        if self.state != "sent":
            raise UserError(_("Handover %(name)s is not waiting to be received.", name=self.name))
        self._gold_check_pin(self.to_employee_id, pin)
        vals = self._prepare_handover_capture_vals("in", weight_g, scale_id, reading)
        result = self.env["gold.weighing"].capture(vals)
        self._gold_write({"in_weighing_id": result["weighing_id"]})
        self._gold_compare()
        return self._gold_result()

    def _gold_readability(self):
        self.ensure_one()
        scales = (self.out_weighing_id | self.in_weighing_id).sudo().scale_id
        values = [grams(value) for value in scales.mapped("readability_g") if value]
        return max([QUANTUM, *values])

    def _gold_compare(self):
        self.ensure_one()
        readability = self._gold_readability()
        check = handover_difference(
            grams(self.out_weighing_id.sudo().net_g),
            grams(self.in_weighing_id.sudo().net_g),
            readability,
        )
        self._gold_write(
            {
                "difference_g": float(check.difference),
                "readability_g": float(readability),
                "state": "dispute" if check.status == "dispute" else "done",
            }
        )
        if check.status == "dispute":
            self._gold_open_dispute()

    def _gold_dispute_text(self):
        self.ensure_one()
        return _(
            "Handover dispute on %(stage)s: %(giver)s gave %(out)s g, %(taker)s received "
            "%(received)s g; difference %(diff)s g (balance readability %(r)s g).",
            stage=self.workorder_id.display_name,
            giver=self.from_employee_id.sudo().name,
            taker=self.to_employee_id.sudo().name,
            out=grams(self.weight_out_g),
            received=grams(self.weight_in_g),
            diff=grams(self.difference_g),
            r=grams(self.readability_g),
        )

    def _gold_open_dispute(self):
        self.ensure_one()
        text = self._gold_dispute_text()
        self._message_log(body=text)
        # without the author's e-mail, no "assigned to you" mail (see mrp.workorder)
        self.sudo().with_context(
            mail_activity_quick_update=not self.env.user.email
        ).activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Gold handover dispute: %(name)s", name=self.name),
            note=text,
            user_id=self.workorder_id._gold_supervisor().id,
        )

    def _gold_result(self):
        self.ensure_one()
        return {
            "handover_id": self.id,
            "name": self.name,
            "state": self.state,
            "difference_g": str(grams(self.difference_g)),
        }

    # ------------------------------------------------------------------ actions
    def action_confirm_wizard(self):
        """Open the confirmation (weight and PIN) for the side that is due."""
        self.ensure_one()
        side = "out" if self.state == "draft" else "in"
        return {
            "type": "ir.actions.act_window",
            "name": _("Confirm Handover"),
            "res_model": "gold.handover.confirm",
            "view_mode": "form",
            "target": "new",
            "context": {"default_handover_id": self.id, "default_side": side},
        }

    def action_resolve(self):
        """Supervisor: close a dispute with the resolution written on the handover."""
        if not self.env.user.has_group("gold_mes.gold_weighing_group_supervisor"):
            raise AccessError(_("Only a gold supervisor may resolve a handover dispute."))
        for handover in self:
            if handover.state != "dispute":
                raise UserError(_("Handover %(name)s is not disputed.", name=handover.name))
            if not (handover.resolution or "").strip():
                raise UserError(_("Write how the dispute was resolved first."))
            handover._gold_write({"state": "resolved", "resolved_by_id": self.env.user.id})
            handover.activity_ids.sudo().action_feedback(feedback=handover.resolution)
        return True

    def action_cancel(self):
        if any(handover.state != "draft" for handover in self):
            raise UserError(_("Only a handover not yet weighed can be cancelled."))
        self._gold_write({"state": "cancel"})
        return True

"""The day close: a count.  Each worker's gold is weighed on a balance (or declared,
with a reason, when it cannot be) before anything is compared with the ledger;
differences are explained or stay unexplained; then the day locks."""

import json
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.weights import QUANTUM
from ..core.weights import field_grams as grams
from ..hw_scale.link import LinkError

_INTERNAL = "gold_day_close_internal"
READ_TIMEOUT = 5.0


class GoldDayClose(models.Model):
    _name = "gold.day.close"
    _description = "Gold Day Close"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [("draft", "Counting"), ("locked", "Locked")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("gold.day.close.line", "day_close_id", string="Workers")
    scale_id = fields.Many2one(
        "gold.scale",
        string="Balance",
        domain="[('company_id', '=', company_id)]",
        check_company=True,
        help="The balance each worker's gold is weighed on at the end of the day.",
    )
    locked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    locked_at = fields.Datetime(readonly=True, copy=False)
    difference_g = fields.Float(
        string="Total Difference (g)",
        digits="Gold Weight",
        compute="_compute_totals",
        store=True,
    )
    unexplained_g = fields.Float(
        string="Unexplained (g)", digits="Gold Weight", compute="_compute_totals", store=True
    )

    _sql_constraints = [
        ("day_uniq", "unique(company_id, date)", "This day already has a day close."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("gold.day.close") or "/"
        return super().create(vals_list)

    def unlink(self):
        if any(rec.state == "locked" for rec in self):
            raise UserError(_("A locked day cannot be deleted."))
        return super().unlink()

    @api.depends("line_ids.difference_g", "line_ids.status")
    def _compute_totals(self):
        for rec in self:
            rec.difference_g = float(sum(grams(line.difference_g) for line in rec.line_ids))
            rec.unexplained_g = float(
                sum(
                    grams(line.difference_g)
                    for line in rec.line_ids
                    if line.status == "unexplained"
                )
            )

    def _gold_day_end(self):
        self.ensure_one()
        balance = self.env["gold.worker.balance"]
        return balance._gold_day_start(self.date + timedelta(days=1), self.company_id)

    def action_load(self):
        """One line per worker who held or moved gold by the end of the day; nothing is
        counted yet (the ledger's figure is what the count is compared with)."""
        for rec in self:
            if rec.state != "draft":
                raise UserError(_("Day %(name)s is locked.", name=rec.name))
            held = self.env["gold.worker.balance"]._gold_held(rec.company_id, rec._gold_day_end())
            existing = {line.employee_id.id: line for line in rec.line_ids}
            for employee_id, balance in held.items():
                line = existing.get(employee_id)
                if line:
                    line.with_context(**{_INTERNAL: True}).held_g = float(balance.held)
                    continue
                if balance.held == 0 and balance.received == 0:
                    continue
                rec.with_context(**{_INTERNAL: True}).line_ids = [
                    fields.Command.create(
                        {"employee_id": employee_id, "held_g": float(balance.held)}
                    )
                ]
        return True

    def action_lock(self):
        """Lock the day: no more weighing for its workers on that date."""
        if not self.env.user.has_group("gold_mes.gold_weighing_group_supervisor"):
            raise AccessError(_("Only a gold supervisor may lock a day."))
        for rec in self:
            if rec.state != "draft":
                continue
            if not rec.line_ids:
                rec.action_load()
            missing = rec.line_ids.filtered(lambda line: not line.counted)
            if missing:
                raise UserError(
                    _(
                        "Every worker's gold is weighed or declared first; not counted yet: "
                        "%(names)s.",
                        names=", ".join(missing.employee_id.mapped("name")),
                    )
                )
            unreasoned = rec.line_ids.filtered(lambda line: line._gold_needs_count_reason())
            if unreasoned:
                raise UserError(
                    _(
                        "Gold declared without weighing needs a reason (Why Declared): %(names)s.",
                        names=", ".join(unreasoned.employee_id.mapped("name")),
                    )
                )
            rec.write(
                {
                    "state": "locked",
                    "locked_by_id": self.env.user.id,
                    "locked_at": fields.Datetime.now(),
                }
            )
            # a note needing no sender e-mail (message_post refuses a user without one)
            rec._message_log(
                body=_(
                    "Day locked: difference %(diff)s g, of which %(unexplained)s g unexplained.",
                    diff=grams(rec.difference_g),
                    unexplained=grams(rec.unexplained_g),
                )
            )
        return True

    def action_unlock(self):
        if not self.env.user.has_group("gold_mes.gold_weighing_group_manager"):
            raise AccessError(_("Only a gold manager may reopen a locked day."))
        self.write({"state": "draft", "locked_by_id": False, "locked_at": False})
        for rec in self:
            rec._message_log(body=_("Day reopened by %(user)s.", user=self.env.user.name))
        return True

    @api.model
    def _gold_is_locked(self, company, employee, day):
        return bool(
            self.sudo().search_count(
                [
                    ("company_id", "=", company.id),
                    ("date", "=", day),
                    ("state", "=", "locked"),
                    ("line_ids.employee_id", "=", employee.id),
                ],
                limit=1,
            )
        )


class GoldDayCloseLine(models.Model):
    _name = "gold.day.close.line"
    _description = "Gold Day Close Line"
    _order = "day_close_id, employee_id"

    day_close_id = fields.Many2one("gold.day.close", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="day_close_id.company_id", store=True, index=True)
    date = fields.Date(related="day_close_id.date", store=True)
    state = fields.Selection(related="day_close_id.state", string="Day State")
    employee_id = fields.Many2one("hr.employee", string="Worker", required=True, index=True)
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    held_g = fields.Float(string="Held per Ledger (g)", digits="Gold Weight", readonly=True)
    mode = fields.Selection(
        [("returned", "Returned to the Safe"), ("declared", "Declared (kept)")],
        default="returned",
        required=True,
    )
    declared_g = fields.Float(
        string="Counted (g)",
        digits="Gold Weight",
        help="What the worker's gold weighed on the balance at the end of the day, or "
        "what they declared when it could not be weighed.",
    )
    counted = fields.Boolean(
        default=False, readonly=True, help="The worker's gold was weighed or declared."
    )
    count_method = fields.Selection(
        [("weighed", "Weighed"), ("declared", "Declared")],
        string="Counted By",
        readonly=True,
        copy=False,
    )
    count_reason = fields.Char(
        string="Why Declared", help="Why the gold was declared instead of weighed."
    )
    scale_id = fields.Many2one("gold.scale", string="Balance", readonly=True)
    raw_reading = fields.Text(readonly=True, copy=False)
    difference_g = fields.Float(
        string="Difference (g)",
        digits="Gold Weight",
        compute="_compute_difference",
        store=True,
        help="Held per ledger minus counted (> 0: gold missing); nothing before the count.",
    )
    explained = fields.Boolean()
    reason = fields.Text()
    status = fields.Selection(
        [
            ("pending", "Not Counted"),
            ("ok", "Agrees"),
            ("explained", "Explained"),
            ("unexplained", "Unexplained"),
        ],
        compute="_compute_difference",
        store=True,
    )

    _sql_constraints = [
        ("employee_uniq", "unique(day_close_id, employee_id)", "One line per worker."),
        ("declared_positive", "CHECK(declared_g >= 0)", "A weight cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        internal = self.env.context.get(_INTERNAL) or self.env.su
        if not internal and any(vals.get("held_g") for vals in vals_list):
            raise UserError(_("What a worker holds comes from the ledger, not typed."))
        if not self.env.context.get(_INTERNAL):
            vals_list = [
                dict(vals, **self._prepare_declared_vals()) if "declared_g" in vals else vals
                for vals in vals_list
            ]
        return super().create(vals_list)

    @api.depends("held_g", "declared_g", "counted", "explained", "reason")
    def _compute_difference(self):
        for line in self:
            if not line.counted:  # nothing is compared before the gold is counted
                line.difference_g = 0.0
                line.status = "pending"
                continue
            difference = grams(line.held_g) - grams(line.declared_g)
            line.difference_g = float(difference)
            if abs(difference) <= QUANTUM:
                line.status = "ok"
            elif line.explained and (line.reason or "").strip():
                line.status = "explained"
            else:
                line.status = "unexplained"

    @api.onchange("declared_g")
    def _onchange_declared_g(self):
        for line in self:
            line.update(line._prepare_declared_vals())

    @api.model
    def _prepare_declared_vals(self):
        """A figure typed in: a declaration, not a weighing."""
        return {
            "counted": True,
            "count_method": "declared",
            "scale_id": False,
            "raw_reading": False,
        }

    def _gold_needs_count_reason(self):
        self.ensure_one()
        return (
            self.count_method == "declared"
            and grams(self.declared_g) > 0
            and not (self.count_reason or "").strip()
        )

    def write(self, vals):
        if any(line.day_close_id.state == "locked" for line in self):
            raise UserError(_("The lines of a locked day cannot be changed."))
        internal = self.env.context.get(_INTERNAL) or self.env.su
        if "held_g" in vals and not internal:
            raise UserError(_("What a worker holds comes from the ledger, not typed."))
        if not internal and {"counted", "count_method", "scale_id", "raw_reading"} & set(vals):
            raise UserError(_("A count is weighed on the balance or declared, not ticked."))
        if "declared_g" in vals and not self.env.context.get(_INTERNAL):
            vals = dict(vals, **self._prepare_declared_vals())
        return super().write(vals)

    def action_weigh(self):
        """Weigh the worker's gold on the day close's balance: its stable signed reading
        becomes the count."""
        self.ensure_one()
        day = self.day_close_id
        if day.state != "draft":
            raise UserError(_("Day %(name)s is locked.", name=day.name))
        scale = day.scale_id
        if not scale:
            raise UserError(_("Balance: choose the balance the day is counted on first."))
        try:
            signed = scale._gold_capture_signed(READ_TIMEOUT)
        except LinkError as error:
            raise UserError(scale._gold_link_message(error)) from None
        self._gold_count_signed(scale, signed)
        return True

    def _gold_count_signed(self, scale, signed):
        """``signed`` (a stable reading signed by ``scale``) becomes this worker's count;
        the kiosk hands in the reading its scale route gave it."""
        self.ensure_one()
        if not scale._gold_reading_trusted(signed):
            raise UserError(
                _("The reading of %(scale)s is not signed: weigh again.", scale=scale.name)
            )
        if signed.get("stable") is not True or signed.get("unit") != "g":
            raise UserError(
                _(
                    "The reading of %(scale)s is not a stable weight in grams: weigh again.",
                    scale=scale.name,
                )
            )
        self.with_context(**{_INTERNAL: True}).write(
            {
                "declared_g": float(grams(signed.get("grams"))),
                "counted": True,
                "count_method": "weighed",
                "count_reason": False,
                "scale_id": scale.id,
                "raw_reading": json.dumps(signed, sort_keys=True, default=str),
            }
        )

    def unlink(self):
        if any(line.day_close_id.state == "locked" for line in self):
            raise UserError(_("The lines of a locked day cannot be deleted."))
        return super().unlink()

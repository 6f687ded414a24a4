"""Dust recovery: collected dust, refined or assayed, allocated back to the losses.

The allocation itself is ``core.split_loss`` (largest remainder over the stages'
recoverable losses, exact sums); this model gathers the stages in scope, calls it
twice (gross and fine gold) and stores one line per stage.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..core.attribution import attribute
from ..core.custody import worker_balances
from ..core.errors import GoldLedgerError
from ..core.recovery import split_loss
from ..core.weights import QUANTUM, ZERO, fine_grams, percent_of, to_grams

RULES = [("proportional", "Proportional to recoverable loss"), ("equal", "Equal shares")]


_INTERNAL = "gold_recovery_internal"
RESULT_FIELDS = {
    "state",
    "recovered_g",
    "total_loss_g",
    "burn_g",
    "recoverable_g",
    "unexplained_g",
    "excess_g",
    "fine_recoverable_g",
    "fine_unexplained_g",
    "fine_excess_g",
    "efficiency_pct",
}


def grams(value):
    return to_grams(value or 0, allow_negative=True)


class GoldRecovery(models.Model):
    _name = "gold.recovery"
    _description = "Gold Dust Recovery"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    state = fields.Selection(
        [
            ("draft", "Collecting"),
            ("collected", "In Dust Stock"),
            ("confirmed", "Allocated"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    source = fields.Selection(
        [
            ("dust", "Filing Dust"),
            ("sweeps", "Floor Sweeps"),
            ("filters", "Vacuum Filters"),
            ("water", "Polishing Water"),
            ("mixed", "Mixed"),
        ],
        default="dust",
        required=True,
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    workcenter_ids = fields.Many2many(
        "mrp.workcenter",
        string="Work Centres",
        help="Stages at these work centres whose weigh-out falls in the period share the "
        "recovered gold. Empty: every work centre.",
    )
    rule = fields.Selection(RULES, default="proportional", required=True)
    gross_g = fields.Float(
        string="Dust Collected (g)",
        digits="Gold Weight",
        tracking=True,
        help="Gross weight of the dust, sweeps or sludge as collected.",
    )
    assay_g = fields.Float(
        string="Metal Recovered (g)",
        digits="Gold Weight",
        tracking=True,
        help="Weight of the metal the refinery or the assay gave back.",
    )
    assay_fineness = fields.Float(
        string="Assayed Fineness (‰)", digits=(7, 2), tracking=True, default=750.0
    )
    fine_recovered_g = fields.Float(
        string="Fine Gold Recovered (g)",
        digits="Gold Weight",
        compute="_compute_fine_recovered_g",
        store=True,
    )
    refinery_id = fields.Many2one("res.partner")
    refinery_charge = fields.Monetary(currency_field="currency_id")
    recovered_g = fields.Float(
        string="Recovered, as Lost Alloy (g)",
        digits="Gold Weight",
        readonly=True,
        help="The fine gold recovered expressed in the alloy that was lost "
        "(fine recovered × recoverable loss / fine recoverable loss).",
    )
    total_loss_g = fields.Float(string="Loss in Scope (g)", digits="Gold Weight", readonly=True)
    burn_g = fields.Float(string="Burn Loss (g)", digits="Gold Weight", readonly=True)
    recoverable_g = fields.Float(string="Recoverable Loss (g)", digits="Gold Weight", readonly=True)
    unexplained_g = fields.Float(string="Unexplained Loss (g)", digits="Gold Weight", readonly=True)
    excess_g = fields.Float(
        string="Recovered Beyond Loss (g)",
        digits="Gold Weight",
        readonly=True,
        help="More came back than the stages lost: a gain to explain.",
    )
    fine_recoverable_g = fields.Float(
        string="Fine Recoverable Loss (g)", digits="Gold Weight", readonly=True
    )
    fine_unexplained_g = fields.Float(
        string="Fine Unexplained Loss (g)", digits="Gold Weight", readonly=True
    )
    fine_excess_g = fields.Float(
        string="Fine Recovered Beyond Loss (g)", digits="Gold Weight", readonly=True
    )
    efficiency_pct = fields.Float(
        string="Recovery Efficiency (%)",
        digits=(16, 2),
        readonly=True,
        help="Fine gold recovered over fine recoverable loss.",
    )
    line_ids = fields.One2many("gold.recovery.line", "recovery_id", string="Allocation")
    dust_product_id = fields.Many2one(
        "product.product",
        default=lambda self: self.env.ref("gold_mes.product_gold_dust", raise_if_not_found=False),
    )
    refined_product_id = fields.Many2one(
        "product.product",
        string="Refined Gold Product",
        default=lambda self: self.env.ref(
            "gold_mes.product_gold_refined", raise_if_not_found=False
        ),
    )
    move_ids = fields.One2many("stock.move", "gold_recovery_id", string="Stock Moves")
    note = fields.Html()

    _sql_constraints = [
        ("gross_g_positive", "CHECK(gross_g >= 0)", "The dust weight cannot be negative."),
        ("assay_g_positive", "CHECK(assay_g >= 0)", "The recovered metal cannot be negative."),
        (
            "assay_fineness_range",
            "CHECK(assay_fineness >= 0 AND assay_fineness <= 1000)",
            "Fineness is between 0 and 1000 ‰.",
        ),
        ("dates", "CHECK(date_from <= date_to)", "The period ends before it starts."),
    ]

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("gold.recovery") or "/"
        return super().create(vals_list)

    def write(self, vals):
        internal = self.env.context.get(_INTERNAL) or self.env.su
        if not internal and set(vals) & RESULT_FIELDS:
            raise UserError(_("Recovery results are computed from the ledger, not typed."))
        frozen = set(vals) - {"note", "message_main_attachment_id", "activity_ids"}
        if frozen and any(rec.state == "confirmed" for rec in self):
            raise UserError(_("An allocated recovery cannot be changed."))
        return super().write(vals)

    def _gold_write(self, vals):
        return self.with_context(**{_INTERNAL: True}).write(vals)

    def unlink(self):
        if any(rec.state not in ("draft", "cancel") for rec in self):
            raise UserError(_("Only a recovery still being collected can be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------ computes
    @api.depends("assay_g", "assay_fineness")
    def _compute_fine_recovered_g(self):
        for rec in self:
            rec.fine_recovered_g = float(fine_grams(grams(rec.assay_g), rec.assay_fineness or 0))

    # ------------------------------------------------------------------ scope
    def _gold_period(self):
        """(start, end) of the period as naive UTC datetimes, end exclusive."""
        self.ensure_one()
        balance = self.env["gold.worker.balance"]
        start = balance._gold_day_start(self.date_from)
        end = balance._gold_day_start(self.date_to + timedelta(days=1))
        return start, end

    def _gold_scope_domain(self, kind):
        """Ledger lines of ``kind`` in this recovery's company, period and work centres."""
        start, end = self._gold_period()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("kind", "=", kind),
            ("captured_at", ">=", start),
            ("captured_at", "<", end),
        ]
        if self.workcenter_ids:
            domain.append(("workcenter_id", "in", self.workcenter_ids.ids))
        return domain

    def _gold_scope_workorders(self):
        """Closed gold stages weighed out in the period at the work centres in scope,
        not yet allocated by another confirmed recovery."""
        self.ensure_one()
        workorders = self.env["gold.weighing"].sudo().search(self._gold_scope_domain("out"))
        workorders = workorders.workorder_id
        taken = (
            self.env["gold.recovery.line"]
            .sudo()
            .search(
                [
                    ("workorder_id", "in", workorders.ids),
                    ("recovery_id.state", "=", "confirmed"),
                    ("recovery_id", "!=", self.id),
                ]
            )
            .workorder_id
        )
        return (workorders - taken).filtered(
            lambda wo: wo.gold_is_stage and wo.gold_loss_status not in (False, "open")
        )

    def _gold_scope_stages(self):
        """[(workorder, StageBalance)] in production order."""
        self.ensure_one()
        workorders = self._gold_scope_workorders()
        result = []
        for production in workorders.production_id.sorted("id"):
            balance = production._gold_balance()
            wanted = workorders.filtered(lambda wo, p=production: wo.production_id == p)
            by_key = {stage.key: stage for stage in balance.stages} if balance else {}
            result.extend((wo, by_key[wo.id]) for wo in wanted if wo.id in by_key)
        return result

    def _gold_dust_collected(self):
        """Gross dust weighed at the stages in scope during the period (dust lines)."""
        self.ensure_one()
        lines = self.env["gold.weighing"].sudo().search(self._gold_scope_domain("dust"))
        reversed_lines = (
            self.env["gold.weighing"].sudo().search([("reversal_of_id", "in", lines.ids)])
        )
        return sum((grams(w.net_g) for w in lines - reversed_lines.reversal_of_id), ZERO)

    # ------------------------------------------------------------------ allocation
    def _gold_split(self, stages):
        """(gross LossSplit, fine LossSplit, recovered gross) for the StageBalances."""
        self.ensure_one()
        fine_recovered = grams(self.fine_recovered_g)
        probe = split_loss(stages)
        probe_fine = split_loss(stages, fine=True)
        if probe_fine.recoverable > 0:
            recovered = (fine_recovered * probe.recoverable / probe_fine.recoverable).quantize(
                QUANTUM, rounding=ROUND_HALF_UP
            )
        else:
            recovered = ZERO
        gross = split_loss(stages, recovered=recovered, rule=self.rule)
        fine = split_loss(stages, recovered=fine_recovered, rule=self.rule, fine=True)
        return gross, fine, recovered

    def _gold_worker_shares(self, workorder, loss):
        """[(employee id or None, weight)]: each worker's own residual at the stage
        (core.worker_balances), and what no worker holds (handover differences,
        transit) under None; the weights add up to ``loss`` when it is positive."""
        self.ensure_one()
        weighings = workorder.production_id.sudo().gold_weighing_ids.sorted(
            lambda w: (w.captured_at, w.id)
        )
        custody = self.env["gold.worker.balance"]._gold_custody_lines(weighings)
        lines = [line for line in custody if line.stage == workorder.id]
        try:
            workers = worker_balances(lines, closed_stages={workorder.id})
        except GoldLedgerError:
            workers = {}
        shares = [(employee, held.loss) for employee, held in workers.items() if held.loss > 0]
        rest = loss - sum((weight for _, weight in shares), ZERO)
        if rest > 0 or not shares:
            fallback = None if shares else workorder.gold_employee_id.id or None
            shares.append((fallback, max(rest, ZERO)))
        return shares

    def _prepare_recovery_lines(self, workorder, gross, fine):
        """One line per worker of the stage; gross and fine columns sum to the stage's."""
        self.ensure_one()
        gross_parts = attribute(gross, self._gold_worker_shares(workorder, gross.loss))
        fine_parts = attribute(fine, [(part.employee, part.loss) for part in gross_parts])
        return [
            self._prepare_recovery_line_vals(workorder, gross.loss_type, part, fine_part)
            for part, fine_part in zip(gross_parts, fine_parts, strict=True)
        ]

    def _prepare_recovery_line_vals(self, workorder, loss_type, gross, fine):
        self.ensure_one()
        return {
            "recovery_id": self.id,
            "workorder_id": workorder.id,
            "production_id": workorder.production_id.id,
            "workcenter_id": workorder.workcenter_id.id,
            "employee_id": gross.employee or False,
            "loss_type": loss_type,
            "loss_g": float(gross.loss),
            "burn_g": float(gross.burn),
            "recovered_g": float(gross.recovered),
            "unexplained_g": float(gross.unexplained),
            "fine_loss_g": float(fine.loss),
            "fine_burn_g": float(fine.burn),
            "fine_recovered_g": float(fine.recovered),
            "fine_unexplained_g": float(fine.unexplained),
        }

    def _prepare_recovery_totals(self, gross, fine, recovered):
        self.ensure_one()
        return {
            "recovered_g": float(recovered),
            "total_loss_g": float(gross.total_loss),
            "burn_g": float(gross.burn),
            "recoverable_g": float(gross.recoverable),
            "unexplained_g": float(gross.unexplained),
            "excess_g": float(gross.excess),
            "fine_recoverable_g": float(fine.recoverable),
            "fine_unexplained_g": float(fine.unexplained),
            "fine_excess_g": float(fine.excess),
            "efficiency_pct": float(percent_of(fine.recovered + fine.excess, fine.recoverable))
            if fine.recoverable > 0
            else 0.0,
        }

    def action_compute(self):
        """(Re)compute the allocation lines from the ledger."""
        for rec in self:
            if rec.state not in ("draft", "collected"):
                raise UserError(_("Recovery %(name)s is already allocated.", name=rec.name))
            pairs = rec._gold_scope_stages()
            try:
                gross, fine, recovered = rec._gold_split([stage for _wo, stage in pairs])
            except GoldLedgerError as error:
                raise UserError(
                    _("The recovery cannot be allocated: %(error)s", error=error)
                ) from None
            rec.line_ids.with_context(**{_INTERNAL: True}).unlink()
            vals_list = []
            for (wo, _stage), gross_row, fine_row in zip(
                pairs, gross.stages, fine.stages, strict=True
            ):
                vals_list.extend(rec._prepare_recovery_lines(wo, gross_row, fine_row))
            self.env["gold.recovery.line"].with_context(**{_INTERNAL: True}).create(vals_list)
            rec._gold_write(rec._prepare_recovery_totals(gross, fine, recovered))
        return True

    def action_fill_dust(self):
        """Take the dust weighed at the stages in scope as the collected weight."""
        for rec in self:
            rec.gross_g = float(rec._gold_dust_collected())
        return True

    # ------------------------------------------------------------------ workflow
    def action_collect(self):
        """The dust enters the 'Dust and Sweeps' location as the dust product."""
        for rec in self:
            if rec.state != "draft":
                continue
            if grams(rec.gross_g) <= 0:
                raise UserError(_("Weigh the dust collected first."))
            rec._gold_move(
                rec.dust_product_id,
                rec.gross_g,
                rec._gold_loss_location(),
                rec._gold_dust_location(),
                _("%(name)s: dust collected", name=rec.name),
            )
            rec._gold_write({"state": "collected"})
        return True

    def action_confirm(self):
        """Allocate for good: the dust goes to the refinery, the refined gold to stock,
        the allocation lines are frozen."""
        for rec in self:
            if rec.state != "collected":
                raise UserError(_("Put the dust in stock before allocating its gold."))
            rec.action_compute()
            rec._gold_move(
                rec.dust_product_id,
                rec.gross_g,
                rec._gold_dust_location(),
                rec._gold_refinery_location(),
                _("%(name)s: dust to refining", name=rec.name),
            )
            if grams(rec.fine_recovered_g) > 0:
                rec._gold_move(
                    rec.refined_product_id,
                    rec.fine_recovered_g,
                    rec._gold_refinery_location(),
                    rec._gold_stock_location(),
                    _("%(name)s: refined gold returned", name=rec.name),
                )
            rec._gold_write({"state": "confirmed"})
            rec._message_log(body=rec._gold_summary())
        return True

    def action_cancel(self):
        if any(rec.state != "draft" for rec in self):
            raise UserError(_("Only a recovery still being collected can be cancelled."))
        self._gold_write({"state": "cancel"})
        return True

    def _gold_summary(self):
        self.ensure_one()
        return _(
            "Recovered %(fine)s g fine gold (%(rec)s g of the lost alloy) against "
            "%(recoverable)s g recoverable loss: %(unexplained)s g unexplained, "
            "efficiency %(eff)s %%.",
            fine=grams(self.fine_recovered_g),
            rec=grams(self.recovered_g),
            recoverable=grams(self.recoverable_g),
            unexplained=grams(self.unexplained_g),
            eff=round(self.efficiency_pct, 2),
        )

    # ------------------------------------------------------------------ stock
    def _gold_loss_location(self):
        self.ensure_one()
        return self.company_id.gold_loss_location_id or self.env.ref(
            "gold_mes.stock_location_gold_loss"
        )

    def _gold_dust_location(self):
        return self.env.ref("gold_mes.stock_location_gold_dust")

    def _gold_refinery_location(self):
        return self.env.ref("gold_mes.stock_location_gold_refinery")

    def _gold_stock_location(self):
        self.ensure_one()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        return warehouse.lot_stock_id or self.env.ref("stock.stock_location_stock")

    def _prepare_gold_move_vals(self, product, qty, source, destination, label):
        self.ensure_one()
        return {
            "name": label,
            "origin": self.name,
            "product_id": product.id,
            "product_uom": self.env.ref("uom.product_uom_gram").id,
            "product_uom_qty": qty,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "gold_recovery_id": self.id,
        }

    def _gold_move(self, product, qty, source, destination, label):
        self.ensure_one()
        if not product:
            raise UserError(_("Choose the dust and refined gold products first."))
        vals = self._prepare_gold_move_vals(product, qty, source, destination, label)
        move = self.env["stock.move"].sudo().create(vals)
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        return move

    # ------------------------------------------------------------------ actions
    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gold_mes.gold_recovery_line_action")
        action["domain"] = [("recovery_id", "=", self.id)]
        return action


class GoldRecoveryLine(models.Model):
    _name = "gold.recovery.line"
    _description = "Gold Recovery Allocation"
    _order = "recovery_id, production_id, workorder_id"

    recovery_id = fields.Many2one(
        "gold.recovery", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="recovery_id.company_id", store=True, index=True)
    state = fields.Selection(related="recovery_id.state", string="Recovery State")
    date = fields.Date(related="recovery_id.date_to", store=True, string="Period End")
    workorder_id = fields.Many2one("mrp.workorder", string="Stage", readonly=True, index=True)
    production_id = fields.Many2one("mrp.production", string="Batch", readonly=True, index=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Centre", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Worker", readonly=True, index=True)
    loss_type = fields.Selection([("burn", "Burn"), ("recoverable", "Recoverable")], readonly=True)
    loss_g = fields.Float(string="Loss (g)", digits="Gold Weight", readonly=True)
    burn_g = fields.Float(string="Burn (g)", digits="Gold Weight", readonly=True)
    recovered_g = fields.Float(string="Recovered (g)", digits="Gold Weight", readonly=True)
    unexplained_g = fields.Float(string="Unexplained (g)", digits="Gold Weight", readonly=True)
    fine_loss_g = fields.Float(string="Fine Loss (g)", digits="Gold Weight", readonly=True)
    fine_burn_g = fields.Float(string="Fine Burn (g)", digits="Gold Weight", readonly=True)
    fine_recovered_g = fields.Float(
        string="Fine Recovered (g)", digits="Gold Weight", readonly=True
    )
    fine_unexplained_g = fields.Float(
        string="Fine Unexplained (g)", digits="Gold Weight", readonly=True
    )
    recovered_pct = fields.Float(
        string="Recovered Share (%)",
        digits=(16, 2),
        compute="_compute_recovered_pct",
        store=True,
        aggregator="avg",
    )

    @api.depends("recovered_g", "loss_g", "loss_type")
    def _compute_recovered_pct(self):
        for line in self:
            loss = grams(line.loss_g)
            if line.loss_type == "recoverable" and loss > 0:
                line.recovered_pct = float(percent_of(grams(line.recovered_g), loss))
            else:
                line.recovered_pct = 0.0

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.context.get(_INTERNAL) or self.env.su):
            raise UserError(_("Allocation lines are computed by the recovery, not typed."))
        return super().create(vals_list)

    def write(self, vals):
        if any(line.recovery_id.state == "confirmed" for line in self):
            raise UserError(_("The allocation of a confirmed recovery cannot be changed."))
        if not (self.env.context.get(_INTERNAL) or self.env.su):
            raise UserError(_("Allocation lines are computed by the recovery, not typed."))
        return super().write(vals)

    def unlink(self):
        if any(line.recovery_id.state == "confirmed" for line in self):
            raise UserError(_("The allocation of a confirmed recovery cannot be deleted."))
        return super().unlink()

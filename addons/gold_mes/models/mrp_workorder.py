from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.weights import field_grams as grams

LOSS_STATUS = [
    ("open", "Open"),
    ("ok", "Within Tolerance"),
    ("abnormal", "Abnormal Loss"),
    ("gain", "Gain"),
]
APPROVAL_FIELDS = ("gold_loss_approved_by", "gold_loss_approved_date", "gold_loss_approved_g")
BALANCE_DEPENDS = (
    "production_id.gold_weighing_ids",
    "production_id.gold_weighing_ids.net_g",
    "production_id.workorder_ids",
    "production_id.workorder_ids.state",
    "operation_id.gold_weigh_in_required",
    "operation_id.gold_weigh_out_required",
    "operation_id.gold_loss_tolerance_pct",
    "operation_id.gold_loss_tolerance_mg",
    "operation_id.gold_loss_kind",
)


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    gold_weighing_ids = fields.One2many("gold.weighing", "workorder_id", string="Gold Weighings")
    gold_is_stage = fields.Boolean(compute="_compute_gold_balance", store=True, string="Gold Stage")
    gold_loss_kind = fields.Selection(related="operation_id.gold_loss_kind")
    gold_loss_tolerance_pct = fields.Float(related="operation_id.gold_loss_tolerance_pct")
    gold_purity_id = fields.Many2one(
        "gold.purity",
        related="production_id.product_id.gold_purity_id",
        store=True,
        string="Purity",
    )
    gold_employee_id = fields.Many2one(
        "hr.employee",
        compute="_compute_gold_balance",
        store=True,
        string="Gold Worker",
        help="Who weighed the gold out of this stage (or in, before the weigh-out).",
    )
    gold_expected_in = fields.Float(
        compute="_compute_gold_balance", store=True, digits="Gold Weight", string="Expected In (g)"
    )
    gold_in = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Gold In (g)",
        aggregator="sum",
    )
    gold_out = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Gold Out (g)",
        aggregator="sum",
    )
    gold_scrap = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Scrap (g)",
        aggregator="sum",
    )
    gold_dust = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Dust (g)",
        aggregator="sum",
    )
    gold_loss = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Loss (g)",
        aggregator="sum",
    )
    gold_in_process = fields.Float(
        compute="_compute_gold_balance", store=True, digits="Gold Weight", string="In Process (g)"
    )
    gold_transit_variance = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Transit Variance (g)",
    )
    gold_loss_pct = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits=(16, 4),
        string="Loss (%)",
        aggregator="avg",
    )
    gold_allowed_loss = fields.Float(
        compute="_compute_gold_balance", store=True, digits="Gold Weight", string="Allowed Loss (g)"
    )
    gold_loss_status = fields.Selection(
        LOSS_STATUS, compute="_compute_gold_balance", store=True, string="Loss Status"
    )
    gold_transit_status = fields.Selection(
        [("ok", "Agrees"), ("dispute", "Differs")],
        compute="_compute_gold_balance",
        store=True,
        string="Transit Status",
    )
    gold_fine_in = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine In (g)",
        aggregator="sum",
    )
    gold_fine_out = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Out (g)",
        aggregator="sum",
    )
    gold_fine_scrap = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Scrap (g)",
        aggregator="sum",
    )
    gold_fine_loss = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Loss (g)",
        aggregator="sum",
    )
    gold_in_display = fields.Char(compute="_compute_gold_display", string="In")
    gold_out_display = fields.Char(compute="_compute_gold_display", string="Out")
    gold_loss_display = fields.Char(compute="_compute_gold_display", string="Loss")
    gold_loss_explanation = fields.Text(string="Loss Explanation", copy=False)
    gold_loss_approved_by = fields.Many2one(
        "res.users", string="Loss Approved By", readonly=True, copy=False
    )
    gold_loss_approved_date = fields.Datetime(string="Loss Approved On", readonly=True, copy=False)
    gold_loss_approved_g = fields.Float(
        string="Approved Loss (g)", digits="Gold Weight", readonly=True, copy=False
    )
    gold_needs_approval = fields.Boolean(
        compute="_compute_gold_needs_approval", store=True, string="Loss Needs Approval"
    )

    # ------------------------------------------------------------------ computes
    @api.depends(*BALANCE_DEPENDS)
    def _compute_gold_balance(self):
        balances = self.production_id._gold_balances()
        stages = {stage.key: stage for balance in balances.values() for stage in balance.stages}
        workers = self.filtered(lambda wo: wo.id in stages)._gold_workers()
        for wo in self:
            wo.update(wo._prepare_gold_stage_vals(stages.get(wo.id), workers))

    def _prepare_gold_stage_vals(self, stage, workers=None):
        """``workers``: {work order id: employee} from ``_gold_workers``, when known."""
        self.ensure_one()
        if stage is None:
            vals = dict.fromkeys(self._gold_stage_fields(), 0.0)
            vals.update(
                gold_is_stage=False,
                gold_loss_status=False,
                gold_transit_status=False,
                gold_employee_id=False,
            )
            return vals
        return {
            "gold_is_stage": True,
            "gold_expected_in": float(stage.expected_in),
            "gold_in": float(stage.weight_in),
            "gold_out": float(stage.weight_out),
            "gold_scrap": float(stage.scrap),
            "gold_dust": float(stage.dust),
            "gold_loss": float(stage.loss),
            "gold_in_process": float(stage.in_process),
            "gold_transit_variance": float(stage.transit_variance),
            "gold_loss_pct": float(stage.loss_pct),
            "gold_allowed_loss": float(stage.allowed_loss),
            "gold_loss_status": stage.status,
            "gold_transit_status": stage.transit_status,
            "gold_fine_in": float(stage.fine_in),
            "gold_fine_out": float(stage.fine_out),
            "gold_fine_scrap": float(stage.fine_scrap),
            "gold_fine_loss": float(stage.fine_loss),
            "gold_employee_id": (
                workers[self.id] if workers is not None else self._gold_worker()
            ).id,
        }

    @api.model
    def _gold_stage_fields(self):
        return [
            "gold_expected_in",
            "gold_in",
            "gold_out",
            "gold_scrap",
            "gold_dust",
            "gold_loss",
            "gold_in_process",
            "gold_transit_variance",
            "gold_loss_pct",
            "gold_allowed_loss",
            "gold_fine_in",
            "gold_fine_out",
            "gold_fine_scrap",
            "gold_fine_loss",
        ]

    def _gold_workers(self):
        """{work order id: employee} as ``_gold_worker`` gives, for many stages at once.

        Reads only the in/out lines' kind and employee, not every line of the order."""
        weighing = self.env["gold.weighing"].sudo()
        ids = [wo_id for wo_id in self.ids if wo_id]
        reversals = weighing.search_fetch(
            [("workorder_id", "in", ids), ("kind", "=", "reversal")], ["reversal_of_id"]
        )
        lines = weighing.search_fetch(
            [
                ("workorder_id", "in", ids),
                ("kind", "in", ("in", "out")),
                ("id", "not in", reversals.reversal_of_id.ids),
            ],
            ["workorder_id", "kind", "employee_id"],
        )
        latest = {}
        for line in lines:  # in the ledger's order, newest first: the first one wins
            latest.setdefault((line.workorder_id.id, line.kind), line.employee_id)
        employee = self.env["hr.employee"]
        return {
            wo.id: latest.get((wo.id, "out")) or latest.get((wo.id, "in")) or employee
            for wo in self
        }

    def _gold_worker(self):
        """Who weighed the stage out last (or in, before any weigh-out)."""
        lines = self._gold_effective_lines()  # in the ledger's order, newest first
        worker = (
            lines.filtered(lambda w: w.kind == "out")[:1]
            or lines.filtered(lambda w: w.kind == "in")[:1]
        )
        return worker.employee_id

    @api.depends(
        "gold_loss_status",
        "gold_transit_status",
        "gold_loss",
        "gold_transit_variance",
        "gold_loss_approved_by",
        "gold_loss_approved_g",
    )
    def _compute_gold_needs_approval(self):
        for wo in self:
            flagged = (
                wo.gold_loss_status in ("abnormal", "gain") or wo.gold_transit_status == "dispute"
            )
            wo.gold_needs_approval = flagged and not wo._gold_approval_current()

    def _gold_approval_current(self):
        """An approval holds only for the loss it approved (a new weighing reopens it)."""
        self.ensure_one()
        return bool(self.gold_loss_approved_by) and grams(self.gold_loss_approved_g) == (
            grams(self.gold_loss) + grams(self.gold_transit_variance)
        )

    @api.depends("gold_in", "gold_out", "gold_loss", "production_id.company_id")
    @api.depends_context("lang")
    def _compute_gold_display(self):
        for wo in self:
            company = wo.production_id.company_id or self.env.company
            lang = self.env.lang
            wo.gold_in_display = company._gold_format_weight(grams(wo.gold_in), lang)
            wo.gold_out_display = company._gold_format_weight(grams(wo.gold_out), lang)
            wo.gold_loss_display = company._gold_format_weight(grams(wo.gold_loss), lang)

    # ------------------------------------------------------------------ ledger helpers
    def _gold_effective_lines(self):
        """This stage's lines, less reversals and the lines they reverse."""
        self.ensure_one()
        lines = self.sudo().gold_weighing_ids
        reversals = lines.filtered(lambda w: w.kind == "reversal")
        return lines - reversals - reversals.reversal_of_id

    def _gold_has_line(self, kind):
        return bool(self._gold_effective_lines().filtered(lambda w: w.kind == kind))

    def _gold_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

    def _gold_status_label(self, status=None):
        self.ensure_one()
        return dict(self._fields["gold_loss_status"]._description_selection(self.env)).get(
            status or self.gold_loss_status, ""
        )

    # ------------------------------------------------------------------ mrp hooks
    def button_start(self, raise_on_invalid_state=False):
        self._gold_check_weigh_in()
        return super().button_start(raise_on_invalid_state=raise_on_invalid_state)

    def button_finish(self):
        self._gold_check_weigh_out()
        return super().button_finish()

    def _gold_check_weigh_in(self):
        for wo in self.filtered(lambda w: w.state not in ("done", "cancel", "progress")):
            if wo.operation_id.gold_weigh_in_required and not wo._gold_has_line("in"):
                raise UserError(
                    _(
                        "Weigh the gold in before starting %(wo)s (expected %(grams)s g).",
                        wo=wo.display_name,
                        grams=grams(wo.gold_expected_in),
                    )
                )

    def _gold_check_weigh_out(self):
        for wo in self.filtered(lambda w: w.state not in ("done", "cancel")):
            if wo.operation_id.gold_weigh_out_required and not wo._gold_has_line("out"):
                raise UserError(
                    _(
                        "Weigh the gold out of %(wo)s before finishing it (%(grams)s g in).",
                        wo=wo.display_name,
                        grams=grams(wo.gold_in),
                    )
                )

    def write(self, vals):
        if (
            any(name in vals for name in APPROVAL_FIELDS)
            and not self.env.su
            and not self.env.user.has_group("gold_mes.gold_weighing_group_supervisor")
        ):
            raise AccessError(_("Only a gold supervisor may approve a gold loss."))
        return super().write(vals)

    # ------------------------------------------------------------------ approval
    def _gold_supervisor(self):
        self.ensure_one()
        company = self.production_id.company_id
        if company.gold_supervisor_id:
            return company.gold_supervisor_id
        group = self.env.ref("gold_mes.gold_weighing_group_supervisor")
        users = group.sudo().all_user_ids if "all_user_ids" in group._fields else group.sudo().users
        users = users.filtered(lambda u: company in u.company_ids and not u.share)
        return users.sorted("id")[:1] or self.env.user

    def _gold_activity_summary(self):
        return _("Gold to explain: %(wo)s", wo=self.name)

    def _gold_notify_supervisor(self):
        """One open activity per flagged stage, for the supervisor, on the order."""
        for wo in self.filtered("gold_needs_approval"):
            production = wo.production_id
            summary = wo._gold_activity_summary()
            # as superuser: the order's activities whoever may see them (a capture asks
            # each time a stage is flagged, record rules included that cost a third more)
            if production.sudo().activity_ids.filtered(lambda a, s=summary: a.summary == s):
                continue
            # an author without e-mail cannot send the "assigned to you" mail: the
            # activity is scheduled all the same, without it (systray only)
            production.sudo().with_context(
                mail_activity_quick_update=not self.env.user.email
            ).activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=_(
                    "%(status)s at %(wo)s: loss %(loss)s g (%(pct)s %%), allowed "
                    "%(allowed)s g, transit variance %(transit)s g.",
                    status=wo._gold_status_label(),
                    wo=wo.display_name,
                    loss=grams(wo.gold_loss),
                    pct=wo.gold_loss_pct,
                    allowed=grams(wo.gold_allowed_loss),
                    transit=grams(wo.gold_transit_variance),
                ),
                user_id=wo._gold_supervisor().id,
            )

    def action_gold_approve_loss(self):
        """Supervisor: approve the explained loss (or gain) of each flagged stage."""
        if not self.env.user.has_group("gold_mes.gold_weighing_group_supervisor"):
            raise AccessError(_("Only a gold supervisor may approve a gold loss."))
        for wo in self:
            stage = wo._gold_ledger_stage()  # the ledger's loss, not the stored one
            if stage is None or not stage.closed:
                raise UserError(_("%(wo)s has not been weighed out yet.", wo=wo.display_name))
            if not (wo.gold_loss_explanation or "").strip():
                raise UserError(
                    _("Explain the loss of %(wo)s before approving it.", wo=wo.display_name)
                )
            wo.write(
                {
                    "gold_loss_approved_by": self.env.user.id,
                    "gold_loss_approved_date": fields.Datetime.now(),
                    "gold_loss_approved_g": float(stage.loss + stage.transit_variance),
                }
            )
            # a note needing no sender e-mail (message_post refuses a user without one)
            wo.production_id._message_log(
                body=_(
                    "%(user)s approved the gold loss of %(wo)s: %(loss)s g. Explanation: %(why)s",
                    user=self.env.user.name,
                    wo=wo.name,
                    loss=stage.loss,
                    why=wo.gold_loss_explanation,
                )
            )
            summary = wo._gold_activity_summary()
            wo.production_id.activity_ids.filtered(
                lambda a, s=summary: a.summary == s
            ).sudo().action_feedback(feedback=wo.gold_loss_explanation)
        return True

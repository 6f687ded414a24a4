from collections import defaultdict
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..core.errors import GoldLedgerError
from ..core.ledger import (
    BURN,
    RECOVERABLE,
    Line,
    Stage,
    stage_balances_from_totals,
)
from ..core.order import order_balance
from ..core.weights import ZERO
from ..core.weights import field_grams as grams

GOLD_STATUS = [
    ("none", "No Gold"),
    ("open", "In Process"),
    ("attention", "Needs Approval"),
    ("closed", "Closed"),
]
# line kinds that make a work order a weighed stage
STAGE_MOVING = ("in", "out", "scrap")


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    gold_weighing_ids = fields.One2many("gold.weighing", "production_id", string="Gold Weighings")
    gold_weighing_count = fields.Integer(compute="_compute_gold_weighing_count")
    gold_stage_ids = fields.Many2many(
        "mrp.workorder", compute="_compute_gold_stage_ids", string="Gold Stages"
    )
    gold_issued = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Gold Issued (g)",
        help="Gold issued to the batch, as weighed; "
        "the gold component consumption follows it when the order is done.",
    )
    gold_finished = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Gold Finished (g)",
    )
    gold_in_process = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Gold In Process (g)",
    )
    gold_scrap = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Scrap Returned (g)",
    )
    gold_returned = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Returned to Safe (g)",
    )
    gold_loss = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Gold Loss (g)",
        help="Stage losses plus transit variances.",
    )
    gold_transit_variance = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Transit Variance (g)",
    )
    gold_loss_pct = fields.Float(
        compute="_compute_gold_balance", store=True, digits=(16, 4), string="Gold Loss (%)"
    )
    gold_fine_issued = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Gold Issued (g)",
    )
    gold_fine_finished = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Gold Finished (g)",
    )
    gold_fine_in_process = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Gold In Process (g)",
    )
    gold_fine_scrap = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Scrap Returned (g)",
    )
    gold_fine_returned = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Gold Returned (g)",
    )
    gold_fine_loss = fields.Float(
        compute="_compute_gold_balance",
        store=True,
        digits="Gold Weight",
        string="Fine Gold Loss (g)",
    )
    gold_status = fields.Selection(GOLD_STATUS, compute="_compute_gold_balance", store=True)
    gold_issued_stock = fields.Float(
        compute="_compute_gold_issued_stock",
        digits="Gold Weight",
        string="Gold Components (g)",
        help="Grams of gold in the order's gold components, whatever their unit.",
    )
    gold_balance_display = fields.Char(
        compute="_compute_gold_balance_display", string="Balance (trade units)"
    )
    gold_loss_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="The order's fine gold loss at the gold price of the day it was done.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    gold_loss_move_ids = fields.One2many(
        "stock.move", "gold_production_id", string="Gold Loss Moves"
    )

    # ------------------------------------------------------------------ computes
    @api.depends("gold_weighing_ids")
    def _compute_gold_weighing_count(self):
        for production in self:
            production.gold_weighing_count = len(production.gold_weighing_ids)

    @api.depends("workorder_ids", "gold_weighing_ids")
    def _compute_gold_stage_ids(self):
        for production in self:
            production.gold_stage_ids = (
                production._gold_stage_workorders() if production.id else False
            )

    @api.depends(
        "gold_weighing_ids",
        "gold_weighing_ids.net_g",
        "workorder_ids",
        "workorder_ids.operation_id.gold_weigh_in_required",
        "workorder_ids.operation_id.gold_weigh_out_required",
        "workorder_ids.operation_id.gold_loss_tolerance_pct",
        "workorder_ids.operation_id.gold_loss_tolerance_mg",
        "workorder_ids.gold_loss_approved_g",
        "workorder_ids.gold_loss_approved_by",
    )
    def _compute_gold_balance(self):
        balances = self._gold_balances()
        for production in self:
            production.update(production._prepare_gold_balance_vals(balances.get(production.id)))

    def _prepare_gold_balance_vals(self, balance):
        self.ensure_one()
        if balance is None:
            vals = dict.fromkeys(self._gold_balance_fields(), 0.0)
            vals["gold_status"] = "none"
            return vals
        issued = balance.issued
        return {
            "gold_issued": float(issued),
            "gold_finished": float(balance.finished),
            "gold_in_process": float(balance.in_process),
            "gold_scrap": float(balance.scrap),
            "gold_returned": float(balance.returned),
            "gold_loss": float(balance.total_loss),
            "gold_transit_variance": float(balance.transit_variance),
            "gold_loss_pct": float(balance.total_loss * 100 / issued) if issued else 0.0,
            "gold_fine_issued": float(balance.fine_issued),
            "gold_fine_finished": float(balance.fine_finished),
            "gold_fine_in_process": float(balance.fine_in_process),
            "gold_fine_scrap": float(balance.fine_scrap),
            "gold_fine_returned": float(balance.fine_returned),
            "gold_fine_loss": float(balance.fine_total_loss),
            "gold_status": self._gold_status_of(balance),
        }

    @api.model
    def _gold_balance_fields(self):
        return [
            "gold_issued",
            "gold_finished",
            "gold_in_process",
            "gold_scrap",
            "gold_returned",
            "gold_loss",
            "gold_transit_variance",
            "gold_loss_pct",
            "gold_fine_issued",
            "gold_fine_finished",
            "gold_fine_in_process",
            "gold_fine_scrap",
            "gold_fine_returned",
            "gold_fine_loss",
        ]

    def _gold_status_of(self, balance):
        self.ensure_one()
        if any(not stage.closed for stage in balance.stages):
            return "open"
        stages = self.env["mrp.workorder"].browse([stage.key for stage in balance.stages])
        if any(wo.gold_needs_approval for wo in stages):
            return "attention"
        return "closed"

    @api.depends(
        "move_raw_ids.product_uom_qty", "move_raw_ids.quantity", "move_raw_ids.product_uom"
    )
    def _compute_gold_issued_stock(self):
        for production in self:
            total = ZERO
            for move in production._gold_component_moves():
                qty = move.quantity if move.picked or move.state == "done" else move.product_uom_qty
                total += move.product_id.gold_grams(qty, move.product_uom)
            production.gold_issued_stock = float(total)

    @api.depends("gold_issued", "gold_finished", "gold_loss", "company_id")
    @api.depends_context("lang")
    def _compute_gold_balance_display(self):
        for production in self:
            fmt = production._gold_format
            production.gold_balance_display = _(
                "issued %(issued)s · finished %(finished)s · loss %(loss)s",
                issued=fmt(production.gold_issued),
                finished=fmt(production.gold_finished),
                loss=fmt(production.gold_loss),
            )

    def _gold_format(self, value):
        """A weight in grams in the company's trade units (e.g. 1 lượng 2 chỉ)."""
        company = self.company_id or self.env.company
        return company._gold_format_weight(grams(value), self.env.lang)

    # ------------------------------------------------------------------ ledger view
    def _gold_component_moves(self):
        self.ensure_one()
        return self.move_raw_ids.filtered(
            lambda m: m.product_id.gold_is_gold and m.state != "cancel"
        )

    def _gold_stage_workorders(self, moving=None):
        """Work orders that are gold stages, in production sequence.

        ``moving``: the work orders with a stage-moving line, when already known."""
        self.ensure_one()
        if moving is None:
            moving = (
                self.sudo()
                .gold_weighing_ids.filtered(
                    lambda w: (w.reversed_kind if w.kind == "reversal" else w.kind) in STAGE_MOVING
                )
                .workorder_id
            )
        workorders = self.workorder_ids.filtered(
            lambda wo: (
                wo.state != "cancel"
                and (
                    wo.operation_id.gold_weigh_in_required
                    or wo.operation_id.gold_weigh_out_required
                    or wo in moving
                )
            )
        )
        return workorders.sorted(lambda wo: (wo.operation_id.sequence, wo.sequence, wo.id))

    def _gold_core_stages(self, workorders, readabilities=None):
        """Core Stage specs; ``readabilities``: {work order id: [readability_g]} when
        already known (else read from each stage's lines)."""
        stages = []
        for wo in workorders:
            operation = wo.operation_id
            if readabilities is None:
                readability = wo.sudo().gold_weighing_ids.scale_id.mapped("readability_g")
            else:
                readability = readabilities.get(wo.id, ())
            stages.append(
                Stage(
                    key=wo.id,
                    loss_type=RECOVERABLE if operation.gold_loss_kind == "recoverable" else BURN,
                    tolerance_pct=Decimal(repr(operation.gold_loss_tolerance_pct or 0.0)),
                    tolerance_mg=Decimal(repr(operation.gold_loss_tolerance_mg))
                    if operation.gold_loss_tolerance_mg
                    else None,
                    readability_g=max([grams(r) for r in readability if r] or [Decimal("0.0001")]),
                )
            )
        return stages

    def _gold_core_lines(self):
        self.ensure_one()
        lines = []
        for weighing in self.sudo().gold_weighing_ids.sorted("id"):
            kind = weighing.kind
            effective = weighing.reversal_of_id.kind if kind == "reversal" else kind
            if effective in ("handover_out", "handover_in"):
                continue
            lines.append(
                Line(
                    kind=kind,
                    grams=weighing.net_g,
                    fineness=Decimal(repr(weighing.fineness or 0.0)),
                    stage=weighing.workorder_id.id or None,
                    employee=weighing.employee_id.id or None,
                    reverses=weighing.reversal_of_id.kind or None,
                    ref=weighing.name,
                )
            )
        return lines

    def _gold_balance(self):
        """The order's OrderBalance from its ledger, or None for an order without gold."""
        self.ensure_one()
        return self._gold_balances().get(self.id)

    def _gold_balances(self):
        """{order id: OrderBalance} of these orders (orders without gold are left out).

        One aggregate of the ledger per (order, stage, kind, balance) feeds the core:
        the cost grows with the number of stages, not with the number of lines, which
        every capture pays through the stored balances (bench/bench_capture.py) and
        the ledger benchmark pays for 1,000 orders at once (bench/bench_balance.py).
        """
        totals, moving, readabilities = self._gold_ledger_totals()
        productions = self.filtered(lambda p: p.id in totals)
        specs = productions._gold_stage_specs(moving, readabilities)
        balances = {}
        for production in productions:
            try:
                stages = stage_balances_from_totals(totals[production.id], specs[production.id])
            except GoldLedgerError as error:
                raise UserError(
                    _(
                        "The gold ledger of %(mo)s does not add up: %(error)s",
                        mo=production.name,
                        error=error,
                    )
                ) from None
            balances[production.id] = order_balance(None, stages, key=production.id)
        return balances

    def _gold_stage_specs(self, moving=None, readabilities=None):
        """{order id: [core Stage]}: the gold stages of these orders in sequence.

        ``moving`` and ``readabilities``: as ``_gold_ledger_totals`` returns them
        (read here when not given)."""
        if moving is None:
            _totals, moving, readabilities = self._gold_ledger_totals()
        # the few work order and operation fields the stages need, for every order at
        # once, rather than whole rows order by order
        stages = self.workorder_ids
        stages.fetch(["state", "sequence", "operation_id"])
        stages.operation_id.fetch(
            [
                "sequence",
                "gold_weigh_in_required",
                "gold_weigh_out_required",
                "gold_loss_kind",
                "gold_loss_tolerance_pct",
                "gold_loss_tolerance_mg",
            ]
        )
        workorder = self.env["mrp.workorder"]
        return {
            production.id: self._gold_core_stages(
                production._gold_stage_workorders(workorder.browse(moving.get(production.id, ()))),
                readabilities,
            )
            for production in self
        }

    def _gold_ledger_totals(self):
        """The ledger of these orders summed up per stage and kind, net of reversals.

        Returns ({order id: [(stage, kind, grams, fine, count)]}, {order id: ids of the
        work orders with a stage-moving line}, {work order id: [readability of its
        balances]}).
        """
        ids = [production_id for production_id in self.ids if production_id]
        if not ids:
            return {}, {}, {}
        rows = (
            self.env["gold.weighing"]
            .sudo()
            ._read_group(
                [("production_id", "in", ids)],
                ["production_id", "workorder_id", "kind", "reversal_of_id", "scale_id"],
                ["net_g:sum", "fine_g:sum", "__count"],
            )
        )
        totals = defaultdict(list)
        moving = defaultdict(set)
        readabilities = defaultdict(list)
        for production, workorder, line_kind, original, scale, net, fine, count in rows:
            kind, sign = (original.kind, -1) if line_kind == "reversal" else (line_kind, 1)
            stage = workorder.id or None
            totals[production.id].append((stage, kind, sign * net, sign * fine, sign * count))
            if stage and kind in STAGE_MOVING:
                moving[production.id].add(stage)
            if stage and scale:
                readabilities[stage].append(scale.readability_g)
        return totals, moving, readabilities

    def _gold_purity_for(self, workorder, kind):
        """Purity of gold at this point of the order (issued purity before a stage
        that changes fineness, the product's purity after it).

        The issued purity is that of the first gold raw move (by sequence, id; not
        scrapped nor cancelled), the final one the product's; the first stage changing
        fineness is the first such work order by operation sequence, sequence, id.

        Raw SQL, measured by bench/bench_capture.py: every capture asks, and the ORM
        way (a search of the moves, the two products and their templates, a search of
        the work orders) took 4 queries and ~1 ms of ORM work; this is one query.  Read as
        superuser (record rules do not apply), as the searches it replaces were: the
        caller (capture) has checked access to the order."""
        self.ensure_one()
        row = self._gold_purity_row(workorder)
        purities = self.env["gold.purity"].sudo()
        issued = purities.browse(row["issued"] or ())
        final = purities.browse(row["final"] or ()) or issued
        issued = issued or final
        first_key = row["first_key"]
        if not first_key or not workorder:
            return final if kind == "return" and first_key else issued
        key = row["key"]
        if key < first_key or (workorder.id == first_key[2] and kind == "in"):
            return issued
        return final

    def _gold_purity_row(self, workorder):
        """{issued, final: purity ids or None, first_key: [operation sequence,
        sequence, id] of the first work order changing fineness or None, key: the same
        of ``workorder``}."""
        env = self.env
        env["stock.move"].flush_model(
            ["raw_material_production_id", "scrapped", "state", "product_id", "sequence"]
        )
        env["product.product"].flush_model(["product_tmpl_id"])
        env["product.template"].flush_model(["gold_is_gold", "gold_purity_id"])
        self.flush_recordset(["product_id"])
        env["mrp.workorder"].flush_model(["production_id", "operation_id", "sequence"])
        env["mrp.routing.workcenter"].flush_model(["gold_changes_fineness", "sequence"])
        # the sort key of a work order; an Integer reads NULL as 0 in the ORM, so here
        key = SQL("ARRAY[COALESCE(op.sequence, 0), COALESCE(wo.sequence, 0), wo.id]")
        stages = SQL(
            "mrp_workorder wo LEFT JOIN mrp_routing_workcenter op ON op.id = wo.operation_id"
        )
        query = SQL(
            """
            SELECT
                (SELECT tmpl.gold_purity_id
                   FROM stock_move move
                   JOIN product_product product ON product.id = move.product_id
                   JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                  WHERE move.raw_material_production_id = %(order)s
                    AND (move.scrapped IS NULL OR move.scrapped = FALSE)
                    AND (move.state != 'cancel' OR move.state IS NULL)
                    AND tmpl.gold_is_gold = TRUE
                  ORDER BY move.sequence, move.id
                  LIMIT 1) AS issued,
                (SELECT tmpl.gold_purity_id
                   FROM mrp_production production
                   JOIN product_product product ON product.id = production.product_id
                   JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                  WHERE production.id = %(order)s) AS final,
                (SELECT %(key)s FROM %(stages)s
                  WHERE wo.production_id = %(order)s AND op.gold_changes_fineness = TRUE
                  ORDER BY 1
                  LIMIT 1) AS first_key,
                (SELECT %(key)s FROM %(stages)s WHERE wo.id = %(workorder)s) AS key
            """,
            order=self.id,
            workorder=workorder.id or None,
            key=key,
            stages=stages,
        )
        env.cr.execute(query)
        return env.cr.dictfetchone()

    def _gold_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

    # ------------------------------------------------------------------ audit trail
    def _gold_post_weighing(self, weighing):
        """The weighing as an internal note on the order, by the user who captured it.

        ``_message_log``, not ``message_post``: the same note (body, author, note
        subtype) without the follower and notification machinery, which cost a
        capture about as much as recording the line (bench/bench_capture.py).  A note
        notifies nobody; the one difference is that weighing no longer makes the
        operator a follower of the order.
        """
        self.ensure_one()
        # the columns the note reads (its author, and the reply-to of the company),
        # not the whole rows of the user, partner and company: a third of the note's
        # cost in a capture (bench/bench_capture.py)
        user = self.env.user
        user.fetch(["partner_id"])
        user.partner_id.fetch(["name", "email"])
        self.env.company.fetch(["name", "alias_domain_id"])
        self._message_log(body=weighing._gold_audit_text(), message_type="comment")

    def action_view_gold_weighings(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("gold_mes.gold_weighing_action")
        action["domain"] = [("production_id", "=", self.id)]
        action["context"] = {"default_production_id": self.id}
        return action

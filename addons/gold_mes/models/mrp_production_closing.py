"""Closing a batch: Mark as Done refuses an order whose gold does not close, then the
stock side follows the ledger (the gold component consumes what went into the
product, the loss moves to the loss location and is valued at the gold price)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

from ..core.errors import ConservationError
from ..core.order import check_conservation
from .mrp_workorder_guard import FIGURES_TOKEN


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _button_mark_done_sanity_checks(self):
        res = super()._button_mark_done_sanity_checks()
        for production in self:
            production._gold_check_closable()
        return res

    def _gold_check_closable(self):
        """Refuse to close an order whose gold does not close, naming the stage."""
        self.ensure_one()
        balance = self._gold_balance()
        if balance is None:
            return
        workorders = {wo.id: wo for wo in self._gold_stage_workorders()}
        for stage in balance.stages:
            if not stage.closed:
                raise UserError(
                    _(
                        "%(mo)s cannot be closed: stage %(stage)s has not been weighed out "
                        "(%(grams)s g still in process).",
                        mo=self.name,
                        stage=workorders[stage.key].name,
                        grams=stage.in_process,
                    )
                )
        try:
            check_conservation(balance)
        except ConservationError as error:
            where = workorders[error.stage].name if error.stage in workorders else _("order")
            raise UserError(
                _(
                    "%(mo)s cannot be closed: the gold does not close at %(where)s "
                    "(%(measure)s: %(left)s g against %(right)s g, difference %(diff)s g).",
                    mo=self.name,
                    where=where,
                    measure=error.measure,
                    left=error.left,
                    right=error.right,
                    diff=error.difference,
                )
            ) from None
        for stage in balance.stages:  # from the ledger, not from the stored flag
            wo = workorders[stage.key]
            if wo._gold_needs_approval_now(stage):
                raise UserError(
                    _(
                        "%(mo)s cannot be closed: stage %(stage)s is flagged “%(status)s” "
                        "(%(loss)s g, %(pct)s %%); a supervisor must explain and approve it.",
                        mo=self.name,
                        stage=wo.name,
                        status=wo._gold_status_label(stage.status),
                        loss=stage.loss,
                        pct=float_repr(float(stage.loss_pct), 2),
                    )
                )

    # ------------------------------------------------------------------ stock side
    def _post_inventory(self, cancel_backorder=False):
        plans = {production.id: production._gold_stock_plan() for production in self}
        for production in self:
            production._gold_adjust_consumption(plans[production.id])
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        for production in self:
            production._gold_post_loss(plans[production.id])
        return res

    def _gold_stock_plan(self):
        """(gold move, consumed g, loss g, fine loss g) or None when there is no gold."""
        self.ensure_one()
        balance = self._gold_balance()
        move = self._gold_component_moves().filtered(lambda m: m.state != "done")[:1]
        if balance is None or not move:
            return None
        return {
            "move": move,
            "consumed": balance.finished + balance.in_process,
            "loss": balance.total_loss,
            "fine_loss": balance.fine_total_loss,
        }

    @api.model
    def _gold_qty_in_uom(self, product, weight, uom):
        """``weight`` grams of ``product`` as a quantity in ``uom``."""
        qty = product.gold_qty_of_grams(weight, uom)  # exact unit factor, HALF-UP
        if qty is None:
            raise UserError(
                _("%(product)s has no gold weight per unit.", product=product.display_name)
            )
        return float(qty)

    def _gold_adjust_consumption(self, plan):
        """The gold component consumes what went into the product; scrap, returns and
        loss are not consumed (scrap and returns stay in stock, loss moves apart)."""
        if not plan:
            return
        move = plan["move"]
        qty = self._gold_qty_in_uom(move.product_id, plan["consumed"], move.product_uom)
        move.quantity = qty
        move.picked = True

    def _gold_loss_location(self):
        self.ensure_one()
        return self.company_id.gold_loss_location_id or self.env.ref(
            "gold_mes.stock_location_gold_loss"
        )

    def _gold_post_loss(self, plan):
        if not plan or plan["loss"] == 0:
            return
        raw = plan["move"]
        loss = plan["loss"]
        qty = self._gold_qty_in_uom(raw.product_id, abs(loss), raw.product_uom)
        stock, lost = raw.location_id, self._gold_loss_location()
        move = (
            self.env["stock.move"]
            .sudo()
            .create(
                self._prepare_gold_loss_move_vals(
                    raw, qty, stock if loss > 0 else lost, lost if loss > 0 else stock
                )
            )
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        self._gold_value_loss(plan["fine_loss"])

    def _prepare_gold_loss_move_vals(self, raw, qty, source, destination):
        self.ensure_one()
        return {
            "name": _("%(mo)s: gold loss", mo=self.name),
            "origin": self.name,
            "product_id": raw.product_id.id,
            "product_uom": raw.product_uom.id,
            "product_uom_qty": qty,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "gold_production_id": self.id,
        }

    def _gold_value_loss(self, fine_loss):
        """Value the fine gold lost at today's gold price; no price: say so, stay 0."""
        self.ensure_one()
        try:
            value = self.env["gold.price"]._get_value(
                fine_loss, 1000, at=fields.Datetime.now(), company=self.company_id
            )
        except UserError as error:
            self._message_log(body=_("Gold loss not valued: %(error)s", error=error))
            return
        self.with_context(gold_figures=FIGURES_TOKEN).gold_loss_value = float(value)
        self._message_log(
            body=_(
                "Gold loss of %(fine)s g fine gold valued at %(value)s %(currency)s.",
                fine=fine_loss,
                value=value,
                currency=self.currency_id.name,
            )
        )

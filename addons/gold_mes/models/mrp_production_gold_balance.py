"""The batch's Gold Balance tab: what the recoveries made of its loss, what the loss is
worth, and the figures the tab shows in the trade's units and as percentages."""

from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..core.weights import ZERO
from ..core.weights import field_grams as grams

# recovery line column -> the order's field that sums it over the confirmed recoveries
RECOVERY_FIELDS = {
    "loss_g": "gold_loss_covered",
    "burn_g": "gold_burn",
    "recovered_g": "gold_recovered",
    "unexplained_g": "gold_unexplained",
    "fine_recovered_g": "gold_fine_recovered",
    "fine_unexplained_g": "gold_fine_unexplained",
}


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # loss % over several orders is their loss over their issued gold (weighted), not
    # the sum of their percentages (see _read_group_select)
    gold_loss_pct = fields.Float(aggregator="avg")
    gold_loss_covered = fields.Float(
        compute="_compute_gold_recovery",
        digits="Gold Weight",
        string="Loss Covered by Recoveries",
        help="The part of the stage losses that confirmed recoveries have allocated.",
    )
    gold_burn = fields.Float(
        compute="_compute_gold_recovery",
        digits="Gold Weight",
        string="Burn Loss",
        help="Loss of the stages that burn gold (not recoverable), as the recoveries allocated it.",
    )
    gold_recovered = fields.Float(
        compute="_compute_gold_recovery",
        digits="Gold Weight",
        string="Recovered",
        help="Gold the refined dust gave back for this batch's stages (confirmed recoveries).",
    )
    gold_unexplained = fields.Float(
        compute="_compute_gold_recovery",
        digits="Gold Weight",
        string="Unexplained",
        help="Recoverable loss that the confirmed recoveries did not bring back.",
    )
    gold_loss_uncovered = fields.Float(
        compute="_compute_gold_recovery",
        digits="Gold Weight",
        string="Awaiting Recovery",
        help="Loss not yet covered by a confirmed recovery (stages whose dust is not "
        "refined yet, and transit variances).",
    )
    gold_fine_recovered = fields.Float(
        compute="_compute_gold_recovery", digits="Gold Weight", string="Fine Gold Recovered"
    )
    gold_fine_unexplained = fields.Float(
        compute="_compute_gold_recovery", digits="Gold Weight", string="Fine Gold Unexplained"
    )
    gold_recovery_ids = fields.Many2many(
        "gold.recovery",
        compute="_compute_gold_recovery",
        string="Recoveries",
        help="The confirmed recoveries whose allocation covers this batch.",
    )
    gold_loss_ratio = fields.Float(
        compute="_compute_gold_ratios",
        digits=(16, 4),
        string="Loss %",
        help="Gold loss over gold issued.",
    )
    gold_unexplained_ratio = fields.Float(
        compute="_compute_gold_ratios",
        digits=(16, 4),
        string="Unexplained %",
        help="Unexplained loss over gold issued.",
    )
    gold_loss_valuation = fields.Monetary(
        compute="_compute_gold_loss_valuation",
        currency_field="currency_id",
        string="Loss Value",
        help="The fine gold lost at the gold price of the day the batch was done "
        "(today's price while it is open).",
    )
    gold_loss_valuation_note = fields.Char(
        compute="_compute_gold_loss_valuation",
        string="Valuation",
    )
    gold_loss_valuation_missing = fields.Boolean(compute="_compute_gold_loss_valuation")

    # ------------------------------------------------------------------ computes
    @api.depends(
        "gold_loss",
        "gold_recovery_line_ids.recovery_id.state",
        *(f"gold_recovery_line_ids.{name}" for name in RECOVERY_FIELDS),
    )
    def _compute_gold_recovery(self):
        lines = self.sudo().gold_recovery_line_ids.filtered(lambda line: line.state == "confirmed")
        for production in self:
            mine = lines.filtered(lambda line, p=production: line.production_id.id == p.id)
            totals = dict.fromkeys(RECOVERY_FIELDS, ZERO)
            for line in mine:
                for name in RECOVERY_FIELDS:
                    totals[name] += grams(line[name])
            vals = {field: float(totals[name]) for name, field in RECOVERY_FIELDS.items()}
            vals["gold_loss_uncovered"] = float(grams(production.gold_loss) - totals["loss_g"])
            vals["gold_recovery_ids"] = [fields.Command.set(mine.recovery_id.ids)]
            production.update(vals)

    @api.depends("gold_loss", "gold_unexplained", "gold_issued")
    def _compute_gold_ratios(self):
        for production in self:
            issued = grams(production.gold_issued)
            if issued <= 0:
                production.gold_loss_ratio = production.gold_unexplained_ratio = 0.0
                continue
            production.gold_loss_ratio = float(grams(production.gold_loss) / issued)
            production.gold_unexplained_ratio = float(grams(production.gold_unexplained) / issued)

    @api.depends("gold_fine_loss", "gold_loss_value", "state", "date_finished", "company_id")
    @api.depends_context("lang")
    def _compute_gold_loss_valuation(self):
        for production in self:
            production.update(production._prepare_gold_loss_valuation_vals())

    def _gold_valuation_moment(self):
        """When the loss is valued: the day the batch was done, else now."""
        self.ensure_one()
        if self.state == "done" and self.date_finished:
            return self.date_finished
        return fields.Datetime.now()

    def _prepare_gold_loss_valuation_vals(self):
        """The valued loss, or a plain note that there is no gold price that day."""
        self.ensure_one()
        fine_loss = grams(self.gold_fine_loss)
        at = self._gold_valuation_moment()
        day = format_date(self.env, fields.Datetime.context_timestamp(self, at).date())
        if self.state == "done" and self.gold_loss_value:
            value = Decimal(repr(self.gold_loss_value))
        elif fine_loss == 0:
            value = ZERO
        else:
            try:
                value = self.env["gold.price"]._get_value(
                    abs(fine_loss), 1000, at=at, company=self.company_id or self.env.company
                )
            except UserError:
                return {
                    "gold_loss_valuation": 0.0,
                    "gold_loss_valuation_missing": True,
                    "gold_loss_valuation_note": _("no gold price on %(day)s", day=day),
                }
            value = -value if fine_loss < 0 else value
        return {
            "gold_loss_valuation": float(value),
            "gold_loss_valuation_missing": False,
            "gold_loss_valuation_note": _("at the gold price of %(day)s", day=day),
        }

    # ------------------------------------------------------------------ analysis
    def _read_group_select(self, aggregate_spec, query):
        """Loss % of a group of orders: their loss over their issued gold."""
        if aggregate_spec == "gold_loss_pct:avg":
            loss = self._field_to_sql(self._table, "gold_loss", query)
            issued = self._field_to_sql(self._table, "gold_issued", query)
            return SQL("SUM(%s) * 100 / NULLIF(SUM(%s), 0)", loss, issued)
        return super()._read_group_select(aggregate_spec, query)

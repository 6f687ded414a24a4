"""A stage's figures as the batch's Gold Balance tab and the loss analysis read them.

The gold entering a stage is the gold that left the one before: summing "in" (or
"out") over the stages of a batch counts the same gold once per stage (1,136.25 g for
a 375 g batch of three stages).  Those columns are therefore not aggregated; loss,
scrap and dust are different gold at each stage and add up.  Loss % of a group is
its loss over the gold that went through its stages (each stage weighted by its
weight in), never a sum or a plain average of percentages.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    gold_in = fields.Float(aggregator=False)
    gold_out = fields.Float(aggregator=False)
    gold_fine_in = fields.Float(aggregator=False)
    gold_fine_out = fields.Float(aggregator=False)
    gold_loss_pct = fields.Float(aggregator="avg")
    gold_loss_ratio = fields.Float(
        compute="_compute_gold_ratios",
        digits=(16, 4),
        string="Loss %",
        aggregator=False,  # a ratio: never added up over stages
        help="The stage's loss over the gold weighed into it.",
    )
    gold_tolerance_ratio = fields.Float(
        compute="_compute_gold_ratios",
        digits=(16, 4),
        string="Tolerance %",
        aggregator=False,
        help="The loss the operation allows, as a share of the gold weighed in.",
    )

    @api.depends("gold_loss_pct", "gold_loss_tolerance_pct")
    def _compute_gold_ratios(self):
        for wo in self:
            wo.gold_loss_ratio = (wo.gold_loss_pct or 0.0) / 100
            wo.gold_tolerance_ratio = (wo.gold_loss_tolerance_pct or 0.0) / 100

    def _read_group_select(self, aggregate_spec, query):
        """Loss % of a group of stages: their loss over their gold in."""
        if aggregate_spec == "gold_loss_pct:avg":
            loss = self._field_to_sql(self._table, "gold_loss", query)
            weight_in = self._field_to_sql(self._table, "gold_in", query)
            return SQL("SUM(%s) * 100 / NULLIF(SUM(%s), 0)", loss, weight_in)
        return super()._read_group_select(aggregate_spec, query)

from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    gold_production_id = fields.Many2one(
        "mrp.production",
        string="Gold Loss of",
        index="btree_not_null",
        readonly=True,
        help="The manufacturing order whose gold loss this move books.",
    )
    gold_recovery_id = fields.Many2one(
        "gold.recovery",
        index="btree_not_null",
        readonly=True,
        help="The dust recovery this move books (dust in, dust out, refined gold back).",
    )

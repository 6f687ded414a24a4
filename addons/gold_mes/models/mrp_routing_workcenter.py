from odoo import fields, models


class MrpRoutingWorkcenter(models.Model):
    _inherit = "mrp.routing.workcenter"

    gold_weigh_in_required = fields.Boolean(
        string="Weigh-in Required",
        help="The stage cannot start before the gold it receives has been weighed. "
        "Without it, the weigh-out of the previous stage (or the gold issued, for the "
        "first stage) is the stage's weight in.",
    )
    gold_weigh_out_required = fields.Boolean(
        string="Weigh-out Required",
        default=True,
        help="The stage cannot finish before the gold it hands on has been weighed.",
    )
    gold_loss_kind = fields.Selection(
        [
            ("burn", "Burn (technical, not recoverable)"),
            ("recoverable", "Recoverable (comes back as dust)"),
            ("none", "No loss expected"),
        ],
        string="Loss Kind",
        default="none",
        required=True,
    )
    gold_loss_tolerance_pct = fields.Float(
        string="Loss Tolerance (%)",
        digits=(6, 4),
        help="Allowed loss as a percentage of the weight in.",
    )
    gold_loss_tolerance_mg = fields.Float(
        string="Loss Tolerance (mg)",
        digits=(16, 1),
        help="Optional absolute allowance in milligrams; the larger of the two applies.",
    )
    gold_changes_fineness = fields.Boolean(
        string="May Change Fineness",
        help="Casting with alloy: the gold leaves this stage at the product's purity.",
    )

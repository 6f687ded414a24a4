"""Where a ledger line's weight came from, in words: the balance that read it, or the
hand that typed it and the supervisor who approved it."""

from odoo import _, api, fields, models


class GoldWeighing(models.Model):
    _inherit = "gold.weighing"

    source_label = fields.Char(
        compute="_compute_source_label",
        string="Weighed By",
        help="The balance whose reading this is (signed or not), or who typed the weight "
        "by hand and who approved it.",
    )

    @api.depends(
        "source", "scale_id", "signed", "approver_id", "reversal_of_id", "calibration_override"
    )
    @api.depends_context("lang")
    def _compute_source_label(self):
        for line in self:
            line.source_label = line._gold_source_label()

    def _gold_source_label(self):
        self.ensure_one()
        line = self.sudo()
        approver = line.approver_id.name or _("nobody")
        if line.reversal_of_id:
            return _(
                "Reversal of %(name)s, approved by %(approver)s",
                name=line.reversal_of_id.name,
                approver=approver,
            )
        if line.source == "scale":
            if line.signed:
                label = _("Balance %(scale)s, signed reading", scale=line.scale_id.name)
            else:
                label = _("Balance %(scale)s, unsigned reading", scale=line.scale_id.name)
            if line.calibration_override:
                label = _(
                    "%(label)s, calibration overdue, accepted by %(approver)s",
                    label=label,
                    approver=approver,
                )
            return label
        if line.scale_id:
            return _(
                "Typed by hand (balance %(scale)s named), approved by %(approver)s",
                scale=line.scale_id.name,
                approver=approver,
            )
        return _("Typed by hand, approved by %(approver)s", approver=approver)

"""The period reconciliation wizard: a period, work centres, workers and karats."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GoldPeriodReconciliation(models.TransientModel):
    _name = "gold.period.reconciliation"
    _description = "Gold Period Reconciliation"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    workcenter_ids = fields.Many2many(
        "mrp.workcenter",
        string="Work Centres",
        help="Only the stages and weighings at these work centres. Empty: all.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Workers",
        help="Only these workers' stages, weighings and custody. Empty: all.",
    )
    purity_ids = fields.Many2many(
        "gold.purity",
        string="Karats",
        help="Only batches of products of these purities. Empty: all.",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period ends (To) before it starts (From)."))

    def _gold_productions(self, window):
        """The batches with a weighing in the period that match the filters."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("captured_at", ">=", window["start"]),
            ("captured_at", "<", window["end"]),
            ("production_id", "!=", False),
        ]
        if self.workcenter_ids:
            domain.append(("workcenter_id", "in", self.workcenter_ids.ids))
        if self.employee_ids:
            domain.append(("employee_id", "in", self.employee_ids.ids))
        groups = self.env["gold.weighing"]._read_group(domain, ["production_id"])
        productions = self.env["mrp.production"].union(*(group for (group,) in groups))
        if self.purity_ids:
            productions = productions.filtered(
                lambda p: p.product_id.gold_purity_id in self.purity_ids
            )
        return productions.sorted(lambda p: (p.name or "", p.id))

    def action_print(self):
        self.ensure_one()
        return self.env.ref("gold_mes.gold_period_xlsx_report").report_action(self)

from odoo import fields, models


class MrpWorkcenter(models.Model):
    _inherit = "mrp.workcenter"

    gold_employee_ids = fields.Many2many(
        "hr.employee",
        string="Gold Operators",
        help="Employees allowed to weigh gold at this work centre. Empty: any active "
        "employee of the company.",
    )
    gold_scale_ids = fields.One2many("gold.scale", "workcenter_id", string="Balances")

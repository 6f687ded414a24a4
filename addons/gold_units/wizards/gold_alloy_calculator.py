from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..core import GoldUnitsError, Metal, solve_alloy
from ..models.uom_uom import to_decimal

KINDS = [("scrap", "Scrap lot"), ("fine", "Fine gold"), ("alloy", "Master alloy")]


class GoldAlloyCalculator(models.TransientModel):
    _name = "gold.alloy.calculator"
    _description = "Gold Alloy Calculator"

    target_purity_id = fields.Many2one("gold.purity")
    target_fineness = fields.Float(
        digits=(7, 2), required=True, help="Nominal fineness (‰) the melt must reach."
    )
    margin = fields.Float(
        string="Safety Margin (‰)",
        digits=(5, 2),
        default=2.0,
        help="Purity standards allow no minus tolerance: the melt aims between the "
        "target and the target plus this margin.",
    )
    total_grams = fields.Float(string="Melt Weight", digits="Gold Weight", required=True)
    line_ids = fields.One2many(
        "gold.alloy.calculator.line", "calculator_id", string="Metals at Hand"
    )
    result_fineness = fields.Float(digits=(7, 2), readonly=True)
    result_fine_grams = fields.Float(
        string="Fine Gold in Melt", digits="Gold Weight", readonly=True
    )
    solved = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "line_ids" in fields_list and not values.get("line_ids"):
            values["line_ids"] = [
                fields.Command.create(
                    {"name": _("Fine gold 9999"), "kind": "fine", "fineness": 999.9}
                ),
                fields.Command.create(
                    {"name": _("Master alloy"), "kind": "alloy", "fineness": 0.0}
                ),
            ]
        return values

    @api.onchange("target_purity_id")
    def _onchange_target_purity_id(self):
        if self.target_purity_id:
            self.target_fineness = self.target_purity_id.fineness

    def _prepare_metals(self):
        return [
            Metal(
                name=line.name,
                fineness=to_decimal(line.fineness),
                # nothing entered: as much as the melt could take
                available_grams=to_decimal(line.available_grams or self.total_grams),
                kind=line.kind,
            )
            for line in self.line_ids
        ]

    def action_compute(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Add the metals at hand: fine gold, scrap lots, master alloy."))
        try:
            result = solve_alloy(
                to_decimal(self.target_fineness),
                self._prepare_metals(),
                to_decimal(self.total_grams),
                margin=to_decimal(self.margin),
            )
        except GoldUnitsError as error:
            raise UserError(_("No melt is possible: %(reason)s", reason=error)) from error
        for line, result_line in zip(self.line_ids, result.lines, strict=True):
            line.write(
                {
                    "result_grams": float(result_line.grams),
                    "result_fine_grams": float(result_line.fine_grams),
                }
            )
        self.write(
            {
                "result_fineness": float(result.fineness),
                "result_fine_grams": float(result.fine_grams),
                "solved": True,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Alloy Calculator"),
        }


class GoldAlloyCalculatorLine(models.TransientModel):
    _name = "gold.alloy.calculator.line"
    _description = "Gold Alloy Calculator Metal"

    calculator_id = fields.Many2one("gold.alloy.calculator", required=True, ondelete="cascade")
    name = fields.Char(required=True)
    kind = fields.Selection(KINDS, required=True, default="scrap")
    fineness = fields.Float(digits=(7, 2), required=True)
    available_grams = fields.Float(
        string="Available", digits="Gold Weight", help="Grams at hand; 0 means unlimited."
    )
    result_grams = fields.Float(string="Use", digits="Gold Weight", readonly=True)
    result_fine_grams = fields.Float(string="Fine Gold", digits="Gold Weight", readonly=True)

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
    result_fineness = fields.Float(
        string="Resulting Fineness (‰)",
        digits=(7, 2),
        readonly=True,
        help="Fineness of the melt from the figures shown: fine gold × 1000 / melt weight.",
    )
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
        # what the screen shows adds up: fineness from the shown fine gold and weight
        fines, fine, fineness = result.shown_figures()
        for line, result_line, line_fine in zip(self.line_ids, result.lines, fines, strict=True):
            line.write(
                {
                    "result_grams": float(result_line.grams),
                    "result_fine_grams": float(line_fine),
                }
            )
        self.write(
            {
                "result_fineness": float(fineness),
                "result_fine_grams": float(fine),
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
        string="Available to Use (g)",
        digits="Gold Weight",
        help="Grams of this metal you have and may put into the melt. Leave 0 when "
        "there is as much as the melt needs (fine gold or alloy from the safe).",
    )
    result_grams = fields.Float(
        string="Use (g)",
        digits="Gold Weight",
        readonly=True,
        help="Grams of this metal to weigh into the melt.",
    )
    result_fine_grams = fields.Float(
        string="Fine Gold (g)",
        digits="Gold Weight",
        readonly=True,
        help="Pure gold these grams bring: grams × fineness / 1000.",
    )

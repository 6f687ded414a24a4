from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..core import fineness_to_karat, fineness_to_tuoi
from .uom_uom import to_decimal


class GoldPurity(models.Model):
    _name = "gold.purity"
    _description = "Gold Purity"
    _order = "fineness desc, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Trade name as stamped or quoted: 9999, 750, 610, 18K…",
    )
    fineness = fields.Float(
        digits=(7, 2),
        required=True,
        help="Parts of fine gold per thousand by mass (‰). The truth behind karat and tuổi.",
    )
    karat = fields.Float(compute="_compute_karat_tuoi", digits=(5, 2), store=True)
    tuoi = fields.Float(
        string="Tuổi",
        compute="_compute_karat_tuoi",
        digits=(5, 2),
        store=True,
        help="Vietnamese 'tuổi vàng': fineness on a ten-point scale (750 ‰ = 7.5 tuổi).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    note = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A purity with this code already exists."),
        (
            "fineness_range",
            "CHECK(fineness > 0 AND fineness <= 1000)",
            "Fineness must be above 0 and at most 1000 ‰.",
        ),
    ]

    @api.depends("fineness")
    def _compute_karat_tuoi(self):
        for purity in self:
            fineness = to_decimal(purity.fineness)
            purity.karat = float(fineness_to_karat(fineness))
            purity.tuoi = float(fineness_to_tuoi(fineness))

    @api.constrains("fineness")
    def _check_fineness(self):
        for purity in self:
            if not 0 < purity.fineness <= 1000:
                raise ValidationError(
                    _(
                        "Fineness %(fineness)s ‰ of %(purity)s is outside 0–1000 ‰.",
                        fineness=purity.fineness,
                        purity=purity.code,
                    )
                )

    def _compute_display_name(self):
        for purity in self:
            purity.display_name = f"{purity.code} – {purity.name}" if purity.code else purity.name

    def gold_fineness(self):
        """Fineness as an exact Decimal (‰)."""
        self.ensure_one()
        return to_decimal(self.fineness)

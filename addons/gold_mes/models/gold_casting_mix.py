"""The casting mix of a batch: the alloy recipe, each component weighed, the pour.

The recipe comes from ``gold_units``' alloy solver at the batch's weight, with the
metals at hand (:meth:`_gold_metals_at_hand`): every gold product with a purity that
the company holds in stock, one metal per lot (fine gold from 999 ‰, other karats as
lots), and master alloy as a 0 ‰ metal the melt may take as much of as it needs (it
carries no gold, so the gold ledger does not follow it).

A weighed component is kept on its mix line with the balance's signed reading, NOT as
a ``gold.weighing`` line: the gold given to the batch is already in the ledger as its
issue from the safe (and the stage's weigh-in at casting); a ledger line per metal in
the crucible would count the same gold twice.  The signed reading is checked with the
balance's secret and its nonce spent (``gold.scale.nonce``), as ``capture()`` does, so
a reading is neither typed nor replayed.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.casting import MixLine, assay_check, check_mix, planned_fineness
from ..core.weights import field_grams, to_fineness

STATES = [("draft", "Weighing"), ("poured", "Poured")]
VERDICTS = [
    ("incomplete", "Not all weighed"),
    ("off_tolerance", "Off tolerance"),
    ("below_target", "Below target"),
    ("above_band", "Above the band"),
    ("ok", "Ready to pour"),
]
DEFAULT_MARGIN = 2.0
DEFAULT_TOLERANCE_G = 0.05
POURABLE = ("ok", "above_band")
SUPERVISOR_GROUP = "gold_mes.gold_weighing_group_supervisor"
# what the recipe and the pour write: never from outside (an RPC context is JSON, so
# it cannot carry this object)
RECIPE_TOKEN = object()
DERIVED = {
    "production_id",
    "state",
    "purity_id",
    "target_fineness",
    "batch_g",
    "line_ids",
    "poured_by_id",
    "poured_at",
    "assay_user_id",
    "assay_date",
}


class GoldCastingMix(models.Model):
    _name = "gold.casting.mix"
    _description = "Gold Casting Mix"
    _order = "id desc"

    name = fields.Char(related="production_id.name", store=True)
    production_id = fields.Many2one(
        "mrp.production", string="Batch", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="production_id.company_id", store=True)
    state = fields.Selection(STATES, default="draft", required=True, readonly=True)
    purity_id = fields.Many2one("gold.purity", string="Target Purity", readonly=True)
    target_fineness = fields.Float(string="Target (‰)", digits=(7, 2), required=True, readonly=True)
    margin = fields.Float(
        string="Margin (‰)",
        digits=(5, 2),
        default=DEFAULT_MARGIN,
        help="Purity standards allow no minus tolerance: the melt aims between the "
        "target and the target plus this margin.",
    )
    tolerance_g = fields.Float(
        string="Tolerance (g)",
        digits="Gold Weight",
        default=DEFAULT_TOLERANCE_G,
        help="How far each weighed component may be from its line, either way.",
    )
    batch_g = fields.Float(
        string="Batch Weight (g)",
        digits="Gold Weight",
        readonly=True,
        help="The gold the batch's components call for: the melt the recipe is made for.",
    )
    line_ids = fields.One2many("gold.casting.mix.line", "mix_id", string="Components")
    planned_fineness = fields.Float(
        string="Planned Fineness (‰)", digits=(7, 2), compute="_compute_check", store=True
    )
    weighed_g = fields.Float(
        string="Weighed (g)", digits="Gold Weight", compute="_compute_check", store=True
    )
    fine_g = fields.Float(
        string="Fine Gold (g)", digits="Gold Weight", compute="_compute_check", store=True
    )
    fineness = fields.Float(
        string="Resulting Fineness (‰)",
        digits=(7, 2),
        compute="_compute_check",
        store=True,
        help="Fineness of the weighed components: fine gold × 1000 / weight, rounded down.",
    )
    verdict = fields.Selection(VERDICTS, compute="_compute_check", store=True)
    poured_by_id = fields.Many2one("hr.employee", readonly=True)
    poured_at = fields.Datetime(readonly=True)
    assay_fineness = fields.Float(
        string="Assay (‰)",
        digits=(7, 2),
        help="Fineness of the cast as assayed after casting, entered by a supervisor.",
    )
    assay_user_id = fields.Many2one("res.users", string="Assay Entered By", readonly=True)
    assay_date = fields.Datetime(readonly=True)
    assay_note = fields.Char()
    assay_below_target = fields.Boolean(compute="_compute_assay_below_target", store=True)

    _sql_constraints = [
        ("production_unique", "unique(production_id)", "A batch has one casting mix."),
    ]

    @api.depends(
        "line_ids.planned_g",
        "line_ids.weighed_g",
        "line_ids.is_weighed",
        "line_ids.fineness",
        "target_fineness",
        "margin",
        "tolerance_g",
    )
    def _compute_check(self):
        for mix in self:
            if not mix.line_ids:
                mix.update(
                    planned_fineness=0, weighed_g=0, fine_g=0, fineness=0, verdict="incomplete"
                )
                continue
            check = mix._gold_check()
            mix.update(
                {
                    "planned_fineness": float(planned_fineness(mix._gold_core_lines()) or 0),
                    "weighed_g": float(check.weighed_g),
                    "fine_g": float(check.fine_g),
                    "fineness": float(check.fineness or 0),
                    "verdict": check.verdict,
                }
            )

    @api.depends("assay_fineness", "target_fineness")
    def _compute_assay_below_target(self):
        for mix in self:
            mix.assay_below_target = bool(mix.assay_fineness) and (
                assay_check(mix.assay_fineness, mix.target_fineness).below
            )

    # ------------------------------------------------------------------ core
    def _gold_core_lines(self):
        self.ensure_one()
        return [
            MixLine(
                line.id,
                field_grams(line.planned_g),
                field_grams(line.weighed_g) if line.is_weighed else None,
                line._gold_fineness(),
            )
            for line in self.line_ids
        ]

    def _gold_check(self):
        """The core's check of this mix (weighed against planned, resulting fineness)."""
        self.ensure_one()
        return check_mix(
            self._gold_core_lines(),
            field_grams(self.target_fineness),
            field_grams(self.margin),
            field_grams(self.tolerance_g),
        )

    # ------------------------------------------------------------------ guards
    def _gold_trusted(self):
        return self.env.context.get("gold_casting_recipe") is RECIPE_TOKEN

    @api.model_create_multi
    def create(self, vals_list):
        if not self._gold_trusted():
            raise UserError(_("A casting mix is made from its batch (the Casting Mix button)."))
        return super().create(vals_list)

    def write(self, vals):
        if DERIVED & set(vals) and not self._gold_trusted():
            raise UserError(_("The recipe and the pour of a casting mix are not edited by hand."))
        assay = {"assay_fineness", "assay_note"} & set(vals)
        if assay:
            self._gold_check_assay(vals)
            vals = dict(vals, assay_user_id=self.env.uid, assay_date=fields.Datetime.now())
        if {"margin", "tolerance_g"} & set(vals):
            if not self.env.user.has_group(SUPERVISOR_GROUP):
                raise AccessError(
                    _("Only a gold supervisor may change a mix's margin or tolerance.")
                )
            if self.filtered(lambda m: m.state != "draft"):
                raise UserError(_("A poured mix keeps its margin and tolerance."))
        return super().write(vals)

    def _gold_check_assay(self, vals):
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(_("Only a gold supervisor may enter the assay of a cast."))
        if self.filtered(lambda m: m.state != "poured"):
            raise UserError(_("The assay is of the cast: pour the mix first."))
        if "assay_fineness" in vals and not 0 < (vals["assay_fineness"] or 0) <= 1000:
            raise UserError(_("The assay is a fineness between 0 and 1000 ‰."))

    def unlink(self):
        if self.filtered(lambda m: m.state != "draft"):
            raise UserError(_("A poured mix is the record of the cast: it cannot be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------ actions
    def action_pour(self, employee=None):
        """The caster pours: every component weighed, each within its tolerance, and
        the melt not below its target; else a clear refusal and nothing changes."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("The mix of %(batch)s is already poured.", batch=self.name))
        check = self._gold_check()
        if check.verdict not in POURABLE:
            raise UserError(self._gold_refusal(check))
        self.with_context(gold_casting_recipe=RECIPE_TOKEN).write(
            {
                "state": "poured",
                "poured_by_id": (employee or self.env.user.employee_id).id,
                "poured_at": fields.Datetime.now(),
            }
        )
        return True

    def _gold_refusal(self, check):
        if check.verdict == "incomplete":
            missing = self.line_ids.filtered(lambda line: not line.is_weighed)
            return _(
                "Weigh every component before pouring: %(names)s.",
                names=", ".join(line._gold_label() for line in missing),
            )
        if check.verdict == "off_tolerance":
            off = self.line_ids.filtered(lambda line: line.is_weighed and not line.within_tolerance)
            return _(
                "Weigh again: %(names)s off the line by more than %(tolerance)s g.",
                names=", ".join(line._gold_label() for line in off),
                tolerance=str(field_grams(self.tolerance_g)),
            )
        return _(
            "The melt would be %(fineness)s ‰, below the target %(target)s ‰: do not pour.",
            fineness=str(check.fineness),
            target=str(to_fineness(self.target_fineness)),
        )

    def action_compute_recipe(self):
        """The recipe again from the metals at hand (only before anything is weighed)."""
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(_("Only a gold supervisor may compute a mix's recipe again."))
        for mix in self.with_context(gold_casting_recipe=RECIPE_TOKEN):
            if mix.state != "draft" or mix.line_ids.filtered("is_weighed"):
                raise UserError(
                    _(
                        "Components are already weighed: the recipe of %(batch)s stays.",
                        batch=mix.name,
                    )
                )
            lines = mix.production_id._gold_casting_recipe(
                to_fineness(mix.target_fineness), to_fineness(mix.margin), field_grams(mix.batch_g)
            )
            mix.line_ids.unlink()
            mix.write({"line_ids": lines})
        return True

    def action_open_production(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mrp.production",
            "res_id": self.production_id.id,
            "view_mode": "form",
        }

"""One component of a casting mix: its line (planned grams from the recipe) and its
weight, kept with the balance's signed reading (see ``gold_casting_mix`` for why this
is not a ledger line)."""

import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger
from psycopg2 import errors as pg_errors

from ..core.weights import field_grams, to_fineness
from .gold_casting_mix import RECIPE_TOKEN

WEIGH_TOKEN = object()  # only _gold_weigh writes a weight (an RPC context cannot carry it)


class GoldCastingMixLine(models.Model):
    _name = "gold.casting.mix.line"
    _description = "Gold Casting Mix Component"
    _order = "mix_id, sequence, id"

    mix_id = fields.Many2one("gold.casting.mix", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    kind = fields.Selection(
        [("scrap", "Gold lot"), ("fine", "Fine gold"), ("alloy", "Master alloy")], required=True
    )
    product_id = fields.Many2one("product.product")
    lot_id = fields.Many2one("stock.lot")
    fineness = fields.Float(string="Fineness (‰)", digits=(7, 2), required=True)
    available_g = fields.Float(string="At Hand (g)", digits="Gold Weight")
    planned_g = fields.Float(string="Planned (g)", digits="Gold Weight", required=True)
    planned_fine_g = fields.Float(string="Planned Fine (g)", digits="Gold Weight")
    is_weighed = fields.Boolean(string="Weighed", readonly=True)
    weighed_g = fields.Float(string="Weighed (g)", digits="Gold Weight", readonly=True)
    deviation_g = fields.Float(
        string="Deviation (g)", digits="Gold Weight", compute="_compute_check", store=True
    )
    weighed_fine_g = fields.Float(
        string="Fine Gold (g)", digits="Gold Weight", compute="_compute_check", store=True
    )
    within_tolerance = fields.Boolean(compute="_compute_check", store=True)
    scale_id = fields.Many2one("gold.scale", string="Balance", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Weighed By", readonly=True)
    weighed_at = fields.Datetime(readonly=True)
    reading = fields.Text(string="Signed Reading", readonly=True)
    signed = fields.Boolean(string="Signed Reading Checked", readonly=True)

    @api.depends("planned_g", "weighed_g", "is_weighed", "fineness", "mix_id.tolerance_g")
    def _compute_check(self):
        for mix in self.mix_id:
            checks = {check.key: check for check in mix._gold_check().lines}
            for line in self.filtered(lambda line, mix=mix: line.mix_id == mix):
                check = checks.get(line.id)
                weighed = bool(check and check.weighed_g is not None)
                line.deviation_g = float(check.deviation_g) if weighed else 0.0
                line.weighed_fine_g = float(check.fine_g) if weighed else 0.0
                line.within_tolerance = bool(weighed and check.within)
        for line in self.filtered(lambda line: not line.mix_id):
            line.update(deviation_g=0.0, weighed_fine_g=0.0, within_tolerance=False)

    def _gold_label(self):
        """The component in the reader's language: the product (and lot), or the kind."""
        self.ensure_one()
        if self.product_id:
            name = self.product_id.display_name
            return " / ".join([name, self.lot_id.name]) if self.lot_id else name
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return kinds.get(self.kind, self.name) if self.kind == "alloy" else self.name

    def _gold_fineness(self):
        return to_fineness(self.fineness or 0)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("gold_casting_recipe") is not RECIPE_TOKEN:
            raise UserError(_("A mix's components come from its recipe."))
        return super().create(vals_list)

    def write(self, vals):
        if self.mix_id.filtered(lambda mix: mix.state != "draft"):
            raise UserError(_("A poured mix is the record of the cast: it cannot change."))
        if self.env.context.get("gold_casting_weigh") is not WEIGH_TOKEN:
            raise UserError(_("A component's weight comes from the balance only."))
        return super().write(vals)

    def unlink(self):
        if self.env.context.get("gold_casting_recipe") is not RECIPE_TOKEN:
            raise UserError(_("A mix's components come from its recipe."))
        if self.mix_id.filtered(lambda mix: mix.state != "draft"):
            raise UserError(_("A poured mix is the record of the cast: it cannot change."))
        return super().unlink()

    def _gold_weigh(self, scale, reading, employee):
        """Keep a signed stable reading in grams from ``scale`` as this line's weight."""
        self.ensure_one()
        if self.mix_id.state != "draft":
            raise UserError(_("The mix of %(batch)s is already poured.", batch=self.mix_id.name))
        grams = self._gold_reading_grams(scale, reading)
        self._gold_spend_nonce(scale, reading.get("nonce"))
        self.with_context(gold_casting_weigh=WEIGH_TOKEN).write(
            {
                "is_weighed": True,
                "weighed_g": float(grams),
                "scale_id": scale.id,
                "employee_id": employee.id,
                "weighed_at": fields.Datetime.now(),
                "reading": json.dumps(reading, sort_keys=True),
                "signed": True,
            }
        )
        return grams

    def _gold_spend_nonce(self, scale, nonce):
        """A signed reading serves once, here or in the ledger (``gold.scale.nonce``)."""
        if not nonce:
            return
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                scale._gold_use_nonce(nonce)
        except pg_errors.UniqueViolation:
            raise UserError(scale._gold_signature_message("replayed")) from None

    def _gold_reading_grams(self, scale, reading):
        if not isinstance(reading, dict) or not scale:
            raise UserError(_("Weigh the component on the balance."))
        if reading.get("scale") not in scale._gold_reading_names():
            raise UserError(
                _("This reading comes from another balance than %(scale)s.", scale=scale.name)
            )
        if not scale._gold_reading_trusted(reading):
            raise UserError(_("Weigh the component on the balance: a typed weight is refused."))
        if not reading.get("stable") or reading.get("grams") in (None, ""):
            raise UserError(_("The balance is not stable: wait and weigh again."))
        grams = field_grams(reading["grams"])
        if grams <= 0:
            raise UserError(_("Nothing on the pan: place the component to weigh it."))
        return grams

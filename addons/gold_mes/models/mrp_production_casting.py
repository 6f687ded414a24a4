"""The batch's casting mix (``gold.casting.mix``): the recipe from the metals at hand,
scaled to the batch's weight, and what the trace shows of the mix and its assay."""

from decimal import Decimal

from odoo import Command, _, api, fields, models
from odoo.addons.gold_units.core import GoldUnitsError, Metal, solve_alloy
from odoo.addons.gold_units.core.alloy import KINDS
from odoo.exceptions import UserError

from ..core.casting import assay_check, metal_kind
from ..core.weights import ZERO, field_grams, to_fineness
from .gold_casting_mix import DEFAULT_MARGIN, RECIPE_TOKEN

GRAMS_PLACES = 4  # the recipe is weighed to 0.1 mg, the Gold Weight precision


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    gold_casting_mix_ids = fields.One2many("gold.casting.mix", "production_id")
    gold_casting_mix_id = fields.Many2one(
        "gold.casting.mix", string="Casting Mix", compute="_compute_gold_casting_mix_id"
    )
    gold_casting_fineness_display = fields.Char(
        string="Mix", compute="_compute_gold_casting_mix_id"
    )

    @api.depends("gold_casting_mix_ids.fineness", "gold_casting_mix_ids.state")
    def _compute_gold_casting_mix_id(self):
        for production in self:
            mix = production.gold_casting_mix_ids[:1]
            production.gold_casting_mix_id = mix
            if not mix:
                text = _("to make")
            elif mix.state == "poured":
                fineness = to_fineness(mix.fineness).quantize(Decimal("0.01"))
                text = _("%(fineness)s ‰ poured", fineness=str(fineness))
            else:
                text = _("weighing")
            production.gold_casting_fineness_display = text

    # ------------------------------------------------------------------ the mix
    def action_gold_casting_mix(self):
        """The batch's casting mix on its form, made from the metals at hand when new."""
        self.ensure_one()
        mix = self._gold_casting_mix_get()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gold.casting.mix",
            "res_id": mix.id,
            "view_mode": "form",
            "name": _("Casting Mix: %(batch)s", batch=self.name),
        }

    def _gold_casting_mix_get(self):
        """The batch's mix; a new one (with its recipe) when there is none yet."""
        self.ensure_one()
        if self.gold_casting_mix_ids:
            return self.gold_casting_mix_ids[:1]
        if not self.env.user.has_group("gold_mes.gold_weighing_group_operator"):
            raise UserError(_("No casting mix is recorded for %(batch)s.", batch=self.name))
        if self.state not in ("confirmed", "progress", "to_close"):
            raise UserError(_("%(batch)s is not open for casting.", batch=self.name))
        purity = (
            self.product_id.gold_purity_id
            or self._gold_component_moves()[:1].product_id.gold_purity_id
        )
        if not purity:
            raise UserError(
                _("%(product)s has no gold purity to cast.", product=self.product_id.display_name)
            )
        batch = self._gold_casting_batch_grams()
        # the recipe first: a batch no metals at hand can make gets no mix at all
        lines = self._gold_casting_recipe(
            to_fineness(purity.fineness), Decimal(repr(DEFAULT_MARGIN)), batch
        )
        Mix = self.env["gold.casting.mix"]
        mix = Mix.with_context(gold_casting_recipe=RECIPE_TOKEN).create(
            {
                "production_id": self.id,
                "purity_id": purity.id,
                "target_fineness": purity.fineness,
                "margin": DEFAULT_MARGIN,
                "batch_g": float(batch),
                "line_ids": lines,
            }
        )
        return Mix.browse(mix.id)  # without the recipe's context

    def _gold_casting_batch_grams(self):
        """The gold the batch's components call for, in grams."""
        self.ensure_one()
        total = sum(
            (
                field_grams(move.product_id.gold_grams(move.product_uom_qty, move.product_uom))
                for move in self._gold_component_moves()
            ),
            ZERO,
        )
        if total <= 0:
            raise UserError(_("%(batch)s calls for no gold: nothing to cast.", batch=self.name))
        return total

    def _gold_metals_at_hand(self):
        """``[(line vals, Metal)]``: each gold lot stocked by weight in the stock the batch
        draws from (its components' source location: fine gold from 999 ‰, other karats
        as lots), then master alloy as a 0 ‰ metal, as much as the melt needs."""
        self.ensure_one()
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    # the stock the batch draws its components from
                    ("location_id", "child_of", self.location_src_id.id),
                    ("location_id.usage", "=", "internal"),
                    ("product_id.gold_is_gold", "=", True),
                    ("product_id.gold_purity_id", "!=", False),
                    ("quantity", ">", 0),
                ],
                order="product_id, lot_id, id",
            )
        )
        weight = self.env.ref("uom.product_uom_categ_kgm", raise_if_not_found=False)
        held = {}
        # metal is stocked by weight; finished pieces counted in units are not melted
        for quant in quants.filtered(
            lambda q: q.product_uom_id.gold_unit_code or q.product_uom_id.category_id == weight
        ):
            key = (quant.product_id, quant.lot_id)
            grams = field_grams(quant.product_id.gold_grams(quant.quantity, quant.product_uom_id))
            held[key] = held.get(key, ZERO) + grams
        metals = []
        for (product, lot), grams in held.items():
            fineness = to_fineness(product.gold_purity_id.fineness)
            name = " / ".join([product.display_name, lot.name]) if lot else product.display_name
            vals = {"name": name, "product_id": product.id, "lot_id": lot.id or False}
            metals.append((vals, Metal(name, fineness, grams, metal_kind(fineness))))
        alloy = _("Master alloy")
        batch = field_grams(self._gold_casting_batch_grams())
        metals.append(({"name": alloy}, Metal(alloy, Decimal(0), batch, "alloy")))
        return metals

    def _gold_casting_recipe(self, target, margin, batch):
        """Line commands of the recipe: the solver at the batch's weight ``batch`` (g),
        ``target`` ‰ plus ``margin`` ‰, with the metals at hand."""
        self.ensure_one()
        metals = self._gold_metals_at_hand()
        try:
            result = solve_alloy(
                target,
                [metal for _vals, metal in metals],
                batch,
                margin=margin,
                places=GRAMS_PLACES,
            )
        except GoldUnitsError as error:
            raise UserError(
                _("No mix of the metals at hand is possible: %(reason)s", reason=error)
            ) from error
        fines, _fine, _fineness = result.shown_figures()
        commands = []
        used = [
            (vals, metal, line, fine)
            for (vals, metal), line, fine in zip(metals, result.lines, fines, strict=True)
            if line.grams > 0
        ]
        # on the screen in the order of the solver's preference: lots, fine gold, alloy
        used.sort(key=lambda item: KINDS.index(item[1].kind))
        for vals, metal, line, fine in used:
            commands.append(
                Command.create(
                    dict(
                        vals,
                        sequence=len(commands) + 1,
                        kind=metal.kind,
                        fineness=float(metal.fineness),
                        available_g=float(metal.available_grams) if metal.kind != "alloy" else 0.0,
                        planned_g=float(line.grams),
                        planned_fine_g=float(fine),
                    )
                )
            )
        return commands

    # ------------------------------------------------------------------ trace
    def _gold_trace_casting(self):
        """The recorded mix for the trace: planned vs weighed per component, the
        resulting fineness, and the assay of the cast when there is one (None: no mix)."""
        self.ensure_one()
        mix = self.sudo().gold_casting_mix_ids[:1]
        if not mix:
            return None
        states = dict(mix._fields["state"]._description_selection(self.env))
        verdicts = dict(mix._fields["verdict"]._description_selection(self.env))
        assay = assay_check(mix.assay_fineness, mix.target_fineness) if mix.assay_fineness else None
        return {
            "mix": mix,
            "state": states.get(mix.state, mix.state),
            "poured": mix.state == "poured",
            # once poured, the mix's state says it all (it was pourable then)
            "verdict": states["poured"] if mix.state == "poured" else verdicts.get(mix.verdict),
            "target": to_fineness(mix.target_fineness),
            "margin": to_fineness(mix.margin),
            "tolerance": field_grams(mix.tolerance_g),
            "planned_g": sum((field_grams(line.planned_g) for line in mix.line_ids), ZERO),
            "weighed_g": field_grams(mix.weighed_g),
            "fine_g": field_grams(mix.fine_g),
            "planned_fineness": to_fineness(mix.planned_fineness),
            "fineness": to_fineness(mix.fineness),
            "poured_by": mix.poured_by_id.name or "",
            "poured_at": mix.poured_at,
            "rows": [self._gold_trace_casting_row(line) for line in mix.line_ids],
            "assay": assay,
            "assay_by": mix.assay_user_id.name or "",
            "assay_date": mix.assay_date,
            "assay_note": mix.assay_note or "",
        }

    @api.model
    def _gold_trace_casting_row(self, line):
        return {
            "name": line._gold_label(),
            "fineness": to_fineness(line.fineness),
            "planned": field_grams(line.planned_g),
            "weighed": field_grams(line.weighed_g) if line.is_weighed else None,
            "deviation": field_grams(line.deviation_g) if line.is_weighed else None,
            "fine": field_grams(line.weighed_fine_g) if line.is_weighed else None,
            "within": line.within_tolerance,
            "balance": line.scale_id.name or "",
            "worker": line.employee_id.name or "",
            "signed": line.signed,
        }

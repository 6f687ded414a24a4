"""The kiosk's casting screen: the batch's alloy recipe, each component weighed on the
balance against its line and tolerance, the resulting fineness, the pour.

The screen reads the live weight through the scale routes (``read``) and weighs a
component with the ``capture`` route's signed stable reading, which it hands to
:meth:`kiosk_casting_weigh`; the reading is kept on the mix line (see
``gold_casting_mix``: the ledger's issue is already the gold given to the batch).
"""

from odoo import _, api, models
from odoo.exceptions import UserError

from ..core.weights import field_grams, to_fineness

CASTABLE_STATES = ("confirmed", "progress", "to_close")
VERDICT_LEVELS = {
    "incomplete": "info",
    "off_tolerance": "danger",
    "below_target": "danger",
    "above_band": "warning",
    "ok": "success",
}


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    @api.model
    def kiosk_casting_batches(self, employee_id):
        """The open batches of this company that call for gold, with their mix's state."""
        self._kiosk_casting_employee(employee_id)
        productions = self.env["mrp.production"].search(
            [("state", "in", CASTABLE_STATES), ("company_id", "=", self.env.company.id)],
            order="date_start, id",
        )
        batches = []
        productions = self._kiosk_casting_production(productions)
        for production in productions.filtered(lambda p: p._gold_component_moves()):
            mix = production.gold_casting_mix_ids[:1]
            if mix.state == "poured":
                continue
            batches.append(
                {
                    "id": production.id,
                    "name": production.name,
                    "product": production.product_id.display_name,
                    "purity": production.product_id.gold_purity_id.code or "",
                    "started": bool(mix.line_ids.filtered("is_weighed")),
                }
            )
        return batches

    @api.model
    def kiosk_casting_mix(self, production_id):
        """The batch's recipe (made from the metals at hand the first time)."""
        production = self.env["mrp.production"].browse(production_id or 0).exists()
        if not self._kiosk_casting_production(production):
            raise UserError(_("This batch no longer exists."))
        return self._kiosk_casting_card(production._gold_casting_mix_get())

    @api.model
    def kiosk_casting_weigh(self, mix_id, line_id, employee_id, scale_id, reading):
        """Keep the balance's signed stable reading as the weight of one component."""
        mix = self._kiosk_casting_mix_record(mix_id)
        line = mix.line_ids.filtered(lambda mix_line: mix_line.id == line_id)
        if not line:
            raise UserError(_("This component is not in the mix."))
        employee = self._kiosk_casting_employee(employee_id)
        scale = self.env["gold.scale"].browse(scale_id or 0).exists()
        if not scale:
            raise UserError(_("Weigh the component on the balance."))
        line._gold_weigh(scale, reading, employee)
        return self._kiosk_casting_card(mix)

    @api.model
    def kiosk_casting_pour(self, mix_id, employee_id):
        """The caster confirms the mix: refused unless every component is within its
        tolerance and the melt is not below its target."""
        mix = self._kiosk_casting_mix_record(mix_id)
        mix.action_pour(self._kiosk_casting_employee(employee_id))
        return self._kiosk_casting_card(mix)

    # ------------------------------------------------------------------ helpers
    def _kiosk_casting_employee(self, employee_id):
        return self._kiosk_employee(employee_id)  # a station: the one signed in

    def _kiosk_casting_mix_record(self, mix_id):
        mix = self.env["gold.casting.mix"].browse(mix_id or 0).exists()
        if not mix or not self._kiosk_casting_production(mix.production_id):
            raise UserError(_("This casting mix no longer exists."))
        return mix

    def _kiosk_casting_production(self, production):
        """``production`` if this kiosk may cast it (its company; a station narrows
        it to the batches of its work centres)."""
        return production.filtered(lambda rec: rec.company_id == self.env.company)

    def _kiosk_casting_scale(self, production):
        stages = production._gold_stage_workorders()
        if stages:
            return self._kiosk_scale(stages[0])
        return self.env["gold.scale"].search([("workcenter_id", "=", False)], limit=1)

    def _kiosk_casting_card(self, mix):
        check = mix._gold_check()
        kinds = dict(mix.line_ids._fields["kind"]._description_selection(self.env))
        verdicts = dict(mix._fields["verdict"]._description_selection(self.env))
        scale = self._kiosk_casting_scale(mix.production_id)
        lines = []
        for line, checked in zip(mix.line_ids, check.lines, strict=True):
            lines.append(
                {
                    "id": line.id,
                    "name": line._gold_label(),
                    "kind": line.kind,
                    "kind_label": kinds.get(line.kind, line.kind),
                    "fineness": str(to_fineness(line.fineness)),
                    "planned": str(checked.planned_g),
                    "weighed": str(checked.weighed_g) if checked.weighed_g is not None else False,
                    "deviation": str(checked.deviation_g)
                    if checked.deviation_g is not None
                    else False,
                    "within": checked.within,
                }
            )
        return {
            "id": mix.id,
            "production": mix.production_id.name,
            "product": mix.production_id.product_id.display_name,
            "purity": mix.purity_id.code or "",
            "state": mix.state,
            "target": str(to_fineness(mix.target_fineness)),
            "margin": str(to_fineness(mix.margin)),
            "tolerance": str(field_grams(mix.tolerance_g)),
            "batch": str(field_grams(mix.batch_g)),
            "planned_fineness": str(to_fineness(mix.planned_fineness)),
            "weighed": str(check.weighed_g),
            "fine": str(check.fine_g),
            "fineness": str(check.fineness) if check.fineness is not None else False,
            "verdict": check.verdict,
            "verdict_label": verdicts.get(check.verdict, check.verdict),
            "verdict_level": VERDICT_LEVELS[check.verdict],
            "pourable": mix.state == "draft" and check.verdict in ("ok", "above_band"),
            "scale": {"id": scale.id, "name": scale.name} if scale else False,
            "lines": lines,
        }

"""A handover at the kiosk: worker A gives, worker B receives, at the same balance.

Both stand at the balance and see the same live weight.  A's gold is weighed out
(the scale route's signed stable reading) and A confirms with their badge or PIN;
then B's weighing in, confirmed by B's badge or PIN.  The rules are the handover's
own (``gold.handover.gold_confirm_out`` / ``gold_confirm_in``: each side's PIN or
badge, both weighings through ``gold.weighing.capture()``, a difference beyond the
balance's readability opens the dispute); the pieces handed over and their state
are recorded on the handover.
"""

import json

from odoo import _, api, models
from odoo.exceptions import UserError

from ..core.weights import to_grams


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    @api.model
    def kiosk_handover_options(self, employee_id):
        """What the giver may hand over: their stages under way, and to whom."""
        giver = self._kiosk_employee(employee_id)
        workorders = self.env["mrp.workorder"].search(
            [*self._kiosk_domain(giver), ("state", "=", "progress")]
        )
        holding = self._kiosk_held_stages(workorders.filtered("gold_is_stage"), giver)
        stages = holding.sorted(lambda wo: (wo.production_id.name or "", wo.id))
        receivers = [e for e in self.kiosk_employees() if e["id"] != giver.id]
        return {
            "stages": [self._kiosk_handover_stage(wo) for wo in stages],
            "receivers": receivers,
        }

    def _kiosk_held_stages(self, workorders, employee):
        """The stages whose gold ``employee`` holds: the last to take it there (weigh-in
        or handover received) was them, and they have not handed it over since."""
        lines = (
            self.env["gold.weighing"]
            .sudo()
            .search(
                [
                    ("workorder_id", "in", workorders.ids),
                    ("kind", "in", ("in", "handover_in", "handover_out")),
                ],
                order="id desc",
            )
        )
        last = {}
        for line in lines:
            last.setdefault(line.workorder_id.id, line)
        return workorders.filtered(
            lambda wo: (
                wo.id in last
                and last[wo.id].kind != "handover_out"
                and last[wo.id].employee_id == employee
            )
        )

    def _kiosk_handover_stage(self, wo):
        scale = self._kiosk_scale(wo)
        return {
            "id": wo.id,
            "name": wo.name,
            "production": wo.production_id.name,
            "product": wo.production_id.product_id.display_name,
            "workcenter": wo.workcenter_id.name,
            "qty": wo.qty_remaining,
            "scale": {"id": scale.id, "name": scale.name} if scale else False,
        }

    @api.model
    def kiosk_handover_start(self, employee_id, workorder_id, to_employee_id, qty=0, note=""):
        """A handover to weigh: the giver is the worker signed in at the kiosk."""
        giver = self._kiosk_employee(employee_id)
        taker = self._kiosk_receiver(to_employee_id)
        if taker == giver:
            raise UserError(_("Choose the worker who receives the gold: not yourself."))
        workorder = self._kiosk_workorder(workorder_id)
        if workorder.state != "progress":
            raise UserError(_("Only a stage under way can be handed over."))
        if not self._kiosk_held_stages(workorder, giver):
            raise UserError(
                _(
                    "%(name)s does not hold the gold of %(stage)s: only who holds it hands "
                    "it over.",
                    name=giver.name,
                    stage=workorder.name,
                )
            )
        try:
            pieces = float(qty or 0)
        except (TypeError, ValueError):
            pieces = -1.0
        if pieces < 0:
            raise UserError(_("Pieces: count the pieces you hand over."))
        handover = self.env["gold.handover"].create(
            {
                "workorder_id": workorder.id,
                "from_employee_id": giver.id,
                "to_employee_id": taker.id,
                "qty": pieces,
                "note": (note or "").strip() or False,
            }
        )
        return self._kiosk_handover_card(handover)

    @api.model
    def kiosk_handover_confirm(self, handover_id, side, scale_id, reading, secret):
        """One side weighs and confirms with their badge or PIN (``side``: out, in).

        A retry with the same reading (its answer lost) answers with the handover as
        the first call left it; capture() records nothing twice (the handover's key)."""
        handover = self.env["gold.handover"].browse(handover_id or 0).exists()
        if not handover:
            raise UserError(_("This handover no longer exists."))
        if side not in ("out", "in"):
            raise UserError(_("A handover is given or received, nothing else."))
        self._kiosk_workorder(handover.workorder_id.id)
        self._kiosk_handover_party(handover)
        reading = self._kiosk_signed_reading(scale_id, reading)  # gold_kiosk_safe.py
        done = handover.out_weighing_id if side == "out" else handover.in_weighing_id
        if done and self._kiosk_same_reading(done, reading):
            return self._kiosk_handover_card(handover)
        confirm = handover.gold_confirm_out if side == "out" else handover.gold_confirm_in
        confirm(secret, scale_id=scale_id, reading=reading)
        return self._kiosk_handover_card(handover)

    def _kiosk_receiver(self, employee_id):
        """The worker who receives: anyone who may identify here (a station: its
        workers); they act only by typing their own badge or PIN to confirm."""
        employee = self.env["hr.employee"].sudo().browse(employee_id or 0).exists()
        if not employee or employee not in self._kiosk_employee_records():
            raise UserError(_("Choose the worker who receives the gold."))
        return employee

    def _kiosk_handover_party(self, handover):
        """Who may weigh a handover here (a station: its signed-in worker, who must be
        the giver or the receiver; each side still confirms with their own badge/PIN)."""
        return handover

    def _kiosk_same_reading(self, weighing, reading):
        recorded = json.loads(weighing.sudo().raw_reading or "{}")
        nonce = reading.get("nonce")
        return bool(nonce) and recorded.get("nonce") == nonce

    def _kiosk_handover_card(self, handover):
        def weight(value):
            return str(to_grams(value or 0, allow_negative=True))

        giver, taker = handover.sudo().from_employee_id, handover.sudo().to_employee_id

        return {
            "id": handover.id,
            "name": handover.name,
            "state": handover.state,
            "state_label": dict(handover._fields["state"]._description_selection(self.env)).get(
                handover.state
            ),
            "stage": handover.workorder_id.name,
            "production": handover.production_id.name,
            "from": {"id": giver.id, "name": giver.name},
            "to": {"id": taker.id, "name": taker.name},
            "qty": handover.qty,
            "note": handover.note or "",
            "weight_out": weight(handover.weight_out_g) if handover.out_weighing_id else False,
            "weight_in": weight(handover.weight_in_g) if handover.in_weighing_id else False,
            "difference": weight(handover.difference_g),
            "readability": weight(handover.readability_g),
        }

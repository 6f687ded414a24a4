"""The kiosk's other screens at a station (safe, handover, day close, casting).

Loaded after the screens' own files, so these narrow them.  A screen runs at a
station only if the station offers it (its methods are refused by RPC otherwise),
on the station's balance, for the station's company (casting: the batches of its
work centres).  Someone other than the signed-in worker acts only on their own
fresh badge or PIN: the receiver of a handover (``gold_confirm_in`` checks it), the
safe keeper's confirmation of each issue and return, a supervisor's approval.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

# the kiosk_* methods of each screen a station may offer (gold.kiosk.station SCREENS)
SCREEN_METHODS = {
    "kiosk_safe_": "safe",
    "kiosk_handover_": "handover",
    "kiosk_day_": "day_close",
    "kiosk_casting_": "casting",
    # the stage screen's (its list, kiosk_workorders, is empty when not offered)
    "kiosk_stage": "stages",
    "kiosk_act": "stages",
    "kiosk_approve_loss": "stages",
}


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    # ------------------------------------------------------------------ screens
    def _kiosk_check_screen(self, method):
        """Refuse a screen's method at a station that does not offer the screen."""
        station = self._kiosk_station()
        for prefix, screen in SCREEN_METHODS.items():
            if station and method.startswith(prefix) and screen not in station._station_screens():
                raise AccessError(_("This station does not offer this screen."))

    @api.model
    def kiosk_workorders(self, employee_id):
        station = self._kiosk_station()
        if station and "stages" not in station._station_screens():
            self._kiosk_employee(employee_id)
            return []
        return super().kiosk_workorders(employee_id)

    def _kiosk_station_balance(self, scale_id):
        station = self._kiosk_station()
        if station and (not station.scale_id or scale_id != station.scale_id.id):
            raise UserError(_("Weigh on this station's balance."))

    def _kiosk_safe_scale(self):
        station = self._kiosk_station()
        return station.scale_id if station else super()._kiosk_safe_scale()

    def _kiosk_day_scale(self, day):
        station = self._kiosk_station()
        return station.scale_id if station else super()._kiosk_day_scale(day)

    def _kiosk_casting_scale(self, production):
        station = self._kiosk_station()
        return station.scale_id if station else super()._kiosk_casting_scale(production)

    @api.model
    def _kiosk_signed_reading(self, scale_id, reading):
        self._kiosk_station_balance(scale_id)
        return super()._kiosk_signed_reading(scale_id, reading)

    def _kiosk_casting_production(self, production):
        productions = super()._kiosk_casting_production(production)
        station = self._kiosk_station()
        if not station.workcenter_ids:
            return productions
        return productions.filtered(
            lambda rec: rec.sudo().workorder_ids.workcenter_id & station.workcenter_ids
        )

    @api.model
    def kiosk_casting_weigh(self, mix_id, line_id, employee_id, scale_id, reading):
        self._kiosk_station_balance(scale_id)
        return super().kiosk_casting_weigh(mix_id, line_id, employee_id, scale_id, reading)

    def _kiosk_handover_party(self, handover):
        """At a station the signed-in worker gives or receives this handover; the
        other side acts only through their own badge or PIN (``gold_confirm_*``)."""
        handover = super()._kiosk_handover_party(handover)
        signed_in = self.env.context.get("gold_kiosk_employee_id")
        parties = handover.sudo().from_employee_id | handover.sudo().to_employee_id
        if self._kiosk_station() and signed_in not in parties.ids:
            raise AccessError(
                _("Only the worker who signed in at this station may do this: sign in again.")
            )
        return handover

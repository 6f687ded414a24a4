"""The kiosk's rules at a station (a token URL, no login): narrower than in the backend.

The station controller calls ``gold.kiosk`` with ``gold_kiosk_station_id`` (and, once
a worker identified, ``gold_kiosk_employee_id``) in the context, as the station's
user.  Then only the station's workers are listed and may identify, only the
stages of its work centres and company are offered or reachable, a call may act
only for the worker who identified, and the balance is the station's.

The other screens' rules at a station: ``gold_kiosk_station_screens.py``.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    def _kiosk_station(self):
        station_id = self.env.context.get("gold_kiosk_station_id")
        stations = self.env["gold.kiosk.station"].sudo()
        return stations.browse(station_id).exists() if station_id else stations

    def _kiosk_employee_records(self):
        station = self._kiosk_station()
        return station._station_employees() if station else super()._kiosk_employee_records()

    def _kiosk_employee(self, employee_id):
        employee = super()._kiosk_employee(employee_id)
        if self._kiosk_station() and employee.id != self.env.context.get("gold_kiosk_employee_id"):
            raise AccessError(
                _("Only the worker who signed in at this station may do this: sign in again.")
            )
        return employee

    def _kiosk_workorder(self, workorder_id):
        workorder = super()._kiosk_workorder(workorder_id)
        station = self._kiosk_station()
        if not station:
            return workorder
        found = workorder.sudo()
        if found.company_id != station.company_id or (
            station.workcenter_ids and found.workcenter_id not in station.workcenter_ids
        ):
            raise UserError(_("This stage is not worked at this station."))
        return workorder

    def _kiosk_domain(self, employee):
        domain = super()._kiosk_domain(employee)
        station = self._kiosk_station()
        if station.workcenter_ids:
            domain.append(("workcenter_id", "in", station.workcenter_ids.ids))
        return domain

    def _kiosk_scale(self, wo):
        station = self._kiosk_station()
        return station.scale_id if station else super()._kiosk_scale(wo)

    @api.model
    def kiosk_identify(self, barcode=None, employee_id=None, pin=None):
        found = super().kiosk_identify(barcode=barcode, employee_id=employee_id, pin=pin)
        station = self._kiosk_station()
        if (
            station
            and not self.env.context.get("gold_kiosk_supervisor")
            and found["id"] not in station._station_employees().ids
        ):
            raise UserError(_("%(name)s does not work at this station.", name=found["name"]))
        return found

    @api.model
    def kiosk_approve_loss(
        self, workorder_id, explanation, barcode=None, employee_id=None, pin=None
    ):
        # a supervisor need not be one of the station's workers
        return super(GoldKiosk, self.with_context(gold_kiosk_supervisor=True)).kiosk_approve_loss(
            workorder_id, explanation, barcode=barcode, employee_id=employee_id, pin=pin
        )

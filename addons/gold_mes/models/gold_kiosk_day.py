"""The day close at the kiosk: each worker weighs back the gold they hold.

The day close is a count (``gold.day.close``): every worker's line stays Not
Counted until their gold is weighed or declared.  At the kiosk a worker weighs
their own: the screen takes the balance's stable signed reading through the scale
route (``/gold_mes/scale/<id>/capture``) and hands it here, where it becomes the
count of that worker's line (``gold.day.close.line._gold_count_signed``).  The
count is blind: the ledger's figure is shown only once the gold is weighed.  A
count moves no gold, so it records no ledger line; its signed reading is kept on
the line, and a reading counts once (its nonce is spent).

The kiosk opens today's count when the first worker comes to weigh (opening is
harmless: only a supervisor locks the day, in the backend, where declarations
and explanations are made too).
"""

import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger
from psycopg2 import errors as pg_errors

from ..core.weights import to_grams


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    def _kiosk_day(self):
        """Today's count of this company, opened and loaded from the ledger if need be.

        As superuser: a worker at the kiosk may not edit a day close, only have their
        own gold counted by the rules below."""
        Day = self.env["gold.day.close"].sudo()
        company = self.env.company
        today = fields.Date.context_today(self)
        day = Day.search([("company_id", "=", company.id), ("date", "=", today)], limit=1)
        if not day:
            day = Day.create({"company_id": company.id, "date": today})
        if day.state == "draft":
            day.action_load()  # the ledger's figure as of now, for every worker
        return day

    def _kiosk_day_scale(self, day):
        return day.scale_id or self._kiosk_safe_scale()

    @api.model
    def kiosk_day_line(self, employee_id):
        """The worker's line of today's count (their held figure only once counted)."""
        employee = self._kiosk_employee(employee_id)
        day = self._kiosk_day()
        return self._kiosk_day_card(day, employee)

    def _kiosk_day_card(self, day, employee):
        line = day.line_ids.filtered(lambda rec: rec.employee_id == employee)
        scale = self._kiosk_day_scale(day)
        card = {
            "day": day.name,
            "date": fields.Date.to_string(day.date),
            "locked": day.state == "locked",
            "scale": {"id": scale.id, "name": scale.name} if scale else False,
            "line": False,
        }
        if not line:
            return card
        statuses = dict(line._fields["status"]._description_selection(self.env))
        counted = line.counted
        card["line"] = {
            "id": line.id,
            "counted": counted,
            "method": line.count_method or "",
            "status": line.status,
            "status_label": statuses.get(line.status, ""),
            "counted_g": str(to_grams(line.declared_g)) if counted else False,
            "held_g": str(to_grams(line.held_g, allow_negative=True)) if counted else False,
            "difference_g": str(to_grams(line.difference_g, allow_negative=True))
            if counted
            else False,
        }
        return card

    @api.model
    def kiosk_day_count(self, employee_id, scale_id, reading):
        """The worker's gold, weighed on the day's balance, becomes their count.

        The same reading again (a retry whose answer was lost) answers with the count it
        made; another worker's count or a reading spent elsewhere is refused."""
        employee = self._kiosk_employee(employee_id)
        day = self._kiosk_day()
        if day.state != "draft":
            raise UserError(_("Today's count is closed: your supervisor has locked the day."))
        line = day.line_ids.filtered(lambda rec: rec.employee_id == employee)
        if not line:
            raise UserError(_("You hold no gold today: there is nothing for you to weigh."))
        scale = self._kiosk_day_scale(day)
        if not scale or scale.id != scale_id:
            raise UserError(
                _("Weigh on the balance of the day: %(scale)s.", scale=scale.name or "?")
            )
        reading = self._kiosk_signed_reading(scale_id, reading)  # gold_kiosk_safe.py
        if json.loads(line.raw_reading or "{}").get("nonce") == reading["nonce"]:
            return self._kiosk_day_card(day, employee)  # replayed: counted once already
        serial = reading.get("scale")
        if serial and serial not in scale._gold_reading_names():
            raise UserError(_("This reading comes from another balance: weigh again."))
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                line._gold_count_signed(scale, reading)
                scale._gold_use_nonce(reading["nonce"])
        except pg_errors.UniqueViolation:
            raise UserError(scale._gold_signature_message("replayed")) from None
        return self._kiosk_day_card(day, employee)

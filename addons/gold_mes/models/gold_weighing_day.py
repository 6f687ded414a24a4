"""The day lock seen from the ledger: no weighing for a worker whose day is locked."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class GoldWeighing(models.Model):
    _inherit = "gold.weighing"

    @api.model
    def _check_capture_day_open(self, cap):
        """No weighing for a worker whose day is already closed and locked."""
        balance = self.env["gold.worker.balance"]
        today = balance._gold_local_date(fields.Datetime.now(), cap.company)
        if self.env["gold.day.close"]._gold_is_locked(cap.company, cap.employee, today):
            raise UserError(
                _(
                    "The day %(day)s is closed and locked for %(name)s: no more weighing today.",
                    day=today,
                    name=cap.employee.sudo().name,
                )
            )

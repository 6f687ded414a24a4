"""A locked badge/PIN scope (employee, session or user), until a supervisor releases it."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .gold_identify_attempt import SCOPE_SELECTION


class GoldIdentifyLockout(models.Model):
    _name = "gold.identify.lockout"
    _description = "Badge or PIN Lockout"
    _order = "id desc"

    name = fields.Char(compute="_compute_name")
    scope = fields.Selection(SCOPE_SELECTION, required=True, readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="cascade")
    session_key = fields.Char(readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    failures = fields.Integer(readonly=True, help="Failed attempts in the window that locked it.")
    active = fields.Boolean(default=True, readonly=True)
    released_by_id = fields.Many2one("res.users", string="Unlocked By", readonly=True)
    released_at = fields.Datetime(string="Unlocked On", readonly=True)

    @api.depends("scope", "employee_id", "user_id", "session_key")
    def _compute_name(self):
        for lockout in self:
            if lockout.scope == "employee":
                lockout.name = lockout.employee_id.sudo().name
            elif lockout.scope == "user":
                lockout.name = lockout.user_id.sudo().name
            else:
                lockout.name = _("Session %(key)s", key=(lockout.session_key or "")[:8])

    def action_unlock(self):
        """Supervisor: release these lockouts; the failures before count no more."""
        if not self.env.user.has_group("gold_mes.gold_weighing_group_supervisor"):
            raise AccessError(_("Only a gold supervisor may unlock a badge or PIN lockout."))
        self.check_access("read")
        attempts = self.env["gold.identify.attempt"].sudo()
        for lockout in self.sudo().filtered("active"):
            lockout.write(
                {
                    "active": False,
                    "released_by_id": self.env.uid,
                    "released_at": fields.Datetime.now(),
                }
            )
            value = lockout[attempts._gold_scope_field(lockout.scope)]
            scopes = {lockout.scope: value if lockout.scope == "session" else value.id}
            attempts._gold_log(
                scopes, lockout.company_id, False, "supervisor", "unlock", scope=lockout.scope
            )
        return True

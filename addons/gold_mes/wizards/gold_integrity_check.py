"""Ledger integrity check: walk a company's seal chain and name where it breaks."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..core.seal import BREAK_SEQUENCE

CHECK_GROUPS = ("supervisor", "accountant")


class GoldIntegrityCheck(models.TransientModel):
    _name = "gold.integrity.check"
    _description = "Gold Ledger Integrity Check"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Not Checked"), ("ok", "Chain Intact"), ("broken", "Chain Broken")],
        default="draft",
        required=True,
        readonly=True,
    )
    checked_at = fields.Datetime(string="Checked On", readonly=True)
    checked_by_id = fields.Many2one("res.users", readonly=True)
    checked_count = fields.Integer(string="Lines Checked", readonly=True)
    sealed_count = fields.Integer(string="Lines Sealed Now", readonly=True)
    unsealed_count = fields.Integer(
        string="Lines Not Yet Sealed", readonly=True, help="Sealed by the next run of the cron."
    )
    break_weighing_id = fields.Many2one("gold.weighing", string="First Broken Line", readonly=True)
    break_position = fields.Integer(string="Broken At Position", readonly=True)
    break_reason = fields.Selection(
        [("hash", "Changed after sealing"), ("sequence", "Line missing or moved")],
        readonly=True,
    )
    message = fields.Text(string="Result", readonly=True)

    # ------------------------------------------------------------------ actions
    def action_check(self):
        """Check the chain of the company from its first line."""
        self.ensure_one()
        self._check_gold_rights()
        result = self.env["gold.weighing"].sudo()._gold_check_chain(self.company_id)
        self.write(self._prepare_result_vals(result))
        return self._gold_reopen()

    def action_seal_and_check(self):
        """Seal the lines the cron has not sealed yet, then check."""
        self.ensure_one()
        self._check_gold_rights()
        sealed = self.env["gold.weighing"].sudo()._gold_seal(self.company_id)
        self.action_check()
        self.sealed_count = sealed
        return self._gold_reopen()

    def action_print(self):
        self.ensure_one()
        return self.env.ref("gold_mes.gold_integrity_check_report").report_action(self)

    # ------------------------------------------------------------------ helpers
    def _check_gold_rights(self):
        user = self.env.user
        if not any(user.has_group(f"gold_mes.gold_weighing_group_{g}") for g in CHECK_GROUPS):
            raise AccessError(_("Only a gold supervisor or accountant may check the ledger."))
        if self.company_id not in self.env.companies:
            raise AccessError(
                _("You may not check the ledger of %(company)s.", company=self.company_id.name)
            )

    @api.model
    def _prepare_result_vals(self, result):
        found = result["break"]
        vals = {
            "state": "broken" if found else "ok",
            "checked_at": fields.Datetime.now(),
            "checked_by_id": self.env.uid,
            "checked_count": result["checked"],
            "unsealed_count": result["unsealed"],
            "break_weighing_id": found.key if found else False,
            "break_position": found.position if found else 0,
            "break_reason": found.reason if found else False,
        }
        vals["message"] = self._gold_message(found, result)
        return vals

    @api.model
    def _gold_message(self, found, result):
        if not found:
            return _(
                "The chain holds: %(count)s sealed lines, none changed, none missing.",
                count=result["checked"],
            )
        name = self.env["gold.weighing"].sudo().browse(found.key).name
        if found.reason == BREAK_SEQUENCE:
            return _(
                "The chain breaks at line %(name)s: it holds position %(found)s where "
                "position %(expected)s was expected; the line in between is missing or "
                "was moved.",
                name=name,
                found=found.found,
                expected=found.expected,
            )
        return _(
            "The chain breaks at line %(name)s (position %(position)s): the line or its "
            "seal was changed after it was sealed.",
            name=name,
            position=found.position,
        )

    def _gold_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Ledger Integrity"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

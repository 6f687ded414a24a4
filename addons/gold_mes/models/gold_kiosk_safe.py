"""The safe's station at the kiosk: gold issued to a batch and returned from it, weighed.

Who may: the safe keeper, who at the kiosk is a worker whose user is a gold
supervisor (the role that already answers for gold typed by hand and for
reversals).  They sign in with their badge or PIN like everyone, and confirm every
issue and return with their badge or PIN again: gold leaves or enters the safe
only on a fresh identification, never on a tablet left signed in.

The screen weighs through the scale routes (``/gold_mes/scale/<id>/capture``: the
balance's next stable signed reading) and hands that reading here; the rules are the
backend's Issue Gold / Return to Safe wizard's (``gold.issue.wizard``: a return takes
at most what the batch's last stage weighed out), and the line is recorded through
``gold.weighing.capture()``.
"""

import json

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..core.weights import field_grams as grams

SAFE_KINDS = ("issue", "return")
BATCH_STATES = ("confirmed", "progress", "to_close")
SUPERVISOR_GROUP = "gold_mes.gold_weighing_group_supervisor"


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    @api.model
    def kiosk_identify(self, *args, **kwargs):
        """The worker, and whether the safe's screen is theirs (``gold_safe_keeper``)."""
        found = super().kiosk_identify(*args, **kwargs)
        employee = self.env["hr.employee"].sudo().browse(found["id"])
        return dict(found, gold_safe_keeper=self._kiosk_is_safe_keeper(employee))

    def _kiosk_is_safe_keeper(self, employee):
        user = employee.sudo().user_id
        return bool(user and user.has_group(SUPERVISOR_GROUP))

    def _kiosk_safe_keeper(self, employee_id):
        employee = self._kiosk_employee(employee_id)  # a station: the one signed in
        if not self._kiosk_is_safe_keeper(employee):
            raise AccessError(
                _(
                    "%(name)s may not open the safe: only the safe keeper (a gold "
                    "supervisor) issues and returns gold.",
                    name=employee.name,
                )
            )
        return employee

    def _kiosk_safe_scale(self):
        """The balance beside the safe: the one marked At the Safe, else the first that
        belongs to no work centre."""
        Scale = self.env["gold.scale"]
        return Scale.search([("at_safe", "=", True)], limit=1) or Scale.search(
            [("workcenter_id", "=", False)], limit=1
        )

    # ------------------------------------------------------------------ screen
    @api.model
    def kiosk_safe_batches(self, employee_id):
        """The open batches with their gold, for the safe keeper."""
        self._kiosk_safe_keeper(employee_id)
        productions = self.env["mrp.production"].search(
            [("state", "in", BATCH_STATES), ("company_id", "=", self.env.company.id)],
            order="id desc",
        )
        scale = self._kiosk_safe_scale()
        return {
            "scale": {"id": scale.id, "name": scale.name} if scale else False,
            "batches": [self._kiosk_safe_card(production) for production in productions],
        }

    @api.model
    def kiosk_safe_batch(self, employee_id, production_id):
        self._kiosk_safe_keeper(employee_id)
        return self._kiosk_safe_card(self._kiosk_safe_production(production_id))

    def _kiosk_safe_production(self, production_id):
        production = self.env["mrp.production"].browse(production_id or 0).exists()
        if (
            not production
            or production.state not in BATCH_STATES
            or production.company_id != self.env.company
        ):
            raise UserError(_("This batch is not open: it takes no gold now."))
        return production

    def _kiosk_safe_card(self, production):
        def weight(value):
            return str(grams(value))

        finished = grams(production.gold_finished)
        return {
            "id": production.id,
            "name": production.name,
            "product": production.product_id.display_name,
            "qty": production.product_qty,
            "issued": weight(production.gold_issued),
            "in_process": weight(production.gold_in_process),
            "finished": weight(production.gold_finished),
            "returned": weight(production.gold_returned),
            "actions": ["issue", "return"] if finished > 0 else ["issue"],
        }

    # ------------------------------------------------------------------ weighing
    @api.model
    def kiosk_safe_weigh(
        self, employee_id, production_id, kind, *, scale_id, reading, secret, idempotency_key
    ):
        """Record an issue or a return weighed at the safe; returns the line and the batch.

        ``reading``: the signed stable reading the scale route gave the screen;
        ``secret``: the keeper's badge or PIN; ``idempotency_key``: the screen's, the
        same on a retry (with the same reading), which answers with the first line."""
        keeper = self._kiosk_safe_keeper(employee_id)
        if kind not in SAFE_KINDS:
            raise UserError(_("The safe issues gold or takes it back, nothing else."))
        production = self._kiosk_safe_production(production_id)
        reading = self._kiosk_signed_reading(scale_id, reading)
        key = str(idempotency_key or "").strip()
        if not key:
            raise UserError(_("The kiosk sent no idempotency key: weigh again."))
        self.env["gold.handover"]._gold_check_pin(keeper, secret)
        Weighing = self.env["gold.weighing"]
        if Weighing._capture_find_key(production.company_id, key):
            # a retry whose first answer was lost: capture() answers with the first line
            # (the wizard's checks would now count that line against the retry)
            vals = {
                "kind": kind,
                "production_id": production.id,
                "employee_id": keeper.id,
                "idempotency_key": key,
                "scale_id": scale_id,
                "reading": reading,
                "weight_g": reading.get("grams"),
            }
        else:
            wizard = self.env["gold.issue.wizard"].create(
                self._prepare_safe_wizard_vals(
                    keeper, production, kind, scale_id=scale_id, reading=reading, key=key
                )
            )
            vals = wizard._prepare_capture_vals()
        result = Weighing.capture(vals)
        return {"weighing": result, "batch": self._kiosk_safe_card(production)}

    @api.model
    def _kiosk_signed_reading(self, scale_id, reading):
        """``reading`` if it is what a scale route hands the kiosk: a reading of the
        balance ``scale_id``, signed (capture() checks the signature itself); the
        screens of the kiosk never send a weight typed by hand."""
        if not scale_id or not isinstance(reading, dict) or not reading:
            raise UserError(_("Weigh the gold on the balance first."))
        if not reading.get("signature") or not reading.get("nonce"):
            raise UserError(_("The balance did not sign this reading: weigh again."))
        return reading

    def _prepare_safe_wizard_vals(self, keeper, production, kind, *, scale_id, reading, key):
        """The backend wizard, filled as its Weigh on balance button fills it."""
        return {
            "production_id": production.id,
            "kind": kind,
            "employee_id": keeper.id,
            "scale_id": scale_id,
            "weighed": True,
            "reading_json": json.dumps(reading, sort_keys=True, default=str),
            "idempotency_key": key,
        }

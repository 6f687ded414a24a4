"""The shop-floor kiosk's server side: every rule lives here, the screen only renders.

The kiosk (``static/src/kiosk``) identifies the worker by badge or PIN, lists the
stages they may work on, and weighs through the scale controller
(``/gold_mes/scale/<id>/weigh``), which records through ``gold.weighing.capture()``.
What a stage may do next (weigh in, start, scrap, dust, weigh out, finish) is decided
here from the work order and its operation, so the kiosk never guesses.
"""

import hmac

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..core.weights import to_grams

OPEN_STATES = ("pending", "waiting", "ready", "progress")
SUPERVISOR_GROUP = "gold_mes.gold_weighing_group_supervisor"


class GoldKiosk(models.AbstractModel):
    _name = "gold.kiosk"
    _description = "Gold Shop-Floor Kiosk"

    # ------------------------------------------------------------------ worker
    @api.model
    def kiosk_display_table(self):
        """The company's trade units for the kiosk's compound weights (``uom.uom``'s
        table), so the screen asks ``gold.kiosk`` only."""
        return self.env["uom.uom"].gold_display_table()

    @api.model
    def kiosk_employees(self):
        """The gold workers of the current company, for the pick list: active
        employees of this company with a badge or a PIN (nobody enters with a bare tap)."""
        employees = self._kiosk_employee_records()
        return [
            {"id": e.id, "name": e.name, "has_pin": bool(e.pin), "has_badge": bool(e.barcode)}
            for e in employees
        ]

    def _kiosk_employee_records(self):
        """Who may identify here (a station narrows it: ``gold_kiosk_at_station.py``)."""
        return (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    "|",
                    ("barcode", "!=", False),
                    ("pin", "!=", False),
                ],
                order="name",
            )
        )

    def _kiosk_employee(self, employee_id):
        """The worker a call acts for, or a clear error (a station also checks it is
        the one who identified there)."""
        employee = self.env["hr.employee"].sudo().browse(employee_id or 0).exists()
        if not employee:
            raise UserError(_("Choose who you are."))
        return employee

    def _kiosk_workorder(self, workorder_id):
        """The stage a call is about, or a clear error (a station also checks its work
        centres and company)."""
        workorder = self.env["mrp.workorder"].browse(workorder_id or 0).exists()
        if not workorder:
            raise UserError(_("This stage no longer exists."))
        return workorder

    @api.model
    def kiosk_identify(self, barcode=None, employee_id=None, pin=None):
        """The worker behind a badge, or behind a name and its PIN; else a clear error.

        Every attempt counts against the limits of ``gold.identify.attempt``: after a
        few failures the worker (or this session, or this user) is locked out until a
        supervisor unlocks it, whatever badge or PIN comes next."""
        Employee = self.env["hr.employee"]
        attempts = self.env["gold.identify.attempt"]
        company = [("company_id", "in", [self.env.company.id, False])]
        if barcode:
            employee = Employee.sudo().search(
                [("barcode", "=", str(barcode).strip()), *company], limit=1
            )
            if not attempts._gold_guard(employee, lambda: bool(employee), "badge", "kiosk"):
                raise UserError(_("No worker has the badge %(badge)s.", badge=barcode))
        else:
            employee = Employee.sudo().search([("id", "=", employee_id or 0), *company])
            if not employee:
                raise UserError(_("Choose who you are."))
            secret = employee.pin

            def check():
                return not secret or hmac.compare_digest(str(pin or "").encode(), secret.encode())

            if not attempts._gold_guard(employee, check, "pin", "kiosk"):
                raise UserError(_("Wrong PIN for %(name)s.", name=employee.name))
        return {"id": employee.id, "name": employee.name}

    # ------------------------------------------------------------------ stages
    def _kiosk_domain(self, employee):
        domain = [
            ("state", "in", OPEN_STATES),
            ("production_id.state", "in", ("confirmed", "progress", "to_close")),
            ("company_id", "=", self.env.company.id),
        ]
        restricted = self.env["mrp.workcenter"].search([("gold_employee_ids", "!=", False)])
        allowed = restricted.filtered(lambda wc: employee in wc.gold_employee_ids)
        if restricted:
            domain.append(("workcenter_id", "not in", (restricted - allowed).ids))
        return domain

    @api.model
    def kiosk_workorders(self, employee_id):
        """The open gold stages this worker may take, first the ones under way."""
        employee = self._kiosk_employee(employee_id)
        workorders = self.env["mrp.workorder"].search(self._kiosk_domain(employee))
        workorders = workorders.filtered("gold_is_stage").sorted(
            lambda wo: (wo.state != "progress", wo.production_id.name or "", wo.id)
        )
        return [self._kiosk_card(wo) for wo in workorders]

    @api.model
    def kiosk_stage(self, workorder_id):
        return self._kiosk_card(self._kiosk_workorder(workorder_id))

    def _kiosk_card(self, wo):
        company = wo.production_id.company_id or self.env.company

        def weight(value):
            grams = to_grams(value or 0, allow_negative=True)
            # the trade's own words (lượng, chỉ) whatever the user's language
            compound = company._gold_format_weight(grams, "vi") if grams else ""
            return {"g": str(grams), "compound": compound}

        scale = self._kiosk_scale(wo)
        return {
            "id": wo.id,
            "name": wo.name,
            "production": wo.production_id.name,
            "product": wo.production_id.product_id.display_name,
            "purity": wo.gold_purity_id.code or "",
            "workcenter": wo.workcenter_id.name,
            "state": wo.state,
            "state_label": wo._gold_state_label(),
            "status": wo.gold_loss_status,
            "status_label": wo._gold_status_label(),
            "expected_in": weight(wo.gold_expected_in),
            "in": weight(wo.gold_in),
            "out": weight(wo.gold_out),
            "scrap": weight(wo.gold_scrap),
            "loss": weight(wo.gold_loss),
            "loss_pct": str(wo.gold_loss_pct),
            "allowed_loss": weight(wo.gold_allowed_loss),
            "weighed_in": wo._gold_has_line("in"),
            "weighed_out": wo._gold_has_line("out"),
            "needs_approval": wo.gold_needs_approval,
            "approved_by": wo.gold_loss_approved_by.name or "",
            "verdict": self._kiosk_verdict(wo),
            "scale": {"id": scale.id, "name": scale.name} if scale else False,
            "actions": self._kiosk_actions(wo),
        }

    def _kiosk_scale(self, wo):
        Scale = self.env["gold.scale"]
        scales = Scale.search([("workcenter_id", "=", wo.workcenter_id.id)], limit=1)
        return scales or Scale.search([("workcenter_id", "=", False)], limit=1)

    def _kiosk_actions(self, wo):
        """What the worker may do next at this stage, in the order of the work."""
        operation = wo.operation_id
        weighed_in = wo._gold_has_line("in")
        weighed_out = wo._gold_has_line("out")
        if wo.state in ("done", "cancel"):
            return []
        if wo.state != "progress":
            actions = [] if weighed_in else ["in"]
            if weighed_in or not operation.gold_weigh_in_required:
                actions.append("start")
            return actions
        if weighed_out:
            return ["approve"] if wo.gold_needs_approval else ["finish"]
        actions = ["scrap", "dust", "out"]
        if not operation.gold_weigh_out_required:
            actions.append("finish")
        return actions

    @api.model
    def kiosk_act(self, workorder_id, employee_id, action):
        """Start or finish a stage for this worker; the weighing rules still apply."""
        workorder = self._kiosk_workorder(workorder_id)
        self._kiosk_employee(employee_id)
        actions = self._kiosk_actions(workorder)
        if action == "finish" and "approve" in actions:
            raise UserError(
                _(
                    "A supervisor must explain and approve the loss of %(stage)s before "
                    "it is finished.",
                    stage=workorder.display_name,
                )
            )
        if action not in actions:
            raise UserError(
                _("%(stage)s cannot %(action)s now.", stage=workorder.display_name, action=action)
            )
        if action == "start":
            workorder.button_start()
        elif action == "finish":
            workorder.button_finish()
        else:
            raise UserError(_("Weigh on the balance to record %(action)s.", action=action))
        return self._kiosk_card(workorder)

    # ------------------------------------------------------------------ verdict
    def _kiosk_verdict(self, wo):
        """The stage's verdict for the banner, or False before the weigh-out.

        ``ok``: within tolerance; ``warn``: over it but explained and approved by a
        supervisor; ``abnormal``: over it (or a gain, or a transit dispute) and
        waiting for a supervisor, who alone lets the stage be finished.
        """
        flagged = wo.gold_loss_status in ("abnormal", "gain") or wo.gold_transit_status == "dispute"
        if not flagged and wo.gold_loss_status in (False, "open"):
            return False
        if not flagged:
            return {"level": "ok", "text": _("Within the stage's tolerance.")}
        if not wo.gold_needs_approval:
            return {
                "level": "warn",
                "text": _(
                    "Over the stage's tolerance, approved by %(name)s.",
                    name=wo.gold_loss_approved_by.name or "",
                ),
            }
        if wo.gold_loss_status == "gain":
            text = _("Call your supervisor: more gold came out than went in.")
        elif wo.gold_loss_status == "abnormal":
            text = _("Call your supervisor: this loss is over the stage's tolerance.")
        else:
            text = _("Call your supervisor: the gold handed over differs from what was sent.")
        return {"level": "abnormal", "text": text}

    # ------------------------------------------------------------------ approval
    @api.model
    def kiosk_approve_loss(
        self, workorder_id, explanation, barcode=None, employee_id=None, pin=None
    ):
        """A supervisor at the kiosk explains and approves a stage's abnormal loss.

        The supervisor identifies as any worker does (badge, or name and PIN, through
        :meth:`kiosk_identify`); the employee must be a user in the gold supervisor
        group, and the approval is made as that user, so the backend's rules apply.
        """
        workorder = self._kiosk_workorder(workorder_id)
        if not barcode and not pin:
            raise UserError(_("Supervisor: scan your badge or type your PIN."))
        found = self.kiosk_identify(barcode=barcode, employee_id=employee_id, pin=pin)
        employee = self.env["hr.employee"].sudo().browse(found["id"])
        user = employee.user_id
        if not user or not user.has_group(SUPERVISOR_GROUP):
            raise AccessError(
                _(
                    "%(name)s is not a gold supervisor: only a supervisor may approve this loss.",
                    name=employee.name,
                )
            )
        if not (explanation or "").strip():
            raise UserError(_("Explain the loss before approving it."))
        if "approve" not in self._kiosk_actions(workorder):
            raise UserError(
                _("%(stage)s has no loss waiting for approval.", stage=workorder.display_name)
            )
        as_supervisor = workorder.with_user(user).with_company(workorder.company_id)
        as_supervisor.gold_loss_explanation = explanation.strip()
        as_supervisor.action_gold_approve_loss()
        return self._kiosk_card(workorder)

"""Worker gold balances: how much gold each worker holds, by day.

The arithmetic is ``core.worker_balances``; this model feeds it the ledger and keeps
one row per worker and day (a report table rebuilt from the ledger on demand, so that
record rules can show an operator only their own rows).

Feeding rules (what the ledger means for custody):
* an issue and a return move gold between the safe and the batch tray, not a person;
* a stage without a weigh-in hands its worker the gold carried over from the previous
  stage (its expected weight in), as if weighed in by whoever first worked there;
* handovers move custody between two workers of one stage.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytz
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..core.custody import WorkerBalance, worker_balances
from ..core.errors import GoldLedgerError
from ..core.ledger import Line, stage_balances

CUSTODY_COLUMNS = ("received", "passed_on", "returned", "loss")
TRAY_KINDS = ("issue", "return")
NOT_A_STAGE_WORKER = ("issue", "return", "handover_in")


def _effective_kind(weighing):
    return weighing.reversal_of_id.kind if weighing.kind == "reversal" else weighing.kind


class GoldWorkerBalance(models.Model):
    _name = "gold.worker.balance"
    _description = "Worker Gold Balance"
    _order = "date desc, employee_id"
    _rec_name = "employee_id"

    date = fields.Date(required=True, readonly=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Worker", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one("res.users", readonly=True, index=True, help="The worker's user.")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    received_g = fields.Float(string="Received (g)", digits="Gold Weight", readonly=True)
    passed_on_g = fields.Float(string="Passed On (g)", digits="Gold Weight", readonly=True)
    returned_g = fields.Float(string="Returned (g)", digits="Gold Weight", readonly=True)
    loss_g = fields.Float(string="Recorded Loss (g)", digits="Gold Weight", readonly=True)
    held_g = fields.Float(
        string="Held at Day End (g)", digits="Gold Weight", readonly=True, aggregator="sum"
    )
    fine_held_g = fields.Float(
        string="Fine Held at Day End (g)", digits="Gold Weight", readonly=True
    )

    _sql_constraints = [
        (
            "employee_day_uniq",
            "unique(company_id, employee_id, date)",
            "One balance per worker and day.",
        )
    ]

    # ------------------------------------------------------------------ days
    @api.model
    def _gold_tz(self, company=None):
        company = company or self.env.company
        # only the tz columns: every capture asks (its day lock), and fetching whole
        # partner and user rows with their field access checks cost ~5 ms a capture
        partner, user = company.sudo().partner_id, self.env.user.sudo()
        partner.fetch(["tz"])
        user.fetch(["tz"])
        return pytz.timezone(partner.tz or user.tz or "UTC")

    @api.model
    def _gold_day_start(self, day, company=None):
        """Local midnight of ``day`` as a naive UTC datetime."""
        local = self._gold_tz(company).localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _gold_local_date(self, moment, company=None):
        return pytz.utc.localize(moment).astimezone(self._gold_tz(company)).date()

    # ------------------------------------------------------------------ ledger -> core
    @api.model
    def _gold_ledger(self, company, until=None):
        """The company's weighings (sudo), oldest first, captured before ``until``."""
        domain = [("company_id", "=", company.id)]
        if until:
            domain.append(("captured_at", "<", until))
        return self.env["gold.weighing"].sudo().search(domain, order="captured_at, id")

    @api.model
    def _gold_custody_lines(self, weighings):
        """core Lines for custody: tray lines without a worker, plus the implicit
        weigh-in of every stage that had none."""
        lines = []
        by_production = defaultdict(lambda: self.env["gold.weighing"])
        for weighing in weighings:
            by_production[weighing.production_id] |= weighing
        for production, group in by_production.items():
            own = [self._gold_core_line(w) for w in group]
            lines.extend(own)
            lines.extend(self._gold_implicit_weigh_ins(production, group, own))
        return lines

    @api.model
    def _gold_core_line(self, weighing):
        kind = _effective_kind(weighing)
        return Line(
            kind=weighing.kind,
            grams=weighing.net_g,
            fineness=Decimal(repr(weighing.fineness or 0.0)),
            stage=weighing.workorder_id.id or None,
            employee=None if kind in TRAY_KINDS else weighing.employee_id.id,
            reverses=weighing.reversal_of_id.kind or None,
            ref=weighing.name,
        )

    @api.model
    def _gold_implicit_weigh_ins(self, production, weighings, lines):
        stages = production._gold_core_stages(production._gold_stage_workorders())
        keys = {stage.key for stage in stages}
        moving = [
            line
            for line in lines
            if line.effective_kind not in ("handover_in", "handover_out")
            and (line.stage is None or line.stage in keys)
        ]
        try:
            balances = stage_balances(moving, stages)
        except GoldLedgerError:
            return []
        weighed_in = {line.stage for line in lines if line.effective_kind == "in"}
        first_worker = {}
        for weighing in weighings:
            if _effective_kind(weighing) in NOT_A_STAGE_WORKER or not weighing.workorder_id:
                continue
            first_worker.setdefault(weighing.workorder_id.id, weighing)
        implicit = []
        for balance in balances:
            first = first_worker.get(balance.key)
            if balance.key in weighed_in or not first or balance.expected_in <= 0:
                continue
            implicit.append(
                Line(
                    kind="in",
                    grams=balance.expected_in,
                    fineness=Decimal(repr(first.fineness or 0.0)),
                    stage=balance.key,
                    employee=first.employee_id.id,
                    ref=f"carried into {first.workorder_id.name}",
                )
            )
        return implicit

    @api.model
    def _gold_held(self, company=None, until=None, weighings=None):
        """{employee id: WorkerBalance} from the ledger, as of ``until`` (UTC)."""
        company = company or self.env.company
        if weighings is None:
            weighings = self._gold_ledger(company, until)
        elif until:
            weighings = weighings.filtered(lambda w: w.captured_at < until)
        try:
            return worker_balances(self._gold_custody_lines(weighings))
        except GoldLedgerError:
            return {}

    @api.model
    def gold_held_now(self, employee_id):
        """Live balance of one worker (grams as strings), for the kiosk."""
        employee = self.env["hr.employee"].sudo().browse(employee_id).exists()
        if employee.user_id != self.env.user and not self._gold_sees_everyone():
            raise AccessError(_("You may only see your own gold balance."))
        company = employee.company_id or self.env.company
        # the ledger is read as superuser below: the record rules do not apply there
        self._gold_check_company(company)
        balance = self._gold_held(company).get(employee.id)
        balance = balance or WorkerBalance(employee.id)
        return {name: str(getattr(balance, name)) for name in (*CUSTODY_COLUMNS, "held")}

    @api.model
    def _gold_check_company(self, company):
        """Refuse a superuser read of another company's gold for a user not in it."""
        if not self.env.su and company not in self.env.companies:
            raise AccessError(
                _(
                    "The gold of %(company)s is not yours to see: it is another company's.",
                    company=company.sudo().name,
                )
            )

    @api.model
    def _gold_sees_everyone(self):
        user = self.env.user
        return self.env.su or any(
            user.has_group(f"gold_mes.gold_weighing_group_{role}")
            for role in ("supervisor", "accountant")
        )

    # ------------------------------------------------------------------ report rows
    @api.model
    def _gold_refresh(self, company=None):
        """Rebuild the rows of ``company`` from its ledger."""
        company = company or self.env.company
        rows = self.sudo().search([("company_id", "=", company.id)])
        weighings = self._gold_ledger(company)
        days = sorted({self._gold_local_date(w.captured_at, company) for w in weighings})
        vals_list = []
        previous = {}
        for day in days:
            end = self._gold_day_start(day + timedelta(days=1), company)
            current = self._gold_held(company, end, weighings)
            vals_list.extend(self._prepare_balance_rows(company, day, current, previous))
            previous = current
        rows.unlink()
        return self.sudo().create(vals_list)

    @api.model
    def _prepare_balance_rows(self, company, day, current, previous):
        employees = self.env["hr.employee"].sudo().browse(list(current)).exists()
        rows = []
        for employee in employees:
            now = current[employee.id]
            before = previous.get(employee.id) or WorkerBalance(employee.id)
            moved = {name: getattr(now, name) - getattr(before, name) for name in CUSTODY_COLUMNS}
            if not any(moved.values()) and now.held == 0:
                continue
            rows.append(
                {
                    "date": day,
                    "employee_id": employee.id,
                    "user_id": employee.user_id.id,
                    "company_id": company.id,
                    "received_g": float(moved["received"]),
                    "passed_on_g": float(moved["passed_on"]),
                    "returned_g": float(moved["returned"]),
                    "loss_g": float(moved["loss"]),
                    "held_g": float(now.held),
                    "fine_held_g": float(now.fine_held),
                }
            )
        return rows

    @api.model
    def action_open_balances(self):
        """Refresh the rows from the ledger and open them."""
        for company in self.env.companies:
            self._gold_refresh(company)
        return self.env["ir.actions.act_window"]._for_xml_id("gold_mes.gold_worker_balance_action")

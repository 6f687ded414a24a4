"""Worker gold balances: how much gold each worker holds, by day.

The arithmetic is ``core.worker_balances``; this model feeds it the ledger and keeps
one row per worker and day (a report table rebuilt from the ledger on demand, so that
record rules can show an operator only their own rows).

Feeding rules (what the ledger means for custody):
* an issue and a return move gold between the safe and the batch tray, not a person;
* a stage without a weigh-in hands its worker the gold carried over from the previous
  stage (its expected weight in), as if weighed in by whoever first worked there
  (``core.custody.implicit_weigh_ins``);
* handovers move custody between two workers of one stage.
"""

from bisect import bisect_left
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytz
from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..core.custody import WorkerBalance, custody_lines, ledger_custody
from ..core.ledger import Line

CUSTODY_COLUMNS = ("received", "passed_on", "returned", "loss")
TRAY_KINDS = ("issue", "return")


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
    def _gold_ledger_lines(self, company, until=None, production_ids=None):
        """[(captured_at, order id or None, core Line)] of the company's ledger, oldest
        first, captured before ``until``, of ``production_ids`` only when given.

        Raw SQL, one pass: the ORM's read of a period's 100,000 weighings (records,
        prefetch and caches for every line) made the period workbook three times
        slower than Odoo's own list export of the same lines
        (bench/bench_period_xlsx.py).  Read like ``_gold_ledger``, as superuser: the
        callers check the company."""
        conditions = [SQL("w.company_id = %s", company.id)]
        if until:
            conditions.append(SQL("w.captured_at < %s", until))
        if production_ids is not None:
            conditions.append(SQL("w.production_id = ANY(%s)", list(production_ids)))
        self.env["gold.weighing"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT w.captured_at, w.production_id, w.kind, o.kind, w.net_g, w.fineness,
                       w.workorder_id, w.employee_id, w.name
                  FROM gold_weighing w
             LEFT JOIN gold_weighing o ON o.id = w.reversal_of_id
                 WHERE %s
              ORDER BY w.captured_at, w.id
                """,
                SQL(" AND ").join(conditions),
            )
        )
        return [
            (
                at,
                production_id,
                Line(
                    kind=kind,
                    grams=net,
                    fineness=fineness or 0,
                    stage=workorder_id,
                    employee=None if (reverses or kind) in TRAY_KINDS else employee_id,
                    reverses=reverses,
                    ref=name,
                ),
            )
            for at, production_id, kind, reverses, net, fineness, workorder_id, employee_id, name
            in self.env.cr.fetchall()
        ]  # fmt: skip

    @api.model
    def _gold_ledger_stages(self, ledger):
        """{order id: [core Stage]} of the orders of ``ledger`` (_gold_ledger_lines)."""
        ids = {production_id for _at, production_id, _line in ledger if production_id}
        return self.env["mrp.production"].sudo().browse(ids)._gold_stage_specs()

    @api.model
    def _gold_custody_lines(self, weighings):
        """core Lines for custody of ``weighings`` (oldest first): tray lines without a
        worker, plus the implicit weigh-in of every stage that had none."""
        ledger = [(w.production_id.id or None, self._gold_core_line(w)) for w in weighings]
        return custody_lines(ledger, weighings.production_id._gold_stage_specs())

    @api.model
    def _gold_core_line(self, weighing):
        kind = _effective_kind(weighing)
        return Line(
            kind=weighing.kind,
            grams=weighing.net_g,
            fineness=Decimal(repr(weighing.fineness or 0.0)),
            stage=weighing.workorder_id.id or None,
            employee=None if kind in TRAY_KINDS else weighing.employee_id.id or None,
            reverses=weighing.reversal_of_id.kind or None,
            ref=weighing.name,
        )

    @api.model
    def _gold_held(self, company=None, until=None, ledger=None, stages=None):
        """{employee id: WorkerBalance} from the ledger, as of ``until`` (UTC).

        ``ledger``: the company's ``_gold_ledger_lines`` when already read, or its
        weighing records (cut at ``until`` here); ``stages``: their
        ``_gold_ledger_stages``."""
        company = company or self.env.company
        if ledger is None:
            ledger = self._gold_ledger_lines(company, until)
        else:
            if isinstance(ledger, models.BaseModel):  # weighing records, oldest first
                ledger = [
                    (w.captured_at, w.production_id.id or None, self._gold_core_line(w))
                    for w in ledger
                ]
            if until:
                ledger = ledger[: bisect_left(ledger, until, key=lambda entry: entry[0])]
        if stages is None:
            stages = self._gold_ledger_stages(ledger)
        return ledger_custody(((batch, line) for _at, batch, line in ledger), stages)

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
        ledger = self._gold_ledger_lines(company)
        stages = self._gold_ledger_stages(ledger)
        days = sorted({self._gold_local_date(at, company) for at, _batch, _line in ledger})
        vals_list = []
        previous = {}
        for day in days:
            end = self._gold_day_start(day + timedelta(days=1), company)
            current = self._gold_held(company, end, ledger, stages)
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

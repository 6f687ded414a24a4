"""Every badge or PIN attempt, and the limits that lock out a guesser.

``_gold_guard`` is the one way in: the kiosk's identification and the handover
confirmations call it with a check to run.  Before the check it refuses any locked
scope (the employee, the HTTP session, the user); after it, a failure that reaches a
limit (``core.identify``) locks its scope until a supervisor releases it
(``gold.identify.lockout``).

The attempt is recorded in a transaction of its own, committed whatever the caller
does next: a wrong PIN raises, and the caller's transaction is rolled back with its
log otherwise.  That transaction runs READ COMMITTED behind a per-scope advisory lock,
so that concurrent guesses queue and each one counts the failures before it (under
Odoo's REPEATABLE READ a waiting transaction would still count from its old snapshot).
"""

import hashlib
import threading
from contextlib import contextmanager
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import SQL

from ..core.identify import SCOPES, limits_from, scopes_to_lock

SCOPE_SELECTION = [("employee", "Employee"), ("session", "Session"), ("user", "User")]
LIMIT_PARAMETERS = {
    "employee": "gold_mes.identify_max_failures_employee",
    "session": "gold_mes.identify_max_failures_session",
    "user": "gold_mes.identify_max_failures_user",
    "window_minutes": "gold_mes.identify_window_minutes",
}


class GoldIdentifyAttempt(models.Model):
    _name = "gold.identify.attempt"
    _description = "Badge or PIN Attempt"
    _order = "id desc"

    employee_id = fields.Many2one("hr.employee", readonly=True, index=True, ondelete="set null")
    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="set null")
    session_key = fields.Char(
        readonly=True, index=True, help="A digest of the HTTP session, never the session itself."
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    method = fields.Selection([("pin", "PIN"), ("badge", "Badge")], readonly=True)
    source = fields.Selection(
        [("kiosk", "Kiosk"), ("handover", "Handover"), ("supervisor", "Supervisor")],
        readonly=True,
    )
    result = fields.Selection(
        [
            ("success", "Success"),
            ("failure", "Failure"),
            ("refused", "Refused (locked)"),
            ("unlock", "Unlocked"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    scope = fields.Selection(SCOPE_SELECTION, readonly=True, help="The scope an unlock released.")

    # ------------------------------------------------------------------ guard
    @api.model
    def _gold_guard(self, employee, check, method, source):
        """Run ``check()`` (True when the badge or PIN matches ``employee``) within the
        attempt limits and record the attempt.  Returns the check's answer; raises
        AccessError, without running the check, when a scope is locked, and when this
        failure locks one."""
        scopes = self._gold_scopes(employee)
        company = employee.sudo().company_id or self.env.company
        with self._gold_log_env() as env:
            attempts = env[self._name]
            attempts._gold_lock_scopes(scopes)
            if attempts._gold_lockouts(scopes):
                attempts._gold_log(scopes, company, method, source, "refused")
                outcome, locked = "refused", True
            else:
                outcome = "success" if check() else "failure"
                attempts._gold_log(scopes, company, method, source, outcome)
                locked = outcome == "failure" and attempts._gold_lock_out(scopes, company)
        if locked:
            raise AccessError(self._gold_locked_message(employee))
        return outcome == "success"

    @api.model
    def _gold_locked_message(self, employee):
        if employee:
            return _(
                "Identification of %(name)s is locked after too many wrong badges or PINs; "
                "ask a gold supervisor to unlock it.",
                name=employee.sudo().name,
            )
        return _(
            "Identification is locked here after too many wrong badges or PINs; "
            "ask a gold supervisor to unlock it."
        )

    @api.model
    def _gold_scopes(self, employee):
        """{scope: value} of this attempt: employee id, session digest, user id."""
        return {
            "employee": employee.id or False,
            "session": self._gold_session_key(),
            "user": self.env.uid,
        }

    @api.model
    def _gold_session_key(self):
        """A digest of the caller's logged-in HTTP session (False outside one)."""
        session = request and request.session
        if not session or not session.sid or session.uid != self.env.uid:
            return False
        return hashlib.sha256(session.sid.encode()).hexdigest()[:32]

    @contextmanager
    def _gold_log_env(self):
        """A superuser environment on a transaction of its own, committed on exit."""
        registry = self.env.registry
        self.env.flush_all()  # what this transaction wrote, for a shared test cursor
        if not registry.in_test_mode() and getattr(threading.current_thread(), "testing", False):
            # a TransactionCase: a second connection cannot see the test's records
            with self.env.cr.savepoint():
                yield self.env(su=True)
            return
        with registry.cursor() as cr:
            if not registry.in_test_mode():
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            # this registry, not one looked up by name (under the registries' lock)
            cr.transaction = cr.transaction or api.Transaction(registry)
            yield self.env(cr=cr, su=True)

    # --- in the log's transaction ------------------------------------------------
    def _gold_lock_scopes(self, scopes):
        for scope in SCOPES:  # always in this order: no deadlock between two attempts
            if scopes.get(scope):
                key = f"gold_mes.identify:{scope}:{scopes[scope]}"
                self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))

    def _gold_lockouts(self, scopes):
        return self.env["gold.identify.lockout"].search(self._gold_lockout_domain(scopes))

    @api.model
    def _gold_lockout_domain(self, scopes):
        branches = [
            [("scope", "=", scope), (self._gold_scope_field(scope), "=", scopes[scope])]
            for scope in SCOPES
            if scopes.get(scope)
        ]
        domain = ["|"] * (len(branches) - 1)
        for branch in branches:
            domain += ["&", *branch]
        return domain

    @api.model
    def _gold_scope_field(self, scope):
        return {"employee": "employee_id", "session": "session_key", "user": "user_id"}[scope]

    def _gold_log(self, scopes, company, method, source, result, *, scope=False):
        return self.create(
            {
                "employee_id": scopes.get("employee") or False,
                "user_id": scopes.get("user") or False,
                "session_key": scopes.get("session") or False,
                "company_id": company.id,
                "method": method,
                "source": source,
                "result": result,
                "scope": scope,
            }
        )

    def _gold_lock_out(self, scopes, company):
        """Lock every scope whose failures reached its limit; True when one was."""
        limits = self._gold_limits()
        since = fields.Datetime.now() - timedelta(minutes=limits.window_minutes)
        failures = {
            scope: self._gold_failures(scope, scopes[scope], since)
            for scope in SCOPES
            if scopes.get(scope)
        }
        to_lock = scopes_to_lock(failures, limits)
        lockouts = self.env["gold.identify.lockout"]
        for scope in to_lock:
            lockouts.create(
                {
                    "scope": scope,
                    self._gold_scope_field(scope): scopes[scope],
                    "failures": failures[scope],
                    "company_id": company.id,
                }
            )
        return bool(to_lock)

    def _gold_failures(self, scope, value, since):
        """Failures of one scope in the window, since its last release (and, for an
        employee, since their last success)."""
        field = self._gold_scope_field(scope)
        resets = [("result", "=", "unlock"), ("scope", "=", scope)]
        if scope == "employee":
            resets = ["|", ("result", "=", "success"), "&", *resets]
        last = self.search([(field, "=", value), *resets], order="id desc", limit=1)
        return self.search_count(
            [
                (field, "=", value),
                ("result", "=", "failure"),
                ("create_date", ">=", since),
                ("id", ">", last.id or 0),
            ]
        )

    def _gold_limits(self):
        parameters = self.env["ir.config_parameter"].sudo()
        return limits_from(
            {name: parameters.get_param(key) for name, key in LIMIT_PARAMETERS.items()}
        )

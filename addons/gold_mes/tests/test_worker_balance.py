from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import LUONG, GoldMesFixture


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestWorkerBalanceDayClose(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture(own_company=True)
        cls.employee.sudo().user_id = cls.user_operator
        cls.employee_c = cls.env["hr.employee"].create({"name": "Worker C"})

    def _day(self):
        """A casts (375 in, 367.5 out), B weighs the batch in at filing and holds it."""
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("9.8") * LUONG, workorder=casting)
        casting.button_finish()
        self._capture("in", "367.5", workorder=filing, employee_id=self.employee_b.id)
        return production, casting, filing

    def test_balances_through_a_day(self):
        self._day()
        balance = self.env["gold.worker.balance"]
        held = balance._gold_held(self.company)
        a, b = held[self.employee.id], held[self.employee_b.id]
        self.assertEqual(
            (a.received, a.passed_on, a.loss, a.held),
            (Decimal("375.0000"), Decimal("367.5000"), Decimal("7.5000"), Decimal("0.0000")),
        )
        self.assertEqual(
            (b.received, b.passed_on, b.held),
            (Decimal("367.5000"), Decimal("0.0000"), Decimal("367.5000")),
        )
        self.assertEqual(b.fine_held, Decimal("275.6250"))
        balance.with_user(self.user_supervisor).action_open_balances()
        rows = balance.with_user(self.user_supervisor).search([])
        self.assertEqual(set(rows.employee_id.ids), {self.employee.id, self.employee_b.id})
        row_b = rows.filtered(lambda r: r.employee_id == self.employee_b)
        self.assertEqual(D(row_b.held_g), Decimal("367.5000"))
        self.assertEqual(D(row_b.received_g), Decimal("367.5000"))
        live = balance.with_user(self.user_supervisor).gold_held_now(self.employee_b.id)
        self.assertEqual(live["held"], "367.5000")

    def test_operator_sees_only_own_balance(self):
        self._day()
        balance = self.env["gold.worker.balance"]
        action = balance.with_user(self.user_operator).action_open_balances()
        self.assertEqual(action["res_model"], "gold.worker.balance")
        mine = balance.with_user(self.user_operator).search([])
        self.assertEqual(mine.employee_id, self.employee)
        other = balance.sudo().search([("employee_id", "=", self.employee_b.id)])
        self.assertTrue(other)
        with self.assertRaises(AccessError):
            other.with_user(self.user_operator).read(["held_g"])
        everyone = balance.with_user(self.user_accountant).search([])
        self.assertEqual(len(everyone.employee_id), 2)
        with self.assertRaises(AccessError):
            balance.with_user(self.user_plain).search([])

    def test_day_close_locks_the_day(self):
        _production, _casting, filing = self._day()
        day = self.env["gold.day.close"].with_user(self.user_supervisor).create({})
        day.action_load()
        lines = {line.employee_id: line for line in day.line_ids}
        self.assertEqual(set(lines), {self.employee, self.employee_b})
        self.assertEqual(D(lines[self.employee_b].held_g), Decimal("367.5000"))
        with self.assertRaisesRegex(UserError, "Worker A"):
            day.action_lock()  # nobody has been counted yet
        with Form(day) as form:
            for index in range(len(day.line_ids)):
                with form.line_ids.edit(index) as line:
                    if line.employee_id == self.employee_b:
                        line.declared_g = 367.4
                    else:
                        line.declared_g = 0.0
        line_b = day.line_ids.filtered(lambda ln: ln.employee_id == self.employee_b)
        line_a = day.line_ids - line_b
        self.assertEqual(line_a.status, "ok")
        self.assertEqual(line_b.count_method, "declared")
        with self.assertRaisesRegex(UserError, "Worker B"):
            day.action_lock()  # declared without a reason
        line_b.count_reason = "Kept in the filing tray overnight, sealed"
        self.assertEqual(D(line_b.difference_g), Decimal("0.1000"))
        self.assertEqual(line_b.status, "unexplained")
        line_b.write({"explained": True, "reason": "0.1 g left in the filing tray, weighed"})
        self.assertEqual(line_b.status, "explained")
        line_b.write({"explained": False, "reason": False})
        with self.assertRaises(AccessError):
            day.with_user(self.user_operator).action_lock()
        day.action_lock()
        self.assertEqual(day.state, "locked")
        self.assertEqual(D(day.unexplained_g), Decimal("0.1000"))
        with self.assertRaises(UserError):
            line_b.write({"declared_g": 367.5})
        filing.button_start()
        with self.assertRaisesRegex(UserError, "locked"):
            self._capture("out", "367.4", workorder=filing, employee_id=self.employee_b.id)
        # a worker not in the closed day still weighs
        self._capture("dust", "0.1", workorder=filing, employee_id=self.employee_c.id)
        with self.assertRaises(AccessError):
            day.with_user(self.user_supervisor).action_unlock()
        day.with_user(self.user_manager).action_unlock()
        self._capture("out", "367.4", workorder=filing, employee_id=self.employee_b.id)

    def test_operator_sees_only_own_day_close_line(self):
        self._day()
        day = self.env["gold.day.close"].with_user(self.user_supervisor).create({})
        day.action_load()
        lines = self.env["gold.day.close.line"].with_user(self.user_operator).search([])
        self.assertEqual(lines.employee_id, self.employee)
        with self.assertRaises(AccessError):
            self.env["gold.day.close"].with_user(self.user_operator).create({})

    def test_held_comes_from_the_ledger(self):
        self._day()
        day = self.env["gold.day.close"].with_user(self.user_supervisor).create({})
        day.action_load()
        with self.assertRaises(UserError):
            day.line_ids[:1].write({"held_g": 0.0})
        with self.assertRaises(UserError):
            day.write({"line_ids": [(0, 0, {"employee_id": self.employee_c.id, "held_g": 5.0})]})

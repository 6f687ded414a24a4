import threading
import uuid

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import LUONG, GoldMesFixture


class IdentifyMixin:
    def _identify(self, pin, employee=None, user=None, barcode=None):
        """kiosk_identify as ``user``; the error instead of raising it.

        Not under assertRaises: its savepoint would roll back the attempts' log, which
        in production is committed in a transaction of its own."""
        kiosk = self.env["gold.kiosk"].with_user(user or self.user_operator)
        try:
            if barcode:
                return kiosk.kiosk_identify(barcode=barcode)
            return kiosk.kiosk_identify(employee_id=(employee or self.employee).id, pin=pin)
        except UserError as error:  # AccessError included
            return error

    def _attempts(self, employee, result):
        return self.env["gold.identify.attempt"].search_count(
            [("employee_id", "=", employee.id), ("result", "=", result)]
        )


@tagged("post_install", "-at_install")
class TestIdentifyLockout(IdentifyMixin, GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        # the attempts' own transaction (registry.cursor()) shares the test's
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.employee.sudo().write({"pin": "4321", "barcode": "0419990001"})
        cls.employee_b.sudo().pin = "8765"

    def test_brute_force_refuses_even_the_right_pin(self):
        for guess in ("0000", "0001", "0002", "0003"):
            error = self._identify(guess)
            self.assertIsInstance(error, UserError)
            self.assertIn("Wrong PIN", str(error))
        error = self._identify("0004")
        self.assertIsInstance(error, AccessError)
        self.assertIn("locked", str(error))
        # the right PIN, and the badge, now refused too
        error = self._identify("4321")
        self.assertIsInstance(error, AccessError)
        self.assertIn("locked", str(error))
        self.assertIsInstance(self._identify(None, barcode="0419990001"), AccessError)
        self.assertEqual(self._attempts(self.employee, "failure"), 5)
        self.assertEqual(self._attempts(self.employee, "refused"), 2)
        lockout = self.env["gold.identify.lockout"].search([("employee_id", "=", self.employee.id)])
        self.assertEqual((lockout.scope, lockout.failures, lockout.active), ("employee", 5, True))
        # a colleague is not locked by it
        self.assertEqual(self._identify("8765", employee=self.employee_b)["id"], self.employee_b.id)

    def test_supervisor_unlocks(self):
        for guess in range(5):
            self._identify(f"99{guess:02d}")
        lockout = self.env["gold.identify.lockout"].search([("employee_id", "=", self.employee.id)])
        self.assertTrue(lockout)
        with self.assertRaises(AccessError):
            lockout.with_user(self.user_operator).action_unlock()
        with self.assertRaises(AccessError):
            self.env["gold.identify.lockout"].with_user(self.user_operator).search([])
        self.assertTrue(lockout.active)
        lockout.with_user(self.user_supervisor).action_unlock()
        self.assertFalse(lockout.active)
        self.assertEqual(lockout.released_by_id, self.user_supervisor)
        self.assertEqual(self._identify("4321")["id"], self.employee.id)
        # the failures before the unlock count no more: one wrong PIN does not relock
        self.assertIn("Wrong PIN", str(self._identify("1111")))
        self.assertEqual(self._identify("4321")["id"], self.employee.id)
        self.assertEqual(self._attempts(self.employee, "unlock"), 1)

    def test_success_resets_the_employee_count(self):
        for _round in range(3):
            for guess in ("1000", "1001", "1002", "1003"):
                self._identify(guess)
            self.assertEqual(self._identify("4321")["id"], self.employee.id)
        self.assertFalse(
            self.env["gold.identify.lockout"].search(
                [
                    "|",
                    ("employee_id", "=", self.employee.id),
                    ("user_id", "=", self.user_operator.id),
                ]
            )
        )

    def test_user_limit_spans_employees(self):
        """Guesses spread over colleagues stop at the user's limit, whoever is tried."""
        self.env["ir.config_parameter"].sudo().set_param("gold_mes.identify_max_failures_user", "6")
        others = self.env["hr.employee"].create(
            [{"name": f"Worker {n}", "pin": f"{5000 + n}"} for n in range(3)]
        )
        for other in others:
            for guess in ("0000", "0001"):
                self._identify(guess, employee=other)
        lockout = self.env["gold.identify.lockout"].search([("scope", "=", "user")])
        self.assertEqual(lockout.user_id, self.user_operator)
        error = self._identify("4321")
        self.assertIsInstance(error, AccessError)
        # another user (another kiosk) is not locked
        self.assertEqual(self._identify("4321", user=self.user_supervisor)["id"], self.employee.id)
        lockout.with_user(self.user_supervisor).action_unlock()
        self.assertEqual(self._identify("4321")["id"], self.employee.id)

    def test_unknown_badges_count(self):
        self.env["ir.config_parameter"].sudo().set_param("gold_mes.identify_max_failures_user", "3")
        for badge in ("0410000091", "0410000092"):
            self.assertIn("No worker has the badge", str(self._identify(None, barcode=badge)))
        self.assertIsInstance(self._identify(None, barcode="0410000093"), AccessError)
        self.assertIsInstance(self._identify(None, barcode="0419990001"), AccessError)

    def test_handover_pin_is_limited(self):
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", 9 * LUONG, workorder=casting)
        casting.button_finish()
        filing.button_start()
        handover = (
            self.env["gold.handover"]
            .with_user(self.user_operator)
            .create(
                {
                    "workorder_id": filing.id,
                    "from_employee_id": self.employee.id,
                    "to_employee_id": self.employee_b.id,
                }
            )
        )
        errors = []
        for guess in ["0000", "0001", "0002", "0003", "0004", "4321"]:
            try:
                handover.gold_confirm_out(
                    guess, scale_id=self.scale.id, reading=self._reading("337.5")
                )
            except AccessError as error:
                errors.append(str(error))
        self.assertEqual(len(errors), 6)
        self.assertIn("locked", errors[-1])
        self.assertEqual(handover.state, "draft")
        self.assertFalse(filing.gold_weighing_ids.filtered(lambda w: w.kind == "handover_out"))
        self.assertEqual(self._attempts(self.employee, "failure"), 5)

    def test_pins_not_readable_by_colleagues(self):
        employees = self.env["hr.employee"]
        for user in (self.user_operator, self.user_supervisor, self.user_accountant):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    employees.with_user(user).browse(self.employee.id).read(["pin"])
                with self.assertRaises(AccessError):
                    employees.with_user(user).search_read([], ["barcode"])
                with self.assertRaises(AccessError):  # no PIN oracle through a domain
                    employees.with_user(user).search_count([("pin", "=", "4321")])
        listed = self.env["gold.kiosk"].with_user(self.user_operator).kiosk_employees()
        mine = next(row for row in listed if row["id"] == self.employee.id)
        self.assertEqual(set(mine), {"id", "name", "has_pin", "has_badge"})
        self.assertNotIn("4321", str(listed))
        with self.assertRaises(AccessError):
            self.env["gold.identify.attempt"].with_user(self.user_operator).search([])


@tagged("post_install", "-at_install")
class TestIdentifyLockoutConcurrent(TransactionCase):
    """Guesses in parallel, each in its own committed transaction, as over RPC.

    The test transaction cannot see other cursors' work: this suite commits its own
    worker and removes it, its attempts and lockouts afterwards."""

    def setUp(self):
        super().setUp()
        pin = "7391"
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            employee = env["hr.employee"].create(
                {"name": f"Guessed {uuid.uuid4().hex[:6]}", "pin": pin}
            )
            self.employee_id, self.pin = employee.id, pin
        self.addCleanup(self._purge)

    def _purge(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            domain = [("employee_id", "=", self.employee_id)]
            env["gold.identify.attempt"].search(domain).unlink()
            env["gold.identify.lockout"].with_context(active_test=False).search(domain).unlink()
            env["hr.employee"].browse(self.employee_id).unlink()

    def _guess(self, pin, results, barrier):
        """One RPC-like call: its own transaction, rolled back when it raises."""
        barrier.wait(30)
        try:
            with self.registry.cursor() as cr:
                # the registry at hand: the test runner holds the registries' lock
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["gold.kiosk"].kiosk_identify(employee_id=self.employee_id, pin=pin)
            results.append("ok")
        except AccessError:
            results.append("locked")
        except UserError:
            results.append("wrong")

    def _run(self, pins):
        results, barrier = [], threading.Barrier(len(pins))
        threads = [
            threading.Thread(target=self._guess, args=(pin, results, barrier)) for pin in pins
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return results

    def _count(self, result):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["gold.identify.attempt"].search_count(
                [("employee_id", "=", self.employee_id), ("result", "=", result)]
            )

    def test_parallel_guesses_stop_at_the_limit(self):
        results = self._run([f"{1000 + n}" for n in range(8)])
        self.assertEqual(len(results), 8)
        # each failure is committed though its call raised, and each counts the ones
        # before it: five failures (the fifth locks), then three refusals
        self.assertEqual(self._count("failure"), 5)
        self.assertEqual(self._count("refused"), 3)
        self.assertEqual(sorted(results), ["locked"] * 4 + ["wrong"] * 4)
        self.assertEqual(self._run([self.pin]), ["locked"])

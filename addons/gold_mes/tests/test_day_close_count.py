import re
from decimal import Decimal

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import LUONG, GoldMesFixture
from .scale_common import VirtualBalancesMixin


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestDayCloseCount(GoldMesFixture, VirtualBalancesMixin, TransactionCase):
    """The day close is a count: weighed (or declared with a reason) before compared."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture(own_company=True)
        cls._start_virtual_balances()
        cls.scale_local.capacity_g = 1000

    def setUp(self):
        super().setUp()
        self._reset_balances()
        production = self._make_production()
        casting, self.filing, _polishing = self._stages(production)
        # half the batch's gold (the virtual balance weighs up to 220 g)
        self._capture("issue", 5 * LUONG, production=production)
        self._capture("in", 5 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("4.9") * LUONG, workorder=casting)
        casting.button_finish()
        # B holds the batch: 183.75 g per the ledger
        self._capture("in", "183.75", workorder=self.filing, employee_id=self.employee_b.id)
        self.day = (
            self.env["gold.day.close"]
            .with_user(self.user_supervisor)
            .create({"scale_id": self.scale_local.id})
        )
        self.day.action_load()
        self.line_a, self.line_b = (
            self.day.line_ids.filtered(lambda ln, e=e: ln.employee_id == e)
            for e in (self.employee, self.employee_b)
        )

    def test_nothing_agrees_before_the_count(self):
        for line in self.day.line_ids:
            self.assertFalse(line.counted)
            self.assertEqual(line.status, "pending")
            self.assertEqual(D(line.declared_g), Decimal(0))
            self.assertEqual(D(line.difference_g), Decimal(0))
        self.assertEqual(D(self.line_b.held_g), Decimal("183.7500"))
        with self.assertRaisesRegex(UserError, "Worker A"):
            self.day.action_lock()
        with self.assertRaises(UserError):
            self.line_b.write({"counted": True})  # a count is weighed or declared

    def test_the_day_closes_by_weighing(self):
        self.line_a.declared_g = 0.0  # nothing to put on the balance: declared, no reason
        self._load(self.scale_local, "183.65")
        self.line_b.action_weigh()
        self.assertEqual(
            (self.line_b.count_method, self.line_b.scale_id), ("weighed", self.scale_local)
        )
        self.assertEqual(D(self.line_b.declared_g), Decimal("183.6500"))
        self.assertIn("183.65", self.line_b.raw_reading)
        self.assertEqual(self.line_a.status, "ok")
        self.assertEqual(D(self.line_b.difference_g), Decimal("0.1000"))
        self.assertEqual(self.line_b.status, "unexplained")
        self.line_b.write({"explained": True, "reason": "Filings in the tray"})
        self.assertEqual(self.line_b.status, "explained")
        self.day.action_lock()
        self.assertEqual(self.day.state, "locked")
        self.assertEqual(D(self.day.unexplained_g), Decimal(0))
        with self.assertRaisesRegex(UserError, "locked"):
            self.line_b.action_weigh()

    def test_a_declaration_needs_a_reason(self):
        with Form(self.day) as form:
            with form.line_ids.edit(0) as line:
                line.declared_g = 0.0
            with form.line_ids.edit(1) as line:
                line.declared_g = 183.75
        self.assertEqual(self.line_b.count_method, "declared")
        self.assertEqual(self.line_b.status, "ok")
        with self.assertRaisesRegex(UserError, "Worker B"):
            self.day.action_lock()
        self.line_b.count_reason = "Sealed in the filing safe overnight"
        self.day.action_lock()
        self.assertEqual(self.day.state, "locked")

    def test_weighing_needs_the_day_balance_and_a_reading(self):
        self.day.scale_id = False
        with self.assertRaisesRegex(UserError, "Balance"):
            self.line_b.action_weigh()
        self.day.scale_id = self.scale_local
        self.sim_local.set_unit("oz")
        with self.assertRaisesRegex(UserError, re.escape(self.scale_local.name)):
            self.line_b.action_weigh()
        self.assertFalse(self.line_b.counted)

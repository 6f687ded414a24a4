from decimal import Decimal

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .kiosk_screens_common import KioskScreensFixture

HELD_G = Decimal("187.5")


@tagged("post_install", "-at_install")
class TestKioskDay(KioskScreensFixture, HttpCase):
    """The day close at the kiosk: a worker weighs back what they hold on the safe's pty
    balance; their line stays Not Counted until then, and the count is blind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kiosk_screens()
        cls.scale_local.at_safe = True

    def setUp(self):
        super().setUp()
        # Worker A holds the batch's gold at the casting bench
        self._capture("issue", str(HELD_G), production=self.production)
        self._capture("in", str(HELD_G), workorder=self.casting)

    def _count(self, reading, employee=None):
        return self.kiosk.kiosk_day_count(
            (employee or self.employee).id, self.scale_local.id, reading
        )

    def _line(self, employee=None):
        day = self.env["gold.day.close"].search([("company_id", "=", self.company.id)], limit=1)
        return day.line_ids.filtered(lambda line: line.employee_id == (employee or self.employee))

    # ------------------------------------------------------------------ server
    def test_line_is_not_counted_until_weighed_and_the_count_is_blind(self):
        card = self.kiosk.kiosk_day_line(self.employee.id)
        self.assertEqual(card["scale"]["id"], self.scale_local.id)
        self.assertEqual(card["line"]["status"], "pending")
        self.assertFalse(card["line"]["counted"])
        self.assertFalse(card["line"]["held_g"], "the ledger's figure is not shown before")
        card = self._count(self._signed(HELD_G))
        line = self._line()
        self.assertEqual((line.counted, line.count_method), (True, "weighed"))
        self.assertEqual(line.scale_id, self.scale_local)
        self.assertEqual(Decimal(card["line"]["counted_g"]), HELD_G)
        self.assertEqual(Decimal(card["line"]["held_g"]), Decimal(str(line.held_g)))
        self.assertEqual(card["line"]["status"], line.status)
        self.assertNotEqual(line.status, "pending")

    def test_replay_with_the_same_reading_counts_once(self):
        reading = self._signed(HELD_G)
        first = self._count(reading)
        again = self._count(reading)
        self.assertEqual(first, again)
        nonces = (
            self.env["gold.scale.nonce"]
            .sudo()
            .search([("scale_id", "=", self.scale_local.id), ("nonce", "=", reading["nonce"])])
        )
        self.assertEqual(len(nonces), 1)

    def test_wrong_worker_and_spent_readings_are_refused(self):
        self.kiosk.kiosk_day_line(self.employee.id)
        with self.assertRaisesRegex(UserError, "You hold no gold today"):
            self._count(self._signed(HELD_G), employee=self.keeper)
        reading = self._signed(HELD_G)
        self._count(reading)
        # Worker B, given a line, cannot count with the reading of Worker A's gold
        other = self._make_production()
        self._capture("issue", "1", production=other)
        self._capture("in", "1", workorder=self._stages(other)[0], employee_id=self.employee_b.id)
        self.kiosk.kiosk_day_line(self.employee_b.id)
        self.assertTrue(self._line(self.employee_b))
        with self.assertRaisesRegex(UserError, "already used"):
            self._count(reading, employee=self.employee_b)
        self.assertFalse(self._line(self.employee_b).counted)

    def test_unstable_or_unsigned_reading_is_refused(self):
        unstable = self._reading(HELD_G, stable=False, scale=self.scale_local)
        with self.assertRaisesRegex(UserError, "not a stable weight"):
            self._count(unstable)
        unsigned = self._reading(HELD_G, scale=self.scale_local, sign=False)
        with self.assertRaisesRegex(UserError, "did not sign"):
            self._count(unsigned)
        with self.assertRaisesRegex(UserError, "balance of the day"):
            self.kiosk.kiosk_day_count(self.employee.id, self.scale_proxy.id, unstable)
        self.kiosk.kiosk_day_line(self.employee.id)
        self.assertFalse(self._line().counted)

    def test_locked_day_takes_no_count(self):
        self.kiosk.kiosk_day_line(self.employee.id)
        day = self._line().day_close_id
        day.write({"state": "locked"})
        card = self.kiosk.kiosk_day_line(self.employee.id)
        self.assertTrue(card["locked"])
        with self.assertRaisesRegex(UserError, "locked the day"):
            self._count(self._signed(HELD_G))

    # ------------------------------------------------------------------ tours
    def _run_day_tour(self, lang):
        self._activate(lang)
        self.sim_local.place(HELD_G)
        self.start_tour(
            "/odoo/action-gold_mes.gold_kiosk_action",
            "gold_mes_kiosk_day_" + lang[:2],
            login="gold_operator",
        )
        self.env.invalidate_all()
        line = self._line()
        self.assertEqual((line.counted, line.count_method), (True, "weighed"))
        self.assertEqual(Decimal(str(line.declared_g)), HELD_G)
        self.assertTrue(line.raw_reading)

    def test_day_tour_en(self):
        self._run_day_tour("en_US")

    def test_day_tour_vi(self):
        self._run_day_tour("vi_VN")

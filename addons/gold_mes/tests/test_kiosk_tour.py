from decimal import Decimal

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import GoldMesFixture
from .scale_common import VirtualBalancesMixin


@tagged("post_install", "-at_install")
class TestKioskTour(GoldMesFixture, VirtualBalancesMixin, HttpCase):
    """The shop-floor kiosk in headless Chromium against a virtual balance on a pty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls._start_virtual_balances()
        cls.employee.barcode = "KIOSK001"
        cls.scale_local.write({"workcenter_id": cls.wc_casting.id, "capacity_g": 1000})
        cls.production = cls._make_production()
        cls.casting = cls._stages(cls.production)[0]

    def test_kiosk_weighs_a_stage_through_the_balance(self):
        self._capture("issue", "187.5", production=self.production)
        self.sim_local.place(Decimal("187.50"))
        self.start_tour(
            "/odoo/action-gold_mes.gold_kiosk_action", "gold_mes_kiosk", login="gold_operator"
        )
        self.env.invalidate_all()
        lines = self.casting.gold_weighing_ids.sorted("id")
        self.assertEqual(lines.mapped("kind"), ["in", "out"])
        self.assertEqual(set(lines.mapped("source")), {"scale"})
        self.assertTrue(all(lines.mapped("signed")))
        self.assertEqual(lines.employee_id, self.employee)
        self.assertEqual([Decimal(str(w.net_g)) for w in lines], [Decimal("187.5")] * 2)
        self.assertEqual(self.casting.state, "done")

    def test_kiosk_server_refuses_a_step_out_of_order(self):
        kiosk = self.env["gold.kiosk"].with_user(self.user_operator)
        card = kiosk.kiosk_stage(self.casting.id)
        self.assertEqual(card["actions"], ["in"])
        with self.assertRaisesRegex(UserError, "cannot start now"):
            kiosk.kiosk_act(self.casting.id, self.employee.id, "start")
        self.assertNotIn(self.casting.state, ("progress", "done"))

    def test_kiosk_identifies_by_badge_and_pin(self):
        kiosk = self.env["gold.kiosk"].with_user(self.user_operator)
        self.assertEqual(kiosk.kiosk_identify(barcode="KIOSK001")["id"], self.employee.id)
        self.employee_b.pin = "4321"
        with self.assertRaisesRegex(UserError, "Wrong PIN"):
            kiosk.kiosk_identify(employee_id=self.employee_b.id, pin="0000")
        found = kiosk.kiosk_identify(employee_id=self.employee_b.id, pin="4321")
        self.assertEqual(found["id"], self.employee_b.id)
        with self.assertRaisesRegex(UserError, "No worker has the badge"):
            kiosk.kiosk_identify(barcode="NOBODY")

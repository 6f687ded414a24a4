"""gold.scale: the form's buttons drive a virtual balance through its control channel."""

from decimal import Decimal

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..hw_scale.sim_control import ControlServer
from ..hw_scale.simulator import VirtualBalance
from .common import GoldMesFixture


@tagged("post_install", "-at_install")
class TestGoldScaleSimulator(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.sim = VirtualBalance("mt_sics", decimals=3, seed=9).start()
        cls.addClassCleanup(cls.sim.stop)
        cls.control = ControlServer(cls.sim).start()
        cls.addClassCleanup(cls.control.stop)
        cls.scale.sudo().simulator_url = cls.control.url

    def test_buttons_change_what_the_virtual_balance_shows(self):
        scale = self.scale
        scale.simulator_load_g = 46.275
        action = scale.action_simulator_put()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("46.275 g stable", action["params"]["message"])
        display = self.sim.display()
        self.assertEqual(display.value, Decimal("46.275"))
        self.assertTrue(display.stable)
        scale.action_simulator_unstable()
        self.assertFalse(self.sim.display().stable)
        scale.action_simulator_stable()
        self.assertTrue(self.sim.display().stable)
        scale.action_simulator_overload()
        self.assertTrue(self.sim.display().overload)
        scale.action_simulator_off()
        self.assertEqual(self.sim.display().value, Decimal("0.000"))
        self.assertFalse(self.sim.display().overload)

    def test_a_real_balance_has_no_simulator(self):
        other = self.scale.copy({"serial": "REAL-1"})
        with self.assertRaises(UserError):
            other.action_simulator_off()

    def test_bad_url_and_bad_load_are_refused(self):
        before = self.sim.display().value
        with self.assertRaises(ValidationError):
            self.scale.sudo().simulator_url = "file:///etc/passwd"
        self.scale.simulator_load_g = -1
        with self.assertRaises(UserError):
            self.scale.action_simulator_put()
        self.scale.simulator_load_g = 1e9  # beyond the simulator's range: it refuses
        with self.assertRaises(UserError):
            self.scale.action_simulator_put()
        self.assertEqual(self.sim.display().value, before)

    def test_simulator_gone_is_a_clear_error(self):
        self.scale.sudo().simulator_url = "http://127.0.0.1:9"
        with self.assertRaises(UserError):
            self.scale.action_simulator_stable()

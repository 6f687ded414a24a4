"""gold.scale: protocols, connection, calibration, secrets and the live link."""

from datetime import timedelta
from decimal import Decimal
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import config, mute_logger

from ..hw_scale.link import READERS, LinkError, LocalLink, ProxyLink
from ..hw_scale.protocols import PROTOCOLS
from ..hw_scale.signing import verify_signature
from .common import GoldMesFixture
from .scale_common import PROXY_BALANCE, PROXY_SECRET, READER_LOGGER, VirtualBalancesMixin


@tagged("post_install", "-at_install")
class TestGoldScale(GoldMesFixture, VirtualBalancesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls._start_virtual_balances()

    def setUp(self):
        super().setUp()
        self._reset_balances()

    def test_protocol_selection_comes_from_hw_scale(self):
        field = self.env["gold.scale"]._fields["protocol"]
        selection = dict(field._description_selection(self.env))
        self.assertEqual(set(selection), set(PROTOCOLS))
        self.assertEqual(selection["sartorius"], "Sartorius SBI")
        self.assertEqual(self.scale.protocol, "mt_sics")
        self.assertEqual(self.scale.connection, "proxy")

    def test_every_balance_gets_a_secret_proxy_keeps_its_own(self):
        self.assertEqual(len(self.scale_local.sudo().secret), 64)
        self.assertEqual(self.scale_proxy.sudo().secret, PROXY_SECRET)
        self.assertEqual(len(self.scale.sudo().secret), 64)
        self.scale.sudo().secret = False  # cleared: a new one, never none
        self.assertEqual(len(self.scale.sudo().secret), 64)
        old = self.scale_local.sudo().secret
        self.scale_local.with_user(self.user_manager).action_generate_secret()
        self.assertNotEqual(self.scale_local.sudo().secret, old)
        with self.assertRaises(AccessError):
            self.scale_local.with_user(self.user_operator).read(["secret", "proxy_token"])

    def test_calibration_state(self):
        today = fields.Date.today()
        for due, state in (
            (False, "valid"),
            (today + timedelta(days=90), "valid"),
            (today + timedelta(days=5), "soon"),
            (today, "soon"),
            (today - timedelta(days=1), "expired"),
        ):
            with self.subTest(due=due):
                self.scale.calibration_due = due
                self.assertEqual(self.scale.calibration_state, state)
                self.assertEqual(self.scale._is_calibration_valid(), state != "expired")

    def test_link_kinds(self):
        local = self.scale_local._gold_link()
        self.assertIsInstance(local, LocalLink)
        self.assertEqual(local.port, self.sim_local.port)
        self.assertEqual(local.scale, "SN-LOCAL-1")
        proxy = self.scale_proxy._gold_link()
        self.assertIsInstance(proxy, ProxyLink)
        self.assertEqual(proxy.balance_id, PROXY_BALANCE)
        self.assertEqual(self.scale_proxy._gold_reading_names(), {"SN-PROXY-1", PROXY_BALANCE})
        with self.assertRaises(LinkError) as caught:
            self.scale._gold_link()  # no proxy URL
        self.assertEqual(caught.exception.code, "config")
        self.scale.proxy_url = "http://127.0.0.1:8765"
        self.assertEqual(self.scale._gold_link().balance_id, "SN-1000")  # serial by default

    def test_local_balances_refused_with_workers(self):
        with patch.dict(config.options, {"workers": 2}):
            with self.assertRaises(LinkError) as caught:
                self.scale_local._gold_link()
        self.assertIn("proxy", caught.exception.message)

    @mute_logger(READER_LOGGER)
    def test_live_status_fields_and_test_connection(self):
        self._load(self.scale_local, "12.34")
        self.scale_local.invalidate_recordset(["link_online", "link_status", "link_weight"])
        self.assertTrue(self.scale_local.link_online)
        self.assertEqual(self.scale_local.link_weight, "12.34 g")
        action = self.scale_local.action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("12.34 g", action["params"]["message"])
        self.sim_local.unplug()
        self._wait_until(lambda: not READERS.get(self.sim_local.port, "mt_sics").online)
        self.scale_local.invalidate_recordset(["link_online", "link_status", "link_weight"])
        self.assertFalse(self.scale_local.link_online)
        self.assertIn("Offline", self.scale_local.link_status)
        action = self.scale_local.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("offline", action["params"]["message"])

    def test_signed_capture_from_the_model(self):
        self._load(self.scale_local, "100.5")
        signed = self.scale_local._gold_capture_signed(2)
        self.assertEqual(Decimal(signed["grams"]), Decimal("100.5"))
        self.assertTrue(verify_signature(self.scale_local.sudo().secret, signed))
        self._load(self.scale_proxy, "3.21")
        signed = self.scale_proxy._gold_capture_signed(2)
        self.assertEqual(signed["grams"], "3.21")
        self.assertTrue(verify_signature(PROXY_SECRET, signed))

    @mute_logger(READER_LOGGER)
    def test_port_change_releases_the_reader(self):
        self._load(self.scale_local, "1")
        self.assertIn(self.sim_local.port, READERS.ports())
        self.scale_local.port = "/nonexistent/tty"
        self.assertNotIn(self.sim_local.port, READERS.ports())
        with self.assertRaises(LinkError) as caught:
            self.scale_local._gold_capture_signed(0.5)
        self.assertEqual(caught.exception.code, "offline")
        self.assertIn("cannot open", caught.exception.message)

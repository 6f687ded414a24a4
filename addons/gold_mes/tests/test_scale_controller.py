"""The scale-proxy controller over HTTP, against virtual balances on real ptys.

One balance is read by Odoo itself (``local``), the other through a scale proxy on
127.0.0.1 (``proxy``); every route is called as a logged-in user over JSON-RPC.
"""

from datetime import timedelta
from decimal import Decimal

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..hw_scale.signing import verify_signature
from .common import GoldMesFixture
from .scale_common import PROXY_BALANCE, PROXY_SECRET, READER_LOGGER, VirtualBalancesMixin


@tagged("post_install", "-at_install")
class TestScaleController(GoldMesFixture, VirtualBalancesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls._start_virtual_balances()
        cls.production = cls._make_production()
        cls.other_company = cls.env["res.company"].create({"name": "Other workshop"})
        cls.scale_other = cls.env["gold.scale"].create(
            {
                "name": "Other workshop balance",
                "serial": "SN-OTHER",
                "connection": "local",
                "port": cls.sim_local.port,
                "company_id": cls.other_company.id,
            }
        )

    def setUp(self):
        super().setUp()
        self._reset_balances()
        self.authenticate("gold_operator", "gold_operator")

    # ------------------------------------------------------------------ helpers
    def _call(self, scale, action, **params):
        scale_id = scale if isinstance(scale, int) else scale.id
        self.env.flush_all()
        return self.make_jsonrpc_request(f"/gold_mes/scale/{scale_id}/{action}", params)

    def _lines(self):
        self.env.invalidate_all()
        return self.env["gold.weighing"].search([("production_id", "=", self.production.id)])

    def _weigh(self, scale, key, **params):
        params = {
            "kind": "issue",
            "production_id": self.production.id,
            "employee_id": self.employee.id,
            "idempotency_key": key,
            "timeout": 2,
            **params,
        }
        return self._call(scale, "weigh", **params)

    def _assert_refused(self, result, code, text=None):
        self.assertIs(result["ok"], False, result)
        self.assertEqual(result["error"], code, result)
        self.assertTrue(result["message"])
        if text:
            self.assertIn(text, result["message"])

    def _secret(self, scale):
        return scale.sudo().secret

    # ------------------------------------------------------------------ reading
    def test_status_and_read_both_ways(self):
        for scale, grams in ((self.scale_local, "12.34"), (self.scale_proxy, "7.25")):
            with self.subTest(scale=scale.connection):
                self._load(scale, grams)
                status = self._call(scale, "status")
                self.assertTrue(status["ok"])
                self.assertTrue(status["online"])
                self.assertEqual(status["connection"], scale.connection)
                self.assertEqual(status["calibration_state"], "valid")
                self.assertEqual(Decimal(status["reading"]["net"]), Decimal(grams))
                read = self._call(scale, "read")
                self.assertEqual(read["reading"]["grams"], grams)
                self.assertEqual(read["reading"]["unit"], "g")

    def test_local_capture_is_signed_by_odoo(self):
        self._load(self.scale_local, "12.34")
        result = self._call(self.scale_local, "capture", timeout=2)
        self.assertTrue(result["ok"], result)
        self.assertEqual(Decimal(result["grams"]), Decimal("12.34"))
        signed = result["signed"]
        self.assertEqual(signed["scale"], "SN-LOCAL-1")
        self.assertIs(signed["stable"], True)
        self.assertTrue(verify_signature(self._secret(self.scale_local), signed))
        self.assertFalse(verify_signature("another secret", signed))
        self.assertFalse(self._lines(), "a capture alone records nothing")

    def test_proxy_capture_passes_the_proxy_signature(self):
        self._load(self.scale_proxy, "7.25")
        result = self._call(self.scale_proxy, "capture", timeout=2)
        self.assertTrue(result["ok"], result)
        self.assertEqual(Decimal(result["grams"]), Decimal("7.25"))
        signed = result["signed"]
        self.assertEqual(signed["scale"], PROXY_BALANCE)
        self.assertTrue(verify_signature(PROXY_SECRET, signed))

    # ------------------------------------------------------------------ weigh
    def test_weigh_records_one_line_both_ways(self):
        self._load(self.scale_local, "12.34")
        self._load(self.scale_proxy, "7.25")
        cases = ((self.scale_local, "12.3400", "k-local"), (self.scale_proxy, "7.2500", "k-proxy"))
        for scale, net, key in cases:
            with self.subTest(scale=scale.connection):
                before = len(self._lines())
                result = self._weigh(scale, key)
                self.assertTrue(result["ok"], result)
                self.assertEqual(result["weighing"]["net_g"], net)
                self.assertFalse(result["weighing"]["replayed"])
                lines = self._lines()
                self.assertEqual(len(lines), before + 1)
                line = lines.browse(result["weighing"]["weighing_id"])
                self.assertEqual(line.source, "scale")
                self.assertTrue(line.stable)
                self.assertTrue(line.signed)
                self.assertEqual(line.scale_id, scale)
                self.assertEqual(Decimal(str(line.net_g)), Decimal(net))
                self.assertEqual(line.user_id, self.user_operator)
        # the kiosk retries a call whose answer it lost: same line, no second reading
        self.sim_local.place("50")
        again = self._weigh(self.scale_local, "k-local")
        self.assertTrue(again["weighing"]["replayed"])
        self.assertIsNone(again["reading"])
        self.assertEqual(len(self._lines()), 2)

    def test_refusals_record_nothing(self):
        cases = [
            ("wrong_unit", lambda sim: sim.set_unit("ct")),
            ("overload", lambda sim: sim.set_overload()),
            ("unstable", lambda sim: sim.set_unstable()),
        ]
        for scale, sim in ((self.scale_local, self.sim_local), (self.scale_proxy, self.sim_proxy)):
            for code, breakage in cases:
                with self.subTest(scale=scale.connection, code=code):
                    self._reset_balances()
                    self._load(scale, "12.34")
                    breakage(sim)
                    self._wait_latest(scale, lambda r, c=code: r["refusal"] == c)
                    result = self._weigh(scale, f"{scale.id}-{code}", timeout=0.6)
                    self._assert_refused(result, code)
                    self.assertIn(scale.name, result["message"])
                    self.assertFalse(self._call(scale, "capture", timeout=0.6)["ok"])
        self.assertFalse(self._lines())
        self.assertFalse(self.env["gold.scale.nonce"].sudo().search([]))

    @mute_logger(READER_LOGGER)
    def test_unplugged_balance_is_offline(self):
        self._load(self.scale_local, "12.34")
        self._load(self.scale_proxy, "7.25")
        self.assertTrue(self._call(self.scale_local, "read")["ok"])
        self.sim_local.unplug()
        self.sim_proxy.unplug()
        self._wait_until(lambda: not self.proxy.readers[PROXY_BALANCE].online)
        for scale in (self.scale_local, self.scale_proxy):
            with self.subTest(scale=scale.connection):
                self._wait_until(lambda s=scale: not self._call(s, "status")["online"])
                self._assert_refused(self._call(scale, "read"), "offline", "offline")
                self._assert_refused(self._weigh(scale, f"unplug-{scale.id}"), "offline")
                self._assert_refused(self._call(scale, "tare"), "offline")
        self.assertFalse(self._lines())
        # plugged back in, the same readers pick the balance up again
        self.sim_local.replug()
        self.sim_proxy.replug()
        self._wait_until(lambda: self._call(self.scale_local, "status")["online"])
        self._wait_until(lambda: self._call(self.scale_proxy, "status")["online"])

    def test_unreachable_proxy_and_wrong_token(self):
        dead = self.scale_proxy.copy(
            {"serial": "SN-DEAD", "proxy_url": "http://127.0.0.1:9", "proxy_token": "x"}
        )
        self._assert_refused(self._call(dead, "capture", timeout=0.5), "offline", "unreachable")
        status = self._call(dead, "status")
        self.assertTrue(status["ok"])
        self.assertFalse(status["online"])
        bad_token = self.scale_proxy.copy({"serial": "SN-BADTOKEN"})
        bad_token.sudo().write({"proxy_token": "wrong", "proxy_balance_id": PROXY_BALANCE})
        self._assert_refused(self._call(bad_token, "read"), "unauthorised")
        unknown = self.scale_proxy.copy({"serial": "SN-UNKNOWN"})
        unknown.sudo().write({"proxy_token": self.proxy.config.token, "proxy_balance_id": "nope"})
        self._assert_refused(self._call(unknown, "read"), "not_found")

    def test_tare_and_zero(self):
        for scale in (self.scale_local, self.scale_proxy):
            with self.subTest(scale=scale.connection):
                self._load(scale, "12.34")
                tare = self._call(scale, "tare")
                self.assertTrue(tare["ok"], tare)
                self.assertTrue(tare["confirmed"])
                self._wait_latest(scale, lambda r: Decimal(r["net"]) == 0)
                self.assertTrue(self._call(scale, "zero")["ok"])

    # ------------------------------------------------------------------ signatures
    def test_forged_and_replayed_signatures_are_refused(self):
        self._load(self.scale_local, "12.34")
        self._load(self.scale_proxy, "7.25")
        signed = self._call(self.scale_local, "capture", timeout=2)["signed"]
        capture = self.env["gold.weighing"].with_user(self.user_operator).capture
        vals = {
            "kind": "issue",
            "production_id": self.production.id,
            "employee_id": self.employee.id,
            "scale_id": self.scale_local.id,
        }
        forged = dict(signed, net="120.34", grams="120.34")
        with self.assertRaisesRegex(UserError, "not valid"):
            capture(dict(vals, reading=forged, weight_g="120.34"))
        signed_elsewhere = dict(signed, signature=signed["signature"][::-1])
        with self.assertRaisesRegex(UserError, "not valid"):
            capture(dict(vals, reading=signed_elsewhere, weight_g="12.34"))
        first = capture(dict(vals, reading=signed, weight_g="12.34"))
        self.assertEqual(first["net_g"], "12.3400")
        with self.assertRaisesRegex(UserError, "already used"):
            capture(dict(vals, reading=signed, weight_g="12.34"))
        # a reading signed by the proxy cannot pass for the local balance
        proxied = self._call(self.scale_proxy, "capture", timeout=2)["signed"]
        with self.assertRaises(UserError):
            capture(dict(vals, reading=proxied, weight_g=proxied["grams"]))
        self.assertEqual(len(self._lines()), 1)

    # ------------------------------------------------------------------ access
    @mute_logger("odoo.http")
    def test_unknown_other_company_and_rights(self):
        self._assert_refused(self._call(999999, "read"), "not_found")
        self._assert_refused(self._call(self.scale_other, "read"), "not_found")
        self._assert_refused(self._weigh(self.scale_other, "other-co"), "not_found")
        self.scale_proxy.active = False
        self._assert_refused(self._call(self.scale_proxy, "read"), "not_found")
        self.scale_proxy.active = True
        self.authenticate("gold_plain", "gold_plain")
        self._assert_refused(self._call(self.scale_local, "read"), "access_denied")
        self.authenticate("gold_accountant", "gold_accountant")
        self._assert_refused(self._call(self.scale_local, "capture"), "access_denied")
        self.authenticate(None, None)
        with self.assertRaises(JsonRpcException):
            self._call(self.scale_local, "read")
        self.assertFalse(self._lines())

    def test_other_company_operator_sees_only_own_balances(self):
        outsider = new_test_user(
            self.env,
            "gold_outsider",
            groups="gold_mes.gold_weighing_group_operator",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        self.assertTrue(outsider)
        self.authenticate("gold_outsider", "gold_outsider")
        self._assert_refused(self._call(self.scale_local, "read"), "not_found")
        self._assert_refused(self._call(self.scale_proxy, "capture", timeout=0.5), "not_found")

    # ------------------------------------------------------------------ calibration
    def test_expired_calibration_needs_a_supervisor_reason(self):
        self._load(self.scale_local, "12.34")
        self.scale_local.calibration_due = fields.Date.today() - timedelta(days=1)
        refused = self._weigh(self.scale_local, "cal-1")
        self._assert_refused(refused, "refused", "due for calibration")
        self.assertFalse(self._lines())
        self.authenticate("gold_supervisor", "gold_supervisor")
        no_reason = self._weigh(self.scale_local, "cal-2", override_calibration=True)
        self._assert_refused(no_reason, "refused", "due for calibration")
        result = self._weigh(
            self.scale_local, "cal-3", override_calibration=True, reason="Checked with 20 g F1"
        )
        self.assertTrue(result["ok"], result)
        line = self._lines()
        self.assertEqual(len(line), 1)
        self.assertTrue(line.calibration_override)
        self.assertEqual(line.reason, "Checked with 20 g F1")
        self.assertEqual(line.approver_id, self.user_supervisor)
        status = self._call(self.scale_local, "status")
        self.assertEqual(status["calibration_state"], "expired")

    def test_bad_request(self):
        self._assert_refused(self._call(self.scale_local, "weigh"), "bad_request")

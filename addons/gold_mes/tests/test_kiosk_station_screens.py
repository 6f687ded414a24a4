"""The kiosk's other screens (safe, handover, day close) at a station: token URL, no
login, the station's balance (the scale proxy's), over real HTTP and in headless
Chromium.  The casting screen at a station: ``test_casting_tour.py``."""

import time
from decimal import Decimal

from odoo.tests import HttpCase, tagged

from ..hw_scale.signing import sign_reading
from .kiosk_screens_common import KioskScreensFixture
from .test_kiosk_station import StationFixture

IN_G = Decimal("187.5")
SHORT_G = Decimal("187.4")


class StationScreensFixture(KioskScreensFixture, StationFixture):
    """The kiosk screens' fixture (Worker A KIOSK001/1111, Worker B KIOSK002/2222, the
    safe keeper SAFE001/2468) at a station of the casting bench with every screen."""

    @classmethod
    def _setup_station_screens(cls):
        cls._setup_kiosk_screens()
        cls.scale_proxy.write({"workcenter_id": cls.wc_casting.id, "capacity_g": 1000})
        cls.station = cls.env["gold.kiosk.station"].create(
            {
                "name": "Safe and casting bench",
                "workcenter_ids": [(6, 0, cls.wc_casting.ids)],
                "scale_id": cls.scale_proxy.id,
                "live_mode": "proxy_sse",
                "screen_safe": True,
                "screen_handover": True,
                "screen_day_close": True,
                "screen_casting": True,
            }
        )

    def setUp(self):
        super().setUp()
        self._reset_balances()

    def _identify(self, **params):
        found, error = self._call("kiosk_identify", **params)
        self.assertIsNone(error)
        return found

    def _station_signed(self, grams):
        """``grams`` on the station's balance, and its next stable signed reading, as
        the station's ``capture`` route hands it to the page."""
        self._load(self.scale_proxy, grams)
        answer, error = self._rpc(f"/scale/{self.scale_proxy.id}/capture", {"timeout": 5})
        self.assertIsNone(error)
        self.assertTrue(answer["ok"], answer)
        return answer["signed"]


@tagged("post_install", "-at_install")
class TestKioskStationScreens(StationScreensFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_station_screens()

    def test_screen_not_offered_is_refused_by_rpc(self):
        self.station.write({"screen_safe": False, "screen_handover": False})
        self.station.write({"screen_day_close": False, "screen_casting": False})
        self._identify(barcode="SAFE001")
        for method, args in (
            ("kiosk_safe_batches", [self.keeper.id]),
            ("kiosk_handover_options", [self.keeper.id]),
            ("kiosk_day_line", [self.keeper.id]),
            ("kiosk_casting_batches", [self.keeper.id]),
        ):
            _result, error = self._call(method, *args)
            self.assertIn("does not offer this screen", error or "", method)
        # a station without the stage screen: no stage listed, opened, acted on or weighed
        self.station.screen_stages = False
        self._capture("issue", str(IN_G), production=self.production)
        self._identify(barcode="KIOSK001")
        self.assertEqual(self._call("kiosk_workorders", self.employee.id), ([], None))
        _result, error = self._call("kiosk_stage", self.casting.id)
        self.assertIn("does not offer this screen", error)
        _result, error = self._call("kiosk_act", self.casting.id, self.employee.id, "start")
        self.assertIn("does not offer this screen", error)
        _result, error = self._rpc(
            f"/scale/{self.scale_proxy.id}/weigh", {"workorder_id": self.casting.id, "kind": "in"}
        )
        self.assertIn("does not offer this screen", error)
        self.assertFalse(self._weighings(workorder_id=self.casting.id))
        self._identify(barcode="SAFE001")
        self.station.screen_safe = True
        batches, error = self._call("kiosk_safe_batches", self.keeper.id)
        self.assertIsNone(error)
        self.assertEqual(batches["scale"]["id"], self.scale_proxy.id, "the station's balance")

    def test_safe_issue_for_the_signed_in_keeper_only(self):
        self._identify(barcode="KIOSK001")
        _result, error = self._call("kiosk_safe_batches", self.keeper.id)
        self.assertIn("Only the worker who signed in", error)
        _result, error = self._call("kiosk_safe_batches", self.employee.id)
        self.assertIn("only the safe keeper", error)
        self.assertTrue(self._identify(barcode="SAFE001")["gold_safe_keeper"])
        reading = self._station_signed(IN_G)
        weigh = {
            "scale_id": self.scale_proxy.id,
            "reading": reading,
            "secret": "1111",  # Worker A's PIN, not the keeper's
            "idempotency_key": "station-safe-1",
        }
        args = (self.keeper.id, self.production.id, "issue")
        _result, error = self._call("kiosk_safe_weigh", *args, **weigh)
        self.assertIn("does not match Safe keeper K", error)
        local = dict(weigh, scale_id=self.scale_local.id, secret="2468")
        _result, error = self._call("kiosk_safe_weigh", *args, **local)
        self.assertIn("this station's balance", error)
        self.assertFalse(self._weighings(production_id=self.production.id))
        answer, error = self._call("kiosk_safe_weigh", *args, **dict(weigh, secret="2468"))
        self.assertIsNone(error)
        line = self._weighings(production_id=self.production.id)
        self.assertEqual((line.kind, line.employee_id, line.signed), ("issue", self.keeper, True))
        self.assertEqual(line.create_uid, self.station.user_id)
        self.assertEqual(Decimal(answer["batch"]["issued"]), IN_G)

    def test_other_company_is_out_of_reach(self):
        other = self.env["res.company"].create({"name": "Other workshop"})
        foreign = self._make_production()
        self.env.cr.execute(
            "UPDATE mrp_production SET company_id = %s WHERE id = %s", (other.id, foreign.id)
        )
        self.env.invalidate_all()
        self._identify(barcode="SAFE001")
        _result, error = self._call("kiosk_safe_batch", self.keeper.id, foreign.id)
        self.assertTrue(error, "another company's batch")
        batches = self._call("kiosk_safe_batches", self.keeper.id)[0]["batches"]
        self.assertNotIn(foreign.id, [batch["id"] for batch in batches])
        _result, error = self._call("kiosk_casting_mix", foreign.id)
        self.assertTrue(error)
        self.assertFalse(self.env["gold.casting.mix"].search([("production_id", "=", foreign.id)]))

    def test_handover_receiver_acts_only_on_their_own_badge_or_pin(self):
        self._capture("issue", str(IN_G), production=self.production)
        self._capture("in", str(IN_G), workorder=self.casting)
        self.casting.button_start()
        self._identify(barcode="KIOSK001")
        stranger = self.env["hr.employee"].create({"name": "Elsewhere", "pin": "9999"})
        stranger.company_id = self.env["res.company"].create({"name": "Other workshop"})
        _result, error = self._call(
            "kiosk_handover_start", self.employee.id, self.casting.id, stranger.id
        )
        self.assertIn("Choose the worker who receives", error)
        _result, error = self._call(
            "kiosk_handover_start", self.employee_b.id, self.casting.id, self.employee.id
        )
        self.assertIn("Only the worker who signed in", error, "B has not identified")
        card, error = self._call(
            "kiosk_handover_start", self.employee.id, self.casting.id, self.employee_b.id, 100
        )
        self.assertIsNone(error)
        confirm = {"handover_id": card["id"], "scale_id": self.scale_proxy.id}
        card, error = self._call(
            "kiosk_handover_confirm",
            **confirm,
            side="out",
            reading=self._station_signed(IN_G),
            secret="1111",
        )
        self.assertIsNone(error)
        self.assertEqual(card["state"], "sent")
        # B never identified: neither A's PIN nor none at all receives for B
        reading = self._station_signed(SHORT_G)
        for secret in ("1111", "", "KIOSK001"):
            _result, error = self._call(
                "kiosk_handover_confirm", **confirm, side="in", reading=reading, secret=secret
            )
            self.assertIn("does not match Worker B", error, secret)
        handover = self.env["gold.handover"].browse(card["id"])
        self.assertFalse(handover.in_weighing_id)
        # a third worker at the station cannot weigh another pair's handover
        self._identify(barcode="SAFE001")
        _result, error = self._call(
            "kiosk_handover_confirm", **confirm, side="in", reading=reading, secret="2222"
        )
        self.assertIn("Only the worker who signed in", error)
        self._identify(barcode="KIOSK001")
        card, error = self._call(
            "kiosk_handover_confirm", **confirm, side="in", reading=reading, secret="KIOSK002"
        )
        self.assertIsNone(error)
        self.assertEqual(card["state"], "dispute")
        self.env.invalidate_all()
        self.assertEqual(handover.in_weighing_id.employee_id, self.employee_b)
        self.assertEqual(handover.in_weighing_id.create_uid, self.station.user_id)

    def test_day_count_refuses_a_replayed_reading(self):
        self._capture("issue", str(IN_G), production=self.production)
        self._capture("in", str(IN_G), workorder=self.casting)
        self._identify(barcode="KIOSK001")
        card, error = self._call("kiosk_day_line", self.employee.id)
        self.assertIsNone(error)
        self.assertEqual(card["scale"]["id"], self.scale_proxy.id)
        self.assertFalse(card["line"]["counted"], "blind until weighed")
        _result, error = self._call("kiosk_day_line", self.employee_b.id)
        self.assertIn("Only the worker who signed in", error)
        reading = self._station_signed(IN_G)
        # the reading spent by the safe's issue cannot count the day
        self._identify(barcode="SAFE001")
        _answer, error = self._call(
            "kiosk_safe_weigh",
            self.keeper.id,
            self.production.id,
            "issue",
            scale_id=self.scale_proxy.id,
            reading=reading,
            secret="2468",
            idempotency_key="station-day-replay",
        )
        self.assertIsNone(error)
        self._identify(barcode="KIOSK001")
        _result, error = self._call(
            "kiosk_day_count", self.employee.id, self.scale_proxy.id, reading
        )
        self.assertIn("already used", error)
        card, error = self._call(
            "kiosk_day_count", self.employee.id, self.scale_proxy.id, self._station_signed(IN_G)
        )
        self.assertIsNone(error)
        self.assertEqual(Decimal(card["line"]["counted_g"]), IN_G)

    def test_outbound_station_hands_back_the_pushed_reading_only_fresh(self):
        """Odoo outside the workshop: ``capture`` gives the screen the signed reading
        the proxy pushed to the page, if it is stable and fresh."""
        self.station.live_mode = "outbound"
        self._capture("issue", str(IN_G), production=self.production)
        self._capture("in", str(IN_G), workorder=self.casting)
        self._identify(barcode="KIOSK001")
        reading = {
            "scale": self.scale_proxy.serial,
            "net": str(IN_G),
            "grams": str(IN_G),
            "unit": "g",
            "stable": True,
            "capturable": True,
        }
        secret = self.scale_proxy.sudo().secret
        route = f"/scale/{self.scale_proxy.id}/capture"
        for pushed, error in (
            (False, "timeout"),
            (sign_reading(secret, reading, now=time.time() - 60), "timeout"),
            (sign_reading(secret, dict(reading, capturable=False)), "unstable"),
        ):
            answer, _error = self._rpc(route, {"reading": pushed})
            self.assertEqual(answer["error"], error)
        answer, _error = self._rpc(route, {"reading": sign_reading(secret, reading)})
        self.assertTrue(answer["ok"])
        card, error = self._call(
            "kiosk_day_count", self.employee.id, self.scale_proxy.id, answer["signed"]
        )
        self.assertIsNone(error)
        self.assertEqual(Decimal(card["line"]["counted_g"]), IN_G)


@tagged("post_install", "-at_install")
class TestKioskStationScreensTour(StationScreensFixture, HttpCase):
    """The screens' own tours, on the station's URL without a login, in headless
    Chromium: the weight pushed from the scale proxy's stream to the page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_station_screens()
        cls.finished = cls._make_production()  # its gold goes back to the safe

    def setUp(self):
        super().setUp()
        self.proxy.config.cors_origins.append(self.base_url().rstrip("/"))
        self.addCleanup(self.proxy.config.cors_origins.clear)

    def _station_tour(self, tour, lang="en_US"):
        self._activate(lang)
        self.station.lang = lang
        self.start_tour(f"/gold_mes/kiosk/{self.station.access_token}", f"{tour}_{lang[:2]}")
        self.env.invalidate_all()

    def _run_safe(self, lang):
        self._capture("issue", str(IN_G), production=self.finished)
        for stage in self._stages(self.finished):
            self._capture("in", str(IN_G), workorder=stage)
            stage.button_start()
            self._capture("out", str(IN_G), workorder=stage)
        self.sim_proxy.place(IN_G)
        self.station.screen_stages = False  # the safe's own station: no stage there
        self._station_tour("gold_mes_kiosk_safe", lang)
        issued = self._weighings(production_id=self.production.id, kind="issue")
        returned = self._weighings(production_id=self.finished.id, kind="return")
        for line in (issued, returned):
            self.assertEqual(len(line), 1)
            self.assertEqual(Decimal(str(line.net_g)), IN_G)
            self.assertEqual((line.scale_id, line.signed), (self.scale_proxy, True))
            self.assertEqual(line.employee_id, self.keeper)
            self.assertEqual(line.create_uid, self.station.user_id)

    def test_safe_tour_en(self):
        self._run_safe("en_US")

    def test_safe_tour_vi(self):
        self._run_safe("vi_VN")

    def test_handover_tour_en(self):
        self._capture("issue", str(IN_G), production=self.production)
        self._capture("in", str(IN_G), workorder=self.casting)
        self.casting.button_start()
        self.sim_proxy.place(IN_G)
        self._hands_after("handover_out", SHORT_G, sim=self.sim_proxy)
        self._station_tour("gold_mes_kiosk_handover")
        handover = self.env["gold.handover"].search([("workorder_id", "=", self.casting.id)])
        self.assertEqual(handover.state, "dispute")
        self.assertEqual(handover.out_weighing_id.employee_id, self.employee)
        self.assertEqual(handover.in_weighing_id.employee_id, self.employee_b)
        self.assertEqual(Decimal(str(handover.weight_in_g)), SHORT_G)
        self.assertEqual(handover.in_weighing_id.create_uid, self.station.user_id)

    def test_day_close_tour_en(self):
        self._capture("issue", str(IN_G), production=self.production)
        self._capture("in", str(IN_G), workorder=self.casting)
        self.sim_proxy.place(IN_G)
        self._station_tour("gold_mes_kiosk_day")
        day = self.env["gold.day.close"].search([("company_id", "=", self.company.id)], limit=1)
        line = day.line_ids.filtered(lambda rec: rec.employee_id == self.employee)
        self.assertEqual((line.counted, line.count_method), (True, "weighed"))
        self.assertEqual(Decimal(str(line.declared_g)), IN_G)

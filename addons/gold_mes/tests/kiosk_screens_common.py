"""Shared set-up of the kiosk screens' suites (safe, handover, day close): the gold
fixture, virtual balances on ptys, a safe keeper, and signed readings taken from
the pty balance the way the kiosk's scale route takes them."""

import threading
import time
from decimal import Decimal

from .common import GoldMesFixture
from .scale_common import VirtualBalancesMixin

KIOSK_LANGS = ("en_US", "vi_VN")


class KioskScreensFixture(GoldMesFixture, VirtualBalancesMixin):
    @classmethod
    def _setup_kiosk_screens(cls):
        cls._setup_gold_fixture()
        cls._start_virtual_balances()
        cls.employee.write({"barcode": "KIOSK001", "pin": "1111"})
        cls.employee_b.write({"barcode": "KIOSK002", "pin": "2222"})
        cls.keeper = cls.env["hr.employee"].create(
            {
                "name": "Safe keeper K",
                "barcode": "SAFE001",
                "pin": "2468",
                "user_id": cls.user_supervisor.id,
            }
        )
        cls.scale_local.write({"capacity_g": 1000})
        cls.production = cls._make_production()
        cls.casting = cls._stages(cls.production)[0]
        cls.kiosk = cls.env["gold.kiosk"].with_user(cls.user_operator)

    def setUp(self):
        super().setUp()
        # the pty balance only: these screens never weigh through the proxy, whose
        # replug (``_reset_balances``) would make them wait on a balance they do not use
        sim = self.sim_local
        with sim._lock:  # a test that failed half-way may have left a tare behind
            sim._tare = Decimal(0)
        sim.set_unit("g")
        sim.set_unstable(False)
        sim.set_overload(False)
        sim.place(0)
        sim.commands_seen.clear()

    def _signed(self, grams, scale=None):
        """``grams`` on the pty balance, and its next stable signed reading."""
        scale = scale or self.scale_local
        self._load(scale, grams)
        return scale._gold_capture_signed(5)

    def _activate(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mrp", "gold_units", "gold_mes"], [lang]
            )
        self.user_operator.lang = lang

    def _hands_after(self, kind, grams, sim=None):
        """The worker's hands, in a thread: ``grams`` go on the pan (of ``sim``, the
        pty balance unless told) once a line of ``kind`` is captured (e.g. less gold
        comes back after the weigh-out)."""
        captured = threading.Event()
        stop = threading.Event()
        sim = sim or self.sim_local

        def hands():
            while not stop.is_set() and not captured.is_set():
                time.sleep(0.05)
            if captured.is_set():
                sim.place(Decimal(grams))

        thread = threading.Thread(target=hands, daemon=True)
        thread.start()
        self.addCleanup(thread.join, 5)
        self.addCleanup(stop.set)
        Weighing = self.registry["gold.weighing"]
        capture = Weighing.capture

        def capture_and_place(model, vals):
            result = capture(model, vals)
            if vals.get("kind") == kind:
                captured.set()
            return result

        self.patch(Weighing, "capture", capture_and_place)

    def _weighings(self, **domain):
        return self.env["gold.weighing"].search(
            [(key, "=", value) for key, value in domain.items()], order="id"
        )

from decimal import Decimal

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .kiosk_screens_common import KioskScreensFixture

IN_G = Decimal("187.5")


@tagged("post_install", "-at_install")
class TestKioskSafe(KioskScreensFixture, HttpCase):
    """The safe's station: the safe keeper issues gold to a batch and takes back what
    its last stage weighed out, weighed on the safe's pty balance, at the kiosk alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kiosk_screens()
        cls.scale_local.at_safe = True
        # a batch whose gold went through every stage: its finished gold goes back
        cls.finished = cls._make_production()

    def _finish_batch(self):
        self._capture("issue", str(IN_G), production=self.finished)
        for stage in self._stages(self.finished):
            self._capture("in", str(IN_G), workorder=stage)
            stage.button_start()
            self._capture("out", str(IN_G), workorder=stage)
        self.assertEqual(Decimal(str(self.finished.gold_finished)), IN_G)

    def _weigh(self, kind="issue", production=None, reading=None, secret="2468", key="k-1"):
        return self.kiosk.kiosk_safe_weigh(
            self.keeper.id,
            (production or self.production).id,
            kind,
            scale_id=self.scale_local.id,
            reading=reading if reading is not None else self._signed(IN_G),
            secret=secret,
            idempotency_key=key,
        )

    # ------------------------------------------------------------------ server
    def test_only_the_safe_keeper_opens_the_safe(self):
        self.assertTrue(self.kiosk.kiosk_identify(barcode="SAFE001")["gold_safe_keeper"])
        self.assertFalse(self.kiosk.kiosk_identify(barcode="KIOSK001")["gold_safe_keeper"])
        with self.assertRaisesRegex(AccessError, "only the safe keeper"):
            self.kiosk.kiosk_safe_batches(self.employee.id)
        with self.assertRaisesRegex(AccessError, "only the safe keeper"):
            self.kiosk.kiosk_safe_weigh(
                self.employee.id,
                self.production.id,
                "issue",
                scale_id=self.scale_local.id,
                reading=self._signed(IN_G),
                secret="1111",
                idempotency_key="k-worker",
            )
        self.assertFalse(self._weighings(production_id=self.production.id))
        batches = self.kiosk.kiosk_safe_batches(self.keeper.id)
        self.assertEqual(batches["scale"]["id"], self.scale_local.id)
        self.assertIn(self.production.id, [batch["id"] for batch in batches["batches"]])

    def test_issue_is_signed_and_a_replay_records_one_line(self):
        reading = self._signed(IN_G)
        first = self._weigh(reading=reading)
        again = self._weigh(reading=reading)  # the answer was lost: the kiosk retries
        lines = self._weighings(production_id=self.production.id)
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines.kind, "issue")
        self.assertEqual((lines.source, lines.signed), ("scale", True))
        self.assertEqual(lines.employee_id, self.keeper)
        self.assertEqual(Decimal(str(lines.net_g)), IN_G)
        self.assertFalse(first["weighing"]["replayed"])
        self.assertTrue(again["weighing"]["replayed"])
        self.assertEqual(again["weighing"]["weighing_id"], lines.id)
        self.assertEqual(Decimal(first["batch"]["issued"]), IN_G)
        # the same reading under another key is a replayed signature: refused
        with self.assertRaisesRegex(UserError, "already used"):
            self._weigh(reading=reading, key="k-2")
        self.assertEqual(len(self._weighings(production_id=self.production.id)), 1)

    def test_wrong_badge_or_pin_records_nothing(self):
        with self.assertRaisesRegex(AccessError, "does not match Safe keeper K"):
            self._weigh(secret="1111")  # Worker A's PIN
        with self.assertRaisesRegex(AccessError, "does not match"):
            self._weigh(secret="")
        self.assertFalse(self._weighings(production_id=self.production.id))

    def test_unstable_or_unsigned_reading_is_refused(self):
        unstable = self._reading(IN_G, stable=False, scale=self.scale_local)
        with self.assertRaisesRegex(ValidationError, "not stable"):
            self._weigh(reading=unstable)
        unsigned = self._reading(IN_G, scale=self.scale_local, sign=False)
        with self.assertRaisesRegex(UserError, "did not sign this reading"):
            self.kiosk.kiosk_safe_weigh(
                self.keeper.id,
                self.production.id,
                "issue",
                scale_id=self.scale_local.id,
                reading=unsigned,
                secret="2468",
                idempotency_key="k-unsigned",
            )
        with self.assertRaisesRegex(UserError, "Weigh the gold on the balance first"):
            self._weigh(reading={})
        self.assertFalse(self._weighings(production_id=self.production.id))

    def test_return_takes_back_no_more_than_the_last_stage_weighed_out(self):
        self.assertEqual(
            self.kiosk.kiosk_safe_batch(self.keeper.id, self.finished.id)["actions"], ["issue"]
        )
        self._finish_batch()
        card = self.kiosk.kiosk_safe_batch(self.keeper.id, self.finished.id)
        self.assertEqual(card["actions"], ["issue", "return"])
        with self.assertRaisesRegex(UserError, "only that can return to the safe"):
            self._weigh("return", self.finished, reading=self._signed("190"), key="k-more")
        answer = self._weigh("return", self.finished, key="k-return")
        self.assertEqual(Decimal(answer["batch"]["returned"]), IN_G)
        returned = self._weighings(production_id=self.finished.id, kind="return")
        self.assertEqual(len(returned), 1)
        self.assertTrue(returned.signed)

    # ------------------------------------------------------------------ tours
    def _run_safe_tour(self, lang):
        self._activate(lang)
        self._finish_batch()
        self.sim_local.place(IN_G)
        self.start_tour(
            "/odoo/action-gold_mes.gold_kiosk_action",
            "gold_mes_kiosk_safe_" + lang[:2],
            login="gold_operator",
        )
        self.env.invalidate_all()
        issued = self._weighings(production_id=self.production.id, kind="issue")
        returned = self._weighings(production_id=self.finished.id, kind="return")
        for line in (issued, returned):
            self.assertEqual(len(line), 1)
            self.assertEqual(Decimal(str(line.net_g)), IN_G)
            self.assertTrue(line.signed)
            self.assertEqual(line.employee_id, self.keeper)
        # the new batch reaches the benches: its first stage may now be weighed in
        card = self.env["gold.kiosk"].with_user(self.user_operator).kiosk_stage(self.casting.id)
        self.assertEqual(Decimal(card["expected_in"]["g"]), IN_G)

    def test_safe_tour_en(self):
        self._run_safe_tour("en_US")

    def test_safe_tour_vi(self):
        self._run_safe_tour("vi_VN")

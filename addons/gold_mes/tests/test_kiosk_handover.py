from decimal import Decimal

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .kiosk_screens_common import KioskScreensFixture

GIVEN_G = Decimal("187.5")
SHORT_G = Decimal("187.4")  # 0.1 g missing, ten times the balance's readability


@tagged("post_install", "-at_install")
class TestKioskHandover(KioskScreensFixture, HttpCase):
    """A handover at the kiosk: A weighs out and confirms, B weighs in and confirms, on
    the casting bench's pty balance; a difference beyond its readability is a dispute."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kiosk_screens()
        cls.scale_local.workcenter_id = cls.wc_casting

    def setUp(self):
        super().setUp()
        self._capture("issue", str(GIVEN_G), production=self.production)
        self._capture("in", str(GIVEN_G), workorder=self.casting)
        self.casting.button_start()

    def _start(self, qty=100, note="cast, not filed"):
        return self.kiosk.kiosk_handover_start(
            self.employee.id, self.casting.id, self.employee_b.id, qty, note
        )

    def _confirm(self, card, side, grams, secret, reading=None):
        reading = reading if reading is not None else self._signed(grams)
        return self.kiosk.kiosk_handover_confirm(
            card["id"], side, self.scale_local.id, reading, secret
        )

    # ------------------------------------------------------------------ server
    def test_options_list_the_givers_stages_and_the_others(self):
        options = self.kiosk.kiosk_handover_options(self.employee.id)
        self.assertEqual([stage["id"] for stage in options["stages"]], [self.casting.id])
        self.assertEqual(options["stages"][0]["scale"]["id"], self.scale_local.id)
        receivers = [receiver["id"] for receiver in options["receivers"]]
        self.assertIn(self.employee_b.id, receivers)
        self.assertNotIn(self.employee.id, receivers)
        with self.assertRaisesRegex(UserError, "not yourself"):
            self.kiosk.kiosk_handover_start(self.employee.id, self.casting.id, self.employee.id)
        # Worker B holds nothing at casting: B cannot hand A's gold over
        self.assertFalse(self.kiosk.kiosk_handover_options(self.employee_b.id)["stages"])
        with self.assertRaisesRegex(UserError, "Worker B does not hold the gold"):
            self.kiosk.kiosk_handover_start(self.employee_b.id, self.casting.id, self.employee.id)
        self.assertFalse(self.env["gold.handover"].search([("workorder_id", "=", self.casting.id)]))

    def test_handover_within_readability_is_received(self):
        card = self._start()
        self.assertEqual(
            (card["state"], card["qty"], card["note"]), ("draft", 100, "cast, not filed")
        )
        card = self._confirm(card, "out", GIVEN_G, "KIOSK001")  # A's badge
        self.assertEqual(card["state"], "sent")
        card = self._confirm(card, "in", GIVEN_G, "2222")  # B's PIN
        self.assertEqual(card["state"], "done")
        handover = self.env["gold.handover"].browse(card["id"])
        lines = handover.out_weighing_id | handover.in_weighing_id
        self.assertEqual(lines.mapped("kind"), ["handover_out", "handover_in"])
        self.assertTrue(all(lines.mapped("signed")))
        self.assertEqual(lines.mapped("employee_id"), self.employee | self.employee_b)
        self.assertEqual(handover.qty, 100)

    def test_difference_beyond_readability_opens_the_dispute(self):
        card = self._confirm(self._start(), "out", GIVEN_G, "1111")
        card = self._confirm(card, "in", SHORT_G, "2222")
        self.assertEqual(card["state"], "dispute")
        self.assertEqual(Decimal(card["difference"]), Decimal("0.1"))
        self.assertEqual(Decimal(card["readability"]), Decimal("0.01"))
        handover = self.env["gold.handover"].browse(card["id"])
        self.assertTrue(handover.activity_ids, "the supervisor is called")

    def test_wrong_worker_confirms_nothing(self):
        card = self._start()
        with self.assertRaisesRegex(AccessError, "does not match Worker A"):
            self._confirm(card, "out", GIVEN_G, "2222")  # B's PIN on A's side
        handover = self.env["gold.handover"].browse(card["id"])
        self.assertEqual(handover.state, "draft")
        self.assertFalse(self._weighings(workorder_id=self.casting.id, kind="handover_out"))
        card = self._confirm(card, "out", GIVEN_G, "1111")
        with self.assertRaisesRegex(AccessError, "does not match Worker B"):
            self._confirm(card, "in", GIVEN_G, "1111")  # A confirms B's side
        self.assertEqual(handover.state, "sent")
        self.assertFalse(handover.in_weighing_id)

    def test_unstable_reading_confirms_nothing(self):
        card = self._start()
        unstable = self._reading(GIVEN_G, stable=False, scale=self.scale_local)
        with self.assertRaisesRegex(ValidationError, "not stable"):
            self._confirm(card, "out", GIVEN_G, "1111", reading=unstable)
        unsigned = self._reading(GIVEN_G, scale=self.scale_local, sign=False)
        with self.assertRaisesRegex(UserError, "did not sign"):
            self._confirm(card, "out", GIVEN_G, "1111", reading=unsigned)
        self.assertEqual(self.env["gold.handover"].browse(card["id"]).state, "draft")

    def test_replay_with_the_same_reading_records_one_line(self):
        card = self._start()
        reading = self._signed(GIVEN_G)
        first = self._confirm(card, "out", GIVEN_G, "1111", reading=reading)
        again = self._confirm(card, "out", GIVEN_G, "1111", reading=reading)
        self.assertEqual(first, again)
        self.assertEqual(len(self._weighings(workorder_id=self.casting.id, kind="handover_out")), 1)
        with self.assertRaisesRegex(UserError, "already weighed out"):
            self._confirm(card, "out", GIVEN_G, "1111")  # another reading: a second weighing

    # ------------------------------------------------------------------ tours
    def _run_handover_tour(self, lang):
        self._activate(lang)
        self.sim_local.place(GIVEN_G)
        self._hands_after("handover_out", SHORT_G)  # less comes back on the pan
        self.start_tour(
            "/odoo/action-gold_mes.gold_kiosk_action",
            "gold_mes_kiosk_handover_" + lang[:2],
            login="gold_operator",
        )
        self.env.invalidate_all()
        handover = self.env["gold.handover"].search([("workorder_id", "=", self.casting.id)])
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.state, "dispute")
        self.assertEqual(
            (handover.from_employee_id, handover.to_employee_id), (self.employee, self.employee_b)
        )
        self.assertEqual(handover.qty, 100)
        self.assertEqual(handover.note, "cast, not filed")
        self.assertEqual(Decimal(str(handover.weight_out_g)), GIVEN_G)
        self.assertEqual(Decimal(str(handover.weight_in_g)), SHORT_G)
        self.assertTrue(handover.out_weighing_id.signed and handover.in_weighing_id.signed)

    def test_handover_tour_en(self):
        self._run_handover_tour("en_US")

    def test_handover_tour_vi(self):
        self._run_handover_tour("vi_VN")

import threading
import time
from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import GoldMesFixture
from .scale_common import VirtualBalancesMixin

IN_G = Decimal("187.5")
OUT_G = Decimal("180")  # 7.5 g lost at casting, 4 % against a 2 % tolerance
EXPLANATION = "Crucible cracked, grain spilled into the furnace"


@tagged("post_install", "-at_install")
class TestKioskVerdict(GoldMesFixture, VirtualBalancesMixin, HttpCase):
    """An abnormal loss at the kiosk: shown red, the stage kept open until a supervisor
    identifies at the kiosk and approves it; only gold workers listed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls._start_virtual_balances()
        cls.employee.barcode = "KIOSK001"
        cls.supervisor = cls.env["hr.employee"].create(
            {
                "name": "Supervisor S",
                "barcode": "SUP001",
                "pin": "2468",
                "user_id": cls.user_supervisor.id,
            }
        )
        cls.scale_local.write({"workcenter_id": cls.wc_casting.id, "capacity_g": 1000})
        cls.production = cls._make_production()
        cls.casting = cls._stages(cls.production)[0]

    def setUp(self):
        super().setUp()
        self._reset_balances()
        self.sim_local.commands_seen.clear()

    # ------------------------------------------------------------------ helpers
    def _weigh_out_abnormal(self):
        """The casting stage weighed in, started and weighed out 7.5 g short."""
        self._capture("issue", str(IN_G), production=self.production)
        self._capture("in", str(IN_G), workorder=self.casting)
        self.casting.button_start()
        self._capture("out", str(OUT_G), workorder=self.casting)
        self.assertEqual(self.casting.gold_loss_status, "abnormal")

    def _worker_at_the_pan(self):
        """The worker's hands, in a thread: the gold goes on the pan once the empty
        pan is tared at the kiosk, and less of it comes back once it is weighed in."""
        stop = threading.Event()
        sim = self.sim_local

        def hands():
            while not stop.is_set() and not any(c.startswith(b"T") for c in sim.commands_seen):
                time.sleep(0.05)
            sim.place(IN_G)
            while not stop.is_set() and not self.casting_weighed_in.is_set():
                time.sleep(0.05)
            sim.place(OUT_G)

        self.casting_weighed_in = threading.Event()
        thread = threading.Thread(target=hands, daemon=True)
        thread.start()
        self.addCleanup(thread.join, 5)
        self.addCleanup(stop.set)
        Weighing = self.registry["gold.weighing"]
        capture = Weighing.capture
        test = self

        def capture_and_hand_back(self, vals):
            result = capture(self, vals)
            if vals.get("kind") == "in":
                test.casting_weighed_in.set()
            return result

        self.patch(Weighing, "capture", capture_and_hand_back)

    def _run_abnormal_tour(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mrp", "gold_units", "gold_mes"], [lang]
            )
        self.user_operator.lang = lang
        self._capture("issue", str(IN_G), production=self.production)
        self._worker_at_the_pan()
        tour = "gold_mes_kiosk_abnormal_" + lang[:2]
        self.start_tour("/odoo/action-gold_mes.gold_kiosk_action", tour, login="gold_operator")
        self.env.invalidate_all()
        lines = self.casting.gold_weighing_ids.sorted("id")
        self.assertEqual(lines.mapped("kind"), ["in", "out"])
        self.assertEqual([Decimal(str(w.net_g)) for w in lines], [IN_G, OUT_G])
        self.assertEqual(self.casting.gold_loss_status, "abnormal")
        self.assertEqual(self.casting.gold_loss_approved_by, self.user_supervisor)
        self.assertEqual(self.casting.gold_loss_explanation, EXPLANATION)
        self.assertEqual(self.casting.state, "done")

    # ------------------------------------------------------------------ tours
    def test_kiosk_abnormal_loss_tour_en(self):
        self._run_abnormal_tour("en_US")

    def test_kiosk_abnormal_loss_tour_vi(self):
        self._run_abnormal_tour("vi_VN")

    # ------------------------------------------------------------------ server
    def test_abnormal_loss_cannot_be_finished_at_the_kiosk(self):
        self._weigh_out_abnormal()
        kiosk = self.env["gold.kiosk"].with_user(self.user_operator)
        card = kiosk.kiosk_stage(self.casting.id)
        self.assertEqual(card["actions"], ["approve"])
        self.assertEqual(card["verdict"]["level"], "abnormal")
        self.assertIn("Call your supervisor", card["verdict"]["text"])
        with self.assertRaisesRegex(UserError, "supervisor must explain and approve"):
            kiosk.kiosk_act(self.casting.id, self.employee.id, "finish")
        self.assertEqual(self.casting.state, "progress")

    def test_approval_at_the_kiosk_refused_for_a_non_supervisor(self):
        self._weigh_out_abnormal()
        self.employee.user_id = self.user_operator  # a user, but no supervisor
        kiosk = self.env["gold.kiosk"].with_user(self.user_operator)
        with self.assertRaisesRegex(AccessError, "not a gold supervisor"):
            kiosk.kiosk_approve_loss(self.casting.id, EXPLANATION, barcode="KIOSK001")
        self.employee_b.pin = "1357"  # no user at all
        with self.assertRaisesRegex(AccessError, "not a gold supervisor"):
            kiosk.kiosk_approve_loss(
                self.casting.id, EXPLANATION, employee_id=self.employee_b.id, pin="1357"
            )
        with self.assertRaisesRegex(UserError, "scan your badge or type your PIN"):
            kiosk.kiosk_approve_loss(self.casting.id, EXPLANATION, employee_id=self.supervisor.id)
        with self.assertRaisesRegex(UserError, "Wrong PIN"):
            kiosk.kiosk_approve_loss(
                self.casting.id, EXPLANATION, employee_id=self.supervisor.id, pin="0000"
            )
        self.assertFalse(self.casting.gold_loss_approved_by)
        self.assertTrue(self.casting.gold_needs_approval)

    def test_supervisor_approves_at_the_kiosk_then_the_stage_finishes(self):
        self._weigh_out_abnormal()
        kiosk = self.env["gold.kiosk"].with_user(self.user_operator)
        with self.assertRaisesRegex(UserError, "Explain the loss"):
            kiosk.kiosk_approve_loss(self.casting.id, "  ", barcode="SUP001")
        card = kiosk.kiosk_approve_loss(
            self.casting.id, EXPLANATION, employee_id=self.supervisor.id, pin="2468"
        )
        self.assertEqual(card["actions"], ["finish"])
        self.assertEqual(card["verdict"]["level"], "warn")
        self.assertEqual(self.casting.gold_loss_approved_by, self.user_supervisor)
        self.assertEqual(self.casting.gold_loss_explanation, EXPLANATION)
        kiosk.kiosk_act(self.casting.id, self.employee.id, "finish")
        self.assertEqual(self.casting.state, "done")

    def test_only_gold_workers_are_listed(self):
        other = self.env["res.company"].create({"name": "Other workshop"})
        self.env["hr.employee"].create({"name": "Elsewhere", "pin": "1", "company_id": other.id})
        self.env["hr.employee"].create({"name": "Gone", "pin": "1", "active": False})
        self.employee_b.write({"pin": False, "barcode": False})  # neither badge nor PIN
        names = [
            e["name"]
            for e in self.env["gold.kiosk"].with_user(self.user_operator).kiosk_employees()
        ]
        self.assertIn("Worker A", names)
        self.assertIn("Supervisor S", names)
        for name in ("Worker B", "Elsewhere", "Gone"):
            self.assertNotIn(name, names)

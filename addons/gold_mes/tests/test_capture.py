from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from ..hw_scale.signing import sign_reading
from .common import LUONG, GoldMesFixture


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestCapture(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.env["gold.price"].create(
            {
                "price_per_gram": 2500000,
                "currency_id": cls.company.currency_id.id,
                "company_id": cls.company.id,
                "date": fields.Datetime.now() - timedelta(days=1),
            }
        )

    def _run_article(self):
        """10 lượng of 18K for 100 rings: casting 9.8, filing 9.5, polishing 9.4 lượng."""
        production = self._make_production()
        casting, filing, polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.with_user(self.user_operator).button_start()
        result = self._capture("out", Decimal("9.8") * LUONG, workorder=casting)
        self.assertEqual(result["status"], "ok")
        casting.with_user(self.user_operator).button_finish()
        filing.with_user(self.user_operator).button_start()
        self._capture("out", Decimal("9.5") * LUONG, workorder=filing)
        filing.with_user(self.user_operator).button_finish()
        polishing.with_user(self.user_operator).button_start()
        self._capture("out", Decimal("9.4") * LUONG, workorder=polishing)
        return production, (casting, filing, polishing)

    def test_article_batch_figures(self):
        production, stages = self._run_article()
        expected = [  # in, out, loss (lượng), pct
            (Decimal("10"), Decimal("9.8"), Decimal("0.2"), Decimal("2.0000")),
            (Decimal("9.8"), Decimal("9.5"), Decimal("0.3"), Decimal("3.0612")),
            (Decimal("9.5"), Decimal("9.4"), Decimal("0.1"), Decimal("1.0526")),
        ]
        for wo, (w_in, w_out, loss, pct) in zip(stages, expected, strict=True):
            self.assertEqual(D(wo.gold_in), w_in * LUONG, wo.name)
            self.assertEqual(D(wo.gold_out), w_out * LUONG, wo.name)
            self.assertEqual(D(wo.gold_loss), loss * LUONG, wo.name)
            self.assertEqual(D(wo.gold_loss_pct), pct, wo.name)
            self.assertEqual(wo.gold_loss_status, "ok", wo.name)
            self.assertEqual(D(wo.gold_fine_loss), loss * LUONG * 750 / 1000, wo.name)
        self.assertEqual(D(production.gold_issued), Decimal("375.0000"))
        self.assertEqual(D(production.gold_issued_stock), Decimal("375.0000"))  # 10 lượng
        self.assertEqual(D(production.gold_finished), Decimal("352.5000"))
        self.assertEqual(D(production.gold_loss), Decimal("22.5000"))  # 0.6 lượng
        self.assertEqual(D(production.gold_fine_loss), Decimal("16.8750"))
        self.assertEqual(D(production.gold_in_process), Decimal("0.0000"))
        self.assertEqual(production.gold_status, "closed")
        self.env["res.lang"]._activate_lang("vi_VN")
        self.assertEqual(stages[0].with_context(lang="vi_VN").gold_loss_display, "2 chỉ")
        self.assertEqual(stages[1].with_context(lang="en_US").gold_out_display, "9 lượng 5 chỉ")

    def test_article_batch_done_moves_loss_to_stock(self):
        production, _stages = self._run_article()
        production.with_user(self.user_operator).button_mark_done()
        self.assertEqual(production.state, "done")
        raw_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.raw_gold)
        self.assertAlmostEqual(raw_move.quantity, 9.4, places=6)
        loss_location = self.env.ref("gold_mes.stock_location_gold_loss")
        lost = self.env["stock.quant"]._get_available_quantity(
            self.raw_gold, loss_location, allow_negative=True
        )
        self.assertAlmostEqual(lost, 0.6, places=6)
        left = self.env["stock.quant"]._get_available_quantity(self.raw_gold, self.stock_location)
        self.assertAlmostEqual(left, 10.0, places=6)
        # 16.875 g fine at 2,500,000 per gram
        self.assertAlmostEqual(production.gold_loss_value, 42187500.0, places=2)
        messages = production.message_ids.mapped("body")
        self.assertTrue(any("GW/" in body for body in messages))

    def test_weigh_in_and_out_required(self):
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        with self.assertRaisesRegex(UserError, "Weigh the gold in"):
            casting.with_user(self.user_operator).button_start()
        self._capture("issue", 375, production=production)
        self._capture("in", 375, workorder=casting)
        casting.button_start()
        with self.assertRaisesRegex(UserError, "Weigh the gold out"):
            casting.button_finish()
        with self.assertRaisesRegex(UserError, "Casting has not been weighed out"):
            production.button_mark_done()
        self.assertEqual(production.state, "progress")
        self.assertEqual(filing.gold_loss_status, "open")

    def _one_stage(self, pct=1.0, mg=0.0):
        bom = self._make_bom([("Casting", self.wc_casting, "burn", pct, False)])
        bom.operation_ids.gold_loss_tolerance_mg = mg
        production = self._make_production(bom)
        stage = production.workorder_ids
        self._capture("issue", "100.0000", production=production)
        stage.button_start()
        return production, stage

    def test_tolerance_edges(self):
        cases = [
            ("99.0000", 1.0, 0.0, "ok"),  # loss 1.0000 = exactly 1 %
            ("98.9999", 1.0, 0.0, "abnormal"),  # one step over
            ("99.9950", 0.0, 5.0, "ok"),  # 5 mg absolute tolerance
            ("99.9949", 0.0, 5.0, "abnormal"),
            ("99.9940", 0.001, 6.0, "ok"),  # the larger tolerance applies
        ]
        for out, pct, mg, status in cases:
            with self.subTest(out=out, pct=pct, mg=mg):
                _production, stage = self._one_stage(pct, mg)
                result = self._capture("out", out, workorder=stage)
                self.assertEqual(result["status"], status)
                self.assertEqual(stage.gold_loss_status, status)
                self.assertEqual(stage.gold_needs_approval, status != "ok")

    def test_gain_beyond_readability(self):
        _production, stage = self._one_stage()
        self._capture("out", "100.0001", workorder=stage)
        self.assertEqual(stage.gold_loss_status, "ok")  # the balance cannot tell
        _production, stage = self._one_stage()
        result = self._capture("out", "100.0002", workorder=stage)
        self.assertEqual(result["status"], "gain")
        self.assertEqual(D(stage.gold_loss), Decimal("-0.0002"))
        self.assertTrue(stage.gold_needs_approval)

    def test_abnormal_needs_explanation_and_approval(self):
        production, stage = self._one_stage(pct=1.0)
        self._capture("out", "98.0000", workorder=stage)
        activity = production.activity_ids.filtered(lambda a: stage.name in a.summary)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, stage._gold_supervisor())
        queue = self.env.ref("gold_mes.mrp_workorder_action_gold_approval")
        waiting = (
            self.env["mrp.workorder"]
            .with_user(self.user_supervisor)
            .search(safe_eval(queue.domain))
        )
        self.assertIn(stage, waiting)
        stage.button_finish()
        with self.assertRaisesRegex(UserError, "Casting has a Abnormal Loss|supervisor must"):
            production.button_mark_done()
        with self.assertRaises(AccessError):
            stage.with_user(self.user_operator).action_gold_approve_loss()
        with self.assertRaises(AccessError):
            stage.with_user(self.user_operator).write(
                {"gold_loss_approved_by": self.user_operator.id}
            )
        with self.assertRaisesRegex(UserError, "Explain"):
            stage.with_user(self.user_supervisor).action_gold_approve_loss()
        stage.with_user(self.user_operator).gold_loss_explanation = "Crucible cracked"
        stage.with_user(self.user_supervisor).action_gold_approve_loss()
        self.assertFalse(stage.gold_needs_approval)
        self.assertEqual(stage.gold_loss_approved_by, self.user_supervisor)
        self.assertFalse(production.activity_ids.filtered(lambda a: stage.name in a.summary))
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(D(production.gold_loss), Decimal("2.0000"))

    def test_idempotent_retry(self):
        production = self._make_production()
        first = self._capture("issue", "375", production=production, idempotency_key="k-1")
        again = self._capture("issue", "375.0000", production=production, idempotency_key="k-1")
        self.assertEqual(first["weighing_id"], again["weighing_id"])
        self.assertFalse(first["replayed"])
        self.assertTrue(again["replayed"])
        self.assertEqual(len(production.gold_weighing_ids), 1)
        with self.assertRaisesRegex(ValidationError, "already used"):
            self._capture("issue", "374", production=production, idempotency_key="k-1")
        self.assertEqual(len(production.gold_weighing_ids), 1)

    def test_refusals_record_nothing(self):
        production = self._make_production()
        casting = self._stages(production)[0]
        self._capture("issue", 375, production=production)
        other_company = self.env["res.company"].create({"name": "Other workshop"})
        stranger = self.env["hr.employee"].create(
            {"name": "Stranger", "company_id": other_company.id}
        )
        wo = {"workorder_id": casting.id}
        manual = {"reading": False}
        refusals = [
            ("out", dict(wo), UserError, "cannot be recorded now"),
            ("in", dict(wo, weight_g="0", **manual), ValidationError, "positive"),
            ("in", dict(wo, weight_g="-1", **manual), ValidationError, "positive"),
            ("in", dict(wo, weight_g="1.00001", **manual), ValidationError, "0.1 mg"),
            ("in", dict(wo, weight_g="1001", **manual), ValidationError, "capacity"),
            ("in", dict(wo, weight_g="abc", **manual), ValidationError, "not a number"),
            (
                "in",
                dict(wo, reading=self._reading(375, stable=False)),
                ValidationError,
                "not stable",
            ),
            (
                "in",
                dict(wo, reading=self._reading(375, unit="ct")),
                ValidationError,
                "not in grams",
            ),
            ("in", dict(wo, weight_g="374"), ValidationError, "differs"),
            ("in", dict(wo, employee_id=stranger.id), UserError, "does not work for"),
            ("in", {}, ValidationError, "needs a work order"),
            ("melt", dict(wo), ValidationError, "Unknown"),
        ]
        for kind, extra, error, message in refusals:
            with self.subTest(kind=kind, extra=extra):
                vals = {
                    "kind": kind,
                    "employee_id": self.employee.id,
                    "scale_id": self.scale.id,
                    "reading": self._reading(375),
                }
                vals.update(extra)
                with self.assertRaisesRegex(error, message):
                    self.env["gold.weighing"].with_user(self.user_supervisor).capture(vals)
        self.assertEqual(len(production.gold_weighing_ids), 1)

    def test_manual_entry_needs_supervisor(self):
        production = self._make_production()
        vals = {
            "kind": "issue",
            "production_id": production.id,
            "weight_g": "375",
            "employee_id": self.employee.id,
            "reason": "Weighed on the safe's balance",
        }
        with self.assertRaises(AccessError):
            self.env["gold.weighing"].with_user(self.user_operator).capture(dict(vals))
        result = self.env["gold.weighing"].with_user(self.user_supervisor).capture(dict(vals))
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertEqual(line.source, "manual")
        self.assertEqual(line.approver_id, self.user_supervisor)

    def test_expired_calibration(self):
        production = self._make_production()
        self.scale.calibration_due = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "due for calibration"):
            self._capture("issue", 375, production=production)
        with self.assertRaisesRegex(UserError, "due for calibration"):
            self._capture(
                "issue",
                375,
                production=production,
                override_calibration=True,
                reason="Checked with a test weight",
                user=self.user_operator,
            )
        result = self._capture(
            "issue",
            375,
            production=production,
            override_calibration=True,
            reason="Checked with a test weight",
            user=self.user_supervisor,
        )
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertTrue(line.calibration_override)
        self.assertEqual(line.approver_id, self.user_supervisor)

    def test_signed_readings(self):
        production = self._make_production()
        self.scale.secret = "s3cret"
        signed = sign_reading("s3cret", self._reading(375, sign=False))
        with self.assertRaisesRegex(UserError, "signed by its proxy"):
            bare = self._reading(375, sign=False)
            self._capture("issue", 375, production=production, reading=bare)
        forged = dict(signed, grams="376.0000", net="376.0000")
        with self.assertRaisesRegex(UserError, "not valid"):
            self._capture("issue", 376, production=production, reading=forged)
        self._capture("issue", 375, production=production, reading=signed)
        with self.assertRaisesRegex(UserError, "already used"):
            self._capture("issue", 375, production=production, reading=signed)
        self.assertEqual(len(production.gold_weighing_ids), 1)
        self.assertTrue(production.gold_weighing_ids.signed)

    def test_reversal(self):
        _production, stage = self._one_stage()
        result = self._capture("out", "90.0000", workorder=stage)
        self.assertEqual(result["status"], "abnormal")
        wrong = result["weighing_id"]
        vals = {"kind": "reversal", "reversal_of_id": wrong, "employee_id": self.employee.id}
        with self.assertRaisesRegex(ValidationError, "reason"):
            self.env["gold.weighing"].with_user(self.user_supervisor).capture(dict(vals))
        vals["reason"] = "Tray left on the balance"
        with self.assertRaises(AccessError):
            self.env["gold.weighing"].with_user(self.user_operator).capture(dict(vals))
        result = self.env["gold.weighing"].with_user(self.user_supervisor).capture(dict(vals))
        self.assertEqual(result["status"], "open")
        self.assertEqual(D(stage.gold_out), Decimal("0.0000"))
        with self.assertRaisesRegex(ValidationError, "already reversed"):
            self.env["gold.weighing"].with_user(self.user_supervisor).capture(dict(vals))
        result = self._capture("out", "99.5000", workorder=stage)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(D(stage.gold_loss), Decimal("0.5000"))

    def test_worker_is_the_latest_weigh_out(self):
        """A stage re-weighed out by another worker after a reversal names that worker."""
        _production, stage = self._one_stage()
        self._capture("out", "40.0000", workorder=stage)
        wrong = self._capture("out", "60.0000", workorder=stage)
        supervisor = self.env["gold.weighing"].with_user(self.user_supervisor)
        supervisor.capture(
            {
                "kind": "reversal",
                "reversal_of_id": wrong["weighing_id"],
                "employee_id": self.employee.id,
                "reason": "Second tray weighed with the first one's tare",
            }
        )
        self.assertEqual(stage.gold_employee_id, self.employee)
        self._capture("out", "59.5000", workorder=stage, employee_id=self.employee_b.id)
        self.assertEqual(stage.gold_employee_id, self.employee_b)
        self.assertEqual(stage._gold_worker(), self.employee_b)
        self.assertEqual(stage._gold_workers()[stage.id], self.employee_b)

    def test_transit_variance(self):
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 375, production=production)
        self._capture("in", 375, workorder=casting)
        casting.button_start()
        self._capture("out", "367.5", workorder=casting)
        casting.button_finish()
        self._capture("in", "367.4", workorder=filing)  # re-weigh: 0.1 g gone in transit
        self.assertEqual(D(filing.gold_transit_variance), Decimal("0.1000"))
        self.assertEqual(filing.gold_transit_status, "dispute")
        self.assertEqual(D(filing.gold_in), Decimal("367.4000"))

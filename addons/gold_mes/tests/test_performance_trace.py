from decimal import Decimal

from odoo.tests import TransactionCase, tagged

from .test_recovery import ArticleMixin


@tagged("post_install", "-at_install")
class TestPerformanceTrace(ArticleMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def test_performance_rows_with_recovered_share(self):
        _production, (casting, filing, polishing) = self._run_article(
            (self.employee, self.employee_b, self.employee_b)
        )
        recovery = self._recovery(7.5)
        recovery.action_collect()
        recovery.action_confirm()
        report = self.env["gold.worker.performance"].with_user(self.user_supervisor)
        rows = report.search([("production_id", "=", casting.production_id.id)])
        by_stage = {row.workorder_id: row for row in rows}
        self.assertEqual(set(by_stage), {casting, filing, polishing})
        self.assertEqual(by_stage[filing].employee_id, self.employee_b)
        self.assertAlmostEqual(by_stage[filing].recovered_g, 5.625, places=4)
        self.assertAlmostEqual(by_stage[filing].recovered_pct, 50.0, places=2)
        self.assertAlmostEqual(by_stage[casting].loss_pct, 2.0, places=4)
        self.assertEqual(by_stage[casting].pieces, 100)
        self.assertEqual(by_stage[casting].loss_flag, "insufficient")
        groups = report.read_group(
            [("production_id", "=", casting.production_id.id)],
            ["loss_g:sum"],
            ["employee_id"],
        )
        self.assertEqual(len(groups), 2)

    def test_control_limits_flag_drift(self):
        self._run_article()
        row = self.env["gold.worker.performance"].search(
            [("workcenter_id", "=", self.wc_casting.id)], limit=1
        )
        history = [Decimal(v) for v in ("1.0", "1.1", "0.9", "1.0", "1.05", "0.95")]
        vals = row._gold_control_vals(history)
        self.assertEqual(vals["loss_flag"], "above")  # 2 % against a mean of 1 %
        self.assertAlmostEqual(vals["loss_mean"], 1.0, places=4)
        self.assertGreater(vals["loss_ucl"], vals["loss_mean"])

    def test_trace_from_lot_and_batch(self):
        production, stages = self._run_article()
        lot = self.env["stock.lot"].create({"name": "RING-0001", "product_id": self.ring.id})
        production.lot_producing_id = lot
        action = lot.action_gold_trace()
        self.assertEqual(action["context"]["active_ids"], production.ids)
        story = production._gold_trace_story()
        self.assertEqual([s["workorder"] for s in story["stages"]], list(stages))
        readings = production.action_gold_trace_readings()
        weighings = self.env["gold.weighing"].search(readings["domain"])
        self.assertEqual(weighings, production.gold_weighing_ids)
        self.assertEqual(weighings.scale_id, self.scale)
        self.assertEqual(readings["context"], "{'group_by': ['production_id']}")

    def test_trace_from_an_inspection_stage_and_hand_over(self):
        production, stages = self._run_article()
        action = stages[2].action_gold_trace()  # the defect was found at the last stage
        self.assertEqual(action["context"]["active_ids"], production.ids)
        self.assertEqual(action["data"]["marked_workorder_id"], stages[2].id)
        start = stages[2].action_gold_handover()
        self.assertEqual(start["res_model"], "gold.handover")
        self.assertEqual(start["context"]["default_workorder_id"], stages[2].id)
        self.assertEqual(start["context"]["default_from_employee_id"], self.employee.id)

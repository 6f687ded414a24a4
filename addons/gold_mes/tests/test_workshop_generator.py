from datetime import date
from decimal import Decimal

from odoo.tests import TransactionCase, tagged

from ..core import check_conservation, workshop_plan

START = date(2026, 10, 5)


@tagged("post_install", "-at_install")
class TestWorkshopGenerator(TransactionCase):
    """The generated history goes through the ledger's own paths and closes exactly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("mrp.group_mrp_routings")
        cls.orders = cls.env["gold.workshop.generator"]._generate(
            days=2, batches_per_day=2, seed=5, prefix="GenTest ", abnormal_every=3, start=START
        )

    def test_each_planned_batch_is_a_done_order_whose_gold_closes(self):
        plan = list(
            workshop_plan.batches(
                days=2,
                batches_per_day=2,
                seed=5,
                abnormal_every=3,
                start=START,
            )
        )
        self.assertEqual(len(self.orders), len(plan))
        for order, batch in zip(self.orders, plan, strict=True):
            self.assertEqual(order.state, "done")
            self.assertEqual(order.origin, batch.ref)
            balance = order._gold_balance()
            self.assertIsNone(check_conservation(balance, raise_error=False))
            self.assertEqual(balance.issued, batch.issued)
            self.assertEqual(balance.finished, batch.finished)
            lines = order.gold_weighing_ids
            self.assertEqual(len(lines), len(batch.lines()))
            days = {line.captured_at.date() for line in lines if line.kind == "issue"}
            self.assertEqual(days, {batch.day})

    def test_abnormal_stages_are_explained_and_approved(self):
        stages = self.orders.workorder_ids
        abnormal = stages.filtered(lambda wo: wo.gold_loss_status == "abnormal")
        self.assertTrue(abnormal, "abnormal_every=3 makes at least one abnormal filing")
        for wo in abnormal:
            self.assertTrue(wo.gold_loss_approved_by)
            self.assertTrue(wo.gold_loss_explanation)
        self.assertFalse(stages.filtered("gold_needs_approval"))

    def test_time_is_logged_as_planned(self):
        batch = next(workshop_plan.batches(days=1, batches_per_day=1, seed=5, start=START))
        stages = self.orders[0].workorder_ids.sorted(lambda wo: wo.operation_id.sequence)
        for wo, plan in zip(stages, batch.stages, strict=True):
            logged = Decimal(str(sum(wo.time_ids.mapped("duration"))))
            self.assertLess(abs(logged - plan.minutes), Decimal("0.01"), wo.name)

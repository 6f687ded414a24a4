"""Stored gold figures change only through their computes; decisions re-read the ledger."""

from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import GoldMesFixture

# what a dishonest operator would write to make an abnormal loss look fine
STAGE_FORGERIES = [
    {"gold_needs_approval": False},
    {"gold_loss_status": "ok"},
    {"gold_out": 100.0},
    {"gold_loss": 0.0},
    {"gold_in": 98.0},
    {"gold_loss_pct": 0.0},
    {"gold_transit_status": "ok"},
    {"gold_fine_loss": 0.0},
    {"gold_is_stage": False},
]
ORDER_FORGERIES = [
    {"gold_status": "closed"},
    {"gold_loss": 0.0},
    {"gold_issued": 1.0},
    {"gold_fine_loss": 0.0},
    {"gold_loss_value": 0.0},
]


@tagged("post_install", "-at_install")
class TestGuardStored(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def _abnormal_stage(self):
        """A one-stage order whose 100 g came out at 98 g (tolerance 1 %)."""
        bom = self._make_bom([("Casting", self.wc_casting, "burn", 1.0, False)])
        production = self._make_production(bom)
        stage = production.workorder_ids
        self._capture("issue", "100.0000", production=production)
        stage.button_start()
        self._capture("out", "98.0000", workorder=stage)
        stage.button_finish()
        self.assertTrue(stage.gold_needs_approval)
        self.assertEqual(stage.gold_loss_status, "abnormal")
        return production, stage

    def _envs(self):
        return [
            ("operator", self.env(user=self.user_operator)),
            ("supervisor", self.env(user=self.user_supervisor)),
            ("manager", self.env(user=self.user_manager)),
            ("admin", self.env),
            ("superuser", self.env(su=True)),
        ]

    def test_stage_figures_refuse_writes(self):
        production, stage = self._abnormal_stage()
        for who, env in self._envs():
            for vals in STAGE_FORGERIES:
                with self.subTest(who=who, vals=vals):
                    with self.assertRaisesRegex(UserError, "derived from the gold ledger"):
                        stage.with_env(env).write(vals)
        self.env.invalidate_all()
        self.assertTrue(stage.gold_needs_approval)
        self.assertEqual(stage.gold_loss_status, "abnormal")
        self.assertEqual(Decimal(str(stage.gold_out)), Decimal("98"))
        queue = self.env["mrp.workorder"].search([("gold_needs_approval", "=", True)])
        self.assertIn(stage, queue)
        with self.assertRaisesRegex(UserError, "supervisor must"):
            production.button_mark_done()

    def test_order_figures_refuse_writes(self):
        production, _stage = self._abnormal_stage()
        for who, env in self._envs():
            for vals in ORDER_FORGERIES:
                with self.subTest(who=who, vals=vals):
                    with self.assertRaisesRegex(UserError, "derived from the gold ledger"):
                        production.with_env(env).write(vals)
        self.env.invalidate_all()
        self.assertEqual(production.gold_status, "attention")
        self.assertEqual(Decimal(str(production.gold_loss)), Decimal("2"))

    def test_create_refuses_figures(self):
        production = self._make_production()
        stage = self._stages(production)[0]
        with self.assertRaisesRegex(UserError, "derived from the gold ledger"):
            self.env["mrp.workorder"].create(
                {
                    "name": "Forged stage",
                    "production_id": production.id,
                    "workcenter_id": self.wc_casting.id,
                    "product_uom_id": self.uom_unit.id,
                    "gold_in": 500.0,
                    "gold_needs_approval": False,
                }
            )
        with self.assertRaisesRegex(UserError, "derived from the gold ledger"):
            self.env["mrp.production"].create(
                {"product_id": self.ring.id, "product_qty": 1, "gold_issued": 375.0}
            )
        self.assertEqual(stage.gold_in, 0.0)

    def test_computes_still_write(self):
        """The ledger moves the figures: a capture recomputes them through the ORM."""
        production, stage = self._abnormal_stage()
        self.assertEqual(Decimal(str(stage.gold_loss)), Decimal("2"))
        self.assertEqual(production.gold_status, "attention")
        stage.with_user(self.user_operator).gold_loss_explanation = "Crucible cracked"
        stage.with_user(self.user_supervisor).action_gold_approve_loss()
        self.assertFalse(stage.gold_needs_approval)
        self.assertEqual(production.gold_status, "closed")
        production.button_mark_done()
        self.assertEqual(production.state, "done")

    def test_close_rereads_the_ledger(self):
        """A stored flag altered behind the ORM's back does not close the order."""
        production, stage = self._abnormal_stage()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mrp_workorder SET gold_needs_approval = false, gold_loss_status = 'ok' "
            "WHERE id = %s",
            [stage.id],
        )
        self.env.cr.execute(
            "UPDATE mrp_production SET gold_status = 'closed' WHERE id = %s", [production.id]
        )
        self.env.invalidate_all()
        self.assertFalse(stage.gold_needs_approval)
        with self.assertRaisesRegex(UserError, "supervisor must explain and approve"):
            production.button_mark_done()
        self.assertNotEqual(production.state, "done")

    def test_approval_rereads_the_ledger(self):
        """An approval is for the ledger's loss: a stage whose stored status was
        forged to 'open' is still approvable, and a stored loss does not decide it."""
        production, stage = self._abnormal_stage()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mrp_workorder SET gold_loss = 0.5, gold_loss_status = 'open' WHERE id = %s",
            [stage.id],
        )
        self.env.invalidate_all()
        stage.with_user(self.user_operator).gold_loss_explanation = "Crucible cracked"
        stage.with_user(self.user_supervisor).action_gold_approve_loss()
        self.assertEqual(Decimal(str(stage.gold_loss_approved_g)), Decimal("2"))
        production.button_mark_done()
        self.assertEqual(production.state, "done")

    def test_approval_fields_need_the_approve_action(self):
        _production, stage = self._abnormal_stage()
        with self.assertRaises(AccessError):
            stage.with_user(self.user_operator).write(
                {"gold_loss_approved_by": self.user_operator.id, "gold_loss_approved_g": 2.0}
            )
        self.assertTrue(stage.gold_needs_approval)

"""No out, scrap, dust or handover on a stage that no gold has reached yet."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import GoldMesFixture

EMPTY_KINDS = ("out", "scrap", "dust", "handover_out", "handover_in")


@tagged("post_install", "-at_install")
class TestStageHoldsGold(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def _refused_everywhere(self, stage, message):
        for kind in EMPTY_KINDS:
            with self.subTest(kind=kind), self.assertRaisesRegex(UserError, message):
                self._capture(kind, "5", workorder=stage)

    def test_previous_stage_not_weighed_out(self):
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 375, production=production)
        filing.button_start()  # filing needs no weigh-in: it takes what casting passes on
        self._refused_everywhere(filing, "holds no gold yet.*Casting has not been weighed out")
        self.assertEqual(len(production.gold_weighing_ids), 1)
        self.assertEqual(filing.gold_loss_status, "open")
        # once casting has passed its gold on, filing holds it
        self._capture("in", 375, workorder=casting)
        casting.button_start()
        self._capture("out", 370, workorder=casting)
        result = self._capture("out", 369, workorder=filing)
        self.assertEqual(result["status"], "ok")

    def test_nothing_issued(self):
        bom = self._make_bom([("Casting", self.wc_casting, "burn", 1.0, False)])
        production = self._make_production(bom)
        stage = production.workorder_ids
        stage.button_start()
        self._refused_everywhere(stage, "holds no gold yet.*no gold has been issued")
        self.assertFalse(production.gold_weighing_ids)

    def test_weigh_in_gives_the_stage_gold(self):
        bom = self._make_bom([("Casting", self.wc_casting, "burn", 1.0, False)])
        production = self._make_production(bom)
        stage = production.workorder_ids
        stage.button_start()
        self._capture("in", "100", workorder=stage)
        self._capture("scrap", "1", workorder=stage)
        self._capture("dust", "0.5", workorder=stage)
        self._capture("out", "98.5", workorder=stage)
        self.assertEqual(len(production.gold_weighing_ids), 4)

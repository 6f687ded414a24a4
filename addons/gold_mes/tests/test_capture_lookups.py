"""What capture() looks up besides the line: the purity at a stage, the ledger's sequence."""

from odoo.tests import TransactionCase, tagged

from .common import LUONG, GoldMesFixture


@tagged("post_install", "-at_install")
class TestCaptureLookups(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.purity_999 = cls.env.ref("gold_units.gold_purity_999")
        # fine gold issued, alloyed to 18K at the second stage
        cls.raw_gold.gold_purity_id = cls.purity_999
        cls.bom_alloy = cls._make_bom(
            [
                ("Melting", cls.wc_casting, "burn", 2.0, False),
                ("Alloying", cls.wc_filing, "burn", 2.0, False),
                ("Polishing", cls.wc_polishing, "recoverable", 1.1, False),
            ]
        )
        cls.bom_alloy.operation_ids.filtered(lambda op: op.name == "Alloying").write(
            {"gold_changes_fineness": True}
        )

    def test_purity_before_and_after_the_stage_changing_fineness(self):
        production = self._make_production(self.bom_alloy)
        melting, alloying, polishing = self._stages(production)
        expected = [
            (melting, "in", self.purity_999),
            (melting, "out", self.purity_999),
            (alloying, "in", self.purity_999),  # weighed in before the alloy is added
            (alloying, "out", self.purity_750),
            (polishing, "in", self.purity_750),
        ]
        for workorder, kind, purity in expected:
            found = production._gold_purity_for(workorder, kind)
            self.assertEqual(found, purity, f"{workorder.name} {kind}")
        empty = self.env["mrp.workorder"]
        self.assertEqual(production._gold_purity_for(empty, "issue"), self.purity_999)
        self.assertEqual(production._gold_purity_for(empty, "return"), self.purity_750)
        # without a stage changing fineness, the order keeps the purity it was issued
        plain = self._make_production()
        self.assertEqual(plain._gold_purity_for(empty, "return"), self.purity_999)
        self.assertEqual(plain._gold_purity_for(self._stages(plain)[2], "out"), self.purity_999)

    def test_purity_written_on_the_line(self):
        production = self._make_production(self.bom_alloy)
        self._capture("issue", LUONG, production=production)
        line = self.env["gold.weighing"].search([("production_id", "=", production.id)])
        self.assertEqual(line.purity_id, self.purity_999)
        self.assertAlmostEqual(line.fineness, 999.0)

    def test_sequence_created_for_the_company_is_used_at_once(self):
        production = self._make_production()
        first = self._capture("issue", LUONG, production=production)
        self.assertTrue(first["name"].startswith("GW/"), first["name"])
        sequence = self.env["ir.sequence"].create(
            {
                "name": "Gold Weighing (company)",
                "code": "gold.weighing",
                "prefix": "CO/",
                "padding": 3,
                "company_id": self.company.id,
            }
        )
        second = self._capture("issue", LUONG / 2, production=production)
        self.assertEqual(second["name"], "CO/001")
        sequence.active = False
        third = self._capture("issue", LUONG / 4, production=production)
        self.assertTrue(third["name"].startswith("GW/"), third["name"])

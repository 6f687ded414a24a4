from decimal import Decimal
from fractions import Fraction

from lxml import etree
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import GoldMesFixture

TARGET = Decimal(750)


class CastingMixin(GoldMesFixture):
    """A 75 g batch of 18K (20 rings) and the metals at hand: one lượng of 18K grain,
    a 10 g lot of 14K scrap, fine gold 9999; master alloy from the safe."""

    @classmethod
    def _setup_casting_fixture(cls):
        cls._setup_gold_fixture()
        env = cls.env
        gram = env.ref("uom.product_uom_gram")
        stock = cls.stock_location
        Quant = env["stock.quant"]
        # no reliance on demo data: the only gold at hand is the fixture's
        for quant in Quant.search([("product_id.gold_is_gold", "=", True), ("quantity", "!=", 0)]):
            Quant._update_available_quantity(
                quant.product_id,
                quant.location_id,
                -quant.quantity,
                lot_id=quant.lot_id,
                package_id=quant.package_id,
                owner_id=quant.owner_id,
            )
        Quant._update_available_quantity(cls.raw_gold, stock, 1.0)  # one lượng of grain
        cls.fine_gold = env["product.product"].create(
            {
                "name": "Fine gold 9999",
                "is_storable": True,
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "gold_is_gold": True,
                "gold_purity_id": env.ref("gold_units.gold_purity_9999").id,
            }
        )
        env["stock.quant"]._update_available_quantity(cls.fine_gold, stock, 500.0)
        cls.scrap_14k = env["product.product"].create(
            {
                "name": "Scrap 14K",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "gold_is_gold": True,
                "gold_purity_id": env.ref("gold_units.gold_purity_585").id,
            }
        )
        cls.scrap_lot = env["stock.lot"].create({"name": "SCRAP-7", "product_id": cls.scrap_14k.id})
        env["stock.quant"]._update_available_quantity(
            cls.scrap_14k, stock, 10.0, lot_id=cls.scrap_lot
        )

    def _weigh_all(self, mix, delta=None, scale=None):
        """Weigh every component as planned (``delta``: {line name: grams added})."""
        delta = delta or {}
        for line in mix.line_ids:
            grams = Decimal(str(line.planned_g)) + delta.get(line.name, Decimal(0))
            line._gold_weigh(scale or self.scale, self._reading(grams, scale=scale), self.employee)


@tagged("post_install", "-at_install")
class TestCastingMix(CastingMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_casting_fixture()
        cls.production = cls._make_production(qty=20)

    def _mix(self):
        return self.production.with_user(self.user_operator)._gold_casting_mix_get()

    def test_recipe_from_the_metals_at_hand_at_the_batch_weight(self):
        # finished rings in stock (counted in units) are not metal for the melt
        self.env["stock.quant"]._update_available_quantity(self.ring, self.stock_location, 50.0)
        metals = [metal.name for _vals, metal in self.production._gold_metals_at_hand()]
        self.assertCountEqual(
            metals, ["Gold 18K grain", "Fine gold 9999", "Scrap 14K / SCRAP-7", "Master alloy"]
        )
        mix = self._mix()
        self.assertEqual(mix.target_fineness, 750.0)
        self.assertEqual(Decimal(str(mix.batch_g)), Decimal(75))
        rows = [(line.name, line.kind, Decimal(str(line.planned_g))) for line in mix.line_ids]
        self.assertEqual(rows[0], ("Gold 18K grain", "scrap", Decimal("37.5")))
        self.assertEqual(rows[1], ("Scrap 14K / SCRAP-7", "scrap", Decimal(10)))
        self.assertEqual(rows[2][:2], ("Fine gold 9999", "fine"))
        self.assertEqual(rows[3][:2], ("Master alloy", "alloy"))
        self.assertEqual(sum(row[2] for row in rows), Decimal(75))
        self.assertTrue(750 <= mix.planned_fineness <= 752)
        self.assertEqual(mix.verdict, "incomplete")
        self.assertEqual(self.production.gold_casting_mix_id, mix)
        self.assertEqual(self.production._gold_casting_mix_get(), mix)  # one mix a batch

    def test_weighed_mix_has_the_exact_fineness_and_pours(self):
        mix = self._mix()
        self._weigh_all(mix, {"Fine gold 9999": Decimal("0.0300")})
        content = sum(
            Fraction(str(line.weighed_g)) * Fraction(str(line.fineness)) for line in mix.line_ids
        )
        weighed = sum(Decimal(str(line.weighed_g)) for line in mix.line_ids)
        exact = content / Fraction(weighed)
        expected = Decimal(int(exact * 100)) / 100  # rounded down to 0.01 per mille
        self.assertEqual(Decimal(str(mix.fineness)).quantize(Decimal("0.01")), expected)
        self.assertEqual(Decimal(str(mix.weighed_g)), Decimal("75.03"))
        fine = mix.line_ids.filtered(lambda line: line.kind == "fine")
        self.assertEqual(Decimal(str(fine.deviation_g)), Decimal("0.03"))
        self.assertTrue(all(mix.line_ids.mapped("within_tolerance")))
        self.assertTrue(all(mix.line_ids.mapped("signed")))
        self.assertEqual(mix.line_ids.scale_id, self.scale)
        self.assertEqual(mix.verdict, "ok")
        mix.action_pour(self.employee)
        self.assertEqual(mix.state, "poured")
        self.assertEqual(mix.poured_by_id, self.employee)
        self.assertIn("poured", self.production.gold_casting_fineness_display)

    def test_a_component_off_its_tolerance_is_refused_then_weighed_again(self):
        mix = self._mix()
        self._weigh_all(mix, {"Master alloy": Decimal("0.2")})
        alloy = mix.line_ids.filtered(lambda line: line.kind == "alloy")
        self.assertFalse(alloy.within_tolerance)
        self.assertEqual(Decimal(str(alloy.deviation_g)), Decimal("0.2"))
        self.assertEqual(mix.verdict, "off_tolerance")
        with self.assertRaisesRegex(UserError, "Weigh again: Master alloy"):
            mix.action_pour(self.employee)
        self.assertEqual(mix.state, "draft")
        reading = self._reading(str(alloy.planned_g))
        alloy._gold_weigh(self.scale, reading, self.employee)
        self.assertTrue(alloy.within_tolerance)
        mix.action_pour(self.employee)
        self.assertEqual(mix.state, "poured")

    def test_not_all_weighed_is_refused(self):
        mix = self._mix()
        first = mix.line_ids[0]
        first._gold_weigh(self.scale, self._reading(str(first.planned_g)), self.employee)
        with self.assertRaisesRegex(UserError, "Weigh every component before pouring"):
            mix.action_pour(self.employee)
        self.assertEqual(mix.state, "draft")

    def test_only_a_signed_fresh_reading_of_this_balance_is_a_weight(self):
        mix = self._mix()
        line = mix.line_ids[0]
        grams = str(line.planned_g)
        with self.assertRaisesRegex(UserError, "typed weight is refused"):
            line._gold_weigh(self.scale, self._reading(grams, sign=False), self.employee)
        other = self.env["gold.scale"].create(
            {"name": "Other", "serial": "SN-2", "capacity_g": 500}
        )
        with self.assertRaisesRegex(UserError, "another balance"):
            line._gold_weigh(self.scale, self._reading(grams, scale=other), self.employee)
        reading = self._reading(grams)
        line._gold_weigh(self.scale, reading, self.employee)
        with self.assertRaisesRegex(UserError, "already used"):
            mix.line_ids[1]._gold_weigh(self.scale, reading, self.employee)
        self.assertFalse(mix.line_ids[1].is_weighed)
        with self.assertRaisesRegex(UserError, "from the balance only"):
            mix.line_ids[1].weighed_g = 10.0
        with self.assertRaisesRegex(UserError, "not stable"):
            line._gold_weigh(self.scale, self._reading(grams, stable=False), self.employee)

    def test_a_poured_mix_is_kept_as_it_was(self):
        mix = self._mix()
        self._weigh_all(mix)
        mix.action_pour(self.employee)
        line = mix.line_ids[0]
        with self.assertRaisesRegex(UserError, "already poured"):
            line._gold_weigh(self.scale, self._reading(str(line.planned_g)), self.employee)
        with self.assertRaisesRegex(UserError, "cannot change"):
            line.sequence = 99
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            mix.unlink()
        with self.assertRaisesRegex(UserError, "keeps its margin"):
            mix.with_user(self.user_supervisor).tolerance_g = 5.0

    def test_an_operator_cannot_forge_the_mix(self):
        """What a client could send by RPC: every figure of the mix is derived."""
        mix = self._mix().with_user(self.user_operator)
        line = mix.line_ids[0]
        with self.assertRaisesRegex(UserError, "not edited by hand"):
            mix.write({"state": "poured"})
        with self.assertRaisesRegex(UserError, "not edited by hand"):
            mix.write({"target_fineness": 585.0})
        with self.assertRaises(AccessError):
            mix.write({"tolerance_g": 5.0})
        with self.assertRaisesRegex(UserError, "from the balance only"):
            line.write({"planned_g": 1.0})
        with self.assertRaisesRegex(UserError, "from the balance only"):
            line.with_context(gold_casting_weigh=True).write(
                {"weighed_g": 37.5, "is_weighed": True}
            )
        with self.assertRaisesRegex(UserError, "come from its recipe"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "made from its batch"):
            self.env["gold.casting.mix"].with_user(self.user_operator).create(
                {"production_id": self._make_production().id, "target_fineness": 750.0}
            )
        with self.assertRaises(AccessError):
            mix.action_compute_recipe()
        self.assertEqual(mix.state, "draft")
        self.assertFalse(line.is_weighed)
        self.assertEqual(Decimal(str(line.planned_g)), Decimal("37.5"))
        # a supervisor may widen the tolerance of a mix still being weighed
        mix.with_user(self.user_supervisor).tolerance_g = 0.1
        self.assertEqual(mix.tolerance_g, 0.1)
        mix.with_user(self.user_supervisor).action_compute_recipe()
        self.assertEqual(len(mix.line_ids), 4)

    def test_no_mix_without_metal_enough(self):
        production = self._make_production(qty=1000)  # 3.75 kg of 18K
        production.move_raw_ids.product_uom_qty = 100  # 3.75 kg of gold
        self.env["stock.quant"]._update_available_quantity(
            self.fine_gold, self.stock_location, -499.0
        )
        with self.assertRaisesRegex(UserError, "No mix of the metals at hand is possible"):
            production.with_user(self.user_operator)._gold_casting_mix_get()
        self.assertFalse(production.gold_casting_mix_ids)

    def test_the_assay_is_a_supervisors_and_flags_a_cast_below_target(self):
        mix = self._mix()
        with self.assertRaisesRegex(UserError, "pour the mix first"):
            mix.with_user(self.user_supervisor).assay_fineness = 751.0
        self._weigh_all(mix)
        mix.action_pour(self.employee)
        with self.assertRaisesRegex(UserError, "Only a gold supervisor"):
            mix.with_user(self.user_operator).assay_fineness = 751.0
        mix.with_user(self.user_supervisor).write(
            {"assay_fineness": 749.6, "assay_note": "Fire assay, lab 12"}
        )
        self.assertTrue(mix.assay_below_target)
        self.assertEqual(mix.assay_user_id, self.user_supervisor)
        self.assertTrue(mix.assay_date)
        with self.assertRaisesRegex(UserError, "between 0 and 1000"):
            mix.with_user(self.user_supervisor).assay_fineness = 1200.0
        with self.assertRaises(AccessError):
            mix.with_user(self.user_accountant).assay_fineness = 751.0

    def test_trace_shows_the_mix_and_the_assay(self):
        mix = self._mix()
        self._weigh_all(mix, {"Master alloy": Decimal("0.04")})
        mix.action_pour(self.employee)
        mix.with_user(self.user_supervisor).assay_fineness = 749.6
        story = self.production._gold_trace_story()
        casting = story["casting"]
        self.assertTrue(casting["poured"])
        self.assertEqual(casting["target"], TARGET)
        self.assertEqual(casting["weighed_g"], Decimal("75.0400"))
        self.assertEqual(casting["fineness"], Decimal(str(mix.fineness)))
        rows = {row["name"]: row for row in casting["rows"]}
        self.assertEqual(rows["Master alloy"]["deviation"], Decimal("0.0400"))
        self.assertEqual(rows["Gold 18K grain"]["planned"], Decimal("37.5000"))
        self.assertEqual(rows["Gold 18K grain"]["weighed"], Decimal("37.5000"))
        self.assertEqual(rows["Gold 18K grain"]["fine"], Decimal("28.1250"))
        self.assertTrue(casting["assay"].below)
        self.assertEqual(casting["assay"].difference, Decimal("-0.40"))
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "gold_mes.report_gold_trace", self.production.ids
        )
        root = etree.fromstring(html, etree.HTMLParser())
        fineness = root.xpath("//td[contains(@class, 'o_gold_trace_casting_fineness')]")
        self.assertEqual(fineness[0].text.strip(), f"{mix.fineness:.2f}")
        weighed = root.xpath("//td[contains(@class, 'o_gold_trace_casting_weighed')]")
        self.assertEqual(weighed[0].text.strip(), "37.5000")
        below = root.xpath("//div[contains(@class, 'o_gold_trace_assay_below')]")
        self.assertIn("749.60", " ".join(below[0].itertext()))
        self.assertEqual(len(root.xpath("//tr[contains(@class, 'o_gold_trace_casting_row')]")), 4)

    def test_trace_of_a_batch_without_mix_keeps_the_components(self):
        story = self.production._gold_trace_story()
        self.assertIsNone(story["casting"])
        self.assertEqual(story["mix"]["fineness"], Decimal("750.00"))

    def test_kiosk_server_casting(self):
        kiosk = self.env["gold.kiosk"].with_user(self.user_operator)
        batches = kiosk.kiosk_casting_batches(self.employee.id)
        self.assertIn(self.production.id, [b["id"] for b in batches])
        card = kiosk.kiosk_casting_mix(self.production.id)
        self.assertEqual(card["verdict"], "incomplete")
        self.assertFalse(card["pourable"])
        self.assertEqual(card["lines"][0]["planned"], "37.5000")
        with self.assertRaisesRegex(UserError, "Weigh every component"):
            kiosk.kiosk_casting_pour(card["id"], self.employee.id)
        for line in card["lines"]:
            card = kiosk.kiosk_casting_weigh(
                card["id"],
                line["id"],
                self.employee.id,
                self.scale.id,
                self._reading(line["planned"]),
            )
        self.assertEqual(card["verdict"], "ok")
        self.assertTrue(card["pourable"])
        card = kiosk.kiosk_casting_pour(card["id"], self.employee.id)
        self.assertEqual(card["state"], "poured")
        batches = kiosk.kiosk_casting_batches(self.employee.id)
        self.assertNotIn(self.production.id, [b["id"] for b in batches])
        with self.assertRaisesRegex(UserError, "not in the mix"):
            kiosk.kiosk_casting_weigh(card["id"], 0, self.employee.id, self.scale.id, {})

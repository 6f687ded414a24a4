import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from odoo.addons.gold_units.core import UNITS, convert_exact
from odoo.addons.gold_units.models.uom_uom import round_fraction, to_decimal
from odoo.tests import TransactionCase, tagged


def expected(value, src, dst, rounding):
    return round_fraction(convert_exact(value, src, dst), rounding, ROUND_HALF_UP)


@tagged("post_install", "-at_install")
class TestGoldUom(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Uom = cls.env["uom.uom"]
        cls.gold_uoms = Uom.search([("gold_unit_code", "!=", False)])
        # Odoo's kilogram keeps its own rounding (1 g): it converts exactly but
        # is not a unit gold is weighed in, so the 0.1 mg checks skip it.
        cls.fine_uoms = cls.gold_uoms - cls.env.ref("uom.product_uom_kgm")
        cls.gram = cls.env.ref("uom.product_uom_gram")
        cls.luong = cls.env.ref("gold_units.uom_luong")
        cls.chi = cls.env.ref("gold_units.uom_chi")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Gold 750 grain",
                "uom_id": cls.gram.id,
                "uom_po_id": cls.gram.id,
                "gold_is_gold": True,
                "gold_purity_id": cls.env.ref("gold_units.gold_purity_750").id,
            }
        )

    def test_every_core_unit_is_an_odoo_unit(self):
        codes = set(self.gold_uoms.mapped("gold_unit_code"))
        self.assertEqual(codes, set(UNITS))
        for uom in self.fine_uoms:
            self.assertEqual(uom.category_id, self.gram.category_id, uom.name)
            self.assertEqual(Decimal(uom.gold_grams), UNITS[uom.gold_unit_code].grams)
            # a unit's rounding is worth at most 0.1 mg
            self.assertLessEqual(
                Fraction(to_decimal(uom.rounding)) * UNITS[uom.gold_unit_code].exact,
                Fraction(1, 10000),
                uom.name,
            )

    def test_conversions_agree_with_core_both_ways(self):
        rng = random.Random(18)
        for uom in self.gold_uoms - self.gram:
            code = uom.gold_unit_code
            for _ in range(40):
                grams = Decimal(rng.randint(1, 10_000_000)).scaleb(-4)
                value = to_decimal(self.gram._compute_quantity(float(grams), uom))
                self.assertEqual(value, expected(grams, "g", code, uom.rounding), (grams, uom.name))
                amount = Decimal(rng.randint(1, 10**6)) * to_decimal(uom.rounding)
                back = to_decimal(uom._compute_quantity(float(amount), self.gram))
                self.assertEqual(back, expected(amount, code, "g", self.gram.rounding))

    def test_no_rounding_up_drift_on_round_trips(self):
        rng = random.Random(7)
        for uom in self.fine_uoms - self.gram:
            for _ in range(40):
                grams = Decimal(rng.randint(1, 10_000_000)).scaleb(-4)
                there = self.gram._compute_quantity(float(grams), uom)
                back = uom._compute_quantity(there, self.gram)
                self.assertEqual(to_decimal(back), grams, (grams, uom.name, there))

    def test_odoo_would_drift_without_us(self):
        """The bug we fix: Odoo's float path rounds 1.1 g up through lượng."""
        there = self.gram._compute_quantity(1.1, self.luong)
        self.assertEqual(to_decimal(there), Decimal("0.029333"))
        plain_gram = self.env["uom.uom"].new(
            {"factor": 1000.0, "rounding": 0.0001, "category_id": self.gram.category_id.id}
        )
        odoo_there = plain_gram._compute_quantity(1.1, self.luong)
        self.assertEqual(to_decimal(odoo_there), Decimal("0.029334"))

    def test_down_rounding_is_honoured(self):
        value = self.gram._compute_quantity(1.1, self.luong, rounding_method="DOWN")
        self.assertEqual(to_decimal(value), Decimal("0.029333"))
        value = self.gram._compute_quantity(1.09999, self.luong, rounding_method="DOWN")
        self.assertEqual(to_decimal(value), Decimal("0.029333"))

    def test_price_per_unit_converts_inversely(self):
        per_gram = 2_000_000.0
        per_luong = self.gram._compute_price(per_gram, self.luong)
        self.assertEqual(to_decimal(per_luong), Decimal("75000000"))

    def test_quantity_precision_keeps_gold_units(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        self.assertGreaterEqual(digits, self.env["uom.uom"]._gold_quantity_digits())
        self.assertEqual(self.env["decimal.precision"].precision_get("Gold Weight"), 4)

    def test_gold_grams_of_a_product(self):
        self.assertEqual(self.product.gold_grams(1.2, self.luong), Decimal("45.0000"))
        ring = self.env["product.product"].create(
            {
                "name": "Ring",
                "gold_is_gold": True,
                "gold_weight": 3.75,
                "gold_purity_id": self.env.ref("gold_units.gold_purity_750").id,
            }
        )
        self.assertEqual(ring.gold_grams(100), Decimal("375.0000"))

    def test_display_table_for_the_widget(self):
        self.env.company.gold_display_system = "vn"
        table = self.env["uom.uom"].gold_display_table()
        self.assertEqual(
            [u["code"] for u in table["display_units"]], ["luong", "chi", "phan", "ly"]
        )
        self.assertEqual(len(table["units"]), len(UNITS))

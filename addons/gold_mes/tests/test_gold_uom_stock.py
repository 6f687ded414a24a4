from decimal import Decimal

from odoo.addons.gold_units.models.uom_uom import to_decimal
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGoldUomStock(TransactionCase):
    """Gold units in stock: needs `stock`, which gold_units alone does not install."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gram = cls.env.ref("uom.product_uom_gram")
        cls.luong = cls.env.ref("gold_units.uom_luong")
        cls.hk_tael = cls.env.ref("gold_units.uom_hk_tael")
        cls.unit = cls.env.ref("uom.product_uom_unit")
        purity = cls.env.ref("gold_units.gold_purity_750")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Gold 750 grain",
                "is_storable": True,
                "uom_id": cls.gram.id,
                "uom_po_id": cls.gram.id,
                "gold_is_gold": True,
                "gold_purity_id": purity.id,
            }
        )
        cls.ring = cls.env["product.product"].create(
            {
                "name": "Ring 750",
                "is_storable": True,
                "gold_is_gold": True,
                "gold_purity_id": purity.id,
                "gold_weight": 3.75,
            }
        )
        cls.stock = cls.env.ref("stock.stock_location_stock")
        cls.supplier = cls.env.ref("stock.stock_location_suppliers")

    def _move_in(self, product, qty, uom):
        move = self.env["stock.move"].create(
            {
                "name": "in",
                "product_id": product.id,
                "product_uom": uom.id,
                "product_uom_qty": qty,
                "location_id": self.supplier.id,
                "location_dest_id": self.stock.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        return move

    def test_stock_move_of_one_luong_two_chi_is_45_grams(self):
        move = self._move_in(self.product, 1.2, self.luong)
        self.assertEqual(to_decimal(move.product_qty), Decimal("45"))
        quant = self.env["stock.quant"]._gather(self.product, self.stock)
        self.assertEqual(to_decimal(sum(quant.mapped("quantity"))), Decimal("45"))
        self.assertEqual(to_decimal(self.product.qty_available), Decimal("45"))

    def test_stock_keeps_a_tenth_of_a_milligram(self):
        self._move_in(self.product, 46.2751, self.gram)
        self.assertEqual(to_decimal(self.product.qty_available), Decimal("46.2751"))

    def test_consumed_tael_agrees_with_ledger_grams(self):
        """71.30 g is 1.886275 HK tael (37.79936375 g), not 1.886273 (÷ 37.7994)."""
        production = self.env["mrp.production"]
        qty = production._gold_qty_in_uom(self.product, Decimal("71.30"), self.hk_tael)
        self.assertEqual(to_decimal(qty), Decimal("1.886275"))
        back = self.product.gold_grams(qty, self.hk_tael)
        self.assertEqual(back, Decimal("71.3000"))
        # every trade unit: grams -> quantity -> grams gives the ledger's grams back
        kilogram = self.env.ref("uom.product_uom_kgm")  # keeps Odoo's 1 g rounding
        for uom in self.env["uom.uom"].search([("gold_unit_code", "!=", False)]) - kilogram:
            for grams in (Decimal("71.30"), Decimal("0.0001"), Decimal("375.1234")):
                qty = production._gold_qty_in_uom(self.product, grams, uom)
                self.assertEqual(self.product.gold_grams(qty, uom), grams, (uom.name, grams))

    def test_pieces_consumed_from_grams(self):
        qty = self.env["mrp.production"]._gold_qty_in_uom(self.ring, Decimal("375"), self.unit)
        self.assertEqual(to_decimal(qty), Decimal("100"))

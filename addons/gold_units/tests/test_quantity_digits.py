from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestQuantityDigits(TransactionCase):
    """Pieces read as pieces although 'Product Unit of Measure' keeps gold's digits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Ring box"})
        cls.packaging = cls.env["product.packaging"].create(
            {"name": "Box of 100", "product_id": cls.product.id, "qty": 100}
        )

    def _printed(self, record, field_name):
        return self.env["ir.qweb.field.float"].record_to_html(record, field_name, {})

    def test_storage_keeps_gold_digits(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        self.assertGreaterEqual(digits, self.env["uom.uom"]._gold_quantity_digits())
        self.packaging.qty = 46.2751
        self.assertEqual(self.packaging.qty, 46.2751)

    def test_piece_quantity_prints_as_pieces(self):
        self.assertEqual(self._printed(self.packaging, "qty"), "100.00")

    def test_gold_quantity_prints_every_digit_it_has(self):
        self.packaging.qty = 46.2751
        self.assertEqual(self._printed(self.packaging, "qty"), "46.2751")
        self.packaging.qty = 1.886275
        self.assertEqual(self._printed(self.packaging, "qty"), "1.886275")

    def test_report_option_decimal_precision(self):
        converter = self.env["ir.qweb.field.float"]
        options = {"decimal_precision": "Product Unit of Measure"}
        self.assertEqual(converter.value_to_html(100.0, options), "100.00")
        self.assertEqual(converter.value_to_html(45.5, options), "45.50")
        self.assertEqual(converter.value_to_html(0.0001, options), "0.0001")

    def test_other_precisions_untouched(self):
        converter = self.env["ir.qweb.field.float"]
        self.assertEqual(converter.value_to_html(100.0, {"precision": 4}), "100.0000")

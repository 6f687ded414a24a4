from decimal import Decimal

from odoo.addons.gold_units.models.uom_uom import to_decimal
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWeightWidgetTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.gold_display_system = "vn"
        cls.template = cls.env["product.template"].create(
            {
                "name": "Tour ring",
                "gold_is_gold": True,
                "gold_purity_id": cls.env.ref("gold_units.gold_purity_750").id,
                "gold_weight": 46.275,
            }
        )

    def _run(self, tour):
        self.start_tour(
            f"/odoo/action-product.product_template_action/{self.template.id}",
            tour,
            login="admin",
        )
        self.assertEqual(to_decimal(self.template.gold_weight), Decimal("45"))

    def test_typed_weight_in_english(self):
        """46,275 and 0,0001 are refused in English with how to write them."""
        self.env.ref("base.user_admin").lang = "en_US"
        self._run("gold_units_weight_widget")

    def test_typed_weight_in_vietnamese(self):
        """In Vietnamese the comma is the decimal sign: 46,275 g reads 1 lượng 2 chỉ …"""
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env.ref("base.user_admin").lang = "vi_VN"
        self._run("gold_units_weight_widget_vi")

    def test_piece_quantities_read_as_pieces(self):
        product = self.template.product_variant_id
        packaging = self.env["product.packaging"]
        packaging.create({"name": "Box of 100", "product_id": product.id, "qty": 100})
        packaging.create({"name": "Gold lot", "product_id": product.id, "qty": 46.2751})
        self.env.ref("base.user_admin").lang = "en_US"
        self.start_tour(
            "/odoo/action-product.action_packaging_view",
            "gold_units_quantity_digits",
            login="admin",
        )

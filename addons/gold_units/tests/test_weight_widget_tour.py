from decimal import Decimal

from odoo.addons.gold_units.models.uom_uom import to_decimal
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWeightWidgetTour(HttpCase):
    def test_compound_input_in_the_browser(self):
        self.env.company.gold_display_system = "vn"
        template = self.env["product.template"].create(
            {
                "name": "Tour ring",
                "gold_is_gold": True,
                "gold_purity_id": self.env.ref("gold_units.gold_purity_750").id,
                "gold_weight": 46.275,
            }
        )
        self.start_tour(
            f"/odoo/action-product.product_template_action/{template.id}",
            "gold_units_weight_widget",
            login="admin",
        )
        self.assertEqual(to_decimal(template.gold_weight), Decimal("45"))

from decimal import Decimal

from odoo.addons.gold_units.core import PURITIES
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError


@tagged("post_install", "-at_install")
class TestGoldPurity(TransactionCase):
    def test_trade_purities_are_shipped(self):
        for code in ("9999", "999", "980", "916", "750", "680", "610", "585", "416", "375"):
            purity = self.env.ref(f"gold_units.gold_purity_{code}")
            self.assertEqual(purity.code, code)
            self.assertIn(code, PURITIES)
            self.assertEqual(purity.gold_fineness(), PURITIES[code].fineness)

    def test_karat_and_tuoi_follow_fineness(self):
        purity = self.env.ref("gold_units.gold_purity_750")
        self.assertEqual(Decimal(str(purity.karat)), Decimal("18"))
        self.assertEqual(Decimal(str(purity.tuoi)), Decimal("7.5"))

    @mute_logger("odoo.sql_db")
    def test_fineness_outside_range_is_refused(self):
        Purity = self.env["gold.purity"]
        for fineness in (0.0, -1.0, 1000.5):
            with self.assertRaises(IntegrityError), self.env.cr.savepoint():
                Purity.create({"name": "bad", "code": f"x{fineness}", "fineness": fineness})
        self.assertFalse(Purity.search([("code", "like", "x%")]))

    def test_operators_read_but_do_not_change_purities(self):
        user = new_test_user(self.env, login="purity_reader", groups="base.group_user")
        purity = self.env.ref("gold_units.gold_purity_610").with_user(user)
        self.assertEqual(purity.code, "610")
        with self.assertRaises(AccessError):
            purity.fineness = 750

    def test_vietnamese_translation_ships(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms(["gold_units"], ["vi_VN"], overwrite=True)
        purity = self.env.ref("gold_units.gold_purity_750").with_context(lang="vi_VN")
        self.assertEqual(purity.name, "Vàng 18K (750)")
        field = self.env["ir.model.fields"]._get("gold.purity", "fineness")
        self.assertEqual(field.with_context(lang="vi_VN").field_description, "Hàm lượng")

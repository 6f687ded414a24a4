import base64
from datetime import datetime
from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError


@tagged("post_install", "-at_install")
class TestGoldPrice(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.Price = cls.env["gold.price"]
        cls.Price.search([]).unlink()
        cls.Price.create(
            [
                {"date": datetime(2026, 11, 1, 8), "price_per_gram": 2_000_000.0},
                {"date": datetime(2026, 11, 2, 8), "price_per_gram": 2_100_000.0},
            ]
        )
        cls.user = new_test_user(cls.env, login="gold_clerk", groups="base.group_user")
        cls.manager = new_test_user(
            cls.env, login="gold_price_boss", groups="gold_units.gold_price_group_manager"
        )

    def test_value_uses_the_price_in_force(self):
        # 10 g of 750 = 7.5 g fine; on 1 Nov at 2,000,000 per fine gram
        value = self.Price._get_value(Decimal("10"), Decimal("750"), at=datetime(2026, 11, 1, 20))
        self.assertEqual(value, Decimal("15000000") * Decimal("1").scaleb(0))
        later = self.Price._get_value("10", "750", at=datetime(2026, 11, 3))
        self.assertEqual(later, Decimal("15750000"))

    def test_value_is_rounded_to_the_currency(self):
        value = self.Price._get_value(Decimal("0.0001"), Decimal("585"), at=datetime(2026, 11, 3))
        digits = self.company.currency_id.decimal_places
        self.assertEqual(
            value, (Decimal("0.0000585") * 2_100_000).quantize(Decimal(1).scaleb(-digits))
        )

    def test_no_price_before_the_first_one(self):
        with self.assertRaisesRegex(UserError, "No gold price"):
            self.Price._get_value(Decimal("1"), Decimal("999.9"), at=datetime(2026, 10, 1))

    @mute_logger("odoo.sql_db")
    def test_price_must_be_positive(self):
        with self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Price.create({"date": datetime(2026, 11, 5), "price_per_gram": 0.0})

    def test_rights(self):
        self.assertTrue(self.Price.with_user(self.user).search([]))
        with self.assertRaises(AccessError):
            self.Price.with_user(self.user).create(
                {"date": datetime(2026, 11, 6), "price_per_gram": 1.0}
            )
        self.Price.with_user(self.manager).create(
            {"date": datetime(2026, 11, 6), "price_per_gram": 1.0}
        )

    def _import(self, text):
        wizard = self.env["gold.price.import"].create(
            {"data_file": base64.b64encode(text.encode())}
        )
        return wizard.action_import()

    def test_csv_import(self):
        currency = self.company.currency_id.name
        action = self._import(
            f'date,price_per_gram,currency\n2026-11-10 08:00:00,"2150000,5",{currency}\n'
            "2026-11-11 08:00:00,2160000\n"
        )
        prices = self.Price.browse(action["domain"][0][2])
        self.assertEqual(len(prices), 2)
        self.assertEqual(set(prices.mapped("source")), {"import"})
        self.assertIn(2150000.5, prices.mapped("price_per_gram"))

    def test_csv_import_is_all_or_nothing(self):
        before = self.Price.search_count([])
        with self.assertRaisesRegex(UserError, "line 3"):
            self._import("date,price_per_gram\n2026-11-12 08:00:00,2000000\n2026-11-13,-5\n")
        with self.assertRaisesRegex(UserError, "columns"):
            self._import("when,price\n2026-11-12,1\n")
        self.assertEqual(self.Price.search_count([]), before)

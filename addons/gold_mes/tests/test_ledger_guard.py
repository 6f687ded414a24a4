import psycopg2
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GoldMesFixture


@tagged("post_install", "-at_install")
class TestLedgerGuard(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def setUp(self):
        super().setUp()
        self.production = self._make_production()
        result = self._capture("issue", "375", production=self.production)
        self.line = self.env["gold.weighing"].browse(result["weighing_id"])

    def test_orm_refuses_everyone(self):
        for env in (self.env(user=self.user_manager), self.env, self.env(su=True)):
            line = self.line.with_env(env)
            with self.subTest(uid=env.uid, su=env.su):
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    line.write({"net_g": 1.0})
                with self.assertRaisesRegex(UserError, "cannot be deleted"):
                    line.unlink()
                with self.assertRaisesRegex(UserError, "through capture"):
                    env["gold.weighing"].create(
                        {
                            "kind": "issue",
                            "net_g": 1.0,
                            "source": "manual",
                            "company_id": self.company.id,
                        }
                    )
                with self.assertRaises(UserError):
                    line.copy()
        self.assertEqual(self.line.net_g, 375.0)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_update_delete_truncate(self):
        statements = [
            "UPDATE gold_weighing SET net_g = 1 WHERE id = %s",
            "UPDATE gold_weighing SET kind = 'dust' WHERE id = %s",
            "DELETE FROM gold_weighing WHERE id = %s",
            "TRUNCATE gold_weighing CASCADE",
        ]
        for statement in statements:
            with self.subTest(statement=statement):
                with self.assertRaisesRegex(psycopg2.Error, "immutable"), self.env.cr.savepoint():
                    self.env.cr.execute(statement, [self.line.id])
        self.env.cr.execute("SELECT net_g FROM gold_weighing WHERE id = %s", [self.line.id])
        self.assertEqual(self.env.cr.fetchone()[0], 375.0)

    def test_database_allows_untouched_columns(self):
        """An UPDATE that keeps the line as it is passes (every column is guarded:
        tests/test_ledger_seal.py)."""
        self.env.cr.execute(
            "UPDATE gold_weighing SET write_date = write_date WHERE id = %s", [self.line.id]
        )
        self.assertEqual(self.env.cr.rowcount, 1)

    def test_numeric_storage(self):
        """Weights are exact decimals in PostgreSQL, on the 0.1 mg grid."""
        self.env.cr.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'gold_weighing' AND column_name = 'net_g'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], "numeric")
        self.env.cr.execute(
            "SELECT net_g::text, fine_g::text FROM gold_weighing WHERE id = %s", [self.line.id]
        )
        self.assertEqual(self.env.cr.fetchone(), ("375.0000", "281.2500"))

    def test_chatter_trail(self):
        bodies = self.production.message_ids.mapped("body")
        self.assertTrue(any(self.line.name in body for body in bodies))

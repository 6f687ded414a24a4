import psycopg2
from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from ..core.seal import chain_hash
from .common import LUONG, GoldMesFixture


@tagged("post_install", "-at_install")
class TestLedgerSeal(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()
        cls.casting = cls._stages(cls.production)[0]
        cls.Weighing = cls.env["gold.weighing"]

    def setUp(self):
        super().setUp()
        # lines of earlier suites (or demo data) sealed first: this test's chain follows
        self.Weighing._gold_seal(self.company)
        self.start, _tail = self.Weighing._gold_seal_tail(self.company)
        self.lines = self.Weighing.browse(
            [
                self._capture("issue", 10 * LUONG, production=self.production)["weighing_id"],
                self._capture("in", 10 * LUONG, workorder=self.casting)["weighing_id"],
                self._capture("issue", "1.5", production=self.production)["weighing_id"],
            ]
        )

    def _sql(self, query, *args):
        self.env.cr.execute(SQL(query, *args))

    def _tamper(self, query, *args):
        """Change the ledger in SQL as a DBA could, with the trigger disabled."""
        self._sql("ALTER TABLE gold_weighing DISABLE TRIGGER gold_weighing_immutable_row")
        self._sql(query, *args)
        self._sql("ALTER TABLE gold_weighing ENABLE TRIGGER gold_weighing_immutable_row")
        self.env.invalidate_all()

    def _check(self, user=None):
        wizard = self.env["gold.integrity.check"].with_user(user or self.user_accountant).create({})
        wizard.action_check()
        return wizard

    # ------------------------------------------------------------------ trigger
    @mute_logger("odoo.sql_db")
    def test_trigger_covers_every_column(self):
        line = self.lines[1]  # the weigh-in: a stage, an operation
        statements = {
            "signed": "UPDATE gold_weighing SET signed = NOT coalesce(signed, false) WHERE id = %s",
            "user_id": "UPDATE gold_weighing SET user_id = 1 WHERE id = %s",
            "operation_id": "UPDATE gold_weighing SET operation_id = NULL WHERE id = %s",
            "create_uid": "UPDATE gold_weighing SET create_uid = 1 WHERE id = %s",
            "create_date": "UPDATE gold_weighing SET create_date = now() - interval '1 day' "
            "WHERE id = %s",
            "write_date": "UPDATE gold_weighing SET write_date = now() - interval '1 day' "
            "WHERE id = %s",
            "captured_at": "UPDATE gold_weighing SET captured_at = captured_at - interval '1 s' "
            "WHERE id = %s",
            "id": "UPDATE gold_weighing SET id = -id WHERE id = %s",
        }
        for column, statement in statements.items():
            with self.subTest(column=column):
                with self.assertRaisesRegex(psycopg2.Error, "immutable"), self.env.cr.savepoint():
                    self.env.cr.execute(statement, [line.id])
        # an UPDATE that changes nothing passes
        self._sql("UPDATE gold_weighing SET net_g = net_g, signed = signed WHERE id = %s", line.id)
        self.assertEqual(self.env.cr.rowcount, 1)

    @mute_logger("odoo.sql_db")
    def test_seal_columns_are_set_once_from_null(self):
        self.Weighing._gold_seal(self.company)
        sealed = self.lines[0]
        for statement in (
            "UPDATE gold_weighing SET seal_hash = 'forged' WHERE id = %s",
            "UPDATE gold_weighing SET seal_hash = NULL, seal_sequence = NULL WHERE id = %s",
            "UPDATE gold_weighing SET seal_sequence = seal_sequence + 100 WHERE id = %s",
        ):
            with self.subTest(statement=statement):
                with self.assertRaisesRegex(psycopg2.Error, "immutable"), self.env.cr.savepoint():
                    self.env.cr.execute(statement, [sealed.id])
        new = self._capture("issue", "2", production=self.production)["weighing_id"]
        with self.assertRaisesRegex(psycopg2.Error, "immutable"), self.env.cr.savepoint():
            # one seal column without the other
            self._sql("UPDATE gold_weighing SET seal_hash = 'x' WHERE id = %s", new)
        with (
            self.assertRaisesRegex(psycopg2.Error, "sealed after capture"),
            self.env.cr.savepoint(),
        ):
            self._sql(
                "INSERT INTO gold_weighing (kind, net_g, source, company_id, captured_at, "
                "seal_sequence, seal_hash) VALUES ('issue', 1, 'manual', %s, now(), 999999, 'x')",
                self.company.id,
            )

    # ------------------------------------------------------------------ chain
    def test_lines_are_chained_in_capture_order(self):
        self.assertFalse(any(self.lines.mapped("seal_hash")))
        self.assertEqual(self.Weighing._gold_seal(self.company), 3)
        self.assertEqual(
            self.lines.mapped("seal_sequence"), [self.start + 1, self.start + 2, self.start + 3]
        )
        # each hash is sha256(previous | canonical columns), as read from the database
        from ..models.gold_weighing_seal import SEALED_COLUMNS  # noqa: PLC0415

        columns = SQL(", ").join(SQL.identifier(c) for c in SEALED_COLUMNS)
        self._sql(
            "SELECT %s FROM gold_weighing WHERE id IN %s ORDER BY id",
            columns,
            tuple(self.lines.ids),
        )
        rows = self.env.cr.dictfetchall()
        previous = self.lines[0].seal_hash
        for line, row in zip(self.lines[1:], rows[1:], strict=True):
            expected = chain_hash(previous, {**row, "seal_sequence": line.seal_sequence})
            self.assertEqual(line.seal_hash, expected)
            previous = line.seal_hash
        self.assertEqual(self.Weighing._gold_seal(self.company), 0)
        fourth = self.Weighing.browse(
            self._capture("issue", "2", production=self.production)["weighing_id"]
        )
        self.assertFalse(fourth.seal_hash)
        self.env["gold.weighing"]._cron_gold_seal()
        self.assertEqual(fourth.seal_sequence, self.start + 4)
        check = self._check()
        self.assertEqual(check.state, "ok")
        self.assertEqual(check.checked_count, self.start + 4)
        self.assertEqual(check.unsealed_count, 0)

    def test_companies_have_their_own_chain(self):
        other = self.env["res.company"].create({"name": "Second workshop"})
        self.assertEqual(self.Weighing._gold_seal(other), 0)
        self.assertEqual(self.Weighing._gold_seal_tail(other), (0, ""))
        self.Weighing._gold_seal(self.company)
        self.assertEqual(self.Weighing._gold_seal_tail(self.company)[0], self.start + 3)

    def test_sealing_skips_a_company_being_sealed(self):
        """No second sealer waits: the company's seal lock held elsewhere is skipped.

        This test's transaction holds the lock (setUp sealed); another transaction
        skips the company instead of waiting for it."""
        with self.registry.cursor() as other:
            env = api.Environment(other, SUPERUSER_ID, {})
            self.assertEqual(env["gold.weighing"]._gold_seal(env.company), 0)
            other.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", "gold_mes.seal:0"))
            self.assertTrue(other.fetchone()[0])
        self.assertEqual(self.Weighing._gold_seal(self.company), 3)

    # ------------------------------------------------------------------ report
    def test_report_finds_a_line_changed_in_sql(self):
        self.Weighing._gold_seal(self.company)
        self.assertEqual(self._check().state, "ok")
        middle = self.lines[1]
        self._tamper("UPDATE gold_weighing SET net_g = net_g - 0.5 WHERE id = %s", middle.id)
        check = self._check()
        self.assertEqual(check.state, "broken")
        self.assertEqual(check.break_weighing_id, middle)
        self.assertEqual(check.break_reason, "hash")
        self.assertIn(middle.name, check.message)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_accountant)
            ._render_qweb_html("gold_mes.gold_integrity_check_report", check.ids)[0]
            .decode()
        )
        self.assertIn(middle.name, html)
        self.assertIn("Chain Broken", html)
        action = check.action_print()
        self.assertEqual(action["report_name"], "gold_mes.gold_integrity_check_document")

    def test_report_finds_a_forged_seal(self):
        self.Weighing._gold_seal(self.company)
        first = self.lines[0]
        self._tamper("UPDATE gold_weighing SET seal_hash = repeat('0', 64) WHERE id = %s", first.id)
        check = self._check(self.user_supervisor)
        self.assertEqual((check.break_weighing_id, check.break_reason), (first, "hash"))

    def test_report_finds_a_removed_line(self):
        self.Weighing._gold_seal(self.company)
        _first, middle, last = self.lines
        self._tamper("DELETE FROM gold_weighing WHERE id = %s", middle.id)
        check = self._check()
        self.assertEqual((check.break_weighing_id, check.break_reason), (last, "sequence"))
        self.assertIn(last.name, check.message)

    def test_check_rights(self):
        with self.assertRaises(AccessError):
            self.env["gold.integrity.check"].with_user(self.user_operator).create({})
        other = self.env["res.company"].create({"name": "Second workshop"})
        accountant_b = new_test_user(
            self.env,
            "gold_accountant_other",
            company_id=other.id,
            company_ids=[other.id],
            groups="gold_mes.gold_weighing_group_accountant",
        )
        with self.assertRaises(AccessError):
            self.env["gold.integrity.check"].with_user(accountant_b).create(
                {"company_id": self.company.id}
            ).action_check()
        menu = self.env.ref("gold_mes.gold_integrity_check_menu")
        self.assertEqual(
            menu.groups_id,
            self.env.ref("gold_mes.gold_weighing_group_supervisor")
            | self.env.ref("gold_mes.gold_weighing_group_accountant"),
        )

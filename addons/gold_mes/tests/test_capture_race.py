import functools
import uuid

import psycopg2
from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCaptureRace(TransactionCase):
    """Two transactions capture with one idempotency key: one line, both get it.

    The test transaction cannot see other cursors' work, so this suite works in two
    fresh cursors that commit, and removes its committed line afterwards (with the
    ledger trigger disabled for that one statement, as a DBA would).
    """

    def setUp(self):
        super().setUp()
        self.key = f"race-{uuid.uuid4()}"
        self.addCleanup(self._purge)

    def _vals(self, company_id):
        return {
            "name": "RACE",
            "kind": "issue",
            "net_g": 1.0,
            "source": "manual",
            "company_id": company_id,
            "idempotency_key": self.key,
        }

    def _purge(self):
        with self.registry.cursor() as cr:
            cr.execute("ALTER TABLE gold_weighing DISABLE TRIGGER gold_weighing_immutable_row")
            cr.execute("DELETE FROM gold_weighing WHERE idempotency_key = %s", [self.key])
            cr.execute("ALTER TABLE gold_weighing ENABLE TRIGGER gold_weighing_immutable_row")
            # the day sums of the deleted lines go with them
            api.Environment(cr, SUPERUSER_ID, {})["gold.weighing.daily"]._gold_rebuild()

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_same_key_two_cursors_one_line(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            company_id = env1.ref("base.main_company").id
            cr2.execute("SELECT count(*) FROM gold_weighing")  # cr2's snapshot starts now
            first = env1["gold.weighing"]._capture_create(self._vals(company_id))
            first_id = first.id
            cr1.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                env2["gold.weighing"]._capture_create(self._vals(company_id))
            cr2.rollback()
            env2.invalidate_all()
            # what Odoo's RPC and HTTP layers do on a serialization failure: retry
            second = retrying(
                functools.partial(
                    lambda: env2["gold.weighing"]._capture_create(self._vals(company_id)).id
                ),
                env2,
            )
            self.assertEqual(second, first_id)
            cr1.execute("SELECT count(*) FROM gold_weighing WHERE idempotency_key = %s", [self.key])
            self.assertEqual(cr1.fetchone()[0], 1)

    @mute_logger("odoo.sql_db")
    def test_unique_index_in_database(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company_id = env.ref("base.main_company").id
            env["gold.weighing"]._capture_create(self._vals(company_id))
            with self.assertRaises(psycopg2.errors.UniqueViolation), cr.savepoint():
                cr.execute(
                    "INSERT INTO gold_weighing (name, kind, net_g, source, company_id, "
                    "captured_at, idempotency_key) VALUES ('X', 'issue', 1, 'manual', %s, "
                    "now(), %s)",
                    [company_id, self.key],
                )
            cr.rollback()

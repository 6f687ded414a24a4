"""Idempotency is total: every retry with the same key returns the first line.

A retry racing its first call (a kiosk that timed out and sent again) arrives with the
same key and the same signed reading; whichever transaction wins, the other must end,
after Odoo's retry on a serialization failure, with the first line, never with a
"replayed signature" refusal that would make the kiosk weigh the gold a second time.
"""

import functools
import time
import uuid
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..hw_scale.signing import sign_reading
from .common import GoldMesFixture


@tagged("post_install", "-at_install")
class TestIdempotency(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.scale.sudo().secret = "idem-secret"

    def _vals(self, production, reading, key):
        return {
            "kind": "issue",
            "production_id": production.id,
            "employee_id": self.employee.id,
            "scale_id": self.scale.id,
            "reading": reading,
            "idempotency_key": key,
        }

    def _capture_vals(self, vals, user=None):
        return self.env["gold.weighing"].with_user(user or self.user_operator).capture(dict(vals))

    def test_same_key_same_signature_returns_first_line(self):
        production = self._make_production()
        vals = self._vals(production, self._reading(375), "same-1")
        first = self._capture_vals(vals)
        again = self._capture_vals(vals)
        self.assertEqual(again["weighing_id"], first["weighing_id"])
        self.assertTrue(again["replayed"])
        self.assertEqual(len(production.gold_weighing_ids), 1)

    def test_retry_after_the_signature_went_stale(self):
        production = self._make_production()
        vals = self._vals(production, self._reading(375), "stale-1")
        first = self._capture_vals(vals)
        later = time.time() + 3600
        with patch("odoo.addons.gold_mes.hw_scale.signing.time.time", return_value=later):
            again = self._capture_vals(vals)
        self.assertEqual(again["weighing_id"], first["weighing_id"])

    def test_retry_unsigned_and_manual(self):
        """A supervisor's manual weight retried: the first line, not a second one."""
        production = self._make_production()
        vals = {
            "kind": "issue",
            "production_id": production.id,
            "employee_id": self.employee.id,
            "weight_g": "375",
            "reason": "Balance broken, weighed on the safe's balance",
            "idempotency_key": "manual-1",
        }
        first = self._capture_vals(vals, self.user_supervisor)
        again = self._capture_vals(vals, self.user_supervisor)
        self.assertEqual(again["weighing_id"], first["weighing_id"])
        self.assertEqual(len(production.gold_weighing_ids), 1)

    def test_replayed_signature_under_another_key_refused(self):
        production = self._make_production()
        reading = self._reading(375)
        self._capture_vals(self._vals(production, reading, "first-key"))
        for key in ("second-key", False):
            with self.subTest(key=key), self.assertRaisesRegex(UserError, "replayed signature"):
                self._capture_vals(self._vals(production, reading, key))
        self.assertEqual(len(production.gold_weighing_ids), 1)

    def test_same_key_other_weighing_refused(self):
        production = self._make_production()
        self._capture_vals(self._vals(production, self._reading(375), "other-1"))
        with self.assertRaisesRegex(ValidationError, "already used"):
            self._capture_vals(self._vals(production, self._reading(374), "other-1"))
        self.assertEqual(len(production.gold_weighing_ids), 1)


@tagged("post_install", "-at_install")
class TestIdempotencyRace(TransactionCase):
    """Two transactions: the kiosk's first call and its retry, same key, same reading.

    Works in fresh cursors that commit (the test transaction cannot see them) and removes
    what it committed afterwards (the ledger trigger disabled for that, as a DBA would).
    """

    SECRET = "race-secret"

    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:10]
        self.made = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].create({"name": f"Race ring {self.tag}"})
            workcenter = env["mrp.workcenter"].create({"name": f"Race {self.tag}"})
            bom = env["mrp.bom"].create(
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "operation_ids": [
                        Command.create(
                            {
                                "name": f"Race stage {self.tag}",
                                "workcenter_id": workcenter.id,
                                "gold_weigh_out_required": True,
                            }
                        )
                    ],
                }
            )
            production = env["mrp.production"].create(
                {"product_id": product.id, "product_qty": 1, "bom_id": bom.id}
            )
            production.action_confirm()
            scale = env["gold.scale"].create(
                {
                    "name": f"Race balance {self.tag}",
                    "serial": f"RACE-{self.tag}",
                    "capacity_g": 1000,
                    "secret": self.SECRET,
                }
            )
            employee = env["hr.employee"].create({"name": f"Race worker {self.tag}"})
            self.made = {
                "product": product.id,
                "production": production.id,
                "scale": scale.id,
                "employee": employee.id,
                "bom": bom.id,
                "workcenter": workcenter.id,
            }
        self.addCleanup(self._purge)

    def _purge(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute("ALTER TABLE gold_weighing DISABLE TRIGGER gold_weighing_immutable_row")
            cr.execute(
                "DELETE FROM gold_weighing WHERE production_id = %s", [self.made["production"]]
            )
            cr.execute("ALTER TABLE gold_weighing ENABLE TRIGGER gold_weighing_immutable_row")
            env["gold.weighing.daily"]._gold_rebuild()  # the deleted lines' day sums too
            production = env["mrp.production"].browse(self.made["production"])
            production.action_cancel()
            production.unlink()
            env["gold.scale"].browse(self.made["scale"]).unlink()
            env["hr.employee"].browse(self.made["employee"]).unlink()
            env["stock.move"].search([("product_id", "=", self.made["product"])]).unlink()
            env["mrp.bom"].browse(self.made["bom"]).unlink()
            env["mrp.workcenter"].browse(self.made["workcenter"]).unlink()
            env["product.product"].browse(self.made["product"]).unlink()

    def _vals(self, reading, key):
        return {
            "kind": "issue",
            "production_id": self.made["production"],
            "employee_id": self.made["employee"],
            "scale_id": self.made["scale"],
            "reading": reading,
            "weight_g": "12.5",
            "idempotency_key": key,
        }

    @mute_logger("odoo.sql_db", "odoo.service.model", "odoo.addons.gold_mes.models.gold_weighing")
    def test_racing_retry_gets_the_first_line(self):
        reading = sign_reading(
            self.SECRET,
            {
                "scale": f"RACE-{self.tag}",
                "net": "12.5",
                "grams": "12.5",
                "unit": "g",
                "stable": True,
            },
        )
        key = f"race-{self.tag}"
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            cr2.execute("SELECT count(*) FROM gold_weighing")  # the retry's snapshot: now
            first = env1["gold.weighing"].capture(self._vals(reading, key))
            cr1.commit()

            def retry():
                return env2["gold.weighing"].capture(self._vals(reading, key))

            # what Odoo's RPC and HTTP layers do: retry on a serialization failure
            second = retrying(functools.partial(retry), env2)
            self.assertEqual(second["weighing_id"], first["weighing_id"])
            self.assertTrue(second["replayed"])
            cr2.rollback()
            cr1.execute(
                "SELECT count(*) FROM gold_weighing WHERE production_id = %s",
                [self.made["production"]],
            )
            self.assertEqual(cr1.fetchone()[0], 1)


@tagged("post_install", "-at_install")
class TestCaptureContext(GoldMesFixture, TransactionCase):
    """An RPC client sends any context it likes: default_* keys must not reach the line
    (a backdated capture time, a forged source or approver)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def test_context_defaults_do_not_reach_the_ledger_line(self):
        production = self._make_production()
        forged = {
            "default_captured_at": "2020-01-01 00:00:00",
            "default_approver_id": self.user_operator.id,
            "default_calibration_override": True,
        }
        result = (
            self.env["gold.weighing"]
            .with_user(self.user_operator)
            .with_context(**forged)
            .capture(
                {
                    "kind": "issue",
                    "production_id": production.id,
                    "employee_id": self.employee.id,
                    "scale_id": self.scale.id,
                    "reading": self._reading(375),
                    "idempotency_key": "ctx-1",
                }
            )
        )
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertNotEqual(line.captured_at.year, 2020)
        self.assertFalse(line.approver_id)
        self.assertFalse(line.calibration_override)

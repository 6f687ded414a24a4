"""A balance reading is trusted only when signed with that balance's secret."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..hw_scale.signing import sign_reading
from .common import GoldMesFixture

HAND_MADE = {"unit": "g", "grams": "4.4444", "stable": True}


@tagged("post_install", "-at_install")
class TestScaleSecret(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()

    def _capture_vals(self, user, **extra):
        vals = {
            "kind": "issue",
            "production_id": self.production.id,
            "employee_id": self.employee.id,
            "scale_id": self.scale.id,
        }
        vals.update(extra)
        return self.env["gold.weighing"].with_user(user).capture(vals)

    def test_every_balance_has_a_secret(self):
        for connection in ("proxy", "local"):
            with self.subTest(connection=connection):
                scale = self.env["gold.scale"].create(
                    {"name": f"New {connection}", "serial": f"NEW-{connection}"}
                )
                secret = scale.sudo().secret
                self.assertEqual(len(secret or ""), 64)
        self.assertEqual(len(self.scale.sudo().secret or ""), 64)

    def test_existing_balances_get_one_on_upgrade(self):
        self.env.flush_all()
        self.env.cr.execute("UPDATE gold_scale SET secret = NULL WHERE id = %s", [self.scale.id])
        self.env.invalidate_all()
        self.assertFalse(self.scale.sudo().secret)
        self.env["gold.scale"]._gold_fill_missing_secrets()
        self.assertEqual(len(self.scale.sudo().secret or ""), 64)

    def test_secret_shown_once(self):
        scale = (
            self.env["gold.scale"]
            .with_user(self.user_manager)
            .create({"name": "Shown once", "serial": "ONCE-1"})
        )
        action = scale.action_show_secret()
        self.assertIn(scale.sudo().secret, action["params"]["message"])
        with self.assertRaisesRegex(UserError, "already shown"):
            scale.action_show_secret()
        old = scale.sudo().secret
        action = scale.action_generate_secret()
        self.assertNotEqual(scale.sudo().secret, old)
        self.assertIn(scale.sudo().secret, action["params"]["message"])
        with self.assertRaises(AccessError):
            scale.with_user(self.user_operator).action_show_secret()

    def test_hand_made_reading_is_not_a_balance_weighing(self):
        """The issue's reading, typed by an operator: refused, nothing recorded."""
        for reading in (
            dict(HAND_MADE),
            dict(HAND_MADE, scale=self.scale.serial),
            sign_reading("not the balance's secret", dict(HAND_MADE)),
        ):
            with self.subTest(reading=reading), self.assertRaises(UserError):
                self._capture_vals(self.user_operator, reading=reading)
        self.assertFalse(self.production.gold_weighing_ids)

    def test_unsigned_reading_is_a_manual_weight(self):
        """A supervisor may record it, with a reason, as a manual weight."""
        with self.assertRaisesRegex(ValidationError, "reason"):
            self._capture_vals(self.user_supervisor, reading=dict(HAND_MADE))
        result = self._capture_vals(
            self.user_supervisor,
            reading=dict(HAND_MADE),
            reason="Proxy down; read off the balance's display",
        )
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertEqual(line.source, "manual")
        self.assertFalse(line.signed)
        self.assertEqual(line.approver_id, self.user_supervisor)

    def test_manual_weight_needs_supervisor_and_reason(self):
        with self.assertRaises(AccessError):
            self._capture_vals(self.user_operator, scale_id=False, weight_g="375")
        with self.assertRaisesRegex(ValidationError, "reason"):
            self._capture_vals(self.user_supervisor, scale_id=False, weight_g="375")
        result = self._capture_vals(
            self.user_supervisor, scale_id=False, weight_g="375", reason="Counted at the safe"
        )
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertEqual(line.source, "manual")
        self.assertEqual(line.reason, "Counted at the safe")

    def test_signed_reading_is_a_balance_weighing(self):
        result = self._capture_vals(self.user_operator, reading=self._reading("375"))
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertEqual(line.source, "scale")
        self.assertTrue(line.signed)
        self.assertFalse(line.approver_id)

from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import LUONG, GoldMesFixture


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestHandover(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.employee.sudo().pin = "1111"
        cls.employee_b.sudo().write({"pin": "2222", "barcode": "0412345678"})

    def _filing_in_progress(self):
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("9.8") * LUONG, workorder=casting)
        casting.button_finish()
        filing.button_start()
        return production, filing

    def _handover(self, filing):
        return (
            self.env["gold.handover"]
            .with_user(self.user_operator)
            .create(
                {
                    "workorder_id": filing.id,
                    "from_employee_id": self.employee.id,
                    "to_employee_id": self.employee_b.id,
                    "qty": 100,
                }
            )
        )

    def test_handover_agrees_within_readability(self):
        production, filing = self._filing_in_progress()
        handover = self._handover(filing)
        self.assertEqual(handover.production_id, production)
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("367.5"))
        self.assertEqual(handover.state, "sent")
        result = handover.gold_confirm_in(
            "0412345678", scale_id=self.scale.id, reading=self._reading("367.5001")
        )
        self.assertEqual(result["state"], "done")
        self.assertEqual(D(handover.difference_g), Decimal("-0.0001"))
        kinds = handover.out_weighing_id.kind, handover.in_weighing_id.kind
        self.assertEqual(kinds, ("handover_out", "handover_in"))
        self.assertEqual(handover.in_weighing_id.employee_id, self.employee_b)
        self.assertEqual(production.gold_handover_ids, handover)
        # handovers move custody, not the stage balance
        self.assertEqual(D(filing.gold_in_process), Decimal("367.5000"))

    def test_handover_dispute_names_both_workers(self):
        _production, filing = self._filing_in_progress()
        handover = self._handover(filing)
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("367.5"))
        handover.gold_confirm_in("2222", scale_id=self.scale.id, reading=self._reading("367.499"))
        self.assertEqual(handover.state, "dispute")
        self.assertEqual(D(handover.difference_g), Decimal("0.0010"))
        activity = handover.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn(self.employee.name, activity.note)
        self.assertIn(self.employee_b.name, activity.note)
        self.assertIn("dispute", activity.summary.lower())
        with self.assertRaises(AccessError):
            handover.with_user(self.user_operator).action_resolve()
        handover = handover.with_user(self.user_supervisor)
        with self.assertRaises(UserError):
            handover.action_resolve()  # no resolution written
        handover.resolution = "Re-weighed: 1 mg of filings stuck in the tray, put back."
        handover.action_resolve()
        self.assertEqual(handover.state, "resolved")
        self.assertFalse(handover.activity_ids)

    def test_wrong_pin_records_nothing(self):
        _production, filing = self._filing_in_progress()
        handover = self._handover(filing)
        before = self.env["gold.weighing"].search_count([])
        with self.assertRaises(AccessError):
            handover.gold_confirm_out("2222", reading=self._reading("367.5"))
        with self.assertRaises(AccessError):
            handover.gold_confirm_out("", reading=self._reading("367.5"))
        self.assertEqual(self.env["gold.weighing"].search_count([]), before)
        self.assertEqual(handover.state, "draft")
        with self.assertRaises(UserError):
            handover.gold_confirm_in("2222", reading=self._reading("367.5"))

    def test_custody_follows_the_handover(self):
        _production, filing = self._filing_in_progress()
        handover = self._handover(filing)
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("367.5"))
        handover.gold_confirm_in("2222", scale_id=self.scale.id, reading=self._reading("367.5"))
        held = self.env["gold.worker.balance"]._gold_held(self.company)
        self.assertEqual(held[self.employee_b.id].held, Decimal("367.5000"))
        self.assertEqual(held[self.employee.id].held, Decimal("0.0000"))
        self._capture("out", "360", workorder=filing, employee_id=self.employee_b.id)
        held = self.env["gold.worker.balance"]._gold_held(self.company)
        self.assertEqual(held[self.employee_b.id].loss, Decimal("7.5000"))
        self.assertEqual(held[self.employee_b.id].held, Decimal("0.0000"))
        # A: casting loss 7.5; received 375 + 367.5 (filing, carried), passed on 367.5 twice
        self.assertEqual(held[self.employee.id].loss, Decimal("7.5000"))
        self.assertEqual(held[self.employee.id].held, Decimal("0.0000"))

    def test_state_moves_only_by_weighing(self):
        _production, filing = self._filing_in_progress()
        handover = self._handover(filing).with_user(self.user_operator)
        with self.assertRaises(UserError):
            handover.write({"state": "done"})
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("367.5"))
        with self.assertRaises(UserError):
            handover.write({"to_employee_id": self.employee.id})
        handover.note = "tray 3"  # notes stay free
        self.assertEqual(handover.state, "sent")

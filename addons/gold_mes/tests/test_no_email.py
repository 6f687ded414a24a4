from decimal import Decimal

from odoo.tests import TransactionCase, tagged

from .common import LUONG
from .test_recovery import ArticleMixin


@tagged("post_install", "-at_install")
class TestGoldActionsWithoutEmail(ArticleMixin, TransactionCase):
    """Workshop people often have no e-mail address: no gold action may need one.

    ``message_post`` refuses a user without one ("Unable to send message, please
    configure the sender's email address", mail.thread._message_compute_author with
    raise_on_email): the gold notes are logged instead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture(own_company=True)
        for user in (cls.user_operator, cls.user_supervisor, cls.user_manager):
            user.partner_id.email = False
        cls.employee.sudo().pin = "1111"
        cls.employee_b.sudo().pin = "2222"

    def _abnormal_casting(self):
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("9.6") * LUONG, workorder=casting)  # 4 % > 2 %
        self.assertTrue(casting.gold_needs_approval)
        return production, casting, filing

    def tearDown(self):
        # no mail that cannot leave (an author without e-mail) was queued either
        unsendable = self.env["mail.mail"].search([("email_from", "in", (False, ""))])
        self.assertFalse(unsendable.mapped("subject"))
        super().tearDown()

    def _last_note(self, record):
        return record.message_ids.sorted("id")[-1]

    def test_supervisor_without_email_approves_a_loss(self):
        production, casting, _filing = self._abnormal_casting()
        casting.with_user(self.user_supervisor).write(
            {"gold_loss_explanation": "Sprue cut too short; weighed twice"}
        )
        casting.with_user(self.user_supervisor).action_gold_approve_loss()
        self.assertFalse(casting.gold_needs_approval)
        notes = production.message_ids.filtered(lambda m: "approved the gold loss" in m.body)
        self.assertEqual(notes.author_id, self.user_supervisor.partner_id)

    def test_supervisor_without_email_confirms_a_recovery(self):
        self._run_article()
        recovery = self._recovery(float(Decimal("0.2") * LUONG))
        recovery.action_collect()
        recovery.action_confirm()
        self.assertEqual(recovery.state, "confirmed")
        self.assertEqual(self._last_note(recovery).author_id, self.user_supervisor.partner_id)

    def test_supervisor_without_email_locks_and_manager_reopens_a_day(self):
        day = self.env["gold.day.close"].with_user(self.user_supervisor).create({})
        day.action_lock()
        self.assertEqual(day.state, "locked")
        day.with_user(self.user_manager).action_unlock()
        self.assertEqual(day.state, "draft")
        self.assertIn("reopened", self._last_note(day).body)

    def test_operator_without_email_records_a_handover_dispute(self):
        _production, casting, filing = self._abnormal_casting()
        casting.with_user(self.user_supervisor).write({"gold_loss_explanation": "Sprue"})
        casting.with_user(self.user_supervisor).action_gold_approve_loss()
        casting.button_finish()
        filing.button_start()
        handover = (
            self.env["gold.handover"]
            .with_user(self.user_operator)
            .create(
                {
                    "workorder_id": filing.id,
                    "from_employee_id": self.employee.id,
                    "to_employee_id": self.employee_b.id,
                }
            )
        )
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("360"))
        handover.gold_confirm_in("2222", scale_id=self.scale.id, reading=self._reading("359.99"))
        self.assertEqual(handover.state, "dispute")
        self.assertIn("dispute", self._last_note(handover).body)
        handover = handover.with_user(self.user_supervisor)
        handover.resolution = "A filing stuck in the tray, put back."
        handover.action_resolve()
        self.assertEqual(handover.state, "resolved")

    def test_order_done_by_supervisor_without_email(self):
        production, _stages = self._run_article()
        polishing = _stages[2]
        polishing.with_user(self.user_operator).button_finish()
        production.with_user(self.user_supervisor).button_mark_done()
        self.assertEqual(production.state, "done")

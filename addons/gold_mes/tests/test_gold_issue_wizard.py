import re
from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import GoldMesFixture
from .scale_common import VirtualBalancesMixin


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestGoldIssueWizard(GoldMesFixture, VirtualBalancesMixin, TransactionCase):
    """Issue gold to a batch and return it to the safe from the order's screen: the
    balance's signed reading, or a weight typed by a supervisor with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls._start_virtual_balances()
        cls.scale_local.capacity_g = 1000

    def setUp(self):
        super().setUp()
        self._reset_balances()
        self.production = self._make_production()

    def _wizard(self, kind="issue", user=None, **vals):
        """The wizard as the order's button opens it (its action's context)."""
        action = self.env.ref(f"gold_mes.gold_issue_wizard_action_{kind}")
        self.assertEqual(action.context, f"{{'default_kind': '{kind}'}}")
        model = self.env["gold.issue.wizard"].with_user(user or self.user_operator)
        model = model.with_context(default_kind=kind, default_production_id=self.production.id)
        return model.create({"employee_id": self.employee.id, **vals})

    def test_order_form_offers_issue_and_return(self):
        arch = self.env["mrp.production"].with_user(self.user_operator).get_view()["arch"]
        issue = self.env.ref("gold_mes.gold_issue_wizard_action_issue").id
        give_back = self.env.ref("gold_mes.gold_issue_wizard_action_return").id
        self.assertIn(f'name="{issue}"', arch)
        self.assertIn(f'name="{give_back}"', arch)

    def test_operator_issues_and_returns_on_the_balance(self):
        self.production = self._make_production(
            self._make_bom([("Casting", self.wc_casting, "burn", 2.0, True)])
        )
        self._load(self.scale_local, "187.50")
        wizard = self._wizard(scale_id=self.scale_local.id)
        wizard.action_weigh()
        self.assertTrue(wizard.weighed)
        self.assertEqual(D(wizard.weight_g), Decimal("187.5000"))
        wizard.action_confirm()
        wizard.action_confirm()  # a double click records one line
        line = self.production.gold_weighing_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.kind, line.source, line.scale_id), ("issue", "scale", self.scale_local)
        )
        self.assertTrue(line.signed)
        self.assertEqual(D(line.net_g), Decimal("187.5000"))
        self.assertEqual(line.employee_id, self.employee)
        self.assertEqual(D(self.production.gold_issued), Decimal("187.5000"))
        # the batch is cast; what is left after its last stage goes back to the safe
        casting = self.production.workorder_ids
        self._capture("in", "187.5", workorder=casting)
        casting.button_start()
        self._capture("out", "185", workorder=casting)
        self._load(self.scale_local, "185.01")
        too_much = self._wizard("return", scale_id=self.scale_local.id)
        too_much.action_weigh()
        with self.assertRaisesRegex(UserError, "185.0000"):
            too_much.action_confirm()
        self._load(self.scale_local, "12.25")
        back = self._wizard("return", scale_id=self.scale_local.id)
        back.action_weigh()
        back.action_confirm()
        lines = self.production.gold_weighing_ids.sorted("id")
        self.assertEqual(lines.mapped("kind"), ["issue", "in", "out", "return"])
        self.assertEqual(D(self.production.gold_returned), Decimal("12.2500"))
        self.assertEqual(D(self.production.gold_finished), Decimal("172.7500"))

    def test_operator_may_not_type_a_weight(self):
        wizard = self._wizard(weight_g=187.5)
        with self.assertRaisesRegex(AccessError, "supervisor"):
            wizard.action_confirm()
        self.assertFalse(self.production.gold_weighing_ids)

    def test_supervisor_types_a_weight_with_a_reason(self):
        wizard = self._wizard(user=self.user_supervisor, weight_g=187.5)
        wizard.reason = False
        with self.assertRaisesRegex(UserError, "Reason"):
            wizard.action_confirm()
        self.assertFalse(self.production.gold_weighing_ids)
        wizard.reason = "Balance in repair; weighed on the safe's balance"
        wizard.action_confirm()
        line = self.production.gold_weighing_ids
        self.assertEqual((line.source, line.approver_id), ("manual", self.user_supervisor))
        self.assertEqual(line.reason, "Balance in repair; weighed on the safe's balance")

    def test_another_balance_drops_the_reading(self):
        self._load(self.scale_local, "100.00")
        wizard = self._wizard(scale_id=self.scale_local.id)
        wizard.action_weigh()
        with Form(wizard) as form:
            form.scale_id = self.scale_proxy
        self.assertFalse(wizard.weighed)
        with self.assertRaisesRegex(AccessError, "supervisor"):
            wizard.action_confirm()

    def test_balance_refusal_records_nothing(self):
        self.sim_local.set_unit("oz")
        wizard = self._wizard(scale_id=self.scale_local.id)
        with self.assertRaisesRegex(UserError, re.escape(self.scale_local.name)):
            wizard.action_weigh()
        self.assertFalse(wizard.weighed)
        with self.assertRaisesRegex(UserError, "Balance"):
            self._wizard().action_weigh()
        done = self._make_production()
        done.action_cancel()
        self.production = done
        self.sim_local.set_unit("g")
        self._load(self.scale_local, "10.00")
        wizard = self._wizard(scale_id=self.scale_local.id)
        wizard.action_weigh()
        with self.assertRaises(UserError):  # ValidationError included
            wizard.action_confirm()
        self.assertFalse(done.gold_weighing_ids)

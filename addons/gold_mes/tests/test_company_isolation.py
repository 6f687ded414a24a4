from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import LUONG, WORKORDER_GROUPS, GoldMesFixture

GOLD_MODULES = ("gold_mes", "gold_units")


@tagged("post_install", "-at_install")
class TestCompanyIsolation(GoldMesFixture, TransactionCase):
    """Two workshops: the people of one read none of the other's gold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.company_b = cls.env["res.company"].create({"name": "Second workshop"})
        role = "gold_mes.gold_weighing_group_%s," + WORKORDER_GROUPS
        both = [cls.company.id, cls.company_b.id]
        cls.supervisor_b = new_test_user(
            cls.env,
            "gold_supervisor_b",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups=role % "supervisor",
        )
        cls.accountant_b = new_test_user(
            cls.env,
            "gold_accountant_b",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups="gold_mes.gold_weighing_group_accountant",
        )
        cls.accountant_ab = new_test_user(
            cls.env,
            "gold_accountant_ab",
            company_id=cls.company_b.id,
            company_ids=both,
            groups="gold_mes.gold_weighing_group_accountant",
        )
        cls.employee_b_shop = cls.env["hr.employee"].create(
            {"name": "Worker of B", "company_id": cls.company_b.id}
        )
        # Worker A holds the gold of a casting weighed in and not yet out
        production = cls._make_production()
        cls.production = production
        cls.casting = cls._stages(production)[0]

    def setUp(self):
        super().setUp()
        self._capture("issue", 10 * LUONG, production=self.production)
        self._capture("in", 10 * LUONG, workorder=self.casting)

    def test_custody_of_another_company_is_refused(self):
        balances = self.env["gold.worker.balance"]
        held = balances.with_user(self.user_supervisor).gold_held_now(self.employee.id)
        self.assertEqual(held["held"], "375.0000")
        for user in (self.supervisor_b, self.accountant_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                balances.with_user(user).gold_held_now(self.employee.id)
        # a user of both companies sees it only with company A active
        both = balances.with_user(self.accountant_ab)
        with self.assertRaises(AccessError):
            both.with_context(allowed_company_ids=[self.company_b.id]).gold_held_now(
                self.employee.id
            )
        held = both.with_context(
            allowed_company_ids=[self.company_b.id, self.company.id]
        ).gold_held_now(self.employee.id)
        self.assertEqual(held["held"], "375.0000")

    def test_report_rows_of_another_company_are_hidden(self):
        balances = self.env["gold.worker.balance"]
        balances.with_user(self.user_supervisor).action_open_balances()
        self.assertTrue(balances.with_user(self.user_supervisor).search([]))
        balances.with_user(self.supervisor_b).action_open_balances()
        for user in (self.supervisor_b, self.accountant_b):
            with self.subTest(user=user.login):
                self.assertFalse(balances.with_user(user).search([]))
                for model in ("gold.weighing", "gold.handover", "gold.recovery"):
                    self.assertFalse(self.env[model].with_user(user).search([]), model)
                self.assertFalse(
                    self.env["mrp.workorder"].with_user(user).search([("id", "=", self.casting.id)])
                )

    def test_every_gold_model_has_a_company_rule(self):
        """Each model of the gold modules with a stored company has a global rule."""
        missing = []
        for name in self.env:
            model = self.env[name]
            field = model._fields.get("company_id")
            # wizards are their creator's only (transient models' own rule)
            if model._abstract or model._transient or not field or not field.store:
                continue
            if model._original_module not in GOLD_MODULES:
                continue
            rules = self.env["ir.rule"].search(
                [("model_id.model", "=", name), ("global", "=", True)]
            )
            if not any("company_ids" in (rule.domain_force or "") for rule in rules):
                missing.append(name)
        self.assertFalse(missing, f"gold models without a company rule: {missing}")

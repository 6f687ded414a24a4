from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import GoldMesFixture


@tagged("post_install", "-at_install")
class TestRights(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()

    def test_operator_captures_accountant_reads(self):
        result = self._capture("issue", "375", production=self.production)
        line = self.env["gold.weighing"].browse(result["weighing_id"])
        self.assertEqual(line.with_user(self.user_accountant).net_g, 375.0)
        self.assertEqual(
            self.env["gold.weighing"]
            .with_user(self.user_accountant)
            .search_count([("id", "=", line.id)]),
            1,
        )
        with self.assertRaises(AccessError):
            self._capture("issue", "1", production=self.production, user=self.user_accountant)
        with self.assertRaises(AccessError):
            self.env["gold.weighing"].with_user(self.user_plain).search([])
        exported = line.with_user(self.user_accountant).export_data(["name", "net_g"])
        self.assertEqual(exported["datas"][0][1], 375.0)

    def test_scale_configuration(self):
        with self.assertRaises(AccessError):
            self.scale.with_user(self.user_operator).write({"capacity_g": 5000})
        self.scale.with_user(self.user_manager).write({"capacity_g": 5000})
        self.assertEqual(self.scale.capacity_g, 5000)
        self.scale.with_user(self.user_manager).secret = "abc"
        with self.assertRaises(AccessError):
            self.scale.with_user(self.user_operator).read(["secret"])

    def test_company_isolation(self):
        self._capture("issue", "375", production=self.production)
        other = self.env["res.company"].create({"name": "Second workshop"})
        user_other = new_test_user(
            self.env,
            "gold_other",
            company_id=other.id,
            company_ids=[other.id],
            groups="gold_mes.gold_weighing_group_supervisor,mrp.group_mrp_routings",
        )
        weighings = self.env["gold.weighing"].with_user(user_other)
        self.assertEqual(weighings.search_count([]), 0)
        with self.assertRaises(AccessError):
            weighings.capture(
                {
                    "kind": "issue",
                    "production_id": self.production.id,
                    "weight_g": "1",
                    "employee_id": self.employee.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["gold.scale"].with_user(user_other).browse(self.scale.id).read(["name"])
        self.assertEqual(len(self.production.gold_weighing_ids), 1)

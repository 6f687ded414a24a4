from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import GoldMesFixture


@tagged("post_install", "-at_install")
class TestRpc(GoldMesFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()

    def _execute(self, login, method, *args):
        uid = self.env["res.users"].search([("login", "=", login)]).id
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, "gold.weighing", method, list(args)
        )

    @mute_logger("odoo.http")
    def test_rpc_capture_then_no_write_no_unlink(self):
        # a supervisor's manual weight: a signed reading's ``signed_at_ms`` (epoch ms)
        # is beyond XML-RPC's 32-bit integers (a proxy talks JSON-RPC)
        vals = {
            "kind": "issue",
            "production_id": self.production.id,
            "weight_g": "375.0000",
            "employee_id": self.employee.id,
            "reason": "Weighed on the safe's balance",
            "idempotency_key": "rpc-1",
        }
        result = self._execute("gold_supervisor", "capture", vals)
        self.assertEqual(result["net_g"], "375.0000")
        again = self._execute("gold_supervisor", "capture", vals)
        self.assertEqual(again["weighing_id"], result["weighing_id"])
        line_id = result["weighing_id"]
        for login in ("admin", "gold_manager"):
            with self.subTest(login=login):
                with self.assertRaisesRegex(Fault, "cannot be changed"):
                    self._execute(login, "write", [line_id], {"net_g": 1})
                with self.assertRaisesRegex(Fault, "cannot be deleted"):
                    self._execute(login, "unlink", [line_id])
                with self.assertRaisesRegex(Fault, "through capture"):
                    self._execute(
                        login,
                        "create",
                        [
                            {
                                "kind": "issue",
                                "net_g": 1,
                                "source": "manual",
                                "company_id": self.company.id,
                                "context": {"gold_weighing_capture": True},
                            }
                        ],
                    )
        line = self.env["gold.weighing"].browse(line_id)
        self.assertEqual(line.net_g, 375.0)
        self.assertEqual(len(self.production.gold_weighing_ids), 1)

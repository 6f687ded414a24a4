import logging
import time
from decimal import Decimal

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import LUONG, GoldMesFixture

_logger = logging.getLogger(__name__)

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('mrp.menu_mrp_root');"
)


def _role_users(env):
    """Users holding one gold role each (no other group than what the role implies)."""
    users = {}
    for role in ("operator", "supervisor", "accountant"):
        users[role] = new_test_user(
            env,
            f"only_{role}",
            groups=f"gold_mes.gold_weighing_group_{role}",
            email=False,  # gold roles work without an e-mail address
        )
    return users


@tagged("post_install", "-at_install")
class TestGoldMenusByRole(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.role_users = _role_users(cls.env)

    def _menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        return {menu.get("xmlid") for menu in menus.values() if isinstance(menu, dict)}

    def test_worker_balances_open_for_every_role(self):
        action = self.env.ref("gold_mes.gold_worker_balance_action_refresh")
        for role, user in {**self.role_users, "admin": self.env.ref("base.user_admin")}.items():
            with self.subTest(role=role):
                result = action.with_user(user).run()
                self.assertEqual(result["res_model"], "gold.worker.balance")

    def test_accountant_reaches_ledger_batches_and_reconciliation(self):
        menus = self._menus(self.role_users["accountant"])
        for xmlid in (
            "mrp.menu_mrp_root",
            "gold_mes.gold_mes_menu",
            "gold_mes.mrp_production_menu_gold_batch",
            "gold_mes.gold_weighing_menu",
            "gold_mes.gold_day_close_menu",
            "gold_mes.gold_worker_balance_menu",
        ):
            self.assertIn(xmlid, menus)
        # the workshop's own sections are not theirs
        for xmlid in ("mrp.menu_mrp_manufacturing", "mrp.menu_mrp_bom", "mrp.menu_mrp_reporting"):
            self.assertNotIn(xmlid, menus)
        production = self._make_production()
        self._capture("issue", 10 * LUONG, production=production)
        batches = self.env.ref("gold_mes.mrp_production_action_gold_batch")
        accountant = self.role_users["accountant"]
        model = self.env["mrp.production"].with_user(accountant)
        context = safe_eval(batches.context)
        found = model.with_context(**context).search([("gold_status", "!=", "none")])
        self.assertIn(production, found)  # with the demo's batches, if loaded
        found = production.with_user(accountant)
        form = self.env.ref("gold_mes.mrp_production_view_form_gold_batch")
        fields = model.get_views([(form.id, "form")])["models"]["mrp.production"]["fields"]
        found.read(list(fields))  # every field of the batch form is readable by them
        bindings = model.env["ir.actions.actions"].get_bindings("mrp.production")["report"]
        report = self.env.ref("gold_mes.gold_reconciliation_xlsx_report")
        self.assertIn(report.id, [b["id"] for b in bindings])

    def test_every_gold_screen_opens_for_every_role(self):
        """Each Gold menu a role sees: its views load and the first record reads in
        every field of its form, as the web client would ask: with a weighed stage (the
        Gold Trace) and a recovery lot, so that those forms have a record to open."""
        production = self._make_production()
        self._capture("issue", 10 * LUONG, production=production)
        casting = self._stages(production)[0]
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("9.9") * LUONG, workorder=casting)
        self.env["gold.recovery"].with_user(self.user_supervisor).create(
            {
                "workcenter_ids": [Command.set(self.wc_casting.ids)],
                "gross_g": 500.0,
                "assay_g": 10.0,
                "assay_fineness": 750.0,
            }
        )
        self.env["gold.day.close"].create({}).action_load()
        for role, user in self.role_users.items():
            menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
            gold = [
                menu
                for menu in menus.values()
                if isinstance(menu, dict)
                and (menu.get("xmlid") or "").startswith("gold_mes.")
                and menu.get("action")
                and menu["xmlid"] != "gold_mes.gold_kiosk_menu"
            ]
            self.assertGreater(len(gold), 5, role)
            for menu in gold:
                with self.subTest(role=role, menu=menu["xmlid"]):
                    action_model, action_id = menu["action"].split(",")
                    self._open_as(user, action_model, int(action_id))

    def _open_as(self, user, action_model, action_id):
        action = self.env[action_model].browse(action_id).with_user(user)
        if action_model == "ir.actions.server":
            action = action.run()
        else:  # the web client loads actions as superuser (/web/action/load)
            action = action.sudo().read()[0]
        if action.get("type") != "ir.actions.act_window":
            return
        model = self.env[action["res_model"]].with_user(user)
        views = [(view_id or False, mode) for view_id, mode in action["views"]]
        modes = [mode for _view, mode in views]
        views = model.get_views(views)
        record = model.search(safe_eval(action.get("domain") or "[]"), limit=1)
        if "form" in modes and record:
            fields = views["models"][model._name]["fields"]
            record.web_read({name: {} for name in fields})

    def test_operator_and_supervisor_keep_the_workshop_menus(self):
        for role in ("operator", "supervisor"):
            menus = self._menus(self.role_users[role])
            self.assertIn("mrp.menu_mrp_manufacturing", menus)
            self.assertIn("gold_mes.gold_weighing_menu", menus)
            self.assertNotIn("gold_mes.mrp_production_menu_gold_batch", menus)


@tagged("post_install", "-at_install")
class TestGoldClickEverywhere(GoldMesFixture, HttpCase):
    """Odoo's clickbot through the Manufacturing app (menus, views, filters) as the admin
    and as a user of each single gold role; the full-screen kiosk is left out as Odoo
    leaves out its own tablet screens."""

    allow_end_on_form = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.role_users = _role_users(cls.env)
        cls.env.ref("gold_mes.gold_kiosk_menu").active = False
        # something in every list: a batch with gold, a flagged stage, a day close
        production = cls._make_production()
        casting = cls._stages(production)[0]
        weighing = cls.env["gold.weighing"]
        base = {"employee_id": cls.employee.id, "reason": "clickbot fixture"}
        weighing.capture(dict(base, kind="issue", production_id=production.id, weight_g="375"))
        weighing.capture(dict(base, kind="in", workorder_id=casting.id, weight_g="375"))
        casting.button_start()
        weighing.capture(dict(base, kind="out", workorder_id=casting.id, weight_g="360"))
        cls.env["gold.day.close"].create({}).action_load()

    def _click_everywhere(self, login):
        started = time.monotonic()
        self.browser_js(
            "/odoo",
            CLICKBOT,
            "odoo.isReady === true",
            login=login,
            timeout=600,
            success_signal="clickbot test succeeded",
        )
        _logger.info("clickbot as %s: %.0f s", login, time.monotonic() - started)

    def test_clickbot_admin(self):
        self._click_everywhere("admin")

    def test_clickbot_operator(self):
        self._click_everywhere("only_operator")

    def test_clickbot_supervisor(self):
        self._click_everywhere("only_supervisor")

    def test_clickbot_accountant(self):
        self._click_everywhere("only_accountant")

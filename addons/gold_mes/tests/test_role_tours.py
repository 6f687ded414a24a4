import time
from decimal import Decimal

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import LUONG
from .scale_common import VirtualBalancesMixin
from .test_recovery import ArticleMixin


@tagged("post_install", "-at_install")
class TestRoleTours(ArticleMixin, VirtualBalancesMixin, HttpCase):
    """Each role's day from the screens, in headless Chromium, in English and Vietnamese.

    The tests run on a database without demo data (the test command installs with
    --without-demo=all), so each tour's data is the demo's story built here: the
    article's 18K rings, its workers and stages, a balance (virtual, on a pty)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture(own_company=True)
        cls._start_virtual_balances()
        lang = cls.env["res.lang"].with_context(active_test=False).search([("code", "=", "vi_VN")])
        started = time.monotonic()
        cls.env["base.language.install"].create(
            {"lang_ids": [Command.set(lang.ids)], "overwrite": False}
        ).lang_install()
        cls.lang_seconds = time.monotonic() - started
        work_orders = "mrp.group_mrp_routings"
        cls.clerk = new_test_user(
            cls.env,
            "office_clerk",
            groups=f"gold_mes.gold_weighing_group_operator,{work_orders}",
            email=False,
        )
        cls.floor_supervisor = new_test_user(
            cls.env,
            "floor_supervisor",
            groups=f"gold_mes.gold_weighing_group_supervisor,{work_orders}",
            email=False,
        )
        cls.books = new_test_user(
            cls.env, "books", groups="gold_mes.gold_weighing_group_accountant", email=False
        )

    def setUp(self):
        super().setUp()
        self._reset_balances()

    def _as(self, user, lang):
        user.lang = lang
        return user.login

    # ------------------------------------------------------------------ office
    def _office_issues_gold(self, lang):
        self._load(self.scale_local, "187.50")
        before = self.env["mrp.production"].search([]).ids
        self.start_tour(
            "/odoo/action-mrp.mrp_production_action",
            "gold_mes_office_issue",
            login=self._as(self.clerk, lang),
        )
        production = self.env["mrp.production"].search([("id", "not in", before)])
        self.assertEqual(len(production), 1)
        self.assertEqual(production.state, "confirmed")
        line = production.gold_weighing_ids
        self.assertEqual((line.kind, line.source, line.signed), ("issue", "scale", True))
        self.assertEqual(Decimal(line.raw_reading and str(line.net_g)), Decimal("187.5"))
        self.assertEqual((line.employee_id, line.user_id), (self.employee, self.clerk))

    def test_office_issues_gold_to_a_new_batch_en(self):
        self._office_issues_gold("en_US")

    def test_office_issues_gold_to_a_new_batch_vi(self):
        self._office_issues_gold("vi_VN")

    # ------------------------------------------------------------------ supervisor
    def _supervisor_approves_and_closes(self, lang):
        """Worker A casts 5 lượng with 4 % loss (2 % allowed) and holds what is left."""
        production = self._make_production()
        casting = self._stages(production)[0]
        self._capture("issue", 5 * LUONG, production=production)
        self._capture("in", 5 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", "180", workorder=casting)
        self.assertTrue(casting.gold_needs_approval)
        held = self.env["gold.worker.balance"]._gold_held(self.company)[self.employee.id].held
        self._load(self.scale_local, str(held))
        self.start_tour(
            "/odoo/action-gold_mes.mrp_workorder_action_gold_approval",
            "gold_mes_supervisor_day",
            login=self._as(self.floor_supervisor, lang),
        )
        self.assertFalse(casting.gold_needs_approval)
        self.assertEqual(casting.gold_loss_approved_by, self.floor_supervisor)
        day = self.env["gold.day.close"].search([("company_id", "=", self.company.id)])
        self.assertEqual((day.state, day.locked_by_id), ("locked", self.floor_supervisor))
        self.assertEqual(day.line_ids.mapped("count_method"), ["weighed"])
        self.assertEqual(day.line_ids.status, "ok")

    def test_supervisor_approves_a_loss_and_closes_the_day_en(self):
        self._supervisor_approves_and_closes("en_US")

    def test_supervisor_approves_a_loss_and_closes_the_day_vi(self):
        self._supervisor_approves_and_closes("vi_VN")

    # ------------------------------------------------------------------ accountant
    def _accountant_prints(self, lang):
        self._run_article()
        self.start_tour("/odoo", "gold_mes_accountant_print", login=self._as(self.books, lang))

    def test_accountant_prints_the_reconciliation_en(self):
        self._accountant_prints("en_US")

    def test_accountant_prints_the_reconciliation_vi(self):
        self._accountant_prints("vi_VN")

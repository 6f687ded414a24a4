import datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools.misc import format_date
from odoo.tools.safe_eval import safe_eval

from .common import LUONG, GoldMesFixture
from .test_recovery import ArticleMixin

DEMO = Path(__file__).resolve().parent.parent / "demo" / "gold_recovery_demo.xml"


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


def R(value):
    """A ratio shown as a percentage, to 6 decimals."""
    return Decimal(repr(value)).quantize(Decimal("0.000001"))


@tagged("post_install", "-at_install")
class TestGoldBalanceTab(ArticleMixin, TransactionCase):
    """The batch's Gold Balance tab and the loss analysis (issue 9, point 7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def _price(self, per_gram=2500000, days=1):
        return self.env["gold.price"].create(
            {
                "price_per_gram": per_gram,
                "currency_id": self.company.currency_id.id,
                "company_id": self.company.id,
                "date": fields.Datetime.now() - datetime.timedelta(days=days),
            }
        )

    # ------------------------------------------------------------------ recovery
    def test_recovered_and_unexplained_from_the_recoveries(self):
        production, _stages = self._run_article()
        form = Form(production)
        self.assertEqual(D(form.gold_recovered), Decimal("0.0000"))
        self.assertEqual(D(form.gold_loss_uncovered), Decimal("0.6") * LUONG)
        recovery = self._recovery(float(Decimal("0.2") * LUONG))  # 0.2 lượng of 18K back
        recovery.action_collect()
        self.assertEqual(D(Form(production).gold_recovered), Decimal("0.0000"))  # not allocated
        recovery.action_confirm()
        form = Form(production)
        # the article: loss 0.6 lượng = burn 0.2 + recovered 0.2 + unexplained 0.2
        self.assertEqual(D(form.gold_loss), Decimal("0.6") * LUONG)
        self.assertEqual(D(form.gold_burn), Decimal("0.2") * LUONG)
        self.assertEqual(D(form.gold_recovered), Decimal("0.2") * LUONG)
        self.assertEqual(D(form.gold_unexplained), Decimal("0.2") * LUONG)
        self.assertEqual(D(form.gold_loss_uncovered), Decimal("0.0000"))
        self.assertEqual(D(form.gold_fine_recovered), Decimal("5.6250"))
        self.assertEqual(D(form.gold_fine_unexplained), Decimal("5.6250"))
        self.assertEqual(R(form.gold_unexplained_ratio), Decimal("0.020000"))  # 7.5 / 375
        self.assertEqual(R(form.gold_loss_ratio), Decimal("0.060000"))
        self.assertEqual(production.gold_recovery_ids, recovery)

    # ------------------------------------------------------------------ valuation
    def test_loss_value_or_no_gold_price_that_day(self):
        production, _stages = self._run_article()
        today = format_date(
            self.env, fields.Datetime.context_timestamp(production, fields.Datetime.now()).date()
        )
        form = Form(production)
        self.assertTrue(form.gold_loss_valuation_missing)
        self.assertEqual(form.gold_loss_valuation_note, f"no gold price on {today}")
        self._price()
        production.invalidate_recordset()
        form = Form(production)
        self.assertFalse(form.gold_loss_valuation_missing)
        # 16.875 g fine gold lost at 2,500,000 per gram
        self.assertEqual(Decimal(repr(form.gold_loss_valuation)), Decimal("42187500"))
        self.assertEqual(form.gold_loss_valuation_note, f"at the gold price of {today}")

    def test_done_batch_valued_on_its_day(self):
        production, _stages = self._run_article()
        self._price()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(Decimal(repr(production.gold_loss_valuation)), Decimal("42187500"))
        self.assertFalse(production.gold_loss_valuation_missing)

    # ------------------------------------------------------------------ the screen
    def _page_nodes(self):
        """[(model, field node)] of the Gold Balance page, its stage list included."""
        arch = self.env["mrp.production"].get_views([(False, "form")])["views"]["form"]["arch"]
        page = etree.fromstring(arch).xpath("//page[@name='gold_balance']")[0]
        nodes = []
        for node in page.iter("field"):
            if node.xpath("ancestor::field[@name='gold_stage_ids']"):
                nodes.append(("mrp.workorder", node))
            else:
                nodes.append(("mrp.production", node))
        return nodes

    def test_page_shows_trade_units_percentages_and_readable_headers(self):
        precision = self.env["decimal.precision"].precision_get("Gold Weight")
        self.assertEqual(precision, 4)
        described = {
            model: self.env[model].fields_get(attributes=["type", "digits", "string"])
            for model in ("mrp.production", "mrp.workorder")
        }
        weights = 0
        for model, node in self._page_nodes():
            name = node.get("name")
            field = described[model][name]
            label = node.get("string") or field["string"]
            with self.subTest(model=model, field=name):
                self.assertNotRegex(label, r"\((g|%)\)", "a header with units in brackets")
                if field["type"] != "float":
                    continue
                if "ratio" in name or "pct" in name:
                    self.assertEqual(node.get("widget"), "percentage")
                    continue
                weights += 1
                self.assertEqual(tuple(field["digits"]), (16, precision))
                self.assertEqual(node.get("widget"), "gold_weight", "no trade units beside it")
        self.assertGreaterEqual(weights, 20)

    # ------------------------------------------------------------------ analysis
    def test_analysis_never_adds_stage_inputs(self):
        production, stages = self._run_article()
        stages = production.workorder_ids.browse([wo.id for wo in stages])
        workorder = self.env["mrp.workorder"]
        described = workorder.fields_get(["gold_in", "gold_out", "gold_loss"], ["aggregator"])
        self.assertFalse(described["gold_in"].get("aggregator"))
        self.assertFalse(described["gold_out"].get("aggregator"))
        self.assertEqual(described["gold_loss"]["aggregator"], "sum")
        [row] = workorder.read_group(
            [("id", "in", stages.ids)], ["gold_in", "gold_loss", "gold_loss_pct"], ["production_id"]
        )
        self.assertNotIn("gold_in", row)  # not 1,098.75 g for a 375 g batch
        self.assertEqual(D(row["gold_loss"]), Decimal("22.5000"))
        # 22.5 g lost over 375 + 367.5 + 356.25 g through the stages: 2.0478 %, not the
        # plain average of 2.0000, 3.0612 and 1.0526 (2.0379 %)
        self.assertEqual(D(row["gold_loss_pct"]), Decimal("2.0478"))
        pivot = workorder.get_views(
            [(self.env.ref("gold_mes.mrp_workorder_view_pivot").id, "pivot")]
        )
        measures = etree.fromstring(pivot["views"]["pivot"]["arch"]).xpath(
            "//field[@type='measure']/@name"
        )
        self.assertNotIn("gold_in", measures)
        self.assertIn("gold_loss_pct", measures)
        lists = self.env.ref("gold_mes.mrp_workorder_view_list").arch
        for name in ("gold_in", "gold_out"):
            [node] = etree.fromstring(lists).xpath(f"//field[@name='{name}']")
            self.assertFalse(node.get("sum"), f"a total of {name} over stages")

    def test_batches_loss_pct_is_weighted(self):
        first, _stages = self._run_article()  # 22.5 g of 375 g: 6 %
        second = self._make_production()
        casting = self._stages(second)[0]
        self._capture("issue", 125, production=second)
        self._capture("in", 125, workorder=casting)
        casting.button_start()
        self._capture("out", "123.75", workorder=casting)  # 1.25 g of 125 g: 1 %
        [row] = self.env["mrp.production"].read_group(
            [("id", "in", (first | second).ids)], ["gold_loss_pct"], []
        )
        # (22.5 + 1.25) / (375 + 125) = 4.75 %, not 7 % (sum) nor 3.5 % (average)
        self.assertEqual(D(row["gold_loss_pct"]), Decimal("4.7500"))

    # ------------------------------------------------------------------ source
    def test_source_names_the_balance_or_the_approver(self):
        production = self._make_production()
        casting = self._stages(production)[0]
        read = self._capture("issue", 375, production=production)
        typed = (
            self.env["gold.weighing"]
            .with_user(self.user_supervisor)
            .capture(
                {
                    "kind": "in",
                    "workorder_id": casting.id,
                    "weight_g": "375",
                    "employee_id": self.employee.id,
                    "scale_id": self.scale.id,
                    "reason": "Display of the balance broken",
                }
            )
        )
        weighing = self.env["gold.weighing"]
        read, typed = weighing.browse(read["weighing_id"]), weighing.browse(typed["weighing_id"])
        self.assertEqual(read.source_label, "Balance Bench balance, signed reading")
        self.assertEqual(typed.source, "manual")
        self.assertEqual(
            typed.source_label,
            f"Typed by hand (balance Bench balance named), approved by {self.user_supervisor.name}",
        )
        reversal = weighing.with_user(self.user_supervisor).capture(
            {
                "kind": "reversal",
                "reversal_of_id": typed.id,
                "employee_id": self.employee.id,
                "reason": "Wrong tray",
            }
        )
        self.assertEqual(
            weighing.browse(reversal["weighing_id"]).source_label,
            f"Reversal of {typed.name}, approved by {self.user_supervisor.name}",
        )
        arch = weighing.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="source_label"', arch)

    # ------------------------------------------------------------------ close error
    def test_close_error_reads_well(self):
        bom = self._make_bom([("Casting", self.wc_casting, "burn", 1.0, False)])
        production = self._make_production(bom)
        stage = production.workorder_ids
        self._capture("issue", "100.0000", production=production)
        stage.button_start()
        self._capture("out", "98.0000", workorder=stage)
        stage.button_finish()
        with self.assertRaises(UserError) as caught:
            production.button_mark_done()
        message = str(caught.exception)
        self.assertNotIn("has a Abnormal", message)
        self.assertIn("stage Casting is flagged “Abnormal Loss” (2.0000 g, 2.00 %)", message)
        self.assertIn("a supervisor must explain and approve it", message)

    # ------------------------------------------------------------------ demo
    def test_demo_refinery_charge_in_the_company_currency(self):
        tree = etree.parse(str(DEMO))
        [node] = tree.xpath(
            "//record[@id='gold_recovery_article_demo']/field[@name='refinery_charge']"
        )
        self.assertTrue(node.get("eval"), "a plain figure whatever the currency")
        context = {"obj": self.env[node.get("model")].browse, "DateTime": datetime.datetime}
        usd = self.env.ref("base.USD")
        self.company.currency_id = usd
        self.assertEqual(safe_eval(node.get("eval"), context), 35.0)
        eur = self.env.ref("base.EUR")
        eur.active = True
        (usd | eur).rate_ids.unlink()  # the rates of base's demo data, if loaded
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 2.0, "name": "2000-01-01", "company_id": False}
        )
        self.company.currency_id = eur
        # 35 USD at 1 USD = 2 EUR (EUR rate 2 against the reference USD at 1)
        self.assertEqual(safe_eval(node.get("eval"), context), 70.0)


@tagged("post_install", "-at_install")
class TestGoldBalanceTabTour(GoldMesFixture, HttpCase):
    """The tab in the browser: trade units, a 4-decimal total, no '$ 0.00'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.env.ref("base.user_admin").write(
            {"groups_id": [(4, cls.env.ref("mrp.group_mrp_routings").id)]}
        )

    def test_tab_in_the_browser(self):
        production = self._make_production()
        casting = self._stages(production)[0]
        self._capture("issue", 375, production=production)
        self._capture("in", 375, workorder=casting)
        casting.button_start()
        self._capture("out", "374.8125", workorder=casting)  # 0.1875 g lost
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{production.id}",
            "gold_mes_balance_tab",
            login="admin",
        )

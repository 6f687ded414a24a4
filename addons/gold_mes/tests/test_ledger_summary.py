from decimal import Decimal

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..core import order_balance, stage_balances
from .common import GoldMesFixture

ZERO = Decimal("0.0000")


def D(value):
    return Decimal(value).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestLedgerSummary(GoldMesFixture, TransactionCase):
    """The aggregate paths (order balances, stage workers, the ledger summary) give the
    figures the line-by-line paths give, on a small ledger known by heart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()
        cls.casting, cls.filing, cls.polishing = cls._stages(cls.production)

    def _ledger(self):
        """Casting: in 375, scrap 2.5, out 370 then reversed and re-weighed 369.9 by
        worker B; filing: out 365 (no weigh-in line: its in is casting's out)."""
        casting, filing = self.casting, self.filing
        self._capture("issue", 375, production=self.production)
        self._capture("in", 375, workorder=casting)
        casting.with_user(self.user_operator).button_start()
        self._capture("scrap", "2.5", workorder=casting)
        wrong = self._capture("out", 370, workorder=casting)["weighing_id"]
        self.env["gold.weighing"].with_user(self.user_supervisor).capture(
            {
                "kind": "reversal",
                "reversal_of_id": wrong,
                "employee_id": self.employee.id,
                "reason": "Tray left on the pan",
            }
        )
        self._capture("out", "369.9", workorder=casting, employee_id=self.employee_b.id)
        casting.with_user(self.user_operator).button_finish()
        filing.with_user(self.user_operator).button_start()
        self._capture("out", 365, workorder=filing)

    def test_balances_equal_the_line_by_line_balance(self):
        self._ledger()
        production = self.production
        balance = production._gold_balances()[production.id]
        workorders = production._gold_stage_workorders()
        expected = order_balance(
            None,
            stage_balances(production._gold_core_lines(), production._gold_core_stages(workorders)),
            key=production.id,
        )
        self.assertEqual(balance, expected)
        casting, filing = balance.stages[:2]
        self.assertEqual(casting.loss, D("2.6"))  # 375 - 369.9 - 2.5
        self.assertEqual(filing.weight_in, D("369.9"))
        self.assertEqual(filing.loss, D("4.9"))
        self.assertEqual(D(self.casting.gold_loss), D("2.6"))
        self.assertEqual(D(production.gold_loss), D("7.5"))
        self.assertEqual(self._make_production()._gold_balances(), {})

    def test_stage_workers_as_line_by_line(self):
        self._ledger()
        stages = self.casting | self.filing | self.polishing
        workers = stages._gold_workers()
        for wo in stages:
            self.assertEqual(workers[wo.id], wo._gold_worker(), wo.name)
        # the reversed weigh-out by worker A does not count; the re-weigh by B does
        self.assertEqual(self.casting.gold_employee_id, self.employee_b)
        self.assertEqual(self.filing.gold_employee_id, self.employee)
        self.assertFalse(workers[self.polishing.id])

    def test_summary_figures(self):
        self._ledger()
        weighing = self.env["gold.weighing"].with_user(self.user_manager)
        domain = [("production_id", "=", self.production.id)]
        by_stage = weighing._read_gold_summary(domain, ["operation_id"])
        casting = by_stage[(self.casting.operation_id,)]
        self.assertEqual(casting["in"], D("375"))
        self.assertEqual(casting["out"], D("369.9"))  # 370 reversed
        self.assertEqual(casting["scrap"], D("2.5"))
        self.assertEqual(casting["loss"], D("2.6"))
        self.assertEqual(casting["fine_loss"], D("1.95"))  # 281.25 - 277.425 - 1.875
        self.assertEqual(casting["lines"], 5)
        order_lines = by_stage[(self.env["mrp.routing.workcenter"],)]
        self.assertEqual(order_lines["issue"], D("375"))
        self.assertEqual(order_lines["loss"], ZERO)
        by_worker = weighing._read_gold_summary(domain, ["employee_id", "workcenter_id"])
        worker_b = by_worker[(self.employee_b, self.wc_casting)]
        self.assertEqual((worker_b["out"], worker_b["lines"]), (D("369.9"), 1))
        self.assertEqual(by_worker[(self.employee, self.wc_casting)]["out"], ZERO)
        by_day = weighing._read_gold_summary(domain, ["captured_at:day", "purity_id"])
        self.assertEqual(len(by_day), 1)
        (day_figures,) = by_day.values()
        self.assertEqual(day_figures["out"], D("734.9"))
        self.assertEqual(day_figures["lines"], 7)
        rolled = weighing._gold_summary_rollup(by_worker, [1])
        self.assertEqual(rolled[(self.wc_casting,)]["out"], D("369.9"))
        self.assertEqual(rolled[(self.wc_filing,)]["out"], D("365"))
        self.assertEqual(sum(f["lines"] for f in rolled.values()), 7)

    def _summary_from_lines(self, weighing, domain, groupby):
        """The summary read from the lines, the roll-up left out."""
        rows = list(weighing._gold_summary_line_rows(domain, groupby))
        width = len(groupby)
        summary = {}
        for row in rows:
            figures = summary.setdefault(row[:width], weighing._gold_summary_zero())
            kind, grams, fine, count = row[width:]
            figures[kind] += D(grams)
            figures["fine_" + kind] += D(fine)
            figures["lines"] += count
        for figures in summary.values():
            figures["loss"] = figures["in"] - figures["out"] - figures["scrap"]
            figures["fine_loss"] = figures["fine_in"] - figures["fine_out"] - figures["fine_scrap"]
        return summary

    def test_summary_from_the_daily_rollup_equals_the_lines(self):
        self._ledger()
        weighing = self.env["gold.weighing"].with_user(self.user_manager).with_context(tz="UTC")
        company = [("company_id", "=", self.production.company_id.id)]
        groupings = (
            ["operation_id", "workcenter_id", "employee_id", "purity_id", "captured_at:day"],
            ["employee_id", "captured_at:month"],
            ["captured_at:week"],
            ["purity_id"],
        )
        for groupby in groupings:
            self.assertIsNotNone(weighing._gold_summary_daily_rows(company, groupby), groupby)
            from_daily = weighing._read_gold_summary(company, groupby)
            self.assertEqual(from_daily, self._summary_from_lines(weighing, company, groupby))
        by_worker = weighing._read_gold_summary(company, ["employee_id"])
        # the reversed 370 g weigh-out counts under "out", negative: A's out is 365
        self.assertEqual(by_worker[(self.employee,)]["out"], D("365"))
        self.assertEqual(by_worker[(self.employee_b,)]["out"], D("369.9"))
        # a question of part of a day, or of a column the roll-up does not keep, is
        # answered from the lines
        now = fields.Datetime.now()
        for domain, groupby in (
            ([*company, ("captured_at", ">=", now.replace(hour=6, minute=30))], ["purity_id"]),
            ([*company, ("captured_at", ">", now.replace(hour=0, minute=0))], ["purity_id"]),
            (["|", *company, ("employee_id", "=", self.employee.id)], ["purity_id"]),
            ([("production_id", "=", self.production.id)], ["purity_id"]),
            (company, ["captured_at:hour"]),
            (company, ["production_id"]),
        ):
            self.assertIsNone(weighing._gold_summary_daily_rows(domain, groupby), domain)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        today = [*company, ("captured_at", ">=", midnight)]
        self.assertEqual(
            weighing._read_gold_summary(today, ["purity_id"]),
            self._summary_from_lines(weighing, today, ["purity_id"]),
        )

    def test_daily_rollup_time_zone_compaction_and_rebuild(self):
        self._ledger()
        daily = self.env["gold.weighing.daily"]
        company = self.production.company_id
        mine = [("company_id", "=", company.id)]
        weighing = self.env["gold.weighing"].with_user(self.user_manager)
        groupby = ["employee_id", "captured_at:day"]
        before = daily.search_count(mine)
        self.assertGreater(before, 1)  # a row per capture until folded
        folded = daily._gold_compact()
        self.assertGreater(folded, 0)
        self.assertLess(daily.search_count(mine), before)
        lines = self.env["gold.weighing"].search_count(mine)
        self.assertEqual(sum(daily.search(mine).mapped("lines")), lines)
        utc = weighing.with_context(tz="UTC")
        self.assertEqual(
            utc._read_gold_summary(mine, groupby), self._summary_from_lines(utc, mine, groupby)
        )
        # asked in another time zone than the roll-up's days: read from the lines
        saigon = weighing.with_context(tz="Asia/Ho_Chi_Minh")
        self.assertIsNone(saigon._gold_summary_daily_rows(mine, groupby))
        # the company moves to that time zone: the cron takes its days again from the lines
        company.partner_id.tz = "Asia/Ho_Chi_Minh"
        daily._gold_compact()
        self.assertEqual(set(daily.search(mine).mapped("tz")), {"Asia/Ho_Chi_Minh"})
        self.assertIsNotNone(saigon._gold_summary_daily_rows(mine, groupby))
        self.assertEqual(
            saigon._read_gold_summary(mine, groupby),
            self._summary_from_lines(saigon, mine, groupby),
        )
        # the roll-up is the lines' sums: nobody writes it but the ledger's INSERT
        with self.assertRaises(AccessError):
            daily.with_user(self.user_operator).search([])

    def test_daily_rollup_checked_against_the_lines(self):
        self._ledger()
        daily = self.env["gold.weighing.daily"]
        company = self.production.company_id
        self.assertEqual(daily._gold_differences(), [])
        daily._gold_compact()
        self.assertEqual(daily._gold_differences(), [])
        # a row changed behind the trigger's back, and a line it never saw
        self.env.cr.execute(
            "UPDATE gold_weighing_daily SET net_g = net_g + 1 "
            "WHERE id = (SELECT MIN(id) FROM gold_weighing_daily WHERE company_id = %s)",
            [company.id],
        )
        self.assertEqual(daily._gold_differences(), [company.id])
        daily._cron_gold_verify()
        self.assertEqual(daily._gold_differences(), [])
        self.env.cr.execute(
            "DELETE FROM gold_weighing_daily WHERE id = "
            "(SELECT MAX(id) FROM gold_weighing_daily WHERE company_id = %s)",
            [company.id],
        )
        self.assertEqual(daily._gold_differences(), [company.id])
        daily._cron_gold_verify()
        mine = [("company_id", "=", company.id)]
        weighing = self.env["gold.weighing"].with_user(self.user_manager).with_context(tz="UTC")
        groupby = ["employee_id", "captured_at:day", "operation_id"]
        self.assertIsNotNone(weighing._gold_summary_daily_rows(mine, groupby))
        self.assertEqual(
            weighing._read_gold_summary(mine, groupby),
            self._summary_from_lines(weighing, mine, groupby),
        )

    def test_audit_note_and_index(self):
        self._ledger()
        notes = self.production.message_ids.filtered(lambda m: "GW/" in m.body)
        self.assertEqual(len(notes), 7)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(set(notes.mapped("message_type")), {"comment"})
        self.assertIn(self.user_operator.partner_id, notes.author_id)
        self.assertTrue(any("Tray left on the pan" in body for body in notes.mapped("body")))
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["gold_weighing_company_captured_at_index"],
        )
        self.assertIn("(company_id, captured_at)", self.env.cr.fetchone()[0])

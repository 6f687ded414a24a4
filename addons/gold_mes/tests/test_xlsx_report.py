import io
import os
import shutil
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
from freezegun import freeze_time
from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged

from .common import LUONG
from .test_recovery import ArticleMixin
from .xlsx_tools import recalculate

Q = Decimal("0.0001")


def D(value):
    if value is None:
        return None
    return Decimal(value if isinstance(value, str) else repr(value)).quantize(Q)


@tagged("post_install", "-at_install")
class TestXlsxReport(ArticleMixin, TransactionCase):
    """A period of three batches: the article's batch (recovered from the vacuum), a
    batch handed over from Worker A to Worker B in filing, and a batch issued the day
    before the period (Worker A's opening custody); Worker B is 0.1 g short at the day
    close.  Every figure of the workbook is checked against the ledger, cached values
    and the values LibreOffice recalculates from the formulas."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture(own_company=True)
        cls.employee_c = cls.env["hr.employee"].create({"name": "Worker C"})
        cls.employee.sudo().pin = "1111"
        cls.employee_b.sudo().pin = "2222"
        cls.env["gold.price"].create(
            {
                "company_id": cls.company.id,
                "currency_id": cls.company.currency_id.id,
                "price_per_gram": 123.45,
                "date": "2020-01-01 00:00:00",
            }
        )
        cls.period_report = cls.env.ref("gold_mes.gold_period_xlsx_report")
        cls.batch_report = cls.env.ref("gold_mes.gold_reconciliation_xlsx_report")

    # ------------------------------------------------------------------ the period
    def _period(self):
        today = fields.Date.context_today(self.env["gold.weighing"])
        with freeze_time(fields.Datetime.now() - timedelta(days=1)):
            early = self._make_production()
            casting = self._stages(early)[0]
            self._capture("issue", 10 * LUONG, production=early)
            self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("9.9") * LUONG, workorder=casting)
        article, _stages = self._run_article((self.employee, self.employee_b, self.employee_c))
        handed = self._make_production()
        h_casting, h_filing, _h_polishing = self._stages(handed)
        self._capture("issue", 10 * LUONG, production=handed)
        self._capture("in", 10 * LUONG, workorder=h_casting)
        h_casting.button_start()
        self._capture("out", Decimal("9.8") * LUONG, workorder=h_casting)
        h_casting.button_finish()
        h_filing.button_start()
        handover = (
            self.env["gold.handover"]
            .with_user(self.user_operator)
            .create(
                {
                    "workorder_id": h_filing.id,
                    "from_employee_id": self.employee.id,
                    "to_employee_id": self.employee_b.id,
                    "qty": 100,
                }
            )
        )
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("367.5"))
        handover.gold_confirm_in("2222", scale_id=self.scale.id, reading=self._reading("367.5"))
        # Worker B keeps the filing batch overnight and is 0.1 g short at the day close
        recovery = self._recovery(float(Decimal("0.2") * LUONG))
        recovery.action_collect()
        recovery.action_confirm()
        day = self.env["gold.day.close"].with_user(self.user_supervisor).create({"date": today})
        day.action_load()
        with Form(day) as form:
            for index in range(len(day.line_ids)):
                with form.line_ids.edit(index) as line:
                    short = Decimal("0.1") if line.employee_id == self.employee_b else 0
                    line.declared_g = float(D(line.held_g) - short)
        # two hours logged on the article's casting; its filing and polishing none
        end = fields.Datetime.now()
        _stages[0].time_ids.write({"date_start": end - timedelta(hours=2), "date_end": end})
        self.productions = early | article | handed
        self.day, self.recovery = day, recovery
        return today

    def _wizard(self, user=None, **vals):
        today = fields.Date.context_today(self.env["gold.weighing"])
        return (
            self.env["gold.period.reconciliation"]
            .with_user(user or self.user_accountant)
            .create({"date_from": today, "date_to": today, **vals})
        )

    def _render(self, report, ids, user=None, lang=None):
        reports = self.env["ir.actions.report"].with_user(user or self.user_accountant)
        if lang:
            reports = reports.with_context(lang=lang)
        content, kind = reports._render(report, ids)
        self.assertEqual(kind, "xlsx")
        return content

    @staticmethod
    def _rows(sheet, header_row):
        """[{header: value}] of the rows below ``header_row`` (1-based) up to 'Total'."""
        headers = [cell.value for cell in sheet[header_row]]
        rows = []
        for values in sheet.iter_rows(min_row=header_row + 1, values_only=True):
            if values[0] == "Total":
                rows.append(dict(zip(headers, values, strict=False)))
                break
            rows.append(dict(zip(headers, values, strict=False)))
        return rows

    # ------------------------------------------------------------------ checks
    def _check_book(self, book):
        """Every figure against the ledger; ``book`` read with its cached values, or as
        LibreOffice recalculated it."""
        balances = self.productions._gold_balances()
        by_name = {p.name: balances[p.id] for p in self.productions}
        summary = {r["Batch"]: r for r in self._rows(book["Summary"], 5)}
        fine = {r["Batch"]: r for r in self._rows(book["Fine Gold"], 5)}
        self.assertEqual(set(summary) - {"Total"}, set(by_name))
        for name, balance in by_name.items():
            row, frow = summary[name], fine[name]
            for header, value in (
                ("Issued (g)", balance.issued),
                ("Finished (g)", balance.finished),
                ("In Process (g)", balance.in_process),
                ("Scrap Returned (g)", balance.scrap),
                ("Returned to Safe (g)", balance.returned),
                ("Loss (g)", balance.total_loss),
            ):
                self.assertEqual(D(row[header]), value, (name, header))
            self.assertEqual(D(row["Check (g)"]), 0)
            self.assertEqual(
                D(row["Burn (g)"]) + D(row["Recovered (g)"]) + D(row["Unexplained (g)"]),
                balance.total_loss,
            )
            self.assertEqual(D(frow["Fine Loss (g)"]), balance.fine_total_loss, name)
            self.assertEqual(D(frow["Fine Issued (g)"]), balance.fine_issued, name)
            self.assertEqual(D(frow["Check (g)"]), 0)
            value = self.env["gold.price"]._get_value(balance.fine_total_loss, 1000)
            self.assertEqual(Decimal(repr(frow["Loss Value"])).quantize(Decimal("0.01")), value)
        total = summary["Total"]
        self.assertEqual(D(total["Issued (g)"]), sum(b.issued for b in by_name.values()))
        self.assertEqual(D(total["Loss (g)"]), sum(b.total_loss for b in by_name.values()))
        self.assertEqual(
            D(fine["Total"]["Fine Loss (g)"]), sum(b.fine_total_loss for b in by_name.values())
        )
        # the article: 0.2 lượng burnt, 0.2 recovered, 0.2 unexplained
        article = summary[self.productions[1].name]
        self.assertEqual(
            [D(article[h]) for h in ("Burn (g)", "Recovered (g)", "Unexplained (g)")],
            [D("7.5"), D("7.5"), D("7.5")],
        )
        self.assertEqual(D(book["Fine Gold"]["C2"].value), D("123.45"))
        self._check_stages(book, by_name, total)
        self._check_custody(book)
        self._check_recoveries(book)
        self._check_workers(book)

    def _check_workers(self, book):
        """The Workers sheet holds gold.worker.performance's own figures."""
        today = fields.Date.context_today(self.env["gold.weighing"])
        rows = self.env["gold.worker.performance"].search(
            [("production_id", "in", self.productions.ids), ("date", "=", today)]
        )
        self.assertTrue(rows.filtered("time_logged") and rows.filtered(lambda r: not r.time_logged))
        sheet = {r["Worker"]: r for r in self._rows(book["Workers"], 1)}
        self.assertEqual(set(sheet) - {"Total"}, set(rows.employee_id.mapped("name")))
        for name, stages in [
            *(
                (employee.name, rows.filtered(lambda r, e=employee: r.employee_id == e))
                for employee in rows.employee_id
            ),
            ("Total", rows),
        ]:
            figures = stages._gold_figures()
            row = sheet[name]
            for header, figure in (
                ("Stages", figures.stages),
                ("Pieces (once per batch)", figures.pieces),
                ("Pieces with Time Logged", figures.timed_pieces),
                ("Hours Logged", figures.hours),
                ("Stages Without Time", figures.untimed),
                ("Gold In (g)", figures.gold_in),
                ("Loss (g)", figures.loss),
                ("Recovered (g)", figures.recovered),
                ("Abnormal Stages", figures.abnormal),
                ("Pieces per Hour", figures.pieces_per_hour),
                ("Loss (% of gold in)", figures.loss_pct),
                ("Recovered Share (%)", figures.recovered_pct),
            ):
                value = row[header]
                if figure is None:
                    self.assertIn(value, (None, "", "no time logged"), (name, header))
                else:
                    self.assertEqual(D(value), figure, (name, header))
        self.assertEqual(sheet["Total"]["Pieces per Hour"], 50)  # 100 rings in 2 h

    def _check_stages(self, book, by_name, total):

        stages = self._rows(book["Stages"], 1)
        expected = {
            (p.name, wo.name): stage
            for p in self.productions
            for stage in by_name[p.name].stages
            for wo in p.workorder_ids
            if wo.id == stage.key
        }
        self.assertEqual(len(stages) - 1, len(expected))
        for row in stages[:-1]:
            stage = expected[row["Batch"], row["Stage"]]
            self.assertEqual(D(row["In (g)"]), stage.weight_in)
            self.assertEqual(D(row["Out (g)"]), stage.weight_out)
            self.assertEqual(D(row["Loss (g)"]), stage.loss)
        self.assertEqual(D(stages[-1]["Loss (g)"]), sum(stage.loss for stage in expected.values()))
        by_stage = {r["Stage"]: r for r in self._rows(book["By Stage"], 1)}
        for name in ("Casting", "Filing", "Polishing"):
            loss = sum(s.loss for (_b, n), s in expected.items() if n == name)
            self.assertEqual(D(by_stage[name]["Loss (g)"]), loss, name)
        karat = {r["Purity"]: r for r in self._rows(book["By Karat"], 1)}
        self.assertEqual(D(karat["Total"]["Issued (g)"]), D(total["Issued (g)"]))
        self.assertEqual(karat["Total"]["Batches"], 3)

    def _check_custody(self, book):

        balances = self.env["gold.worker.balance"]
        held = balances._gold_held(self.company)
        # the one SQL read of the ledger gives what its records give
        records = (
            self.env["gold.weighing"]
            .sudo()
            .search([("company_id", "=", self.company.id)], order="captured_at, id")
        )
        self.assertEqual(balances._gold_held(self.company, None, records), held)
        self.assertEqual(held[self.employee_b.id].held, D("367.5"))
        custody = {r["Worker"]: r for r in self._rows(book["Custody"], 1)}
        worker_a, worker_b = custody["Worker A"], custody["Worker B"]
        self.assertEqual(D(worker_a["Opening (g)"]), 10 * LUONG)  # yesterday's weigh-in
        for employee, row in ((self.employee, worker_a), (self.employee_b, worker_b)):
            balance = held[employee.id]
            self.assertEqual(D(row["Closing (g)"]), balance.held, employee.name)
            self.assertEqual(
                D(row["Opening (g)"])
                + D(row["Received (g)"])
                - D(row["Passed On (g)"])
                - D(row["Returned (g)"])
                - D(row["Loss (g)"]),
                balance.held,
            )
        line_b = self.day.line_ids.filtered(lambda ln: ln.employee_id == self.employee_b)
        self.assertEqual(D(worker_b["Day-Close Difference (g)"]), D("0.1"))
        self.assertEqual(D(worker_b["Day-Close Difference (g)"]), D(line_b.difference_g))
        self.assertEqual(D(worker_b["Unexplained at Day Close (g)"]), D("0.1"))
        self.assertEqual(D(custody["Total"]["Day-Close Difference (g)"]), D(self.day.difference_g))
        days = self._rows(book["Day Closes"], 1)
        self.assertEqual(D(days[-1]["Difference (g)"]), D(self.day.difference_g))

    def _check_recoveries(self, book):

        lots = self._rows(book["Recoveries"], 1)
        self.assertEqual(lots[0]["Lot"], self.recovery.name)
        self.assertEqual(D(lots[0]["Fine Gold Recovered (g)"]), D(self.recovery.fine_recovered_g))
        allocation = self._rows(book["Allocation"], 1)
        self.assertEqual(len(allocation) - 1, len(self.recovery.line_ids))
        for header, field in (("Recovered (g)", "recovered_g"), ("Loss (g)", "loss_g")):
            exact = sum((D(v) for v in self.recovery.line_ids.mapped(field)), Decimal(0))
            self.assertEqual(D(allocation[-1][header]), exact, header)

    def test_period_workbook_matches_the_ledger(self):
        self._period()
        wizard = self._wizard()
        self.assertEqual(
            wizard._gold_productions(
                self.env["report.gold_mes.gold_period_xlsx"]._gold_window(
                    wizard.date_from, wizard.date_to, __import__("pytz").utc
                )
            ),
            self.productions.sorted("name"),
        )
        content = self._render(self.period_report, wizard.ids)
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        self.assertEqual(
            book.sheetnames,
            [
                "Summary",
                "Fine Gold",
                "Stages",
                "By Stage",
                "By Karat",
                "Custody",
                "Workers",
                "Day Closes",
                "Recoveries",
                "Allocation",
                "Audit",
            ],
        )
        self._check_book(book)
        audit = self._rows(book["Audit"], 1)
        weighings = self.env["gold.weighing"].search(
            [("production_id", "in", self.productions.ids)]
        )
        today_lines = weighings.filtered(lambda w: w.captured_at.date() >= date.today())
        self.assertEqual(len(audit), len(today_lines))  # yesterday's lines are not in it
        self.assertEqual(
            sorted(D(row["Net (g)"]) for row in audit),
            sorted(D(w.net_g) for w in today_lines),
        )
        self.assertTrue(all(row["Stable"] == "Yes" for row in audit))
        self.assertIn("Handover In", {row["Kind"] for row in audit})
        # the formulas, recalculated by LibreOffice, give the same figures
        recalculated = recalculate(content)
        if recalculated is None:
            self.skipTest("LibreOffice (soffice) is not installed: formulas not recalculated")
        self._check_book(openpyxl.load_workbook(io.BytesIO(recalculated), data_only=True))

    def test_times_in_the_users_zone_stated_once(self):
        self._period()
        self.user_accountant.tz = "Asia/Ho_Chi_Minh"
        wizard = self._wizard()
        content = self._render(self.period_report, wizard.ids)
        book = openpyxl.load_workbook(io.BytesIO(content))
        lines = [book["Summary"][f"A{row}"].value or "" for row in (2, 3)]
        self.assertIn("Asia/Ho_Chi_Minh", lines[1])
        lines = self.env["gold.weighing"].search([("production_id", "in", self.productions.ids)])
        audit_times = [row[0] for row in book["Audit"].iter_rows(min_row=2, values_only=True)]
        # the period's days are the accountant's (UTC+7): which lines fall in it depends
        # on the hour the test runs, so it is worked out here the same way
        local_times = sorted(
            local
            for local in (w.captured_at + timedelta(hours=7) for w in lines)
            if wizard.date_from <= local.date() <= wizard.date_to
        )
        self.assertEqual(
            min(audit_times).replace(microsecond=0), local_times[0].replace(microsecond=0)
        )
        self.assertEqual(len(audit_times), len(local_times))
        price_text = book["Fine Gold"]["A3"].value
        self.assertIn("2020-01-01 07:00", price_text)  # the price's time, local too

    def test_filters_narrow_the_batches(self):
        self._period()
        wizard = self._wizard(workcenter_ids=[Command.set(self.wc_polishing.ids)])
        book = openpyxl.load_workbook(
            io.BytesIO(self._render(self.period_report, wizard.ids)), data_only=True
        )
        batches = {r["Batch"] for r in self._rows(book["Summary"], 5)} - {"Total"}
        self.assertEqual(batches, {self.productions[1].name})  # only the article polished
        stages = {r["Stage"] for r in self._rows(book["Stages"], 1)[:-1]}
        self.assertEqual(stages, {"Polishing"})

    def test_print_menu_batches_use_the_same_layout(self):
        self._period()
        content = self._render(self.batch_report, self.productions.ids)
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        summary = {r["Batch"]: r for r in self._rows(book["Summary"], 5)}
        self.assertEqual(set(summary) - {"Total"}, set(self.productions.mapped("name")))
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.user_accountant)
            .get_bindings("mrp.production")
            .get("report", [])
        )
        self.assertIn(self.batch_report.id, [b["id"] for b in bindings])
        self.assertEqual(self.batch_report.report_type, "xlsx")

    def test_an_operator_cannot_export_values(self):
        self._period()
        wizard = self._wizard()
        for user in (self.user_operator, self.user_plain):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._render(self.batch_report, self.productions.ids, user=user)
                with self.assertRaises(AccessError):
                    self._render(self.period_report, wizard.ids, user=user)
                with self.assertRaises(AccessError):
                    self._wizard(user=user)
        self.assertTrue(self._render(self.period_report, wizard.ids, user=self.user_supervisor))

    def test_vietnamese_headers(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self._period()
        content = self._render(self.period_report, self._wizard().ids, lang="vi_VN")
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        self.assertEqual(book.sheetnames[0], "Tổng hợp")
        headers = [cell.value for cell in book["Tổng hợp"][5]]
        self.assertIn("Vàng đã xuất (g)", headers)

    def test_libreoffice_prints_every_sheet_on_a4_landscape(self):
        if not shutil.which("soffice"):
            self.skipTest("LibreOffice (soffice) is not installed")
        from .xlsx_tools import pdf_pages  # noqa: PLC0415

        self._period()
        content = self._render(self.period_report, self._wizard().ids)
        pages = pdf_pages(content, keep=os.environ.get("GOLD_XLSX_PDF"))
        self.assertGreaterEqual(len(pages), 10)  # one page at least per sheet
        for width, height in pages:
            self.assertGreater(width, height)  # landscape
            self.assertAlmostEqual(width, 842, delta=2)  # A4: 842 x 595 pt
            self.assertAlmostEqual(height, 595, delta=2)

import io
from decimal import Decimal

import openpyxl
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import LUONG
from .test_recovery import ArticleMixin

REPORT_NAME = "gold_mes.gold_reconciliation_xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def D(value):
    return Decimal(value if isinstance(value, str) else repr(value)).quantize(Decimal("0.0001"))


@tagged("post_install", "-at_install")
class TestXlsxReport(ArticleMixin, HttpCase):
    """The article's batch in the accountants' Excel reconciliation: 0.2 lượng burnt in
    casting, 0.4 filed and polished off, 0.2 back from the vacuum, 0.2 unexplained."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.report = cls.env.ref("gold_mes.gold_reconciliation_xlsx_report")
        employee = cls.env["hr.employee"]
        cls.employee_c = employee.create({"name": "Worker C"})

    def _article(self, recover=True):
        production, stages = self._run_article((self.employee, self.employee_b, self.employee_c))
        if recover:  # 0.2 lượng of 18K comes back from the vacuum
            recovery = self._recovery(float(Decimal("0.2") * LUONG))
            recovery.action_collect()
            recovery.action_confirm()
        return production, stages

    def _price(self, per_gram=100.0):
        self.env["gold.price"].create(
            {
                "company_id": self.company.id,
                "currency_id": self.company.currency_id.id,
                "price_per_gram": per_gram,
                "date": "2020-01-01 00:00:00",
            }
        )

    def _render(self, productions, user=None, lang=None):
        reports = self.env["ir.actions.report"].with_user(user or self.user_accountant)
        if lang:
            reports = reports.with_context(lang=lang)
        content, kind = reports._render(self.report, productions.ids)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True)

    @staticmethod
    def _table(sheet, header_row):
        """({header: column letter}, [row numbers below the header up to the total])."""
        columns = {c.value: c.column_letter for c in sheet[header_row] if c.value is not None}
        return columns

    @staticmethod
    def _value(sheet, column, row):
        return D(sheet[f"{column}{row}"].value)

    def test_summary_stages_workers_of_the_article(self):
        self._price(100.0)
        production, _stages = self._article()
        book = self._render(production)
        self.assertEqual(book.sheetnames, ["Summary", "Stages", "Ledger", "Workers"])
        summary = book["Summary"]
        col = self._table(summary, 4)
        row = 5
        self.assertEqual(summary[f"A{row}"].value, production.name)
        expected = {
            "Issued (g)": "375",
            "Finished (g)": "352.5",
            "In Process (g)": "0",
            "Loss (g)": "22.5",
            "Burn (g)": "7.5",
            "Recovered (g)": "7.5",
            "Unexplained (g)": "7.5",
            "Fine Issued (g)": "281.25",
            "Fine Loss (g)": "16.875",
            "Loss (%)": "0.06",
            "Loss Value": "1687.5",  # 16.875 g fine at 100 per gram
            "Check: Issued − Accounted (g)": "0",
            "Check: Fine (g)": "0",
        }
        for header, value in expected.items():
            self.assertEqual(self._value(summary, col[header], row), D(value), header)
        self.assertEqual(summary[f"{col['Issued (trade units)']}{row}"].value, "10 lượng")
        self.assertEqual(summary[f"{col['Loss (trade units)']}{row}"].value, "6 chỉ")
        self.assertEqual(summary[f"{col['Issued (g)']}{row}"].number_format, "0.0000")
        self.assertEqual(summary[f"A{row + 1}"].value, "Total")
        self.assertEqual(self._value(summary, col["Loss (g)"], row + 1), D("22.5"))
        self.assertEqual(summary.freeze_panes, "B5")

        stages = book["Stages"]
        scol = self._table(stages, 1)
        self.assertEqual(
            [self._value(stages, scol["Loss (g)"], r) for r in (2, 3, 4)],
            [D("7.5"), D("11.25"), D("3.75")],
        )
        self.assertEqual(
            [stages[f"{scol['Worker']}{r}"].value for r in (2, 3, 4)],
            ["Worker A", "Worker B", "Worker C"],
        )
        self.assertEqual(
            [stages[f"{scol['Status']}{r}"].value for r in (2, 3, 4)], ["OK", "OK", "OK"]
        )

        ledger = book["Ledger"]
        lcol = self._table(ledger, 1)
        nets = sorted(self._value(ledger, lcol["Net (g)"], r) for r in range(2, ledger.max_row + 1))
        self.assertEqual(nets, sorted(D(v) for v in ("375", "375", "367.5", "356.25", "352.5")))

        workers = book["Workers"]
        wcol = self._table(workers, 1)
        by_worker = {
            workers[f"A{r}"].value: {
                h: self._value(workers, wcol[h], r)
                for h in ("Burn (g)", "Recovered (g)", "Unexplained (g)")
            }
            for r in (2, 3, 4)
        }
        self.assertEqual(by_worker["Worker A"]["Burn (g)"], D("7.5"))
        self.assertEqual(by_worker["Worker B"]["Recovered (g)"], D("5.625"))
        self.assertEqual(by_worker["Worker B"]["Unexplained (g)"], D("5.625"))
        self.assertEqual(by_worker["Worker C"]["Recovered (g)"], D("1.875"))
        self.assertEqual(workers["A5"].value, "Total")
        self.assertEqual(self._value(workers, wcol["Unexplained (g)"], 5), D("7.5"))

    def test_no_price_no_recovery_still_renders_and_says_so(self):
        production, _stages = self._article(recover=False)
        empty = self._make_production()  # a batch with no gold weighed yet
        book = self._render(production | empty)
        summary = book["Summary"]
        col = self._table(summary, 4)
        rows = {summary[f"A{r}"].value: r for r in range(5, summary.max_row + 1)}
        row = rows[production.name]
        self.assertIsNone(summary[f"{col['Loss Value']}{row}"].value)
        # nothing back from the vacuum yet: the recoverable loss is unexplained
        self.assertEqual(self._value(summary, col["Unexplained (g)"], row), D("15"))
        self.assertEqual(self._value(summary, col["Check: Issued − Accounted (g)"], row), 0)
        self.assertEqual(self._value(summary, col["Issued (g)"], rows[empty.name]), 0)
        notes = [
            summary[f"A{r}"].value or "" for r in range(rows["Total"] + 1, summary.max_row + 1)
        ]
        self.assertTrue(any("Loss value left empty" in note for note in notes), notes)
        self.assertTrue(any("without a confirmed recovery" in note for note in notes), notes)

    def test_vietnamese_headers(self):
        self._price(100.0)
        self.env["res.lang"]._activate_lang("vi_VN")
        production, _stages = self._article()
        book = self._render(production, lang="vi_VN")
        self.assertEqual(book.sheetnames, ["Tổng hợp", "Công đoạn", "Sổ cân", "Thợ"])
        col = self._table(book["Tổng hợp"], 4)
        self.assertIn("Vàng đã xuất (g)", col)
        self.assertEqual(
            self._value(book["Tổng hợp"], col["Không rõ nguyên nhân (g)"], 5), D("7.5")
        )

    def test_print_menu_binding(self):
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.user_accountant)
            .get_bindings("mrp.production")
            .get("report", [])
        )
        self.assertIn(self.report.id, [b["id"] for b in bindings])
        self.assertEqual(self.report.report_type, "xlsx")

    # ------------------------------------------------------------------ route
    def _url(self, productions):
        return f"/gold_mes/report/xlsx/{REPORT_NAME}/{','.join(map(str, productions.ids))}"

    def test_route_downloads_for_an_accountant(self):
        self._price(100.0)
        production, _stages = self._article()
        self.authenticate("gold_accountant", "gold_accountant")
        response = self.url_open(self._url(production))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX)
        self.assertIn("Gold%20reconciliation", response.headers["Content-Disposition"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content), data_only=True)
        col = self._table(book["Summary"], 4)
        self.assertEqual(self._value(book["Summary"], col["Unexplained (g)"], 5), D("7.5"))

    def test_route_refuses_users_without_rights(self):
        production, _stages = self._article(recover=False)
        other = self.env["res.company"].create({"name": "Other Workshop"})
        new_test_user(
            self.env,
            "gold_accountant_other",
            groups="gold_mes.gold_weighing_group_accountant",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        for login in ("gold_plain", "gold_operator", "gold_accountant_other"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(self._url(production))
                self.assertEqual(response.status_code, 403, response.text[:300])
                self.assertNotIn(XLSX, response.headers.get("Content-Type", ""))
        self.authenticate(None, None)
        response = self.url_open(self._url(production), allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    # ------------------------------------------------------------------ web client
    def test_print_handler_downloads_through_the_route(self):
        """The Print menu's handler (static/src/xlsx_report) takes 'xlsx' reports only and
        posts to the route, which answers the workbook; the download itself is caught."""
        self._price(100.0)
        production, _stages = self._article(recover=False)
        code = """
        (async () => {
            const { registry } = odoo.loader.modules.get("@web/core/registry");
            const { download } = odoo.loader.modules.get("@web/core/network/download");
            const handler = registry.category("ir.actions.report handlers").get("gold_mes_xlsx");
            const noop = () => {};
            const env = { services: { ui: { block: noop, unblock: noop } } };
            let sent = null;
            download._download = async (options) => { sent = options; };
            if (await handler({ report_type: "qweb-pdf", report_name: "x" }, {}, env)) {
                console.error("the xlsx handler took a PDF report");
                return;
            }
            const action = {
                type: "ir.actions.report",
                report_type: "xlsx",
                report_name: "__REPORT__",
                context: { active_ids: [__ID__], active_model: "mrp.production" },
            };
            if (!(await handler(action, {}, env)) || !sent) {
                console.error("the xlsx handler did not download");
                return;
            }
            if (!sent.url.endsWith("/gold_mes/report/xlsx/__REPORT__/__ID__")) {
                console.error("unexpected url " + sent.url);
                return;
            }
            const form = new FormData();
            for (const [key, value] of Object.entries(sent.data)) {
                form.append(key, value);
            }
            form.append("csrf_token", odoo.csrf_token);
            const response = await fetch(sent.url, { method: "POST", body: form });
            const type = response.headers.get("Content-Type") || "";
            if (response.status !== 200 || !type.includes("spreadsheetml")) {
                console.error("download refused: " + response.status + " " + type);
                return;
            }
            console.log("test successful");
        })();
        """
        code = code.replace("__REPORT__", REPORT_NAME).replace("__ID__", str(production.id))
        self.browser_js(
            "/odoo",
            code,
            ready="odoo.isReady",
            login="gold_accountant",
        )

import io

import openpyxl
from odoo import fields
from odoo.tests import HttpCase, tagged

from .test_recovery import ArticleMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestXlsxDownload(ArticleMixin, HttpCase):
    """The browser's way in: report_xlsx's /report/download, our reports streamed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture(own_company=True)
        cls.employee_c = cls.env["hr.employee"].create({"name": "Worker C"})

    def test_period_workbook_streams_to_an_accountant_only(self):
        production, _stages = self._run_article((self.employee, self.employee_b, self.employee_c))
        today = fields.Date.context_today(self.env["gold.weighing"])
        wizard = (
            self.env["gold.period.reconciliation"]
            .with_user(self.user_accountant)
            .create({"date_from": today, "date_to": today})
        )
        url = f"/report/xlsx/gold_mes.gold_period_xlsx/{wizard.id}"
        self.authenticate("gold_accountant", "gold_accountant")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(response.headers["Content-Type"], XLSX)
        self.assertEqual(int(response.headers["Content-Length"]), len(response.content))
        book = openpyxl.load_workbook(io.BytesIO(response.content), data_only=True)
        self.assertEqual(book["Summary"]["A6"].value, production.name)
        for login in ("gold_operator", "gold_plain"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(XLSX, response.headers.get("Content-Type", ""))

    def test_print_menu_download_names_the_file(self):
        production, _stages = self._run_article((self.employee, self.employee_b, self.employee_c))
        self.authenticate("gold_accountant", "gold_accountant")
        response = self.url_open(
            f"/report/xlsx/gold_mes.gold_reconciliation_xlsx/{production.id}",
        )
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content), data_only=True)
        self.assertEqual(book["Summary"]["A6"].value, production.name)

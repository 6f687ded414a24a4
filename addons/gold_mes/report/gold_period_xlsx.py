"""The period reconciliation: the workbook of ``gold.period.reconciliation`` (wizard)."""

from odoo import models

from ..core.xlsx_layout import write_workbook


class ReportGoldPeriodXlsx(models.AbstractModel):
    _name = "report.gold_mes.gold_period_xlsx"
    _inherit = "report.gold_mes.gold_reconciliation_xlsx"
    _description = "Gold Period Reconciliation (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        wizard = objs[:1]
        wizard.ensure_one()
        company = wizard.company_id
        tz = self._gold_user_tz(company)
        window = self._gold_window(wizard.date_from, wizard.date_to, tz)
        filters = {
            "workcenters": wizard.workcenter_ids,
            "employees": wizard.employee_ids,
        }
        productions = wizard._gold_productions(window)
        write_workbook(self._gold_spec(company, productions, window, filters), workbook)

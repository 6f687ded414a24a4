"""The Excel report base: an in-memory xlsxwriter workbook, the records read with the
user's rights, and one ``generate_xlsx_report(workbook, data, objs)`` per report.

A report inherits this model as ``report.<report_name>`` and is bound to an
``ir.actions.report`` with ``report_type='xlsx'`` (models/ir_actions_report.py).
"""

import io

import xlsxwriter
from odoo import api, models


class ReportAbstractXlsx(models.AbstractModel):
    _name = "report.gold_mes.abstract_xlsx"
    _description = "Excel Report Base"

    @api.model
    def create_xlsx_report(self, docids, data, report=None):
        """(xlsx bytes, 'xlsx') for ``docids`` of the report's model."""
        objs = self._get_objs_for_report(docids, data, report)
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, self._get_workbook_options())
        try:
            self.generate_xlsx_report(workbook, data, objs)
        finally:
            workbook.close()
        return stream.getvalue(), "xlsx"

    @api.model
    def _get_workbook_options(self):
        return {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}

    @api.model
    def _get_objs_for_report(self, docids, data, report=None):
        """The records to print, browsed in the caller's environment; reading them is
        checked against access rights and record rules (AccessError otherwise)."""
        context = data.get("context") or {}
        model = (report and report.model) or data.get("model") or context.get("active_model")
        ids = docids or data.get("ids") or context.get("active_ids") or []
        if isinstance(ids, int):
            ids = [ids]
        objs = self.env[model].browse(ids).exists()
        objs.check_access("read")
        return objs

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        """Fill ``workbook`` (an xlsxwriter Workbook) for ``objs``."""
        raise NotImplementedError()

"""Excel reports: ``report_type = 'xlsx'`` rendered by an abstract ``report.<name>``.

The renderer is ``report.<report_name>`` inheriting ``report.gold_mes.abstract_xlsx``
(see report/abstract_xlsx.py); ``_render`` finds ``_render_xlsx`` by the report type,
so ``ir.actions.report._render(report, ids)`` returns ``(bytes, 'xlsx')``.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    report_type = fields.Selection(
        selection_add=[("xlsx", "Excel (XLSX)")], ondelete={"xlsx": "cascade"}
    )

    @api.model
    def _render_xlsx(self, report_ref, res_ids, data=None):
        """(bytes, 'xlsx') of the Excel report, computed with the caller's rights."""
        report = self._get_report(report_ref)
        self._check_xlsx_access(report)
        renderer = self.env.get(f"report.{report.report_name}")
        if renderer is None or not hasattr(renderer, "create_xlsx_report"):
            raise UserError(
                _("The report %(report)s has no Excel renderer.", report=report.report_name)
            )
        return renderer.create_xlsx_report(res_ids, dict(data or {}), report=report)

    @api.model
    def _check_xlsx_access(self, report):
        """A report restricted to groups is refused to a user in none of them (``report``
        comes sudo-ed from ``_get_report``: the user is the caller's)."""
        if self.env.su or not report.groups_id:
            return
        if not report.groups_id & self.env.user.sudo().groups_id:
            raise AccessError(
                _("You are not allowed to print the report %(report)s.", report=report.name)
            )

"""Download route for Excel reports (``ir.actions.report`` with report_type 'xlsx').

    /gold_mes/report/xlsx/<report_name>[/<ids>]   (GET or POST; params: options, context)

Renders with the user's rights through ``ir.actions.report._render_xlsx`` and answers
the .xlsx with its file name.  A refusal answers 403 (access) or 400 (user error) with
the serialized error in the body, the way the web client's download utility reads it.
"""

import json

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request
from odoo.tools import html_escape
from odoo.tools.safe_eval import safe_eval, time
from werkzeug.exceptions import NotFound

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxReportController(http.Controller):
    @http.route(
        [
            "/gold_mes/report/xlsx/<string:report_name>",
            "/gold_mes/report/xlsx/<string:report_name>/<string:docids>",
        ],
        type="http",
        auth="user",
        readonly=True,
    )
    def report_xlsx(self, report_name, docids=None, options=None, context=None, **kwargs):
        if context:
            request.update_context(**json.loads(context))
        reports = request.env["ir.actions.report"]
        report = reports._get_report_from_name(report_name)
        if not report or report.report_type != "xlsx":
            raise NotFound()
        try:
            ids = [int(i) for i in docids.split(",") if i] if docids else []
        except ValueError:
            raise NotFound() from None
        data = json.loads(options) if options else {}
        try:
            content, _kind = reports._render_xlsx(report.id, ids, data=data)
            filename = self._xlsx_filename(report, ids)
        except (AccessError, UserError) as error:
            return self._xlsx_error(error, 403 if isinstance(error, AccessError) else 400)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    def _xlsx_filename(self, report, ids):
        name = report.name
        if report.print_report_name and len(ids) == 1:
            record = request.env[report.model].browse(ids)
            name = safe_eval(report.print_report_name, {"object": record, "time": time}) or name
        return f"{name}.xlsx"

    def _xlsx_error(self, error, status):
        body = {
            "code": 200,
            "message": "Odoo Server Error",
            "data": http.serialize_exception(error),
        }
        return request.make_response(
            html_escape(json.dumps(body)),
            headers=[("Content-Type", "text/html; charset=utf-8")],
            status=status,
        )

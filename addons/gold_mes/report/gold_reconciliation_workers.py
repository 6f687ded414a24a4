"""The Workers sheet of the period reconciliation (issue 14.2): per worker, the
figures of ``gold.worker.performance`` (its closed stages of the period, as its own
screens compute them with ``core.performance.figures``), laid out by
``core.xlsx_workers``."""

from collections import defaultdict

from odoo import api, models

from ..core.xlsx_workers import UntimedStage, WorkerRow, WorkersSheet


class GoldReconciliationWorkers(models.AbstractModel):
    _inherit = "report.gold_mes.gold_reconciliation_rows"

    @api.model
    def _gold_performance_rows(self, company, productions, window, filters):
        """The closed stages of ``productions`` whose performance date is in the
        period, at the chosen work centres and of the chosen workers."""
        domain = [
            ("company_id", "=", company.id),
            ("production_id", "in", productions.ids),
            ("date", ">=", window["date_from"]),
            ("date", "<=", window["date_to"]),
        ]
        if filters.get("workcenters"):
            domain.append(("workcenter_id", "in", filters["workcenters"].ids))
        if filters.get("employees"):
            domain.append(("employee_id", "in", filters["employees"].ids))
        return self.env["gold.worker.performance"].search(domain, order="date, id")

    @api.model
    def _gold_workers_sheet(self, company, productions, window, filters):
        """A core WorkersSheet of the period, or None (no period, or no right to read
        the performance figures)."""
        performance = self.env["gold.worker.performance"]
        if not window or not performance.has_access("read"):
            return None
        rows = self._gold_performance_rows(company, productions, window, filters)
        by_worker = defaultdict(list)
        for row in rows:
            by_worker[row.employee_id].append(row.id)
        fmt = self._gold_formatter(company)
        nobody = self.env._("(no worker)")
        workers = []
        for employee in sorted(by_worker, key=lambda e: (not e, e.name or "", e.id or 0)):
            figures = performance.browse(by_worker[employee])._gold_figures()
            workers.append(
                WorkerRow(
                    worker=employee.name or nobody, figures=figures, loss_units=fmt(figures.loss)
                )
            )
        untimed = tuple(
            UntimedStage(
                worker=row.employee_id.name or nobody,
                batch=row.production_id.name or "",
                stage=row.workorder_id.name or "",
                workcenter=row.workcenter_id.name or "",
                day=row.date,
            )
            for row in rows
            if not row.time_logged
        )
        return WorkersSheet(
            rows=tuple(workers),
            total=rows._gold_figures(),
            untimed=untimed,
            notes=self._gold_workers_notes(),
        )

    def _gold_workers_notes(self):
        _ = self.env._
        return (
            _(
                "Hours: the work time logged on the work orders (time tracking), never "
                "the planned time. A stage without logged time adds no hours and no "
                "pieces to the rate; those stages are listed below."
            ),
            _(
                "Pieces count once per batch and worker; loss % is weighted by the gold "
                "that went in; recovered share: gold the confirmed recoveries gave back "
                "over the gold lost."
            ),
        )

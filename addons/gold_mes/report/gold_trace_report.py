"""The trace report: one page per batch, the piece's story (see mrp_production_trace)."""

from odoo import api, models


class GoldTraceReport(models.AbstractModel):
    _name = "report.gold_mes.report_gold_trace"
    _description = "Gold Trace Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        marked = data.get("marked_workorder_id") or self.env.context.get("gold_trace_workorder_id")
        docs = self.env["mrp.production"].browse(docids or data.get("ids") or [])
        return {
            "doc_ids": docids,
            "doc_model": "mrp.production",
            "docs": docs,
            "stories": {doc.id: doc._gold_trace_story(marked) for doc in docs},
            "weight": lambda value: f"{value:.4f}",
            "pct": lambda value: f"{value:.2f}",
        }

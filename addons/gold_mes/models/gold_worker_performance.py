"""Worker performance per closed gold stage: pieces per hour, loss %, recovered share,
with Shewhart control limits over a rolling window (``core.control_limits``/``flag_drift``).
"""

from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models

from ..core.errors import GoldLedgerError
from ..core.stats import WINDOW, control_limits, flag_drift

FLAGS = [
    ("insufficient", "Too Few Points"),
    ("ok", "In Control"),
    ("above", "Above Upper Limit"),
    ("below", "Below Lower Limit"),
    ("drift_up", "Drifting Up"),
    ("drift_down", "Drifting Down"),
]


class GoldWorkerPerformance(models.Model):
    _name = "gold.worker.performance"
    _description = "Gold Worker Performance"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "workorder_id"
    _depends = {
        "mrp.workorder": [
            "production_id",
            "workcenter_id",
            "gold_employee_id",
            "date_finished",
            "date_start",
            "qty_produced",
            "duration",
            "gold_in",
            "gold_loss",
            "gold_loss_pct",
            "gold_is_stage",
            "gold_loss_status",
        ],
        "mrp.production": ["company_id", "product_qty"],
        "hr.employee": ["user_id"],
        "gold.recovery.line": ["workorder_id", "recovered_g", "recovery_id"],
        "gold.recovery": ["state"],
    }

    workorder_id = fields.Many2one("mrp.workorder", string="Stage", readonly=True)
    production_id = fields.Many2one("mrp.production", string="Batch", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Centre", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Worker", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    pieces = fields.Float(digits="Product Unit of Measure", readonly=True)
    duration_h = fields.Float(string="Hours", digits=(16, 2), readonly=True)
    pieces_per_hour = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    gold_in_g = fields.Float(string="Gold In (g)", digits="Gold Weight", readonly=True)
    loss_g = fields.Float(string="Loss (g)", digits="Gold Weight", readonly=True)
    loss_pct = fields.Float(string="Loss (%)", digits=(16, 4), readonly=True, aggregator="avg")
    recovered_g = fields.Float(string="Recovered (g)", digits="Gold Weight", readonly=True)
    recovered_pct = fields.Float(
        string="Recovered Share (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )
    loss_mean = fields.Float(
        string="Mean Loss (%)", digits=(16, 4), compute="_compute_control", aggregator=False
    )
    loss_ucl = fields.Float(
        string="Upper Limit (%)", digits=(16, 4), compute="_compute_control", aggregator=False
    )
    loss_lcl = fields.Float(
        string="Lower Limit (%)", digits=(16, 4), compute="_compute_control", aggregator=False
    )
    loss_flag = fields.Selection(FLAGS, string="Control", compute="_compute_control")

    @property
    def _table_query(self):
        return """
            SELECT wo.id AS id,
                   wo.id AS workorder_id,
                   wo.production_id,
                   wo.workcenter_id,
                   wo.gold_employee_id AS employee_id,
                   emp.user_id,
                   mp.company_id,
                   COALESCE(wo.date_finished, wo.date_start, wo.write_date)::date AS date,
                   COALESCE(NULLIF(wo.qty_produced, 0), mp.product_qty) AS pieces,
                   COALESCE(wo.duration, 0) / 60.0 AS duration_h,
                   CASE WHEN COALESCE(wo.duration, 0) > 0
                        THEN COALESCE(NULLIF(wo.qty_produced, 0), mp.product_qty)
                             * 60.0 / wo.duration
                        ELSE 0 END AS pieces_per_hour,
                   wo.gold_in AS gold_in_g,
                   wo.gold_loss AS loss_g,
                   wo.gold_loss_pct AS loss_pct,
                   COALESCE(rec.recovered_g, 0) AS recovered_g,
                   CASE WHEN wo.gold_loss > 0
                        THEN COALESCE(rec.recovered_g, 0) * 100.0 / wo.gold_loss
                        ELSE 0 END AS recovered_pct
              FROM mrp_workorder wo
              JOIN mrp_production mp ON mp.id = wo.production_id
         LEFT JOIN hr_employee emp ON emp.id = wo.gold_employee_id
         LEFT JOIN (SELECT line.workorder_id, SUM(line.recovered_g) AS recovered_g
                      FROM gold_recovery_line line
                      JOIN gold_recovery recovery ON recovery.id = line.recovery_id
                     WHERE recovery.state = 'confirmed'
                  GROUP BY line.workorder_id) rec ON rec.workorder_id = wo.id
             WHERE wo.gold_is_stage
               AND wo.gold_loss_status IS NOT NULL
               AND wo.gold_loss_status != 'open'
        """

    @api.depends("loss_pct", "workcenter_id", "date")
    def _compute_control(self):
        """Each stage against the control limits of the earlier stages at its work centre."""
        histories = self._gold_histories()
        for row in self:
            previous = histories.get(row.workcenter_id.id, {}).get(row.id, [])
            row.update(row._gold_control_vals(previous))

    def _gold_histories(self):
        """{workcenter id: {row id: loss % of the earlier rows (oldest first)}}."""
        result = defaultdict(dict)
        workcenters = self.workcenter_id
        if not workcenters:
            return result
        rows = (
            self.sudo()
            .search(
                [
                    ("workcenter_id", "in", workcenters.ids),
                    # as superuser: only the companies of the rows asked for
                    ("company_id", "in", self.company_id.ids),
                ],
                order="date, id",
            )
            .read(["workcenter_id", "loss_pct"])
        )
        seen = defaultdict(list)
        for row in rows:
            workcenter = row["workcenter_id"][0] if row["workcenter_id"] else False
            result[workcenter][row["id"]] = list(seen[workcenter])
            seen[workcenter].append(Decimal(repr(row["loss_pct"] or 0.0)))
        return result

    def _gold_control_vals(self, previous):
        self.ensure_one()
        value = Decimal(repr(self.loss_pct or 0.0))
        try:
            limits = control_limits(previous, WINDOW) if previous else None
            flag = flag_drift(previous, value, WINDOW)
        except GoldLedgerError:
            limits, flag = None, "insufficient"
        return {
            "loss_mean": float(limits.mean) if limits else 0.0,
            "loss_ucl": float(limits.ucl) if limits else 0.0,
            "loss_lcl": float(limits.lcl) if limits else 0.0,
            "loss_flag": flag,
        }

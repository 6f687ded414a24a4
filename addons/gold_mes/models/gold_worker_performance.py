"""Worker performance per closed gold stage, fit to pay by.

Hours are the work order's logged time (Odoo's time tracking, ``time_ids``), never the
plan; a stage without logged time says so. Grouped figures (per worker, per period, per
work centre) are recomputed from their rows by ``core.performance.figures``: pieces once
per batch and worker, loss % weighted by the gold that went in, recovered share of the
lost gold. Each stage is judged by ``core.stats.assess`` against its tolerance, the work
centre's history and the worker's own past.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools.misc import formatLang

from ..core.performance import figures, stage
from ..core.stats import MIN_POINTS, WINDOW, assess, practical_minimum, resolution_pct
from ..core.weights import to_decimal

FLAGS = [
    ("insufficient", "Too Few Points"),
    ("ok", "In Control"),
    ("over_tolerance", "Over Tolerance"),
    ("above", "Above Upper Limit"),
    ("below", "Below Lower Limit"),
    ("drift_up", "Drifting Up"),
    ("drift_down", "Drifting Down"),
]
# grouped measures recomputed from the group's rows (see read_group)
RATIO_FIELDS = ("pieces", "pieces_per_hour", "loss_pct", "recovered_pct")


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
            "operation_id",
            "gold_employee_id",
            "gold_purity_id",
            "date_finished",
            "date_start",
            "qty_produced",
            "gold_in",
            "gold_loss",
            "gold_loss_pct",
            "gold_is_stage",
            "gold_loss_status",
        ],
        "mrp.workcenter.productivity": ["workorder_id", "duration"],
        "mrp.routing.workcenter": ["gold_loss_tolerance_pct"],
        "mrp.production": ["company_id", "product_qty"],
        "hr.employee": ["user_id"],
        "gold.recovery.line": ["workorder_id", "recovered_g", "recovery_id"],
        "gold.recovery": ["state"],
        "gold.weighing": ["workorder_id", "scale_id"],
        "gold.scale": ["readability_g"],
    }

    workorder_id = fields.Many2one("mrp.workorder", string="Stage", readonly=True)
    production_id = fields.Many2one("mrp.production", string="Batch", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Centre", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Worker", readonly=True)
    purity_id = fields.Many2one("gold.purity", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    pieces = fields.Float(
        digits=(16, 0),
        readonly=True,
        help="Pieces of the batch; a group counts each batch once per worker.",
    )
    duration_h = fields.Float(
        string="Hours",
        digits=(16, 2),
        readonly=True,
        help="Work time logged on the work order (time tracking), never the planned time; "
        "under a minute reads as no time logged.",
    )
    time_logged = fields.Boolean(readonly=True)
    untimed = fields.Integer(string="Stages Without Time", readonly=True)
    pieces_per_hour = fields.Float(
        digits=(16, 2), readonly=True, help="Pieces over logged hours (stages with time only)."
    )
    gold_in_g = fields.Float(string="Gold In (g)", digits="Gold Weight", readonly=True)
    loss_g = fields.Float(string="Loss (g)", digits="Gold Weight", readonly=True)
    loss_chi = fields.Float(string="Loss (chỉ)", digits=(16, 4), readonly=True)
    loss_pct = fields.Float(
        string="Loss (%)", digits=(16, 4), readonly=True, help="Weighted by the gold that went in."
    )
    tolerance_pct = fields.Float(
        string="Tolerance (%)", digits=(16, 2), readonly=True, aggregator=False
    )
    abnormal = fields.Integer(string="Abnormal Stages", readonly=True)
    readability_g = fields.Float(
        string="Readability (g)", digits="Gold Weight", readonly=True, aggregator=False
    )
    recovered_g = fields.Float(string="Recovered (g)", digits="Gold Weight", readonly=True)
    recovered_pct = fields.Float(
        string="Recovered Share (%)", digits=(16, 2), readonly=True, help="Recovered over lost."
    )
    loss_has_limits = fields.Boolean(compute="_compute_control")
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
    loss_reason = fields.Char(string="Why", compute="_compute_control")
    own_flag = fields.Selection(FLAGS, string="Against Own Past", compute="_compute_control")
    own_reason = fields.Char(string="Why (Own Past)", compute="_compute_control")

    @property
    def _table_query(self):
        return """
            SELECT wo.id AS id,
                   wo.id AS workorder_id,
                   wo.production_id,
                   wo.workcenter_id,
                   wo.gold_employee_id AS employee_id,
                   wo.gold_purity_id AS purity_id,
                   emp.user_id,
                   mp.company_id,
                   COALESCE(wo.date_finished, wo.date_start, wo.write_date)::date AS date,
                   COALESCE(NULLIF(wo.qty_produced, 0), mp.product_qty) AS pieces,
                   -- under a minute logged is a start and a finish pressed together,
                   -- not work: it reads as no time logged
                   CASE WHEN COALESCE(tl.minutes, 0) >= 1 THEN tl.minutes / 60.0
                        ELSE 0 END AS duration_h,
                   COALESCE(tl.minutes, 0) >= 1 AS time_logged,
                   CASE WHEN COALESCE(tl.minutes, 0) >= 1 THEN 0 ELSE 1 END AS untimed,
                   CASE WHEN COALESCE(tl.minutes, 0) >= 1
                        THEN COALESCE(NULLIF(wo.qty_produced, 0), mp.product_qty)
                             * 60.0 / tl.minutes
                        ELSE 0 END AS pieces_per_hour,
                   wo.gold_in AS gold_in_g,
                   wo.gold_loss AS loss_g,
                   wo.gold_loss / 3.75 AS loss_chi,  -- 1 chỉ = 3.75 g
                   wo.gold_loss_pct AS loss_pct,
                   COALESCE(op.gold_loss_tolerance_pct, 0) AS tolerance_pct,
                   CASE WHEN wo.gold_loss_status = 'abnormal' THEN 1 ELSE 0 END AS abnormal,
                   COALESCE(sc.readability_g, 0.0001) AS readability_g,
                   COALESCE(rec.recovered_g, 0) AS recovered_g,
                   CASE WHEN wo.gold_loss > 0
                        THEN COALESCE(rec.recovered_g, 0) * 100.0 / wo.gold_loss
                        ELSE 0 END AS recovered_pct
              FROM mrp_workorder wo
              JOIN mrp_production mp ON mp.id = wo.production_id
         LEFT JOIN mrp_routing_workcenter op ON op.id = wo.operation_id
         LEFT JOIN hr_employee emp ON emp.id = wo.gold_employee_id
         LEFT JOIN (SELECT workorder_id, SUM(duration) AS minutes
                      FROM mrp_workcenter_productivity
                     WHERE workorder_id IS NOT NULL AND date_end IS NOT NULL
                  GROUP BY workorder_id) tl ON tl.workorder_id = wo.id
         LEFT JOIN (SELECT w.workorder_id, MAX(s.readability_g) AS readability_g
                      FROM gold_weighing w
                      JOIN gold_scale s ON s.id = w.scale_id
                     WHERE w.workorder_id IS NOT NULL
                  GROUP BY w.workorder_id) sc ON sc.workorder_id = wo.id
         LEFT JOIN (SELECT line.workorder_id, SUM(line.recovered_g) AS recovered_g
                      FROM gold_recovery_line line
                      JOIN gold_recovery recovery ON recovery.id = line.recovery_id
                     WHERE recovery.state = 'confirmed'
                  GROUP BY line.workorder_id) rec ON rec.workorder_id = wo.id
             WHERE wo.gold_is_stage
               AND wo.gold_loss_status IS NOT NULL
               AND wo.gold_loss_status != 'open'
        """

    # ------------------------------------------------------------------ grouped figures
    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):  # noqa: PLR0917  (Odoo's signature)
        """Ratios of a group are ratios of its totals, never means of its rows, and its
        pieces count each batch once per worker."""
        groups = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        wanted = [name for name in RATIO_FIELDS if any(name in group for group in groups[:1])]
        if not wanted:
            return groups
        for group in groups:
            rows = self.search(group.get("__domain", domain))
            result = rows._gold_figures()
            values = {
                "pieces": result.pieces,
                "pieces_per_hour": result.pieces_per_hour,
                "loss_pct": result.loss_pct,
                "recovered_pct": result.recovered_pct,
            }
            for name in wanted:
                group[name] = float(values[name] or 0)
        return groups

    def _gold_figures(self):
        """core Figures of these rows (exact Decimal)."""
        return figures(row._gold_stage_figures() for row in self)

    def _gold_stage_figures(self):
        """core StageFigures of this row."""
        self.ensure_one()
        return stage(
            self.production_id.id,
            self.employee_id.id,
            pieces=self.pieces,
            hours=self.duration_h if self.time_logged else 0,
            gold_in=self.gold_in_g,
            loss=self.loss_g,
            recovered=self.recovered_g,
            abnormal=self.abnormal,
        )

    # ------------------------------------------------------------------ control
    @api.depends("loss_pct", "workcenter_id", "employee_id", "date")
    def _compute_control(self):
        """Each stage against its tolerance, the earlier stages at its work centre, and
        the same worker's earlier stages there."""
        centre, own = self._gold_histories()
        for row in self:
            row.update(row._gold_control_vals(centre.get(row.id, []), own.get(row.id, [])))

    def _gold_histories(self):
        """({row id: earlier loss % at its work centre}, {row id: the same worker's}),
        oldest first, the last WINDOW of each."""
        centre, own = {}, {}
        if not self.workcenter_id:
            return centre, own
        rows = self.sudo().search_read(
            [
                ("workcenter_id", "in", self.workcenter_id.ids),
                # as superuser: only the companies of the rows asked for
                ("company_id", "in", self.company_id.ids),
            ],
            ["workcenter_id", "employee_id", "loss_pct"],
            order="date, id",
        )
        seen, seen_own = defaultdict(list), defaultdict(list)
        for row in rows:
            workcenter = row["workcenter_id"] and row["workcenter_id"][0]
            worker = (workcenter, row["employee_id"] and row["employee_id"][0])
            centre[row["id"]] = seen[workcenter][-WINDOW:]
            own[row["id"]] = seen_own[worker][-WINDOW:]
            value = to_decimal(row["loss_pct"] or 0.0)
            seen[workcenter].append(value)
            seen_own[worker].append(value)
        return centre, own

    def _gold_control_vals(self, previous, own_previous=()):
        self.ensure_one()
        value = to_decimal(self.loss_pct or 0.0)
        tolerance = to_decimal(self.tolerance_pct) if self.tolerance_pct else None
        practical = practical_minimum(
            tolerance, resolution_pct(self.readability_g or 0.0001, self.gold_in_g or 0)
        )
        result = assess(previous, value, tolerance, practical)
        mine = assess(list(own_previous), value, tolerance, practical)
        limits = result.limits
        return {
            "loss_has_limits": bool(limits),
            "loss_mean": float(limits.mean) if limits else 0.0,
            "loss_ucl": float(limits.ucl) if limits else 0.0,
            "loss_lcl": float(limits.lcl) if limits else 0.0,
            "loss_flag": result.flag,
            "loss_reason": self._gold_flag_words(result, self.env._("the work centre")),
            "own_flag": mine.flag,
            "own_reason": self._gold_flag_words(mine, self.env._("this worker's own past")),
        }

    def _gold_flag_words(self, result, basis):
        """One sentence that says why ``result`` (a core Assessment) reads as it does."""
        _ = self.env._

        def pct(value):  # as the user's language writes it (3,50 in Vietnamese)
            return formatLang(self.env, float(value), digits=2)

        params = {
            "value": pct(result.value),
            "tolerance": pct(result.tolerance) if result.tolerance is not None else "-",
            "basis": basis,
            "n": result.n,
            "min_points": MIN_POINTS,
            "practical": pct(result.practical),
            "run": result.run,
        }
        if result.limits:
            limits = result.limits
            params.update(mean=pct(limits.mean), lcl=pct(limits.lcl), ucl=pct(limits.ucl))
        flag = result.flag
        if flag == "over_tolerance":
            return _(
                "Loss %(value)s %% is over the stage's tolerance of %(tolerance)s %%: "
                "abnormal whatever %(basis)s shows.",
                **params,
            )
        if flag == "insufficient":
            return _(
                "Only %(n)s earlier stages in %(basis)s; limits need %(min_points)s.",
                **params,
            )
        if flag == "above":
            return _(
                "Loss %(value)s %% is above the upper limit %(ucl)s %% of %(basis)s "
                "(mean %(mean)s %%) by more than %(practical)s %%.",
                **params,
            )
        if flag == "below":
            return _(
                "Loss %(value)s %% is below the lower limit %(lcl)s %% of %(basis)s "
                "(mean %(mean)s %%) by more than %(practical)s %%: a gain or a weighing slip?",
                **params,
            )
        if flag in ("drift_up", "drift_down"):
            side = _("above") if flag == "drift_up" else _("below")
            return _(
                "%(run)s stages in a row at least %(practical)s %% %(side)s the mean "
                "%(mean)s %% of %(basis)s.",
                side=side,
                **params,
            )
        return _(
            "Within the tolerance of %(tolerance)s %% and the limits %(lcl)s–%(ucl)s %% "
            "of %(basis)s (mean %(mean)s %%).",
            **params,
        )

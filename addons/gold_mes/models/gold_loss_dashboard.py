"""The owner's loss dashboard: workers on speed against loss, and loss over time
against its limits, for one work centre and period.

One server method gives the screen everything it draws (``get_dashboard``); the rules
are in ``core.speed_loss`` and ``core.stats``, the words here, the client action only
renders.  Figures come from the worker figures (``gold.worker.performance``), read
with the user's rights.
"""

from datetime import timedelta
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..core import speed_loss
from ..core.speed_loss import SeriesPoint, judge_series, place
from ..core.stats import MIN_POINTS, WINDOW, practical_minimum, resolution_pct
from ..core.weights import to_decimal

PERIOD_DAYS = 30
MAX_POINTS = 400  # a chart past this many stages is a smear: the last ones are drawn


def _float(value):
    """A Decimal figure for the chart (display only), None stays None."""
    return None if value is None else float(value)


class GoldLossDashboard(models.AbstractModel):
    _name = "gold.loss.dashboard"
    _description = "Gold Loss Dashboard"

    # ------------------------------------------------------------------ the screen
    @api.model
    def get_dashboard(self, date_from=None, date_to=None, workcenter_id=None, employee_id=None):
        """Everything the dashboard draws for a period and a work centre (the one with
        the most workers in the period when none is given); ``employee_id`` narrows
        the loss-over-time chart to one worker judged against their own past.  A
        centre or worker without stages in the period gives way to the default, and
        ``notice`` says so."""
        start, end = self._gold_period(date_from, date_to)
        report = self.env["gold.worker.performance"]
        rows = report.search([("date", ">=", start), ("date", "<=", end)], order="date, id")
        centres = self._gold_centres(rows)
        centre, notice = self._gold_pick(centres, workcenter_id, "mrp.workcenter", _("work centre"))
        rows = rows.filtered(lambda row: row.workcenter_id.id == centre)
        workers = self._gold_workers(rows)
        worker, worker_notice = self._gold_pick(
            workers, employee_id, "hr.employee", _("worker"), default=False
        )
        return {
            "date_from": fields.Date.to_string(start),
            "date_to": fields.Date.to_string(end),
            "workcenter_id": centre or False,
            "employee_id": worker or False,
            "workcenters": centres,
            "employees": workers,
            "notice": notice or worker_notice or False,
            "scatter": self._gold_scatter(rows),
            "limits": self._gold_limits(centre, worker, start, end),
        }

    @api.model
    def action_open_stages(self, employee_id, workcenter_id, date_from, date_to):
        """The stages behind one point of the chart: a worker at a work centre."""
        start, end = self._gold_period(date_from, date_to)
        employee = self._gold_record("hr.employee", employee_id, _("worker"))
        centre = self._gold_record("mrp.workcenter", workcenter_id, _("work centre"))
        return {
            "type": "ir.actions.act_window",
            "name": _("%(worker)s at %(centre)s", worker=employee.name, centre=centre.name),
            "res_model": "gold.worker.performance",
            "views": [
                [self.env.ref("gold_mes.gold_worker_performance_view_list").id, "list"],
                [False, "pivot"],
            ],
            "domain": [
                ("employee_id", "=", employee.id),
                ("workcenter_id", "=", centre.id),
                ("date", ">=", fields.Date.to_string(start)),
                ("date", "<=", fields.Date.to_string(end)),
            ],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ filters
    def _gold_period(self, date_from, date_to):
        """(start, end) dates; the last PERIOD_DAYS days up to today by default."""
        try:
            end = fields.Date.to_date(date_to) if date_to else fields.Date.context_today(self)
            start = fields.Date.to_date(date_from) if date_from else end - timedelta(PERIOD_DAYS)
        except (TypeError, ValueError) as error:
            raise UserError(_("A period is two dates, such as 2026-11-01 and 2026-11-30.")) from (
                error
            )
        if start > end:
            raise UserError(
                _(
                    "The period starts on %(start)s, after its end on %(end)s.",
                    start=format_date(self.env, start),
                    end=format_date(self.env, end),
                )
            )
        return start, end

    def _gold_record(self, model, record_id, what):
        if isinstance(record_id, bool) or not isinstance(record_id, int):
            raise UserError(_("No %(what)s was chosen.", what=what))
        record = self.env[model].browse(record_id).exists()
        if not record:
            raise UserError(_("That %(what)s no longer exists.", what=what))
        return record

    def _gold_pick(self, options, wanted, model, what, default=True):
        """(id, notice): ``wanted`` when it is one of ``options``; else the first
        option (none when ``default`` is False) and a notice in words.  An id that is
        no record is refused."""
        first = options[0]["id"] if options and default else None
        if not wanted:
            return first, None
        record = self._gold_record(model, wanted, what)
        if record.id in [option["id"] for option in options]:
            return record.id, None
        return first, _(
            "%(name)s has no closed gold stage at this work centre in the period.",
            name=record.display_name,
        )

    def _gold_centres(self, rows):
        """Work centres with closed stages in the period, the most workers first."""
        stages, workers = {}, {}
        for row in rows.filtered("workcenter_id"):
            centre = row.workcenter_id
            stages[centre] = stages.get(centre, 0) + 1
            workers.setdefault(centre, set()).add(row.employee_id.id)
        ordered = sorted(stages, key=lambda c: (-len(workers[c]), -stages[c], c.name or ""))
        return [
            {
                "id": centre.id,
                "name": centre.display_name,
                "stages": stages[centre],
                "workers": len(workers[centre]),
            }
            for centre in ordered
        ]

    def _gold_workers(self, rows):
        workers = rows.employee_id
        return [
            {"id": worker.id, "name": worker.display_name}
            for worker in workers.sorted(lambda w: w.name or "")
        ]

    # ------------------------------------------------------------------ speed vs loss
    def _gold_quadrant_words(self):
        return {
            speed_loss.FAST_WASTEFUL: _("Fast and wasteful"),
            speed_loss.FAST_CAREFUL: _("Fast and careful"),
            speed_loss.SLOW_WASTEFUL: _("Slow and wasteful"),
            speed_loss.SLOW_CAREFUL: _("Slow and careful"),
        }

    def _gold_scatter(self, rows):
        """One point per worker: pieces per logged hour against loss % weighted by the
        gold in, with the centre's means and its tolerance."""
        words = self._gold_quadrant_words()
        result = {"points": [], "unplaced": [], "quadrants": words, "message": False}
        if not rows:
            result["message"] = _("No closed gold stage at this work centre in the period.")
            return result
        placing = place(
            [row._gold_stage_figures() for row in rows],
            [row.tolerance_pct for row in rows],
        )
        names = {row.employee_id.id: row.employee_id.display_name for row in rows}
        why_words = {
            "untimed": _("no time logged"),
            "no_gold": _("no gold weighed in"),
        }
        for placed in placing.workers:
            mine = placed.figures
            point = {
                "employee_id": placed.worker or False,
                "name": names.get(placed.worker) or _("No worker"),
                "speed": _float(mine.pieces_per_hour),
                "loss_pct": _float(mine.loss_pct),
                "stages": mine.stages,
                "pieces": _float(mine.pieces),
                "hours": _float(mine.hours.quantize(Decimal("0.01"))),
                "untimed": mine.untimed,
                "abnormal": mine.abnormal,
                "over_tolerance": placed.over_tolerance,
            }
            if placed.quadrant is None:
                point["why"] = why_words[placed.why]
                result["unplaced"].append(point)
                continue
            point.update(quadrant=placed.quadrant, quadrant_label=words[placed.quadrant])
            result["points"].append(point)
        centre = placing.centre
        result.update(
            mean_speed=_float(centre.pieces_per_hour),
            mean_loss=_float(centre.loss_pct),
            tolerance=_float(placing.tolerance),
            stages=centre.stages,
        )
        if not result["points"]:
            result["message"] = _("No worker logged time at this work centre in the period.")
        return result

    # ------------------------------------------------------------------ limits over time
    def _gold_limits(self, centre, worker, start, end):
        """The period's stages at ``centre`` (of ``worker`` only, when given) in order,
        each judged against the stages before it, as when it closed."""
        result = {"points": [], "message": False, "note": False, "enough": False}
        if not centre:
            result["message"] = _("No closed gold stage in the period.")
            return result
        domain = [("workcenter_id", "=", centre)]
        if worker:
            domain.append(("employee_id", "=", worker))
        report = self.env["gold.worker.performance"]
        # the first stage of the period is judged by the WINDOW stages before it
        before = report.search(
            [*domain, ("date", "<", start)], order="date desc, id desc", limit=WINDOW
        )
        rows = before.sorted(lambda r: (r.date, r.id)) + report.search(
            [*domain, ("date", ">=", start), ("date", "<=", end)], order="date, id"
        )
        judged = judge_series(self._gold_series_point(row) for row in rows)
        shown = judged[len(before) :]
        if len(shown) > MAX_POINTS:
            result["note"] = _(
                "The last %(max)s of %(count)s stages are drawn.", max=MAX_POINTS, count=len(shown)
            )
            shown = shown[-MAX_POINTS:]
        basis = _("this worker's own past") if worker else _("the work centre")
        flags = dict(report._fields["loss_flag"]._description_selection(self.env))
        result["basis"] = basis
        for point, res in shown:
            vals = self._gold_limit_vals(point.key, res, basis)
            vals["flag_label"] = flags.get(res.flag, res.flag)
            result["points"].append(vals)
        result["enough"] = any(p["mean"] is not None for p in result["points"])
        if not shown:
            result["message"] = _("No closed gold stage in the period.")
        elif not result["enough"]:
            result["message"] = _(
                "Too few points: %(count)s stages in all, and limits need %(min)s earlier "
                "ones. No limits are drawn.",
                count=len(judged),
                min=MIN_POINTS,
            )
        return result

    def _gold_series_point(self, row):
        tolerance = to_decimal(row.tolerance_pct) if row.tolerance_pct else None
        practical = practical_minimum(
            tolerance, resolution_pct(row.readability_g or 0.0001, row.gold_in_g or 0)
        )
        return SeriesPoint(row, to_decimal(row.loss_pct or 0.0), tolerance, practical)

    def _gold_limit_vals(self, row, result, basis):
        limits = result.limits
        return {
            "id": row.id,
            "date": fields.Date.to_string(row.date),
            "batch": row.production_id.display_name,
            "worker": row.employee_id.display_name or "",
            "value": _float(result.value),
            "tolerance": _float(result.tolerance),
            "mean": _float(limits.mean) if limits else None,
            "ucl": _float(limits.ucl) if limits else None,
            "lcl": _float(limits.lcl) if limits else None,
            "flag": result.flag,
            "beyond": result.flag in speed_loss.BEYOND,
            "reason": row._gold_flag_words(result, basis),
        }

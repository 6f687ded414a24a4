"""The ledger summary: gold moved and lost per group of lines, for a period.

Read from the daily roll-up (``gold.weighing.daily``) when the question is one of
whole days the roll-up keeps, else from the lines themselves; both give the same
figures (``tests/test_ledger_summary.py`` asks both).
"""

from datetime import datetime, time

import pytz
from odoo import api, models
from odoo.tools import SQL

from ..core.daily_summary import daily_domain, daily_groupby
from ..core.weights import ZERO, to_grams
from .gold_weighing import SUMMARY_KINDS

ZERO_FIGURES = {
    **dict.fromkeys(SUMMARY_KINDS, ZERO),
    **dict.fromkeys(("fine_" + kind for kind in SUMMARY_KINDS), ZERO),
    "lines": 0,
}
FINE = {kind: "fine_" + kind for kind in SUMMARY_KINDS}


class GoldWeighing(models.Model):
    _inherit = "gold.weighing"

    @api.model
    def _read_gold_summary(self, domain, groupby):
        """Gold moved and lost per group of the ledger lines in ``domain``.

        ``groupby``: ``_read_group`` specs, e.g. ``["operation_id", "workcenter_id",
        "employee_id", "purity_id", "captured_at:day"]``.  The caller's access rules
        applied.  Returns ``{group: figures}``, ``group`` the tuple of the groupby
        values (as ``_read_group`` gives them), ``figures`` a dict of Decimal grams: each
        of SUMMARY_KINDS and its ``fine_`` twin (net of reversals), ``loss`` = in - out
        - scrap (and ``fine_loss``), ``lines``.

        The loss is the weighed loss of the lines in the group: the stage loss when a
        group holds whole stages weighed in and out.  A stage without its own weigh-in
        line takes the previous stage's weigh-out as its weight in; that carried weight
        is not a line, so such a stage's loss is on the work order (``gold_loss``).
        """
        found = self._gold_summary_daily_rows(domain, groupby)
        rows, group_of = found or (self._gold_summary_line_rows(domain, groupby), None)
        width = len(groupby)
        summary = {}
        for row in rows:
            group, (kind, grams, fine, count) = row[:width], row[width:]
            figures = summary.get(group)
            if figures is None:
                figures = summary[group] = dict(ZERO_FIGURES)
            if kind in FINE:
                figures[kind] += to_grams(grams, allow_negative=True)
                figures[FINE[kind]] += to_grams(fine, allow_negative=True)
            figures["lines"] += count
        if group_of:  # raw values: one record per group, not per row
            summary = {group_of(group): figures for group, figures in summary.items()}
        for figures in summary.values():
            figures["loss"] = figures["in"] - figures["out"] - figures["scrap"]
            figures["fine_loss"] = figures["fine_in"] - figures["fine_out"] - figures["fine_scrap"]
        return summary

    @api.model
    def _gold_summary_line_rows(self, domain, groupby):
        """[(*group, kind, net, fine, lines)] from the lines: one aggregate (indexed by
        company and time), a reversal under the kind it reverses, negative."""
        rows = self._read_group(
            domain,
            [*groupby, "kind", "reversal_of_id"],
            ["net_g:sum", "fine_g:sum", "__count"],
        )
        width = len(groupby)
        for row in rows:
            group, (kind, original, grams, fine, count) = row[:width], row[width:]
            if kind == "reversal":
                kind, grams, fine = original.sudo().kind, -grams, -fine
            yield (*group, kind, grams, fine, count)

    @api.model
    def _gold_summary_daily_rows(self, domain, groupby):
        """The same rows from the daily roll-up, their groups' values raw, and the
        function that turns a raw group into ``_read_group``'s values; or None when the
        roll-up cannot answer.

        It answers when every condition (the caller's and their record rules) and every
        group is one of whole days it keeps, the days in the time zone the lines would
        be grouped in (the context's, as ``_read_group`` takes it, else UTC), and its
        rows for them were added up in that time zone.  Read as superuser once the
        rules are in the domain: the roll-up is the lines' sums, not another right."""
        self.check_access("read")
        tz = self.env.context.get("tz")
        tz = tz if tz in pytz.all_timezones_set else "UTC"
        rules = [] if self.env.su else self.env["ir.rule"]._compute_domain(self._name, "read")
        wanted = daily_domain([*domain, *rules], tz)
        by = daily_groupby(groupby)
        if wanted is None or by is None:
            return None
        self.flush_model()  # the roll-up is written by the lines' INSERTs
        daily = self.env["gold.weighing.daily"].sudo()
        if daily.search_count([*wanted, ("tz", "!=", tz)], limit=1):
            return None  # days taken in another time zone
        # one aggregate, as _read_group builds it, but ids and not records back: a
        # year holds ~20,000 groups, and a record per value cost more than the query
        # (bench/bench_balance.py)
        query = daily._search(wanted)
        terms = [daily._read_group_groupby(spec, query) for spec in by]
        query.groupby = SQL(", ").join([*terms, SQL.identifier("gold_weighing_daily", "kind")])
        rows = self.env.execute_query(
            query.select(
                *terms,
                SQL.identifier("gold_weighing_daily", "kind"),
                SQL("SUM(%s)", SQL.identifier("gold_weighing_daily", "net_g")),
                SQL("SUM(%s)", SQL.identifier("gold_weighing_daily", "fine_g")),
                SQL("SUM(%s)", SQL.identifier("gold_weighing_daily", "lines")),
            )
        )
        values = [self._gold_summary_values(spec) for spec in groupby]

        def group_of(raw):
            return tuple(value(item) for value, item in zip(values, raw, strict=True))

        return rows, group_of

    @api.model
    def _gold_summary_values(self, spec):
        """raw value -> the value ``_read_group`` gives for ``spec``: one record per id
        (in this environment), a day's start for a day of the lines' time."""
        name = spec.partition(":")[0]
        if name == "captured_at":
            return lambda day: datetime.combine(day, time.min)
        comodel = self.env[self._fields[name].comodel_name]
        records = {None: comodel}

        def record(record_id):
            found = records.get(record_id)
            if found is None:
                found = records[record_id] = comodel.browse(record_id)
            return found

        return record

    @api.model
    def _gold_summary_zero(self):
        return dict(ZERO_FIGURES)

    @api.model
    def _gold_summary_rollup(self, summary, positions):
        """Sum a ``_read_gold_summary`` result up to the groupby ``positions`` kept
        (e.g. a summary by stage, worker and day rolled up to the worker: ``[1]``)."""
        rolled = {}
        for group, figures in summary.items():
            key = tuple(group[i] for i in positions)
            into = rolled.get(key)
            if into is None:
                rolled[key] = dict(figures)
                continue
            for name, value in figures.items():
                if value:  # most kinds of a group are zero
                    into[name] += value
        return rolled

"""The ledger added up by day: what a year's summary reads instead of a year of lines.

A 50-worker shop weighs about a million lines a year; adding them up for a year's
summary read all of them (bench/bench_balance.py: 1.7 s for 430,500 lines, growing
with the ledger). The ledger is append-only, so its sums per day never need
recomputing, only adding to: PostgreSQL adds each INSERT's lines here, grouped, in
the same transaction (a statement trigger over the inserted rows, so a day of
generated lines in one INSERT is one row per group). A capture adds one row; the
compaction cron folds a group's rows into one. Nothing else writes here.

Each row keeps the time zone its day was taken in (the company's, else UTC): a
summary is read from here only for that time zone (``_read_gold_summary``); a company
whose time zone changed is rebuilt from its lines by the cron.
"""

import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the local day of a line: the company's time zone, else UTC (as the summaries and the
# day lock take it, without a user)
COMPANY_TZ = """COALESCE(
    (SELECT NULLIF(partner.tz, '')
       FROM res_company company
       JOIN res_partner partner ON partner.id = company.partner_id
      WHERE company.id = {company}),
    'UTC')"""

# one row per group of ``{lines}`` (a table of gold_weighing rows), net of reversals:
# a reversal counts under the kind it reverses, negative (a subquery per reversal,
# not a join: a capture's one row must not make PostgreSQL hash the whole ledger)
ADD_UP = """
    SELECT line.company_id,
           (line.captured_at AT TIME ZONE 'UTC' AT TIME ZONE zone.tz)::date,
           zone.tz,
           line.operation_id, line.workcenter_id, line.employee_id, line.purity_id,
           CASE WHEN line.kind = 'reversal'
                THEN (SELECT original.kind FROM gold_weighing original
                       WHERE original.id = line.reversal_of_id)
                ELSE line.kind END,
           SUM(CASE WHEN line.kind = 'reversal' THEN -line.net_g ELSE line.net_g END),
           SUM(CASE WHEN line.kind = 'reversal' THEN -line.fine_g ELSE line.fine_g END),
           COUNT(*)
      FROM {lines} line
     CROSS JOIN LATERAL (SELECT {tz} AS tz) zone
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""


def add_up(lines):
    """ADD_UP over ``lines`` (a table, or a parenthesised query), days in the company's zone."""
    return ADD_UP.format(lines=lines, tz=COMPANY_TZ.format(company="line.company_id"))


COLUMNS = (
    "company_id, day, tz, operation_id, workcenter_id, employee_id, purity_id, kind, "
    "net_g, fine_g, lines"
)
GROUP = "company_id, day, tz, operation_id, workcenter_id, employee_id, purity_id, kind"


class GoldWeighingDaily(models.Model):
    _name = "gold.weighing.daily"
    _description = "Gold Ledger by Day"
    _log_access = False
    _order = "day desc, id desc"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    day = fields.Date(required=True, readonly=True, index=True)
    tz = fields.Char(string="Time Zone", required=True, readonly=True)
    operation_id = fields.Many2one("mrp.routing.workcenter", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Centre", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    purity_id = fields.Many2one("gold.purity", readonly=True)
    kind = fields.Char(
        required=True,
        readonly=True,
        help="The lines' kind; a reversal's is the kind it reverses.",
    )
    net_g = fields.Float(string="Net (g)", digits="Gold Weight", readonly=True)
    fine_g = fields.Float(string="Fine Gold (g)", digits="Gold Weight", readonly=True)
    lines = fields.Integer(readonly=True)

    def init(self):
        """The trigger that adds every INSERT into the ledger here (raw DDL: nothing in
        the ORM runs inside PostgreSQL's INSERT), and the rows of lines recorded before
        it existed."""
        cr = self.env.cr
        cr.execute(
            SQL(
                f"""
            CREATE OR REPLACE FUNCTION gold_weighing_daily_add() RETURNS trigger AS $body$
            BEGIN
                INSERT INTO gold_weighing_daily ({COLUMNS}) {add_up("new_lines")};
                RETURN NULL;
            END;
            $body$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS gold_weighing_daily_add ON gold_weighing;
            CREATE TRIGGER gold_weighing_daily_add
                AFTER INSERT ON gold_weighing
                REFERENCING NEW TABLE AS new_lines
                FOR EACH STATEMENT EXECUTE FUNCTION gold_weighing_daily_add();
            """
            )
        )
        cr.execute(
            SQL(
                "SELECT NOT EXISTS (SELECT 1 FROM gold_weighing_daily) "
                "AND EXISTS (SELECT 1 FROM gold_weighing)"
            )
        )
        if cr.fetchone()[0]:
            self._gold_rebuild()

    @api.model
    def _gold_rebuild(self, company_ids=None):
        """Add up the ledger of ``company_ids`` (all: None) here again, from its lines.

        In one statement: a line committed by another transaction after it began is
        neither removed nor added here by it, and its trigger's row stays."""
        where = SQL("TRUE") if company_ids is None else SQL("company_id = ANY(%s)", company_ids)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                f"WITH gone AS (DELETE FROM gold_weighing_daily WHERE %s) "
                f"INSERT INTO gold_weighing_daily ({COLUMNS}) "
                + add_up("(SELECT * FROM gold_weighing WHERE %s)"),
                where,
                where,
            )
        )
        self.invalidate_model()

    @api.model
    def _gold_compact(self):
        """Fold each group's rows into one; rebuild a company whose time zone changed.

        One statement: a row a capture adds meanwhile is not seen, so neither removed
        nor counted twice. Returns the number of rows folded away."""
        self.env.flush_all()  # a time zone changed through the ORM
        self.env.cr.execute(
            SQL(
                f"""
            SELECT DISTINCT daily.company_id
              FROM gold_weighing_daily daily
             WHERE daily.tz <> {COMPANY_TZ.format(company="daily.company_id")}
            """
            )
        )
        moved = [row[0] for row in self.env.cr.fetchall()]
        if moved:
            self._gold_rebuild(moved)
        self.env.cr.execute(
            SQL(
                f"""
            WITH groups AS (
                SELECT array_agg(id) AS ids, {GROUP},
                       SUM(net_g) AS net_g, SUM(fine_g) AS fine_g, SUM(lines) AS lines
                  FROM gold_weighing_daily
                 GROUP BY {GROUP}
                HAVING COUNT(*) > 1
            ), gone AS (
                DELETE FROM gold_weighing_daily
                 WHERE id IN (SELECT unnest(ids) FROM groups)
             RETURNING 1
            ), folded AS (
                INSERT INTO gold_weighing_daily ({COLUMNS})
                SELECT {COLUMNS} FROM groups
             RETURNING 1
            )
            SELECT (SELECT COUNT(*) FROM gone) - (SELECT COUNT(*) FROM folded)
            """
            )
        )
        folded = self.env.cr.fetchone()[0]
        self.invalidate_model()
        return folded

    @api.model
    def _gold_differences(self):
        """The companies whose roll-up no longer adds up to their lines.

        One statement, so the lines and the rows are of one moment: a line and the row
        its INSERT added commit together. Nothing but the trigger writes here, so a
        difference means a line the trigger never saw (a transaction committed while
        an upgrade created the roll-up) or a row changed by hand."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                f"""
            WITH lines ({COLUMNS}) AS ({add_up("gold_weighing")}),
                 kept AS (
                SELECT {GROUP}, SUM(net_g) AS net_g, SUM(fine_g) AS fine_g,
                       SUM(lines) AS lines
                  FROM gold_weighing_daily
                 GROUP BY {GROUP}
            )
            SELECT DISTINCT COALESCE(lines.company_id, kept.company_id)
              FROM lines
              FULL JOIN kept
                ON kept.company_id = lines.company_id
               AND kept.day = lines.day
               AND kept.tz = lines.tz
               AND kept.operation_id IS NOT DISTINCT FROM lines.operation_id
               AND kept.workcenter_id IS NOT DISTINCT FROM lines.workcenter_id
               AND kept.employee_id IS NOT DISTINCT FROM lines.employee_id
               AND kept.purity_id IS NOT DISTINCT FROM lines.purity_id
               AND kept.kind = lines.kind
             WHERE lines.net_g IS DISTINCT FROM kept.net_g
                OR lines.fine_g IS DISTINCT FROM kept.fine_g
                OR lines.lines IS DISTINCT FROM kept.lines
            """
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_gold_compact(self):
        self._gold_compact()

    @api.model
    def _cron_gold_verify(self):
        """Each night: a company whose roll-up differs from its lines is rebuilt from
        them, and the log says so."""
        differ = self._gold_differences()
        if differ:
            _logger.warning("gold.weighing.daily differed from the lines of companies %s", differ)
            self._gold_rebuild(differ)

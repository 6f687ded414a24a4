"""Rows of the reconciliation beyond the batches: custody, day closes, recoveries and
the audit trail of every weighing line (streamed from SQL in chunks)."""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytz
from odoo import api, models
from odoo.tools import SQL

from ..core.custody import WorkerBalance
from ..core.weights import ZERO, to_decimal, to_grams
from ..core.xlsx_reconciliation import (
    AllocationRow,
    CustodyRow,
    DayCloseRow,
    LedgerRow,
    RecoveryRow,
)

CUSTODY_MOVES = ("received", "passed_on", "returned", "loss")
AUDIT_CHUNK = 5000  # ledger lines per query: memory stays flat whatever the period


def grams(value):
    return to_grams(value or 0, allow_negative=True)


class GoldReconciliationRows(models.AbstractModel):
    _name = "report.gold_mes.gold_reconciliation_rows"
    _description = "Gold Reconciliation Rows"

    # ------------------------------------------------------------------ custody
    @api.model
    def _gold_custody_rows(self, company, productions, window, filters):
        """One CustodyRow per worker: over the period (the whole company ledger before
        its start and its end), or over the chosen batches' own lines."""
        balances = self.env["gold.worker.balance"]
        if window:
            ledger = balances._gold_ledger_lines(company, window["end"])
        else:
            ledger = balances._gold_ledger_lines(company, production_ids=productions.ids)
        stages = balances._gold_ledger_stages(ledger)
        opening = balances._gold_held(company, window["start"], ledger, stages) if window else {}
        closing = balances._gold_held(company, None, ledger, stages)
        differences = self._gold_day_close_totals(company, window)
        employees = (
            self.env["hr.employee"].sudo().browse(set(opening) | set(closing) | set(differences))
        )
        if filters.get("employees"):
            employees &= filters["employees"].sudo()
        fmt = self._gold_formatter(company)
        rows = []
        for employee in employees.sorted(lambda e: (e.name or "", e.id)):
            start = opening.get(employee.id) or WorkerBalance(employee.id)
            end = closing.get(employee.id) or WorkerBalance(employee.id)
            moved = {name: getattr(end, name) - getattr(start, name) for name in CUSTODY_MOVES}
            difference, unexplained = differences.get(employee.id, (ZERO, ZERO))
            if not any(moved.values()) and not start.held and not end.held and not difference:
                continue
            rows.append(
                CustodyRow(
                    worker=employee.name or "",
                    opening=start.held,
                    day_close_difference=difference,
                    day_close_unexplained=unexplained,
                    closing_units=fmt(end.held),
                    **moved,
                )
            )
        return rows

    def _gold_custody_notes(self, window):
        if window:
            return (
                self.env._(
                    "Opening and closing: what each worker held per the ledger at the "
                    "start and at the end of the period; day-close difference: held per "
                    "ledger minus what the worker returned or declared."
                ),
            )
        return (
            self.env._(
                "Custody of the chosen batches' gold only: no opening balance and no "
                "day closes (print a period for those)."
            ),
        )

    # ------------------------------------------------------------------ day closes
    def _gold_day_close_lines(self, company, window):
        lines = self.env["gold.day.close.line"]
        if not window or not lines.has_access("read"):
            return lines
        return lines.search(
            [
                ("company_id", "=", company.id),
                ("date", ">=", window["date_from"]),
                ("date", "<=", window["date_to"]),
            ],
            order="date, day_close_id, employee_id",
        )

    def _gold_day_close_totals(self, company, window):
        totals = defaultdict(lambda: (ZERO, ZERO))
        for line in self._gold_day_close_lines(company, window):
            difference = grams(line.difference_g)
            total, unexplained = totals[line.employee_id.id]
            if line.status == "unexplained":
                unexplained += difference
            totals[line.employee_id.id] = (total + difference, unexplained)
        return totals

    @api.model
    def _gold_day_close_rows(self, company, window, filters):
        lines = self._gold_day_close_lines(company, window)
        if filters.get("employees"):
            lines = lines.filtered(lambda line: line.employee_id in filters["employees"])
        modes = dict(lines._fields["mode"]._description_selection(self.env))
        states = dict(lines._fields["state"]._description_selection(self.env))
        statuses = dict(lines._fields["status"]._description_selection(self.env))
        return [
            DayCloseRow(
                day=line.date,
                reference=line.day_close_id.name or "",
                worker=line.employee_id.name or "",
                held=grams(line.held_g),
                declared=grams(line.declared_g),
                mode=modes.get(line.mode, line.mode or ""),
                state=states.get(line.state, line.state or ""),
                status=statuses.get(line.status, line.status or ""),
                reason=line.reason or "",
                unexplained=line.status == "unexplained",
            )
            for line in lines
        ]

    # ------------------------------------------------------------------ recoveries
    @api.model
    def _gold_recovery_rows(self, company, productions, window):
        """([RecoveryRow], [AllocationRow]): the period's lots (period end inside it),
        or the lots that allocated to the chosen batches, and their allocation lines."""
        recoveries = self.env["gold.recovery"]
        if not recoveries.has_access("read"):
            return [], []
        if window:
            lots = recoveries.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "!=", "cancel"),
                    ("date_to", ">=", window["date_from"]),
                    ("date_to", "<=", window["date_to"]),
                ],
                order="date_to, id",
            )
            lines = lots.line_ids
        else:
            lines = self.env["gold.recovery.line"].search(
                [("production_id", "in", productions.ids), ("recovery_id.state", "!=", "cancel")]
            )
            lots = lines.recovery_id.sorted(lambda r: (r.date_to, r.id))
        sources = dict(recoveries._fields["source"]._description_selection(self.env))
        states = dict(recoveries._fields["state"]._description_selection(self.env))
        lot_rows = [
            RecoveryRow(
                name=lot.name or "",
                source=sources.get(lot.source, lot.source or ""),
                date_from=lot.date_from,
                date_to=lot.date_to,
                state=states.get(lot.state, lot.state or ""),
                workcenters=", ".join(lot.workcenter_ids.mapped("name")),
                gross=grams(lot.gross_g),
                assay=grams(lot.assay_g),
                fineness=Decimal(repr(lot.assay_fineness or 0.0)),
                fine_recovered=grams(lot.fine_recovered_g),
                recovered=grams(lot.recovered_g),
                excess=grams(lot.excess_g),
            )
            for lot in lots
        ]
        order = {lot.id: index for index, lot in enumerate(lots)}
        lines = lines.sorted(
            lambda line: (order.get(line.recovery_id.id, 0), line.production_id.name or "", line.id)
        )
        allocation_rows = [
            AllocationRow(
                lot=line.recovery_id.name or "",
                batch=line.production_id.name or "",
                stage=line.workorder_id.name or "",
                worker=line.employee_id.name or "",
                loss_type=line.loss_type or "",
                loss=grams(line.loss_g),
                burn=grams(line.burn_g),
                recovered=grams(line.recovered_g),
                unexplained=grams(line.unexplained_g),
                fine_recovered=grams(line.fine_recovered_g),
            )
            for line in lines
        ]
        return lot_rows, allocation_rows

    # ------------------------------------------------------------------ audit trail
    def _gold_audit_rows(self, productions, window, filters, tz):
        """LedgerRows of every weighing line of ``productions`` (in the period, at the
        chosen work centres and workers), batch by batch, oldest first: a generator
        reading AUDIT_CHUNK lines per query (raw SQL: the ORM would hold 100,000
        records and their caches at once, bench/bench_period_xlsx.py)."""
        weighing = self.env["gold.weighing"]
        kinds = dict(weighing._fields["kind"]._description_selection(self.env))
        sources = dict(weighing._fields["source"]._description_selection(self.env))
        reversal = kinds.get("reversal", "reversal")
        ids = productions.ids
        conditions = [SQL("TRUE")]
        if window:
            conditions.append(
                SQL("w.captured_at >= %s AND w.captured_at < %s", window["start"], window["end"])
            )
        if filters.get("workcenters"):
            conditions.append(SQL("w.workcenter_id = ANY(%s)", filters["workcenters"].ids))
        if filters.get("employees"):
            conditions.append(SQL("w.employee_id = ANY(%s)", filters["employees"].ids))
        where = SQL(" AND ").join(conditions)
        for chunk in self._gold_audit_groups(ids, where):
            after = (0, None, 0)
            while True:
                rows = self._gold_audit_chunk(chunk, where, after, tz)
                for row in rows:
                    kind = kinds.get(row["kind"], row["kind"])
                    if row["kind"] == "reversal" and row["reversed_kind"]:
                        kind = f"{reversal}: {kinds.get(row['reversed_kind'])} {row['reversed']}"
                    yield LedgerRow(
                        time=row["local_at"],
                        batch=row["batch"] or "",
                        stage=row["stage"] or "",
                        kind=kind,
                        worker=row["worker"] or "",
                        scale=row["scale"] or "",
                        source=sources.get(row["source"], row["source"] or ""),
                        stable=row["stable"],
                        signed=row["signed"],
                        net=grams(row["net_g"]),
                        fineness=to_decimal(row["fineness"] or 0),
                        fine=grams(row["fine_g"]),
                        reason=row["reason"] or "",
                        approver=row["approver"] or "",
                    )
                if len(rows) < AUDIT_CHUNK:
                    break
                last = rows[-1]
                after = (last["position"], last["captured_at"], last["id"])

    def _gold_audit_groups(self, production_ids, where):
        """The batches, in their order, in groups of about AUDIT_CHUNK lines: a query
        then reads only its group's lines by the production index (pages of a keyset
        over the whole period sorted all of its lines once per page)."""
        self.env["gold.weighing"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT w.production_id, count(*)
                  FROM gold_weighing w
                 WHERE w.production_id = ANY(%s) AND %s
              GROUP BY w.production_id
                """,
                production_ids,
                where,
            )
        )
        counts = dict(self.env.cr.fetchall())
        group, size = [], 0
        for production_id in production_ids:
            count = counts.get(production_id, 0)
            if not count:
                continue
            if group and size + count > AUDIT_CHUNK:
                yield group
                group, size = [], 0
            group.append(production_id)
            size += count
        if group:
            yield group

    def _gold_audit_chunk(self, production_ids, where, after, tz):
        position, captured_at, last_id = after
        keyset = SQL("TRUE")
        if captured_at is not None:
            keyset = SQL(
                "(array_position(%s, w.production_id), w.captured_at, w.id) > (%s, %s, %s)",
                production_ids,
                position,
                captured_at,
                last_id,
            )
        self.env["gold.weighing"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT w.id, array_position(%(ids)s, w.production_id) AS position,
                       w.captured_at, w.kind, w.source, w.stable, w.signed, w.net_g,
                       (w.captured_at AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s AS local_at,
                       w.fineness, w.fine_g, w.reason, p.name AS batch, wo.name AS stage,
                       e.name AS worker, s.name AS scale, ap.name AS approver,
                       o.kind AS reversed_kind, o.name AS reversed
                  FROM gold_weighing w
                  JOIN mrp_production p ON p.id = w.production_id
             LEFT JOIN mrp_workorder wo ON wo.id = w.workorder_id
             LEFT JOIN hr_employee e ON e.id = w.employee_id
             LEFT JOIN gold_scale s ON s.id = w.scale_id
             LEFT JOIN res_users au ON au.id = w.approver_id
             LEFT JOIN res_partner ap ON ap.id = au.partner_id
             LEFT JOIN gold_weighing o ON o.id = w.reversal_of_id
                 WHERE w.production_id = ANY(%(ids)s) AND %(where)s AND %(keyset)s
              ORDER BY position, w.captured_at, w.id
                 LIMIT %(limit)s
                """,
                ids=production_ids,
                where=where,
                keyset=keyset,
                limit=AUDIT_CHUNK,
                tz=tz.zone,
            )
        )
        return self.env.cr.dictfetchall()

    # ------------------------------------------------------------------ periods
    @api.model
    def _gold_window(self, date_from, date_to, tz):
        """{start, end (naive UTC), date_from, date_to} of local days date_from..date_to."""
        start = tz.localize(_midnight(date_from)).astimezone(pytz.utc).replace(tzinfo=None)
        end = (
            tz.localize(_midnight(date_to + timedelta(days=1)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        return {"start": start, "end": end, "date_from": date_from, "date_to": date_to}


def _midnight(day):
    return datetime.combine(day, time.min)

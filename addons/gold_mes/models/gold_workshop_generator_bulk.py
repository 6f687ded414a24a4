"""The generator's bulk path: the ledger rows capture() would write, set-based.

A year of a 50-worker shop is about a million weighing lines; capture(), with the
kiosk's start and finish and Mark as Done around it, recorded 7 lines a second on the
shared two-core machine of bench/README.md (``tools/gen_workshop.py`` prints the rate),
a day and a half for a year. This path wrote a year's 984,000 lines at 1,571 a second
on a quiet run of that machine (most of it the ORM creating and confirming the orders).
The benchmarks need that year, so this path plans the same batches and writes, per
day of the plan: the day's orders created and confirmed through the ORM in one call,
then every weighing line of those orders in one INSERT whose columns hold exactly what
``gold.weighing._prepare_capture_vals`` puts there for the same plan (same names from
the same sequence, same moments, keys, purities, fine gold, approver and audit columns;
``tests/test_workshop_generator_bulk.py`` compares them column by column with
capture's). The lines go in unsealed, as capture leaves them, through the ledger's
trigger (which lets an INSERT through only unsealed); the seal cron or the integrity
check seals them like any other. The stored figures of the orders and stages are
recomputed by the ORM from the lines, and the abnormal stages are explained and approved
by the supervisor's own method.

What it does not do, to stay set-based: start, finish and mark the orders done, log
time, nor post each line's audit note in the order's chatter.  The ledger, the stage
figures and the approvals are the same; the orders stay confirmed.
"""

from odoo import api, models
from odoo.tools import SQL

from ..core import workshop_plan
from ..core.weights import fine_grams, to_fineness
from .gold_workshop_generator import REASON

# the columns the bulk INSERT fills, in its order (create_date and write_date are the
# transaction's time, as the ORM sets them)
BULK_COLUMNS = (
    "name",
    "kind",
    "production_id",
    "workorder_id",
    "workcenter_id",
    "operation_id",
    "employee_id",
    "gross_g",
    "tare_g",
    "net_g",
    "purity_id",
    "fineness",
    "fine_g",
    "stable",
    "signed",
    "source",
    "reason",
    "approver_id",
    "calibration_override",
    "idempotency_key",
    "company_id",
    "captured_at",
    "user_id",
    "create_uid",
    "write_uid",
)


class GoldWorkshopGenerator(models.AbstractModel):
    _inherit = "gold.workshop.generator"

    @api.model
    def _record_bulk(self, plan, setup, seed, progress=None):
        """Record ``plan`` a day at a time; return the orders."""
        ids = []
        setup = dict(setup, purities={})
        for day, batches in workshop_plan.by_day(plan):
            ids += self._record_day_bulk(batches, setup, seed).ids
            if progress:
                progress(day, len(ids))
        return self.env["mrp.production"].browse(ids)

    @api.model
    def _record_day_bulk(self, batches, setup, seed):
        env = self.env
        orders = env["mrp.production"].create(
            [self._prepare_order_vals(batch, setup) for batch in batches]
        )
        orders.action_confirm()
        rows = []
        for order, batch in zip(orders, batches, strict=True):
            stages = self._order_stages(order)
            for line in batch.captures(self._first_capture_at(batch)):
                workorder = stages[line.stage] if line.stage is not None else stages.browse()
                key = self._line_key(setup, seed, batch, workorder, line)
                rows.append(self._bulk_row(order, workorder, line, setup, key))
        env.flush_all()
        ids = self._bulk_insert(rows)
        # the orders' and stages' lines changed behind the cache: read them again, and
        # recompute what depends on them as create() would have asked
        env.invalidate_all()
        env["gold.weighing"].browse(ids).modified(BULK_COLUMNS, create=True)
        env.flush_all()
        plans = {batch.ref: batch for batch in batches}
        for workorder in orders.workorder_ids.filtered("gold_needs_approval"):
            index = self._order_stages(workorder.production_id).ids.index(workorder.id)
            self._approve_stage(workorder, plans[workorder.production_id.origin].stages[index])
        env.flush_all()
        return orders

    @api.model
    def _bulk_row(self, order, workorder, line, setup, key):
        """The column values capture() writes for ``line`` under idempotency ``key``
        (``_prepare_capture_vals`` of a line typed by hand, without a balance, by this
        user)."""
        purity = self._bulk_purity(order, workorder, line.kind, setup)
        fineness = to_fineness(purity.fineness or 0)
        supervisor = self.env["gold.weighing"]._is_gold_supervisor()
        return (
            None,  # name: drawn from the sequence for the whole day at once
            line.kind,
            order.id,
            workorder.id or None,
            workorder.workcenter_id.id or None,
            workorder.operation_id.id or None,
            setup["employees"][line.worker].id,
            float(line.grams),
            0.0,
            float(line.grams),
            purity.id or None,
            float(fineness),
            float(fine_grams(line.grams, fineness)),
            False,
            False,
            "manual",
            REASON,
            self.env.user.id if supervisor else None,
            False,
            key,
            order.company_id.id,
            line.at,
            self.env.user.id,
            self.env.uid,
            self.env.uid,
        )

    @api.model
    def _bulk_purity(self, order, workorder, kind, setup):
        """The purity capture finds (``_gold_purity_for``), once per stage and kind:
        every generated order has the same bill of materials."""
        key = (workorder.operation_id.id, kind)
        cache = setup["purities"]
        if key not in cache:
            cache[key] = order._gold_purity_for(workorder, kind)
            cache[key].fetch(["fineness"])
        return cache[key]

    @api.model
    def _bulk_names(self, count):
        """``count`` names from the ledger's sequence, as ``next_by_code`` draws them."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "gold.weighing"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _ in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        numbers = sorted(row[0] for row in self.env.cr.fetchall())
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for number in numbers]

    @api.model
    def _bulk_insert(self, rows):
        """Insert ``rows`` (tuples in BULK_COLUMNS order) in one statement; their ids in
        order.  Raw SQL, measured by tools/gen_workshop.py (bench/README.md: 7 lines/s
        through capture(), 1,571 lines/s here): capture() writes a line in several
        queries, this a day of them in one; one array per column keeps the statement's
        size independent of the number of rows."""
        if not rows:
            return []
        names = self._bulk_names(len(rows))
        rows = [(name, *row[1:]) for name, row in zip(names, rows, strict=True)]
        fields = self.env["gold.weighing"]._fields
        arrays = SQL(", ").join(
            SQL("%s::%s[]", list(values), SQL(fields[column].column_type[1]))
            for column, values in zip(BULK_COLUMNS, zip(*rows, strict=True), strict=True)
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO gold_weighing (%s, create_date, write_date) "
                "SELECT *, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' "
                "FROM unnest(%s) RETURNING id",
                SQL(", ").join(SQL.identifier(column) for column in BULK_COLUMNS),
                arrays,
            )
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

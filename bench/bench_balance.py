"""Benchmark: the gold balance of 1,000 orders x 5 stages and a month's summary over
1,000,000 weighing lines, through the model methods the product uses, against a naive
per-record ORM loop, one run (issue 4; target < 1 s each).

(a) ``mrp.production._gold_balances()`` of 1,000 orders (per stage in / out / scrap /
    loss, per order issued / finished / loss), cold cache; baseline: the per-order loop
    that reads every line through the ORM into the core (``_gold_core_lines``).
(b) ``gold.weighing._read_gold_summary(month, [operation, work centre, worker, purity,
    day])`` over 1,000,000 lines, then rolled up by each of the five; baseline: the lines
    read through the ORM and added up in Python, on a slice, extrapolated.

Both results are checked against their baseline.  The data lives in its own database
(``gold_bench_ledger``, created with gold_mes if missing); it is generated once, with
bulk SQL (COPY and INSERT ... SELECT generate_series), and reused by later runs;
``--regenerate`` deletes the bench lines (the immutability trigger disabled for that
statement only, inside this bench database) and makes them again.  ``--update``
upgrades gold_mes in the bench database first.  EXPLAIN (ANALYZE, BUFFERS) of the two
aggregates is printed.

Run: python bench/bench_balance.py [--update] [--regenerate] [--naive-slice 100000]
"""

import argparse
import io
import os
import sys
import time
from collections import defaultdict
from decimal import Decimal

import odoo_env

DB = os.environ.get("GOLD_BENCH_LEDGER_DB", "gold_bench_ledger")
TARGET_S = 1.0
ORDERS = 1000
MONTH_ORDERS = 200
MONTH_LINES = 1_000_000
MONTH = ("2026-10-01", "2026-11-01")
LEDGER_ORIGIN = "gold-bench-ledger"
MONTH_ORIGIN = "gold-bench-month"
STAGE_NAMES = ("Casting", "Filing", "Setting", "Polishing", "Inspection")
Q = Decimal("0.0001")
COLUMNS = (
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
    "scale_id",
    "stable",
    "signed",
    "source",
    "company_id",
    "captured_at",
    "user_id",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)


# --- data ---------------------------------------------------------------------


def make_fixture(env):
    ring, bom = odoo_env.make_gold_bom(env, "Ledger bench", STAGE_NAMES, 1.5, weigh_in=True)
    scale = env["gold.scale"].create(
        {"name": "Ledger balance", "serial": "LEDGER-1", "capacity_g": 5000}
    )
    employees = env["hr.employee"].create([{"name": f"Ledger worker {i}"} for i in range(20)])
    return ring, bom, scale, employees


def make_orders(env, ring, bom, count, origin):
    orders = env["mrp.production"].create(
        [
            {"product_id": ring.id, "bom_id": bom.id, "product_qty": 100, "origin": origin}
            for _ in range(count)
        ]
    )
    orders.action_confirm()
    env.flush_all()
    return orders


def copy_lines(cr, rows):
    """COPY rows (tuples in COLUMNS order) into gold_weighing."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    cr._obj.copy_expert(f"COPY gold_weighing ({', '.join(COLUMNS)}) FROM STDIN", buffer)


def ledger_rows(env, orders, scale, employees, uid):
    """The 1,000 orders' lines: issue, then at each stage in, scrap, dust, out."""
    from odoo.addons.gold_mes.core.weights import fine_grams  # noqa: PLC0415

    company = env.company.id
    purity = env.ref("gold_units.gold_purity_750")
    rows = []
    for n, order in enumerate(orders):
        stages = order.workorder_ids.sorted(lambda wo: (wo.operation_id.sequence, wo.id))
        day = f"2026-09-{1 + n % 28:02d} 08:00:00"

        def line(kind, grams, wo=None, order=order, day=day):
            rows.append(
                (
                    f"BL{order.id}-{len(rows)}",
                    kind,
                    order.id,
                    wo.id if wo else None,
                    wo.workcenter_id.id if wo else None,
                    wo.operation_id.id if wo else None,
                    employees[len(rows) % len(employees)].id,
                    grams,
                    0,
                    grams,
                    purity.id,
                    750,
                    fine_grams(grams, 750),
                    scale.id,
                    "t",
                    "f",
                    "scale",
                    company,
                    day,
                    uid,
                    uid,
                    uid,
                    day,
                    day,
                )
            )

        carried = Decimal(1000 + n % 97) + Decimal(n % 13) * Q
        line("issue", carried)
        for index, wo in enumerate(stages):
            scrap = (carried * Decimal("0.01")).quantize(Q)
            loss = (carried * Decimal(3 + (n + index) % 12) / 1000).quantize(Q)
            line("in", carried, wo)
            line("scrap", scrap, wo)
            line("dust", Decimal("0.0150"), wo)
            carried -= scrap + loss
            line("out", carried, wo)
    return rows


def month_sql(cr, month_orders, employees, scale, uid):
    """1,000,000 lines over a month on the month orders' work orders, in SQL."""
    from odoo.tools import SQL  # noqa: PLC0415

    env = odoo_env.environment(cr)
    purities = [env.ref(f"gold_units.gold_purity_{code}") for code in ("750", "585", "916")]
    cr.execute(
        SQL(
            """
        WITH wo AS (
            SELECT (row_number() OVER (ORDER BY w.production_id, o.sequence, w.id)) - 1 AS n,
                   w.id, w.production_id, w.workcenter_id, w.operation_id
              FROM mrp_workorder w JOIN mrp_routing_workcenter o ON o.id = w.operation_id
             WHERE w.production_id IN %(orders)s),
        total AS (SELECT count(*) AS c FROM wo),
        gen AS (
            SELECT g,
                   (ARRAY['in','in','in','out','out','out','scrap','scrap','dust','return'])
                       [1 + mod(g, 10)] AS kind,
                   (1 + mod(g::bigint * 7919, 4999999))::numeric / 10000 AS grams,
                   1 + mod(g / 11, 3) AS p
              FROM generate_series(1, %(n)s) g)
        INSERT INTO gold_weighing (%(columns)s)
        SELECT 'BM' || gen.g, gen.kind, wo.production_id, wo.id, wo.workcenter_id,
               wo.operation_id, (%(employees)s)[1 + mod(wo.n, 5) * 4 + mod(gen.g / 7, 4)],
               gen.grams, 0, gen.grams, (%(purities)s)[gen.p], (%(fineness)s)[gen.p],
               round(gen.grams * (%(fineness)s)[gen.p] / 1000, 4), %(scale)s, true, false,
               'scale', %(company)s,
               %(start)s::timestamp + mod(gen.g::bigint * 2654435761, 31 * 86400)
                   * interval '1 second',
               %(uid)s, %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM gen JOIN wo ON wo.n = mod(gen.g, (SELECT c FROM total))
        """,
            orders=tuple(month_orders.ids),
            n=MONTH_LINES - MONTH_LINES // 1000,
            columns=SQL(", ").join(SQL.identifier(c) for c in COLUMNS),
            employees=[e.id for e in employees],
            purities=[p.id for p in purities],
            fineness=[Decimal(repr(p.fineness)) for p in purities],
            scale=scale.id,
            company=env.company.id,
            start=MONTH[0],
            uid=uid,
        )
    )
    # one line in a thousand reversed, the reversal captured a minute later
    reversed_columns = [c for c in COLUMNS if c not in ("name", "kind", "captured_at")]
    cr.execute(
        SQL(
            """
        INSERT INTO gold_weighing (name, kind, captured_at, reversal_of_id, %(columns)s)
        SELECT 'BR' || id, 'reversal', captured_at + interval '1 minute', id, %(columns)s
          FROM gold_weighing
         WHERE left(name, 2) = 'BM' AND kind IN ('in', 'out') AND mod(id, 1000) = 0
         LIMIT %(n)s
        """,
            columns=SQL(", ").join(SQL.identifier(c) for c in reversed_columns),
            n=MONTH_LINES // 1000,
        )
    )


def generate(env, regenerate):
    """Make the bench data once (committed); returns (ledger orders, month orders)."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    production = env["mrp.production"]
    orders = production.search([("origin", "=", LEDGER_ORIGIN)], order="id")
    month = production.search([("origin", "=", MONTH_ORIGIN)], order="id")
    lines = env["gold.weighing"].search_count([("production_id", "in", (orders | month).ids)])
    if orders and month and lines and not regenerate:
        return orders, month
    if lines:
        # the ledger refuses DELETE: lift the trigger for this statement, in this bench
        # database only, inside the transaction (ALTER TABLE is transactional)
        cr.execute(SQL("ALTER TABLE gold_weighing DISABLE TRIGGER gold_weighing_immutable_row"))
        cr.execute(
            SQL(
                "DELETE FROM gold_weighing WHERE production_id IN %s",
                tuple((orders | month).ids),
            )
        )
        cr.execute(SQL("ALTER TABLE gold_weighing ENABLE TRIGGER gold_weighing_immutable_row"))
    start = time.perf_counter()
    ring, bom, scale, employees = make_fixture(env)
    if not orders:
        orders = make_orders(env, ring, bom, ORDERS, LEDGER_ORIGIN)
        cr.commit()  # bench data: an order of 1,000 confirmed orders takes minutes
    if not month:
        month = make_orders(env, ring, bom, MONTH_ORDERS, MONTH_ORIGIN)
        cr.commit()
    print(f"  (orders ready after {time.perf_counter() - start:.0f} s)", flush=True)
    copy_lines(cr, ledger_rows(env, orders, scale, employees, env.uid))
    month_sql(cr, month, employees, scale, env.uid)
    cr.execute(SQL("ANALYZE gold_weighing"))
    cr.commit()  # bench data, not product code: kept for the next runs
    print(f"  (generated the bench data in {time.perf_counter() - start:.0f} s)")
    return orders, month


# --- (a) balances -------------------------------------------------------------


def balance_figures(balances):
    """{order: (issued, finished, loss, ((in, out, scrap, loss) per stage))}."""
    return {
        key: (
            b.issued,
            b.finished,
            b.total_loss,
            tuple((s.weight_in, s.weight_out, s.scrap, s.loss) for s in b.stages),
        )
        for key, b in balances.items()
    }


def naive_balances(orders):
    """The per-order loop over every line through the ORM (the pre-aggregate path)."""
    from odoo.addons.gold_mes.core import order_balance, stage_balances  # noqa: PLC0415

    balances = {}
    for order in orders:
        stages = order._gold_core_stages(order._gold_stage_workorders())
        balances[order.id] = order_balance(
            None, stage_balances(order._gold_core_lines(), stages), key=order.id
        )
    return balances


# --- (b) summary --------------------------------------------------------------

DIMENSIONS = ("operation_id", "workcenter_id", "employee_id", "purity_id", "captured_at:day")


def month_domain(env):
    return [
        ("company_id", "=", env.company.id),
        ("captured_at", ">=", MONTH[0]),
        ("captured_at", "<", MONTH[1]),
    ]


def summary(weighing, domain):
    full = weighing._read_gold_summary(domain, list(DIMENSIONS))
    return full, [weighing._gold_summary_rollup(full, [i]) for i in range(len(DIMENSIONS))]


def naive_summary(weighing, domain, limit):
    """Read ``limit`` lines through the ORM and add them up in Python per group."""
    from odoo.addons.gold_mes.core.weights import to_grams  # noqa: PLC0415

    sums = defaultdict(lambda: defaultdict(Decimal))
    fields_ = ["operation_id", "workcenter_id", "employee_id", "purity_id", "captured_at"]
    fields_ += ["kind", "net_g", "fine_g", "reversal_of_id"]
    offset = 0
    while offset < limit:
        batch = weighing.search_fetch(
            domain, fields_, order="id", offset=offset, limit=min(10_000, limit - offset)
        )
        if not batch:
            break
        for line in batch:
            kind, sign = line.kind, 1
            if kind == "reversal":
                kind, sign = line.reversal_of_id.kind, -1
            key = (
                line.operation_id,
                line.workcenter_id,
                line.employee_id,
                line.purity_id,
                line.captured_at.replace(hour=0, minute=0, second=0, microsecond=0),
            )
            sums[key][kind] += sign * to_grams(line.net_g)
        offset += len(batch)
        weighing.env.invalidate_all()
    return sums, offset


# --- plans --------------------------------------------------------------------


def explain(env, run):
    """EXPLAIN (ANALYZE, BUFFERS) of the aggregate that ``run`` executes."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    seen = []
    execute = cr.execute

    def spy(query, params=None, log_exceptions=True):
        text = query.code if isinstance(query, SQL) else query
        if "GROUP BY" in text and "gold_weighing" in text:
            seen.append(query if isinstance(query, SQL) else SQL(query, *(params or ())))
        return execute(query, params, log_exceptions)

    cr.execute = spy
    try:
        run()
    finally:
        del cr.execute
    env.invalidate_all()
    cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", seen[-1]))
    return "\n".join("    " + row[0] for row in cr.fetchall())


def timed(run, env):
    env.invalidate_all()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="upgrade gold_mes first")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--naive-slice", type=int, default=100_000)
    args = parser.parse_args()
    odoo_env.ensure_db(DB, ["gold_mes"], update=args.update)
    registry = odoo_env.registry(DB)
    failed = False
    with registry.cursor() as cr:
        env = odoo_env.environment(cr)
        orders, _month = generate(env, args.regenerate)
        weighing = env["gold.weighing"]
        n_lines = weighing.search_count([("production_id", "in", orders.ids)])
        stages = len(orders.workorder_ids)

        fast_s, balances = timed(lambda: balance_figures(orders._gold_balances()), env)
        naive_s, naive = timed(lambda: balance_figures(naive_balances(orders)), env)
        same = balances == naive
        failed |= not same or fast_s >= TARGET_S
        print(f"(a) gold balance of {len(orders):,} orders x {stages // len(orders)} stages")
        print(
            f"    ({n_lines:,} lines; per stage in/out/scrap/loss, per order issued/finished/loss)"
        )
        print(f"    _gold_balances(): {fast_s:.3f} s (target < {TARGET_S} s)")
        print(f"    naive per-order ORM loop over the lines: {naive_s:.3f} s")
        print(f"    ratio naive/product: {naive_s / fast_s:.1f}x; same figures: {same}")
        print("    plan of the aggregate:")
        print(explain(env, orders._gold_balances))

        domain = month_domain(env)
        month_lines = weighing.search_count(domain)
        fast_s, (full, rollups) = timed(lambda: summary(weighing, domain), env)
        naive_s, (naive_sums, naive_n) = timed(
            lambda: naive_summary(weighing, domain, args.naive_slice), env
        )
        # check: the summary of the slice the naive loop read gives the same figures
        cut = weighing.search_fetch(domain, ["id"], order="id", offset=naive_n - 1, limit=1)
        part = weighing._read_gold_summary([*domain, ("id", "<=", cut.id)], list(DIMENSIONS))
        same = all(
            part[(op, wc, emp, pur, day)][kind] == grams
            for (op, wc, emp, pur, day), kinds in naive_sums.items()
            for kind, grams in kinds.items()
        ) and len(part) == len(naive_sums)
        naive_full = naive_s * month_lines / naive_n
        failed |= not same or fast_s >= TARGET_S
        print(f"(b) month summary over {month_lines:,} lines, {len(full):,} groups")
        print(
            "    by "
            + ", ".join(f"{dim} ({len(r)})" for dim, r in zip(DIMENSIONS, rollups, strict=True))
        )
        print(f"    _read_gold_summary() + 5 roll-ups: {fast_s:.3f} s (target < {TARGET_S} s)")
        print(
            f"    naive ORM loop: {naive_s:.3f} s for {naive_n:,} lines, extrapolated to "
            f"{month_lines:,}: {naive_full:.1f} s"
        )
        print(f"    ratio naive/product: {naive_full / fast_s:.0f}x; slice figures agree: {same}")
        print("    plan of the aggregate:")
        print(explain(env, lambda: summary(weighing, domain)))
        cr.rollback()
    return 1 if failed else 0


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

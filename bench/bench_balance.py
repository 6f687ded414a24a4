"""Benchmark: the gold balance of 1,000 orders x 5 stages, and the ledger summary of a
month and of the whole year of a 50-worker shop (about 1,000,000 weighing lines),
through the model methods the product uses, against a naive per-record ORM loop, one
run (issue 4; target < 1 s each).

(a) ``mrp.production._gold_balances()`` of the year's last 1,000 orders (per stage in /
    out / scrap / loss, per order issued / finished / loss), cold cache; baseline: the
    per-order loop that reads every line through the ORM into the core
    (``_gold_core_lines``).
(b) ``gold.weighing._read_gold_summary(period, [operation, work centre, worker, purity,
    day])`` over the year's last 30 days, then over the whole year, each rolled up by
    each of the five; baseline: the lines read through the ORM and added up in Python,
    on a slice, extrapolated.

Every result is checked against its baseline.  The data is the generated year
(``odoo_env.ensure_year``: ``tools/gen_workshop.py --bulk --seal`` into
``GOLD_BENCH_YEAR_DB``, made once and reused).  EXPLAIN (ANALYZE, BUFFERS) of the
aggregates is printed.

Run: python bench/bench_balance.py [--naive-slice 100000]
"""

import argparse
import sys
import time
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import odoo_env

DB = odoo_env.YEAR_DB
TARGET_S = 1.0
ORDERS = 1000


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


def period_domain(env, days=None):
    """The company's lines of the last ``days`` days of the year (all of it: None)."""
    weighing = env["gold.weighing"]
    domain = [("company_id", "=", env.company.id)]  # the year's database holds only it
    if days:
        last = weighing.search_fetch(domain, ["captured_at"], order="captured_at desc", limit=1)
        start = last.captured_at.replace(hour=0, minute=0, second=0, microsecond=0)
        start -= timedelta(days=days - 1)
        domain.append(("captured_at", ">=", start))
    return domain


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


def bench_summary(weighing, label, domain, naive_slice):
    """(b) for one period; True when it is right and under the target."""
    lines = weighing.search_count(domain)
    fast_s, (full, rollups) = timed(lambda: summary(weighing, domain), weighing.env)
    naive_s, (naive_sums, naive_n) = timed(
        lambda: naive_summary(weighing, domain, naive_slice), weighing.env
    )
    # check: the summary of the slice the naive loop read gives the same figures
    cut = weighing.search_fetch(domain, ["id"], order="id", offset=naive_n - 1, limit=1)
    part = weighing._read_gold_summary([*domain, ("id", "<=", cut.id)], list(DIMENSIONS))
    same = all(
        part[(op, wc, emp, pur, day)][kind] == grams
        for (op, wc, emp, pur, day), kinds in naive_sums.items()
        for kind, grams in kinds.items()
    ) and len(part) == len(naive_sums)
    naive_full = naive_s * lines / naive_n
    print(f"(b) {label} summary over {lines:,} lines, {len(full):,} groups")
    print(
        "    by "
        + ", ".join(f"{dim} ({len(r)})" for dim, r in zip(DIMENSIONS, rollups, strict=True))
    )
    print(f"    _read_gold_summary() + 5 roll-ups: {fast_s:.3f} s (target < {TARGET_S} s)")
    print(
        f"    naive ORM loop: {naive_s:.3f} s for {naive_n:,} lines, extrapolated to "
        f"{lines:,}: {naive_full:.1f} s"
    )
    print(f"    ratio naive/product: {naive_full / fast_s:.0f}x; slice figures agree: {same}")
    print("    plan of the aggregate:")
    print(explain(weighing.env, lambda: summary(weighing, domain)))
    return same and fast_s < TARGET_S


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--naive-slice", type=int, default=100_000)
    args = parser.parse_args()
    year = odoo_env.ensure_year(DB)
    registry = odoo_env.registry(DB)
    failed = False
    with registry.cursor() as cr:
        env = odoo_env.environment(cr)
        print(f"ledger: the generated year in {DB}, {year:,} lines")
        orders = env["mrp.production"].search(
            [("origin", "=like", "GEN/%")], order="id desc", limit=ORDERS
        )
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

        for label, days in (("month (last 30 days)", 30), ("whole year", None)):
            failed |= not bench_summary(weighing, label, period_domain(env, days), args.naive_slice)
        cr.rollback()
    return 1 if failed else 0


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

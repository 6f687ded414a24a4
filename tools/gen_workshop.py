#!/usr/bin/env python3
"""Generate a workshop's history into an Odoo database.

  tools/gen_workshop.py --db gold_bench_year --workers 50 --days 300 --trays 20 \
      --lines 1000000 --bulk --seal
  tools/gen_workshop.py --db gold_bench_month --days 30 --batches-per-day 3

The database is created (both modules, no demo) when it does not exist.  Each
planned batch becomes a confirmed order.  By default its stages are weighed through
capture(), started, finished and approved through the product's own methods, then
the order is marked done.  ``--bulk`` writes the same ledger rows set-based, a day
at a time (``models/gold_workshop_generator_bulk.py``; orders stay confirmed), for a
year's worth.  Either way every figure passes the ledger's conservation checks.
``--seal`` then seals the new lines and checks the whole chain, as the integrity
check does.  Commits once per day of the plan; prints the counts and the rates.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import odoo_env


def seal_and_check(env):
    """Seal every unsealed line of the company, then walk its chain: (sealed, checked,
    seal seconds, check seconds, break)."""
    weighing = env["gold.weighing"]
    started, sealed = time.monotonic(), 0
    while True:
        done = weighing._gold_seal(env.company, limit=50_000)
        sealed += done
        env.cr.commit()  # generated data, sealed in steps: kept as it goes
        if not done:
            break
    seal_s = time.monotonic() - started
    started = time.monotonic()
    result = weighing._gold_check_chain(env.company)
    return sealed, result["checked"], seal_s, time.monotonic() - started, result["break"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--batches-per-day", type=int, default=None)
    parser.add_argument("--lines", type=int, default=None, help="about this many lines")
    parser.add_argument("--workers", type=int, default=None, help="number of workers")
    parser.add_argument("--trays", type=int, default=1, help="trays each stage is weighed in")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="", help="prefix of work centre and worker names")
    parser.add_argument("--bulk", action="store_true", help="set-based ledger rows")
    parser.add_argument("--seal", action="store_true", help="seal and check the chain after")
    args = parser.parse_args(argv)

    odoo_env.ensure_db(args.db, ["gold_mes"])
    registry = odoo_env.registry(args.db)
    from odoo.addons.gold_mes.core import workshop_plan  # noqa: PLC0415  (after the registry)
    from odoo.tools import SQL  # noqa: PLC0415

    per_day = args.batches_per_day or (
        workshop_plan.size_for(args.lines, args.days, trays=args.trays) if args.lines else 2
    )
    started = time.monotonic()
    with registry.cursor() as cr:
        env = odoo_env.environment(cr)

        def progress(day, orders):
            cr.commit()  # generated data: a day at a time, so a long run keeps its part
            seconds = time.monotonic() - started
            print(f"  {day}: {orders:,} batches in {seconds:,.0f} s", flush=True)

        orders = env["gold.workshop.generator"]._generate(
            days=args.days,
            batches_per_day=per_day,
            worker_count=args.workers,
            seed=args.seed,
            prefix=args.prefix,
            trays=args.trays,
            bulk=args.bulk,
            progress=progress,
        )
        cr.commit()
        seconds = time.monotonic() - started
        lines = env["gold.weighing"].search_count([("production_id", "in", orders.ids)])
        print(
            f"{len(orders):,} batches, {lines:,} weighing lines over {args.days} days, "
            f"{args.workers or len(workshop_plan.default_workers())} workers, "
            f"{per_day} batches a day weighed in {args.trays} tray(s) a stage, "
            f"{'bulk' if args.bulk else 'capture()'}: {seconds:,.1f} s "
            f"({lines / seconds:,.0f} lines/s) into {args.db}",
            flush=True,
        )
        if args.bulk:
            # the planner's statistics of the tables a bulk run fills: autovacuum gets
            # to them later, and a bench run right after would plan a year's aggregate
            # for a few thousand rows (a disk sort instead of a hash)
            cr.execute(SQL("ANALYZE gold_weighing, mrp_production, mrp_workorder, stock_move"))
            cr.commit()
        if args.seal:
            sealed, checked, seal_s, check_s, found = seal_and_check(env)
            verdict = f"broken at {found}" if found else "intact"
            print(
                f"sealed {sealed:,} lines in {seal_s:,.1f} s "
                f"({sealed / max(seal_s, 1e-9):,.0f}/s); chain of {checked:,} lines "
                f"checked in {check_s:,.1f} s ({checked / max(check_s, 1e-9):,.0f}/s): {verdict}"
            )
            if found:
                return 1
    if args.bulk:
        vacuum(args.db)
    return 0


def vacuum(db):
    """VACUUM (ANALYZE) the tables a bulk run filled, as autovacuum would in time (it is
    off on some machines): sealing rewrote every line, and until a vacuum marks the
    pages all-visible an aggregate reads each line twice and skips no page."""
    tables = "gold_weighing, gold_weighing_daily, mrp_production, mrp_workorder, stock_move"
    started = time.monotonic()
    subprocess.run(["psql", "-XAtqd", db, "-c", f"VACUUM (ANALYZE) {tables}"], check=True)
    print(f"vacuumed and analysed {tables} in {time.monotonic() - started:,.1f} s", flush=True)


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

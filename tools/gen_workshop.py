#!/usr/bin/env python3
"""Generate a workshop's history into an Odoo database, through capture().

  tools/gen_workshop.py --db gold_bench_year --workers 50 --days 300 --lines 1000000
  tools/gen_workshop.py --db gold_bench_month --days 30 --batches-per-day 3

The database is created (both modules, no demo) when it does not exist.  Each
planned batch becomes a confirmed order whose stages are weighed, started, finished
and approved through the product's own methods, then marked done; every figure
passes the ledger's conservation checks.  Prints the counts and the rate.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import odoo_env


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--batches-per-day", type=int, default=None)
    parser.add_argument("--lines", type=int, default=None, help="about this many lines")
    parser.add_argument("--workers", type=int, default=None, help="number of workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="", help="prefix of work centre and worker names")
    args = parser.parse_args(argv)

    from odoo.addons.gold_mes.core import workshop_plan  # noqa: PLC0415

    per_day = args.batches_per_day or (
        workshop_plan.size_for(args.lines, args.days) if args.lines else 2
    )
    odoo_env.ensure_db(args.db, ["gold_mes"])
    registry = odoo_env.registry(args.db)
    started = time.monotonic()
    with registry.cursor() as cr:
        env = odoo_env.environment(cr)
        orders = env["gold.workshop.generator"]._generate(
            days=args.days,
            batches_per_day=per_day,
            worker_count=args.workers,
            seed=args.seed,
            prefix=args.prefix,
        )
        lines = env["gold.weighing"].search_count([("production_id", "in", orders.ids)])
        cr.commit()
    seconds = time.monotonic() - started
    print(
        f"{len(orders):,} batches, {lines:,} weighing lines over {args.days} days "
        f"in {seconds:.1f} s ({lines / seconds:,.0f} lines/s) into {args.db}"
    )
    return 0


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

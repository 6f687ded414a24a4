"""Benchmark: gold unit conversions in Odoo, ours against Odoo's own, one run.

Round trips ``grams -> gold unit -> grams`` of random ledger weights (0.1 mg
grid, up to 100 kg) through ``uom.uom._compute_quantity``:

* ours: the gold_units override (exact Fractions, HALF-UP at the unit's rounding);
* Odoo's: the original ``uom`` implementation (float factors, rounding UP) called
  on the very same records, as Odoo without gold_units would compute it;
* core: ``gold_units.core`` alone (``bench_units.run_core``), for the ORM overhead.

A result that does not come back to the starting weight is a drift.  Ours must
be 0.  Needs an Odoo 18 (found like ``tools/run_tests.py`` finds it) and
PostgreSQL; it installs gold_units into a database ``gold_bench`` if missing.

Run: python bench/bench_units_odoo.py [round_trips] [seed]
"""

import os
import random
import sys
import time
from decimal import Decimal

import odoo_env

DB = os.environ.get("GOLD_BENCH_DB", "gold_bench")
DEFAULT_N = 1_000_000


def round_trips(convert, gram, units, sample):
    drift = 0
    start = time.perf_counter()
    for value, unit in sample:
        there = convert(gram, value, units[unit])
        back = convert(units[unit], there, gram)
        if Decimal(repr(back)) != Decimal(repr(value)):
            drift += 1
    return time.perf_counter() - start, drift


def main():
    import bench_units  # noqa: PLC0415

    n = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_N
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 18
    odoo_env.ensure_db(DB, ["gold_units"])
    registry = odoo_env.registry(DB)
    from odoo.addons.uom.models.uom_uom import UoM  # noqa: PLC0415

    with registry.cursor() as cr:
        env = odoo_env.environment(cr)
        gram = env.ref("uom.product_uom_gram")
        kg = env.ref("uom.product_uom_kgm")
        uoms = env["uom.uom"].search([("gold_unit_code", "!=", False)]) - gram - kg
        units = {uom.gold_unit_code: uom for uom in uoms}
        rng = random.Random(seed)
        codes = sorted(units)
        sample = [
            (float(Decimal(rng.randrange(1, 10**9)).scaleb(-4)), rng.choice(codes))
            for _ in range(n)
        ]

        def ours(src, qty, dst):
            return src._compute_quantity(qty, dst)

        def odoos(src, qty, dst):
            return UoM._compute_quantity(src, qty, dst)

        ours_s, ours_drift = round_trips(ours, gram, units, sample)
        odoo_s, odoo_drift = round_trips(odoos, gram, units, sample)
    core = bench_units.run_core(n, seed)
    conv = 2 * n
    print(f"uom.uom._compute_quantity round trips g -> unit -> g: {n:,} over {len(codes)} units")
    print(f"  ours (exact, HALF-UP): {conv / ours_s:,.0f} conversions/s, drift {ours_drift:,}")
    print(
        f"  Odoo's own (float, UP): {conv / odoo_s:,.0f} conversions/s, drift {odoo_drift:,}"
        f" ({odoo_drift / n:.1%})"
    )
    print(f"  core alone: {core['conversions_per_s']:,.0f} conversions/s, drift {core['drift']:,}")
    print(f"  ratio ours/Odoo's speed: {odoo_s / ours_s:.2f}x")
    return 0 if ours_drift == 0 and core["drift"] == 0 else 1


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

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
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

import run_tests  # noqa: E402

DB = os.environ.get("GOLD_BENCH_DB", "gold_bench")
DEFAULT_N = 1_000_000


def reexec_in_odoo():
    """Run this script again under the interpreter that has Odoo 18."""
    found = run_tests.find_odoo()
    if not found[0]:
        sys.exit("no Odoo 18 found: " + "; ".join(found[1]))
    python, _version, package_dir, _how = found
    os.environ["GOLD_BENCH_ADDONS"] = run_tests.addons_path(package_dir)
    os.execv(python, [python, __file__, *sys.argv[1:]])


def ensure_db(addons):
    probe = subprocess.run(
        ["psql", "-lqt"], capture_output=True, text=True, check=False
    ).stdout.split()
    if DB in probe:
        return
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={addons}",
            "-d",
            DB,
            "-i",
            "gold_units",
            "--stop-after-init",
            "--without-demo=all",
            "--http-port=0",
            "--log-level=warn",
        ],
        check=True,
        cwd="/tmp",
    )


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
    import odoo  # noqa: PLC0415  (only importable in Odoo's interpreter)

    n = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_N
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 18
    addons = os.environ["GOLD_BENCH_ADDONS"]
    ensure_db(addons)
    odoo.tools.config.parse_config([f"--addons-path={addons}", "-d", DB, "--log-level=warn"])
    odoo.modules.module.initialize_sys_path()
    from odoo.addons.uom.models.uom_uom import UoM  # noqa: PLC0415

    registry = odoo.modules.registry.Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
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
    try:
        import odoo  # noqa: F401
    except ImportError:
        reexec_in_odoo()
    if "GOLD_BENCH_ADDONS" not in os.environ:
        found = run_tests.find_odoo()
        os.environ["GOLD_BENCH_ADDONS"] = run_tests.addons_path(found[2])
    sys.exit(main())

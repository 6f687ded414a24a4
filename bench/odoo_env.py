"""What the in-Odoo benchmarks share: find Odoo 18, re-exec under its interpreter,
make sure a bench database exists, open a registry on it.

A bench script starts with::

    if __name__ == "__main__":
        odoo_env.ensure_odoo(__file__)
        sys.exit(main())

``ensure_odoo`` re-executes the script under the interpreter that can ``import odoo``
(found like ``tools/run_tests.py`` finds it) and exports the addons path in
``GOLD_BENCH_ADDONS``.

The ledger benches run against one generated year (``ensure_year``): a 50-worker
shop's year of about 1,000,000 weighing lines (``GOLD_BENCH_YEAR_LINES`` to size it
down on a smaller machine) in ``GOLD_BENCH_YEAR_DB``, made once by
``tools/gen_workshop.py --bulk --seal`` and reused.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
YEAR_DB = os.environ.get("GOLD_BENCH_YEAR_DB", "gold_bench_year")
YEAR_WORKERS = 50
YEAR_DAYS = 300  # working days
# a batch's stage weighed tray by tray: ~16 batches a day through the five stages at
# 20 trays each make the year's million lines (a batch a day per three workers)
YEAR_TRAYS = 20

import run_tests  # noqa: E402


def ensure_odoo(script):
    """Re-exec ``script`` under Odoo's interpreter unless ``import odoo`` works here."""
    try:
        import odoo  # noqa: F401, PLC0415
    except ImportError:
        found = run_tests.find_odoo()
        if not found[0]:
            sys.exit("no Odoo 18 found: " + "; ".join(found[1]))
        python, _version, package_dir, _how = found
        os.environ["GOLD_BENCH_ADDONS"] = bench_addons_path(python, package_dir)
        os.execv(python, [python, script, *sys.argv[1:]])
    if "GOLD_BENCH_ADDONS" not in os.environ:
        found = run_tests.find_odoo()
        os.environ["GOLD_BENCH_ADDONS"] = bench_addons_path(found[0], found[2])


def bench_addons_path(python, package_dir):
    """Our add-ons, the OCA ones they depend on (requirements-oca.txt) and Odoo's."""
    return run_tests.addons_path(package_dir, filter(None, [run_tests.oca_addons(python)]))


def addons():
    return os.environ["GOLD_BENCH_ADDONS"]


def db_exists(db):
    names = subprocess.run(
        ["psql", "-lqtA", "-F", "|"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    return db in {line.split("|", 1)[0] for line in names}


def ensure_db(db, modules, update=False):
    """Create ``db`` with ``modules`` installed (``update``: upgrade them if it exists)."""
    exists = db_exists(db)
    if exists and not update:
        return
    flag = "-u" if exists else "-i"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={addons()}",
            "-d",
            db,
            flag,
            ",".join(modules),
            "--stop-after-init",
            "--without-demo=all",
            "--http-port=0",
            "--log-level=warn",
        ],
        check=True,
        cwd="/tmp",
    )


def year_lines():
    return int(os.environ.get("GOLD_BENCH_YEAR_LINES", "1000000"))


def generated_lines(db):
    """Weighing lines the generator wrote into ``db`` (0 when it has none)."""
    out = subprocess.run(
        ["psql", "-XAtq", "-d", db, "-c", "SELECT count(*) FROM gold_weighing "
         "WHERE idempotency_key LIKE 'gen-%'"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return int(out.stdout.strip() or 0) if out.returncode == 0 else 0


def year_command(db=YEAR_DB):
    lines = year_lines()
    return [
        sys.executable,
        str(ROOT / "tools" / "gen_workshop.py"),
        f"--db={db}",
        f"--workers={YEAR_WORKERS}",
        f"--days={YEAR_DAYS}",
        f"--trays={YEAR_TRAYS}",
        f"--lines={lines}",
        "--bulk",
        "--seal",
    ]


def planned_lines():
    """The lines the year's plan makes (``core.workshop_plan``, read without Odoo)."""
    import pure_path  # noqa: F401, PLC0415
    from gold_mes.core import workshop_plan  # noqa: PLC0415

    per_day = workshop_plan.size_for(year_lines(), YEAR_DAYS, trays=YEAR_TRAYS)
    return per_day * YEAR_DAYS * workshop_plan.lines_per_batch(trays=YEAR_TRAYS)


def ensure_year(db=YEAR_DB):
    """Make the generated year in ``db`` unless it is there; returns its line count.
    A year cut short (fewer lines than its plan) is refused: drop the database and
    generate again."""
    found = generated_lines(db) if db_exists(db) else 0
    if not found:
        subprocess.run(year_command(db), check=True, cwd=ROOT)
        found = generated_lines(db)
    if found < 0.99 * planned_lines():
        sys.exit(
            f"{db} holds {found:,} generated lines, not the year's {planned_lines():,}: "
            f"dropdb {db} and run again"
        )
    return found


def registry(db):
    """Odoo's registry of ``db``, configured with the bench addons path."""
    import odoo  # noqa: PLC0415  (only importable in Odoo's interpreter)

    odoo.tools.config.parse_config([f"--addons-path={addons()}", "-d", db, "--log-level=warn"])
    odoo.modules.module.initialize_sys_path()
    return odoo.modules.registry.Registry(db)


def environment(cr, uid=None, context=None):
    import odoo  # noqa: PLC0415

    return odoo.api.Environment(cr, uid or odoo.SUPERUSER_ID, context or {})


def make_gold_bom(env, prefix, stage_names, tolerance_pct, weigh_in):
    """An 18K raw gold in lượng, a ring, one work centre per stage and a BoM of 30
    lượng for 100 rings whose first stage burns and the others are recoverable."""
    from odoo import Command  # noqa: PLC0415  (only importable in Odoo's interpreter)

    purity = env.ref("gold_units.gold_purity_750")
    luong = env.ref("gold_units.uom_luong")
    raw = env["product.product"].create(
        {
            "name": f"{prefix} gold 18K",
            "is_storable": True,
            "uom_id": luong.id,
            "uom_po_id": luong.id,
            "gold_is_gold": True,
            "gold_purity_id": purity.id,
        }
    )
    ring = env["product.product"].create(
        {"name": f"{prefix} ring", "gold_is_gold": True, "gold_purity_id": purity.id}
    )
    centres = [env["mrp.workcenter"].create({"name": f"{prefix} {name}"}) for name in stage_names]
    bom = env["mrp.bom"].create(
        {
            "product_tmpl_id": ring.product_tmpl_id.id,
            "product_qty": 100,
            "bom_line_ids": [
                Command.create(
                    {"product_id": raw.id, "product_qty": 30, "product_uom_id": luong.id}
                )
            ],
            "operation_ids": [
                Command.create(
                    {
                        "name": name,
                        "workcenter_id": centre.id,
                        "sequence": 10 * (index + 1),
                        "gold_loss_kind": "recoverable" if index else "burn",
                        "gold_loss_tolerance_pct": tolerance_pct,
                        "gold_weigh_in_required": weigh_in,
                        "gold_weigh_out_required": True,
                    }
                )
                for index, (name, centre) in enumerate(zip(stage_names, centres, strict=True))
            ],
        }
    )
    return ring, bom


# the ledger columns a bench fills with COPY (its own data, not the generated year)
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


def copy_lines(cr, rows):
    """COPY rows (tuples in COLUMNS order) into gold_weighing."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    cr._obj.copy_expert(f"COPY gold_weighing ({', '.join(COLUMNS)}) FROM STDIN", buffer)

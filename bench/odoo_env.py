"""What the in-Odoo benchmarks share: find Odoo 18, re-exec under its interpreter,
make sure a bench database exists, open a registry on it.

A bench script starts with::

    if __name__ == "__main__":
        odoo_env.ensure_odoo(__file__)
        sys.exit(main())

``ensure_odoo`` re-executes the script under the interpreter that can ``import odoo``
(found like ``tools/run_tests.py`` finds it) and exports the addons path in
``GOLD_BENCH_ADDONS``.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

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
        os.environ["GOLD_BENCH_ADDONS"] = run_tests.addons_path(package_dir)
        os.execv(python, [python, script, *sys.argv[1:]])
    if "GOLD_BENCH_ADDONS" not in os.environ:
        found = run_tests.find_odoo()
        os.environ["GOLD_BENCH_ADDONS"] = run_tests.addons_path(found[2])


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


def registry(db):
    """Odoo's registry of ``db``, configured with the bench addons path."""
    import odoo  # noqa: PLC0415  (only importable in Odoo's interpreter)

    odoo.tools.config.parse_config([f"--addons-path={addons()}", "-d", db, "--log-level=warn"])
    odoo.modules.module.initialize_sys_path()
    return odoo.modules.registry.Registry(db)


def environment(cr, uid=None, context=None):
    import odoo  # noqa: PLC0415

    return odoo.api.Environment(cr, uid or odoo.SUPERUSER_ID, context or {})

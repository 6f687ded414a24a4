#!/usr/bin/env python3
"""Run every test of the project and say plainly what ran.

Layer 1, pure Python (pytest on tests/): always.
Layer 2, in Odoo, whenever an Odoo 18 can be found: each run in ODOO_RUNS gets
a fresh PostgreSQL database, installs its modules and runs their tests (browser
tours in headless Chromium): gold_units installed alone (only its own
dependencies), then gold_units and gold_mes together.  A skipped test counts
as skipped; a browser tour skipped on a machine that has Chromium is a failure.
Odoo is found through:

  1. ``ODOO_PYTHON``: an interpreter that can ``import odoo``;
  2. ``ODOO_BIN``: an ``odoo``/``odoo-bin`` script (its interpreter is read
     from the script's first line);
  3. this interpreter, if it can ``import odoo``;
  4. an ``odoo`` command on PATH (a Python console script).

``ODOO_ADDONS_PATH`` adds Odoo's own addons folders when they are not next to
the odoo package.  ``--pure`` / ``--odoo`` run one layer only.  Exit status is
non-zero on any failure, error, or a layer that was asked for and could not
run.  The last line is ``N passed, N failed, N skipped``.
"""

import argparse
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
MODULES = ("gold_units", "gold_mes")
# (name, modules installed and tested in one fresh database)
ODOO_RUNS = (
    ("gold_units alone", ("gold_units",)),
    ("gold_units + gold_mes", MODULES),
)
CHROME_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
RESULT_RE = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests")
# One match per skip line anywhere in the log: without MULTILINE, `$` matches
# only at the log's end and every skip but a last-line one went uncounted.
SKIP_RE = re.compile(r" INFO \S+ (\S+): skipped (.*)$", re.MULTILINE)
BAD_LOG_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
TOUR_SKIP_RE = re.compile(r"chrom|websocket|browser|devtools", re.IGNORECASE)


@dataclass
class Layer:
    name: str
    ran: bool = False
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    notes: list = field(default_factory=list)


def say(text=""):
    print(text, flush=True)


# --- layer 1: pytest ---------------------------------------------------------


def run_pure(layer, extra_args):
    if importlib.util.find_spec("pytest") is None:
        layer.failed += 1
        layer.notes.append("pytest is not installed: pip install -r requirements-dev.txt")
        return
    report = Path(tempfile.mkdtemp(prefix="gold_pytest_")) / "junit.xml"
    cmd = [sys.executable, "-m", "pytest", str(ROOT / "tests"), f"--junitxml={report}", "-q"]
    say(f"$ {' '.join(cmd + list(extra_args))}")
    code = subprocess.call(cmd + list(extra_args), cwd=ROOT)
    layer.ran = True
    if not report.exists():
        layer.failed += 1
        layer.notes.append(f"pytest exited {code} without a report")
        return
    suites = ET.parse(report).getroot()
    for suite in suites.iter("testsuite"):
        tests = int(suite.get("tests", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        layer.failed += bad
        layer.skipped += skipped
        layer.passed += tests - bad - skipped
    if code not in (0, 5) and layer.failed == 0:
        layer.failed += 1
        layer.notes.append(f"pytest exited {code}")
    if layer.passed == 0 and layer.failed == 0:
        layer.failed += 1
        layer.notes.append("pytest collected no test")


# --- layer 2: Odoo -----------------------------------------------------------


def interpreter_of(script):
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    if parts and os.path.basename(parts[0]) == "env" and len(parts) > 1:
        return shutil.which(parts[1])
    return parts[0] if parts else None


def probe(python):
    """Odoo's version and package folder as seen by ``python``, or None."""
    if not python:
        return None
    code = "import odoo, os; print(odoo.release.version); print(os.path.dirname(odoo.__file__))"
    try:
        out = subprocess.run(
            [python, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tempfile.gettempdir(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.stdout.split()
    if out.returncode or len(lines) < 2:
        return None
    return lines[0], lines[1]


def find_odoo():
    """(python, version, package folder, how it was found) or None with the reasons."""
    candidates = []
    if os.environ.get("ODOO_PYTHON"):
        candidates.append((os.environ["ODOO_PYTHON"], "ODOO_PYTHON"))
    if os.environ.get("ODOO_BIN"):
        binary = shutil.which(os.environ["ODOO_BIN"]) or os.environ["ODOO_BIN"]
        candidates.append((interpreter_of(binary), f"ODOO_BIN={binary}"))
    candidates.append((sys.executable, "this interpreter"))
    on_path = shutil.which("odoo")
    if on_path:
        candidates.append((interpreter_of(on_path), f"`odoo` on PATH ({on_path})"))
    tried = []
    for python, how in candidates:
        found = probe(python)
        if found and found[0].startswith("18."):
            return python, found[0], found[1], how
        tried.append(f"{how}: " + (f"Odoo {found[0]}, not 18" if found else "no `import odoo`"))
    return None, tried


def oca_addons(python):
    """The OCA add-ons of requirements-oca.txt, installed once with ``pip install
    --no-deps --target var/oca`` (their wheels require an ``odoo`` distribution that
    PyPI does not have); returns their addons folder, or None with a note printed."""
    target = ROOT / "var" / "oca"
    folder = target / "odoo" / "addons"
    requirements = ROOT / "requirements-oca.txt"
    stamp = target / "requirements-oca.txt"
    if folder.is_dir() and stamp.exists() and stamp.read_text() == requirements.read_text():
        return str(folder)
    shutil.rmtree(target, ignore_errors=True)
    cmd = [python, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
    cmd += ["-r", str(requirements)]
    say(f"$ {' '.join(cmd)}")
    if subprocess.call(cmd) != 0 or not folder.is_dir():
        say("could not install the OCA add-ons of requirements-oca.txt")
        return None
    stamp.write_text(requirements.read_text())
    return str(folder)


def addons_path(package_dir, extra_paths=()):
    paths = [str(ADDONS), *extra_paths]
    extra = os.environ.get("ODOO_ADDONS_PATH")
    if extra:
        paths += [p for p in extra.split(",") if p]
    for candidate in (Path(package_dir) / "addons", Path(package_dir).parent / "addons"):
        if (candidate / "web" / "__manifest__.py").exists() or (
            candidate / "base" / "__manifest__.py"
        ).exists():
            paths.append(str(candidate))
    return ",".join(dict.fromkeys(paths))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_chrome():
    """The Chromium/Chrome Odoo's tours would use, or None."""
    return next((path for path in map(shutil.which, CHROME_NAMES) if path), None)


def websocket_hint(python):
    return (
        f"websocket-client is missing from Odoo's Python; install it with: "
        f"{python} -m pip install websocket-client"
    )


def has_websocket(python):
    """Whether ``python`` (Odoo's interpreter) can drive Chromium for tours."""
    try:
        out = subprocess.run(
            [python, "-c", "import websocket"],
            capture_output=True,
            timeout=60,
            cwd=tempfile.gettempdir(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0


def parse_odoo_log(layer, log_text, expect_tours, python="python3"):
    """Add one Odoo run's counts to ``layer``; ``expect_tours`` when Chromium is here."""
    results = RESULT_RE.findall(log_text)
    if not results:
        layer.failed += 1
        layer.notes.append("Odoo never reported a test result (install or import error?)")
    failed = sum(int(f) + int(e) for f, e, _ in results)
    total = sum(int(t) for _, _, t in results)
    skips = SKIP_RE.findall(log_text)
    tour_skips = [reason for _, reason in skips if TOUR_SKIP_RE.search(reason)]
    bad_lines = [line for line in log_text.splitlines() if BAD_LOG_RE.match(line)]
    layer.failed += failed
    layer.skipped += len(skips)
    layer.passed += max(total - failed - len(skips), 0)
    if total == 0 and results:
        layer.failed += 1
        layer.notes.append("Odoo ran no test of our modules")
    if failed == 0 and bad_lines:
        layer.failed += 1
        layer.notes.append(f"{len(bad_lines)} ERROR/CRITICAL log line(s), first: {bad_lines[0]}")
    if tour_skips:
        if expect_tours:
            layer.failed += len(tour_skips)
            layer.notes.append(
                f"{len(tour_skips)} browser tour(s) skipped although Chromium is here: "
                f"{tour_skips[0]}"
            )
        else:
            layer.notes.append(f"{len(tour_skips)} browser tour(s) skipped: {tour_skips[0]}")
        if any("websocket" in reason.lower() for reason in tour_skips):
            layer.notes.append(websocket_hint(python))


def dropdb(name):
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)


def odoo_command(python, package_dir, db, modules, log_file):
    cmd = [
        python,
        "-m",
        "odoo",
        f"--addons-path={addons_path(package_dir, filter(None, [oca_addons(python)]))}",
        f"--database={db}",
        "--init=" + ",".join(modules),
        "--test-enable",
        "--test-tags=" + ",".join(f"/{m}" for m in modules),
        "--stop-after-init",
        "--without-demo=all",
        f"--http-port={free_port()}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
        "--log-level=info",
        f"--logfile={log_file}",
    ]
    for option in ("db_host", "db_port", "db_user", "db_password"):
        value = os.environ.get(f"ODOO_{option.upper()}")
        if value:
            cmd.append(f"--{option.replace('_', '-')}={value}")
    return cmd


def run_odoo(layer, python, package_dir, keep_db, modules=MODULES):
    """Install ``modules`` into a fresh database and run their tests."""
    slug = "_".join(modules)
    db = f"gold_test_{slug}_{os.getpid()}_{int(time.time())}"
    log_file = ROOT / "var" / f"odoo-test-{slug}.log"
    log_file.parent.mkdir(exist_ok=True)
    cmd = odoo_command(python, package_dir, db, modules, log_file)
    say(f"$ {' '.join(cmd)}")
    started = time.monotonic()
    if log_file.exists():
        log_file.unlink()
    code = subprocess.call(cmd, cwd=tempfile.gettempdir())
    layer.ran = True
    log_text = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    chrome = find_chrome()
    parse_odoo_log(layer, log_text, expect_tours=chrome is not None, python=python)
    if code != 0:
        layer.failed += 1
        layer.notes.append(f"odoo exited {code}")
    layer.notes.append(f"log: {log_file.relative_to(ROOT)}, {time.monotonic() - started:.0f} s")
    if not chrome:
        layer.notes.append("no Chromium on PATH: browser tours could not run")
    if keep_db:
        layer.notes.append(f"database kept: {db}")
    else:
        dropdb(db)


def run_odoo_layers(python, package_dir, keep_db):
    """One layer per entry of ODOO_RUNS, each in its own fresh database."""
    if find_chrome() and not has_websocket(python):
        say(f"warning: {websocket_hint(python)} (browser tours will be skipped and fail)")
    layers = []
    for name, modules in ODOO_RUNS:
        layer = Layer(f"in Odoo 18, {name} (install + tests of {', '.join(modules)})")
        run_odoo(layer, python, package_dir, keep_db, modules)
        layers.append(layer)
    return layers


# --- main --------------------------------------------------------------------


def report(layers):
    say()
    say("=" * 70)
    for layer in layers:
        status = "ran" if layer.ran else "SKIPPED"
        say(
            f"{layer.name}: {status}: {layer.passed} passed, {layer.failed} failed, "
            f"{layer.skipped} skipped"
        )
        for note in layer.notes:
            say(f"    {note}")
    passed = sum(layer.passed for layer in layers)
    failed = sum(layer.failed for layer in layers)
    skipped = sum(layer.skipped for layer in layers)
    say(f"{passed} passed, {failed} failed, {skipped} skipped")
    return failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--pure", action="store_true", help="run the pytest layer only")
    group.add_argument("--odoo", action="store_true", help="run the in-Odoo layer only")
    parser.add_argument("--keep-db", action="store_true", help="keep the Odoo test database")
    args, pytest_args = parser.parse_known_args(argv)

    layers = []
    if not args.odoo:
        pure = Layer("pure Python (pytest)")
        run_pure(pure, pytest_args)
        layers.append(pure)
    if not args.pure:
        found = find_odoo()
        if found[0]:
            python, version, package_dir, how = found
            say(f"Odoo {version} found through {how}: {package_dir}")
            layers += run_odoo_layers(python, package_dir, args.keep_db)
        else:
            in_odoo = Layer("in Odoo 18 (install + tests of " + ", ".join(MODULES) + ")")
            in_odoo.notes.append("no Odoo 18 found; tried " + "; ".join(found[1]))
            in_odoo.notes.append("set ODOO_PYTHON or ODOO_BIN, or put `odoo` on PATH")
            if args.odoo:
                in_odoo.failed += 1
            layers.append(in_odoo)
    return 1 if report(layers) else 0


if __name__ == "__main__":
    sys.exit(main())

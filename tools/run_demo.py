#!/usr/bin/env python3
"""Start a demo gold workshop: ``make run``.

Where a Docker engine answers, the compose file (``docker compose`` v2, or
``docker-compose`` v1) brings up PostgreSQL, Odoo 18 with both add-ons and a
virtual balance behind the scale proxy.  Otherwise an Odoo 18 found the way the
test command finds it (``ODOO_PYTHON``, ``ODOO_BIN``, this interpreter, ``odoo`` on
PATH) runs the same demo on this machine: the demo database is created once
(both modules with their demo data), then Odoo starts with workers, the virtual
balance starts on a pseudo-terminal and the scale proxy serves it, with the demo
balance in Odoo pointing at that proxy (its id, token and a secret made once and
kept in ``var/demo/``) and its form's simulator buttons (put a weight on the pan,
take it off, make it unstable, overload it) at the virtual balance's control
channel on loopback.  A second start reuses the database and the secret.

Where neither is there it says what is missing and exits non-zero.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_setup import (
    BALANCE_ID,
    SIM_PORT,
    balance_command,
    balance_script,
    demo_secrets,
    proxy_config,
)
from run_tests import addons_path, find_odoo, oca_addons

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "demo"
COMPOSE = ROOT / "docker" / "compose.yaml"
LOGINS = (
    ("admin", "admin", "administrator: every screen"),
    (
        "kiosk PINs",
        "1234 / 5678",
        "Phạm Thị Hạnh / Đỗ Văn Khánh, Manufacturing › Gold › Shop-Floor Kiosk",
    ),
)


def say(text=""):
    print(text, flush=True)


# --- Docker -----------------------------------------------------------------


def compose_command():
    """``docker compose`` or ``docker-compose`` when an engine answers, else None."""
    if not shutil.which("docker") and not shutil.which("docker-compose"):
        return None, "no Docker CLI"
    if shutil.which("docker"):
        engine = subprocess.run(["docker", "info"], capture_output=True, check=False)
        if engine.returncode:
            return None, "the Docker CLI is there but no engine answers (`docker info` failed)"
        v2 = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if v2.returncode == 0:
            return ["docker", "compose"], "docker compose (v2)"
    if shutil.which("docker-compose"):
        return ["docker-compose"], "docker-compose (v1)"
    return None, "a Docker engine but neither `docker compose` nor `docker-compose`"


def run_docker(compose):
    cmd = [*compose, "-p", "gold-mes", "-f", str(COMPOSE), "up", "--build"]
    say(f"$ {' '.join(cmd)}")
    print_welcome(8069)
    return subprocess.call(cmd, cwd=ROOT)


# --- a local Odoo -----------------------------------------------------------


def psql(db, query):
    out = subprocess.run(
        ["psql", "-XAtq", "-d", db, "-c", query], capture_output=True, text=True, check=False
    )
    return out.stdout.strip() if out.returncode == 0 else None


def db_ready(db):
    """True when ``db`` exists with gold_mes installed (a previous start made it)."""
    return psql(db, "SELECT state FROM ir_module_module WHERE name = 'gold_mes'") == "installed"


def db_exists(db):
    return psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"


def odoo_base(python, package_dir, db, command=()):
    paths = addons_path(package_dir, filter(None, [oca_addons(python)]))
    # a script, not ``-m odoo``: the prefork server re-runs it for its bus process
    cmd = [python, str(ROOT / "bin" / "gold-odoo"), *command, f"--addons-path={paths}"]
    cmd.append(f"--database={db}")
    for option in ("db_host", "db_port", "db_user", "db_password"):
        value = os.environ.get(f"ODOO_{option.upper()}")
        if value:
            cmd.append(f"--{option.replace('_', '-')}={value}")
    return cmd


def create_demo_db(python, package_dir, db):
    if db_exists(db):
        raise SystemExit(
            f"database {db!r} exists but gold_mes is not installed in it: "
            f"drop it (dropdb {db}) or choose another with --db"
        )
    say(f"Creating the demo database {db!r} (both modules with their demo data; once)…")
    log = STATE / "install.log"
    cmd = [
        *odoo_base(python, package_dir, db),
        "--init=gold_mes",
        "--stop-after-init",
        "--max-cron-threads=0",
        "--load-language=vi_VN",
        f"--logfile={log}",
    ]
    if subprocess.call(cmd, cwd=STATE) or not db_ready(db):
        raise SystemExit(f"installing gold_mes failed: see {log}")


def configure_balance(python, package_dir, db, keys, ports):
    """Point the demo balance at the proxy and its simulator buttons at the virtual
    balance; ``ports``: (proxy port, simulator control port) on loopback."""
    proxy, simulator = (f"http://127.0.0.1:{port}" for port in ports)
    script = balance_script(keys, proxy, simulator)
    cmd = [*odoo_base(python, package_dir, db, ["shell"]), "--no-http", "--log-level=warn"]
    out = subprocess.run(cmd, input=script, capture_output=True, text=True, cwd=STATE, check=False)
    if "GOLD-DEMO-BALANCE" not in out.stdout:
        raise SystemExit(f"could not point the demo balance at the proxy:\n{out.stderr[-2000:]}")


def wait_http(url, seconds, procs):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        check_alive(procs)
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def check_alive(procs):
    for name, proc in procs.items():
        if proc.poll() is not None:
            raise SystemExit(f"{name} stopped (exit {proc.returncode}): see {STATE}/{name}.log")


def start(name, cmd, procs, **kwargs):
    log = open(STATE / f"{name}.log", "ab")
    procs[name] = subprocess.Popen(
        cmd, stdout=log, stderr=subprocess.STDOUT, cwd=STATE, start_new_session=True, **kwargs
    )


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def stop_all(procs):
    for proc in procs.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs.values():
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_local(found, args):
    python, version, package_dir, how = found
    say(f"No Docker engine; running the demo on the Odoo {version} found through {how}.")
    STATE.mkdir(parents=True, exist_ok=True)
    keys = demo_secrets(STATE)
    if db_ready(args.db):
        say(f"Reusing the demo database {args.db!r}.")
    else:
        create_demo_db(python, package_dir, args.db)
    configure_balance(python, package_dir, args.db, keys, (args.proxy_port, args.sim_port))

    port_path = STATE / "balance-1"
    origins = (f"http://localhost:{args.port}", f"http://127.0.0.1:{args.port}")
    config = proxy_config(keys, STATE, "127.0.0.1", args.proxy_port, origins)
    here = sys.executable
    procs = {}
    # `kill`, `docker stop` and service managers send SIGTERM: stop the services as
    # Ctrl-C does, or they would outlive this process (each runs in its own session)
    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C too, explicitly: a process started in the background by a shell without
    # job control inherits SIGINT ignored, and would then never stop its services
    signal.signal(signal.SIGINT, _interrupt)
    try:
        start("balance", balance_command(STATE, here, ("127.0.0.1", args.sim_port)), procs)
        for _ in range(50):
            if port_path.exists():
                break
            time.sleep(0.1)
        start("proxy", [here, str(ROOT / "bin" / "gold-scale-proxy"), "-c", str(config)], procs)
        start(
            "odoo",
            [
                *odoo_base(python, package_dir, args.db),
                f"--http-port={args.port}",
                f"--gevent-port={args.port + 3}",
                f"--workers={args.workers}",
                "--max-cron-threads=1",
                f"--db-filter=^{args.db}$",
                "--no-database-list",
            ],
            procs,
        )
        if not wait_http(f"http://127.0.0.1:{args.sim_port}/status", 20, procs):
            raise SystemExit(f"the virtual balance did not answer: see {STATE}/balance.log")
        if not wait_http(f"http://127.0.0.1:{args.proxy_port}/health", 20, procs):
            raise SystemExit(f"the scale proxy did not answer: see {STATE}/proxy.log")
        if not wait_http(f"http://127.0.0.1:{args.port}/web/health", 120, procs):
            raise SystemExit(f"Odoo did not answer within 120 s: see {STATE}/odoo.log")
        # the bus process, which the kiosk's live readings ride on (its own port): the
        # demo works without it, but a station in bus mode shows no live weight
        bus = f"http://127.0.0.1:{args.port + 3}/web/health"
        if args.workers and not wait_http(bus, 60, procs):
            say(
                "Warning: Odoo's bus (websocket) process does not answer, so a kiosk station "
                f"in bus mode shows no live weight: see {STATE}/odoo.log (gevent needs "
                "setuptools<80, zope.interface<7 and zope.event<6 in Odoo's Python)."
            )
        print_welcome(args.port, args.proxy_port, args.sim_port)
        if args.check:
            return 0
        while True:
            check_alive(procs)
            time.sleep(1)
    except KeyboardInterrupt:
        say("Stopping the demo…")
        return 0
    finally:
        stop_all(procs)


def print_welcome(port, proxy_port=8765, sim_port=SIM_PORT):
    say()
    say(f"Gold MES demo workshop: http://localhost:{port}")
    for login, password, what in LOGINS:
        say(f"  {login:12} {password:14} {what}")
    say(f"  virtual balance {BALANCE_ID!r} behind the scale proxy on http://127.0.0.1:{proxy_port}")
    say(
        f"  its commands (put 46.275, off, unstable, overload) on http://127.0.0.1:{sim_port}, "
        "the buttons of its form (Manufacturing › Gold › Balances)"
    )
    say("Ctrl-C stops it; the next start reuses the database.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--docker", action="store_true", help="use Docker only")
    mode.add_argument("--local", action="store_true", help="use a local Odoo 18 only")
    parser.add_argument("--db", default=os.environ.get("GOLD_DEMO_DB", "gold_demo"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GOLD_DEMO_PORT", "8069")))
    parser.add_argument("--proxy-port", type=int, default=8765)
    parser.add_argument("--sim-port", type=int, default=SIM_PORT, help="virtual balance control")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--check", action="store_true", help="start, wait until every service answers, stop"
    )
    args = parser.parse_args(argv)

    missing = []
    if not args.local:
        compose, why = compose_command()
        if compose:
            return run_docker(compose)
        missing.append(f"Docker: {why}")
        if args.docker:
            say("Cannot start with Docker: " + why)
            return 2
    found = find_odoo()
    if found[0]:
        return run_local(found, args)
    missing.append("a local Odoo 18: tried " + "; ".join(found[1]))
    say("Cannot start the demo. Missing:")
    for line in missing:
        say(f"  - {line}")
    say("Install Docker with compose, or an Odoo 18 (ODOO_PYTHON, ODOO_BIN or `odoo` on PATH).")
    return 2


if __name__ == "__main__":
    sys.exit(main())

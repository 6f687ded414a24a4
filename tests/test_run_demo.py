"""`make run` without Docker: the demo workshop comes up on a local Odoo 18, answers
over RPC with the demo batch and a connected balance whose form's simulator buttons
change what the proxy reads, stops, and a second start reuses its database.  Skipped
(with the reason) where no Odoo 18 is found."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from run_tests import find_odoo  # noqa: E402

FOUND = find_odoo()
pytestmark = pytest.mark.skipif(not FOUND[0], reason="no Odoo 18 found: " + "; ".join(FOUND[-1]))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo(db, port, proxy_port, sim_port):
    cmd = [sys.executable, str(ROOT / "tools" / "run_demo.py"), "--local", f"--db={db}"]
    cmd += [f"--port={port}", f"--proxy-port={proxy_port}", f"--sim-port={sim_port}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.monotonic() + 1500  # the first start installs the demo (minutes)
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Ctrl-C stops it") or time.monotonic() > deadline:
            break
    assert proc.poll() is None, "".join(lines)
    return proc, "".join(lines)


def stop_demo(proc):
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)


def rpc(port):
    common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common")
    uid = common.authenticate(DB, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/object")
    return lambda *args, **kw: models.execute_kw(DB, uid, "admin", *args, kw)


def proxy_reading(proxy_port, until, seconds=15):
    """The proxy's latest reading of the demo balance once ``until(reading)`` holds."""
    token = json.loads((ROOT / "var" / "demo" / "secrets.json").read_text())["token"]
    request = urllib.request.Request(
        f"http://127.0.0.1:{proxy_port}/balances/bench-1",
        headers={"Authorization": f"Bearer {token}"},
    )
    deadline = time.monotonic() + seconds
    while True:
        with urllib.request.urlopen(request, timeout=5) as answer:
            latest = json.loads(answer.read()).get("latest") or {}
        if until(latest) or time.monotonic() > deadline:
            return latest
        time.sleep(0.2)


DB = f"gold_demo_pytest_{os.getpid()}"


@pytest.fixture(scope="module")
def demo_db():
    yield DB
    subprocess.run(["dropdb", "--if-exists", DB], check=False)


def test_make_run_without_docker_brings_the_workshop_up_and_reuses_it(demo_db):
    port, proxy_port, sim_port = free_port(), free_port(), free_port()
    proc, out = start_demo(demo_db, port, proxy_port, sim_port)
    try:
        assert "Creating the demo database" in out
        assert f"http://localhost:{port}" in out and "admin" in out
        # Odoo's bus process (websocket, the live readings) answers on its own port
        with urllib.request.urlopen(f"http://127.0.0.1:{port + 3}/web/health", timeout=10) as r:
            assert json.loads(r.read())["status"] == "pass"
        call = rpc(port)
        batches = call(
            "mrp.production",
            "search_read",
            [[("gold_weighing_ids", "!=", False)]],
            fields=["name", "gold_issued"],
        )
        assert batches, "the demo batches are there"
        issued = sorted(Decimal(str(b["gold_issued"])).quantize(Decimal("0.0001")) for b in batches)
        assert Decimal("375.0000") in issued, issued
        # issue 12.3: a month of history with something real on every screen

        def count(model, domain):
            return call(model, "search_count", [domain])

        assert count("mrp.production", [("origin", "=like", "GEN/%"), ("state", "=", "done")]) >= 30
        assert count("mrp.workorder", [("gold_loss_status", "=", "abnormal")]) >= 1
        assert count("gold.handover", [("state", "=", "dispute")]) >= 1
        assert count("gold.recovery", [("state", "=", "confirmed")]) >= 1
        assert count("gold.day.close.line", [("status", "=", "unexplained")]) >= 1
        scales = call(
            "gold.scale",
            "search_read",
            [[("proxy_balance_id", "=", "bench-1")]],
            fields=["link_online", "link_status", "proxy_url"],
        )
        assert scales and scales[0]["proxy_url"] == f"http://127.0.0.1:{proxy_port}"
        assert scales[0]["link_online"], scales[0]["link_status"]
        # the balance form's buttons drive the virtual balance the proxy reads
        scale = [scales[0]["id"]]
        call("gold.scale", "write", [scale, {"simulator_load_g": 46.25}])
        call("gold.scale", "action_simulator_put", [scale])
        latest = proxy_reading(proxy_port, lambda r: r.get("net") == "46.25" and r.get("stable"))
        assert latest.get("net") == "46.25" and latest.get("stable") is True, latest
        call("gold.scale", "action_simulator_unstable", [scale])
        latest = proxy_reading(proxy_port, lambda r: r.get("stable") is False)
        assert latest.get("stable") is False, latest
        call("gold.scale", "action_simulator_stable", [scale])
        call("gold.scale", "action_simulator_overload", [scale])
        latest = proxy_reading(proxy_port, lambda r: r.get("refusal") == "overload")
        assert latest.get("overload") is True and latest.get("refusal") == "overload", latest
        call("gold.scale", "action_simulator_off", [scale])
        latest = proxy_reading(proxy_port, lambda r: r.get("net") == "0.00" and r.get("stable"))
        assert latest.get("net") == "0.00" and latest.get("stable") is True, latest
    finally:
        stop_demo(proc)
    assert proc.returncode == 0

    port = free_port()
    proc, out = start_demo(demo_db, port, proxy_port, sim_port)
    try:
        assert "Reusing the demo database" in out
        assert rpc(port)("res.users", "search_count", [[("login", "=", "admin")]]) == 1
    finally:
        stop_demo(proc)

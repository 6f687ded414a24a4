"""`make run` without Docker: the demo workshop comes up on a local Odoo 18, answers
over RPC with the demo batch and a connected balance, stops, and a second start
reuses its database.  Skipped (with the reason) where no Odoo 18 is found."""

import os
import signal
import socket
import subprocess
import sys
import time
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


def start_demo(db, port, proxy_port):
    cmd = [sys.executable, str(ROOT / "tools" / "run_demo.py"), "--local", f"--db={db}"]
    cmd += [f"--port={port}", f"--proxy-port={proxy_port}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.monotonic() + 600
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


DB = f"gold_demo_pytest_{os.getpid()}"


@pytest.fixture(scope="module")
def demo_db():
    yield DB
    subprocess.run(["dropdb", "--if-exists", DB], check=False)


def test_make_run_without_docker_brings_the_workshop_up_and_reuses_it(demo_db):
    port, proxy_port = free_port(), free_port()
    proc, out = start_demo(demo_db, port, proxy_port)
    try:
        assert "Creating the demo database" in out
        assert f"http://localhost:{port}" in out and "admin" in out
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
        scales = call(
            "gold.scale",
            "search_read",
            [[("proxy_balance_id", "=", "bench-1")]],
            fields=["link_online", "link_status", "proxy_url"],
        )
        assert scales and scales[0]["proxy_url"] == f"http://127.0.0.1:{proxy_port}"
        assert scales[0]["link_online"], scales[0]["link_status"]
    finally:
        stop_demo(proc)
    assert proc.returncode == 0

    port = free_port()
    proc, out = start_demo(demo_db, port, proxy_port)
    try:
        assert "Reusing the demo database" in out
        assert rpc(port)("res.users", "search_count", [[("login", "=", "admin")]]) == 1
    finally:
        stop_demo(proc)

"""Benchmark: idempotent capture under concurrent retries, over JSON-RPC against an
Odoo server with workers (issue 10; required: 0 lost, 0 duplicated, 0 refused but
recorded).

The bench starts its own ``odoo --workers=N`` on a free port (8111-8119) against its
own database (``gold_h_guards_retry``, created with gold_mes if missing), makes a
fixture there (an operator, a balance with a known secret, orders to issue gold to)
and runs ``--clients`` client threads that together send ``--captures`` captures to
``/web/dataset/call_kw/gold.weighing/capture``, each with its own idempotency key and
a reading signed with the balance's secret, as the scale proxy signs it.  A share
``--retry`` of them is retried with the same key and the same signed reading, in
turn:

* immediately, after the first answer;
* after a client timeout: the first call gives up after a few milliseconds (the
  server goes on with it) and the client sends it again until it gets an answer;
* concurrently: the call and its retry sent at the same moment.

A call that fails for a transient reason (a server error, a concurrency failure Odoo
could not retry away, a dropped connection) is sent again with the same key; a
refusal (UserError, ValidationError, AccessError) is final.  At the end the ledger
is read back and compared with the answers:

* lost: a key answered with a line that is not in the ledger, or never answered;
* duplicated: a key with more than one line, or answered with two different lines;
* refused but recorded: a key refused in some answer whose line is in the ledger.

Run: python bench/bench_capture_retry.py [--captures 10000] [--clients 20]
     [--workers 2] [--retry 0.1] [--orders-per-client 5]
"""

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import odoo_env

DB = os.environ.get("GOLD_BENCH_RETRY_DB", "gold_h_guards_retry")
PORTS = range(8111, 8120)
PASSWORD = "bench-retry"
SECRET = "bench-retry-secret"
SERIAL = "RETRY-1"
REFUSALS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}
MODES = ("immediate", "timeout", "concurrent")


def free_port(exclude=()):
    for port in PORTS:
        if port in exclude:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 8111-8119")


# ---------------------------------------------------------------------- fixture
def make_fixture(n_orders):
    """Commit an operator, a balance and ``n_orders`` confirmed orders; return ids."""
    from odoo import Command  # noqa: PLC0415

    registry = odoo_env.registry(DB)
    tag = uuid.uuid4().hex[:8]
    with registry.cursor() as cr:
        env = odoo_env.environment(cr)
        ring, bom = odoo_env.make_gold_bom(env, f"Retry {tag}", ("Casting",), 1.0, False)
        scale = env["gold.scale"].search([("serial", "=", SERIAL)], limit=1)
        if not scale:
            scale = env["gold.scale"].create(
                {"name": "Retry balance", "serial": SERIAL, "capacity_g": 100000}
            )
        scale.sudo().secret = SECRET
        user = env["res.users"].search([("login", "=", "bench_retry")], limit=1)
        if not user:
            groups = [
                env.ref("gold_mes.gold_weighing_group_operator").id,
                env.ref("mrp.group_mrp_routings").id,
                env.ref("base.group_user").id,
            ]
            user = env["res.users"].create(
                {
                    "name": "Retry operator",
                    "login": "bench_retry",
                    "password": PASSWORD,
                    "groups_id": [Command.set(groups)],
                }
            )
        employee = env["hr.employee"].create({"name": f"Retry worker {tag}"})
        orders = env["mrp.production"].create(
            [{"product_id": ring.id, "bom_id": bom.id, "product_qty": 100} for _ in range(n_orders)]
        )
        orders.action_confirm()
        cr.commit()
        return {"orders": orders.ids, "scale": scale.id, "employee": employee.id, "tag": tag}


# ---------------------------------------------------------------------- server
def start_server(workers, log_path):
    http_port = free_port()
    gevent_port = free_port(exclude={http_port})
    # the ``odoo`` launcher, not ``-m odoo``: the prefork server re-runs its argv for
    # the gevent (bus) process, which ``-m odoo`` cannot be
    launcher = shutil.which("odoo")
    cmd = [
        *([sys.executable, launcher] if launcher else [sys.executable, "-m", "odoo"]),
        f"--addons-path={odoo_env.addons()}",
        "-d",
        DB,
        f"--db-filter=^{DB}$",
        f"--workers={workers}",
        f"--http-port={http_port}",
        f"--gevent-port={gevent_port}",
        "--max-cron-threads=0",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
        "--log-level=warn",
        f"--logfile={log_path}",
    ]
    process = subprocess.Popen(cmd, cwd="/tmp", start_new_session=True)
    url = f"http://127.0.0.1:{http_port}"
    import requests  # noqa: PLC0415

    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"{url}/web/webclient/version_info", timeout=2).status_code < 500:
                return process, url
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise SystemExit(f"odoo exited with {process.returncode}; see {log_path}")
        time.sleep(0.5)
    stop_server(process)
    raise SystemExit(f"odoo did not answer on {url}; see {log_path}")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


# ---------------------------------------------------------------------- client
class Client:
    def __init__(self, url):
        import requests  # noqa: PLC0415

        self.url = url
        self.requests = requests
        self.session = requests.Session()
        for attempt in range(10):  # the prefork server's backlog is small: try again
            try:
                answer = self.session.post(
                    f"{url}/web/session/authenticate",
                    json={
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {"db": DB, "login": "bench_retry", "password": PASSWORD},
                    },
                    timeout=(10, 120),
                ).json()
                break
            except requests.RequestException:
                time.sleep(1 + attempt)
        else:
            raise SystemExit("could not log in")
        if answer.get("error"):
            raise SystemExit(f"login refused: {answer['error']}")

    def call(self, vals, timeout=120.0):
        """('ok', weighing_id) | ('refused', name) | ('transient', what), latency s."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "gold.weighing",
                "method": "capture",
                "args": [vals],
                "kwargs": {},
            },
        }
        start = time.perf_counter()
        try:
            response = self.session.post(
                f"{self.url}/web/dataset/call_kw/gold.weighing/capture",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=(10, timeout),
            )
            answer = response.json()
        except self.requests.Timeout:
            return ("timeout", None), time.perf_counter() - start
        except (self.requests.RequestException, ValueError) as error:
            return ("transient", type(error).__name__), time.perf_counter() - start
        latency = time.perf_counter() - start
        if "error" in answer:
            name = answer["error"].get("data", {}).get("name")
            if name in REFUSALS:
                return ("refused", f"{name}: {answer['error']['data'].get('message')}"), latency
            return ("transient", name), latency
        return ("ok", answer["result"]["weighing_id"]), latency


class Run:
    """Answers per key and latencies, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = {}  # key -> [(kind, value)]
        self.latencies = []
        self.first_latencies = []
        self.modes = dict.fromkeys(MODES, 0)
        self.transient = 0

    def record(self, key, outcome, latency, first=False):
        with self.lock:
            self.answers.setdefault(key, []).append(outcome)
            if outcome[0] == "ok":
                self.latencies.append(latency)
                if first:
                    self.first_latencies.append(latency)
            elif outcome[0] in ("transient", "timeout"):
                self.transient += 1


def until_answered(client, run, key, vals, tries=20):
    """Send ``vals`` until an answer that is not transient (the kiosk's retry loop)."""
    for attempt in range(tries):
        outcome, latency = client.call(vals)
        run.record(key, outcome, latency)
        if outcome[0] in ("ok", "refused"):
            return outcome
        time.sleep(min(0.05 * 2**attempt, 2.0))
    return None


def client_loop(clients, fix, index, count, run):
    from odoo.addons.gold_mes.hw_scale.signing import sign_reading  # noqa: PLC0415

    # the kiosk's connection, and its second one for concurrent retries
    client, twin = clients
    pool = ThreadPoolExecutor(2)
    orders = fix["orders"][index :: fix["clients"]] or fix["orders"]
    rng = random.Random(index)
    for number in range(count):
        grams = str(Decimal(rng.randint(10000, 999999)) / 10000)
        key = f"retry-{fix['tag']}-{index}-{number}"
        vals = {
            "kind": "issue",
            "production_id": orders[number % len(orders)],
            "employee_id": fix["employee"],
            "scale_id": fix["scale"],
            "weight_g": grams,
            "idempotency_key": key,
            "reading": sign_reading(
                SECRET,
                {"scale": SERIAL, "net": grams, "grams": grams, "unit": "g", "stable": True},
            ),
        }
        retried = rng.random() < fix["retry"]
        mode = MODES[number % 3] if retried else None
        if mode == "timeout":
            outcome, latency = client.call(vals, timeout=rng.choice((0.005, 0.02, 0.05)))
            run.record(key, outcome, latency, first=True)
        elif mode == "concurrent":
            futures = [pool.submit(c.call, vals) for c in (client, twin)]
            for future in futures:
                outcome, latency = future.result()
                run.record(key, outcome, latency, first=True)
        else:
            outcome, latency = client.call(vals)
            run.record(key, outcome, latency, first=True)
            if outcome[0] not in ("ok", "refused"):
                until_answered(client, run, key, vals)
        if mode:
            with run.lock:
                run.modes[mode] += 1
            until_answered(client, run, key, vals)
    pool.shutdown()


# ---------------------------------------------------------------------- verdict
def ledger_lines(tag):
    import odoo  # noqa: PLC0415

    with odoo.modules.registry.Registry(DB).cursor() as cr:
        cr.execute(
            "SELECT idempotency_key, array_agg(id) FROM gold_weighing "
            "WHERE idempotency_key LIKE %s GROUP BY idempotency_key",
            [f"retry-{tag}-%"],
        )
        return dict(cr.fetchall())


def verdict(run, lines):
    lost = duplicated = refused_recorded = unanswered = refused = 0
    for key, outcomes in run.answers.items():
        ids = {value for kind, value in outcomes if kind == "ok"}
        stored = lines.get(key, [])
        refusals = [value for kind, value in outcomes if kind == "refused"]
        refused += bool(refusals)
        if not ids and not refusals:
            unanswered += 1
        if ids and not set(stored) >= ids:
            lost += 1
        if len(stored) > 1 or len(ids) > 1:
            duplicated += 1
        if refusals and stored:
            refused_recorded += 1
    return {
        "lost": lost + unanswered,
        "unanswered": unanswered,
        "duplicated": duplicated,
        "refused_recorded": refused_recorded,
        "refused": refused,
    }


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--retry", type=float, default=0.1, help="share of captures retried")
    parser.add_argument("--orders-per-client", type=int, default=5)
    parser.add_argument("--update", action="store_true", help="upgrade gold_mes first")
    args = parser.parse_args()
    odoo_env.ensure_db(DB, ["gold_mes"], update=args.update)
    fix = make_fixture(args.clients * args.orders_per_client)
    fix.update(clients=args.clients, retry=args.retry)
    log_path = Path("/tmp") / f"{DB}-server.log"
    process, url = start_server(args.workers, log_path)
    run = Run()
    per_client = [args.captures // args.clients] * args.clients
    per_client[0] += args.captures - sum(per_client)
    try:
        sessions = [(Client(url), Client(url)) for _ in range(args.clients)]  # logged in first
        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            futures = [
                pool.submit(client_loop, sessions[index], fix, index, count, run)
                for index, count in enumerate(per_client)
            ]
            for future in futures:
                future.result()
        elapsed = time.perf_counter() - start
    finally:
        stop_server(process)
    lines = ledger_lines(fix["tag"])
    figures = verdict(run, lines)
    n = len(run.answers)
    print(
        f"capture() over JSON-RPC: {n:,} captures by {args.clients} clients against "
        f"odoo --workers={args.workers}, {sum(run.modes.values()):,} retried "
        f"({', '.join(f'{m} {c}' for m, c in run.modes.items())}), in {elapsed:.1f} s "
        f"({n / elapsed:,.1f} captures/s)"
    )
    print(
        f"  ledger: {sum(len(v) for v in lines.values()):,} lines for {len(lines):,} keys; "
        f"{len(run.latencies):,} answers with a line, {run.transient:,} transient failures "
        f"(client timeouts included), {figures['refused']:,} keys refused"
    )
    print(
        f"  lost {figures['lost']} (never answered {figures['unanswered']}), "
        f"duplicated {figures['duplicated']}, refused but recorded {figures['refused_recorded']}"
    )
    first = run.first_latencies
    print(
        f"  latency of answered calls: p50 {1000 * percentile(run.latencies, 0.5):.0f} ms, "
        f"p95 {1000 * percentile(run.latencies, 0.95):.0f} ms; first calls: p50 "
        f"{1000 * percentile(first, 0.5):.0f} ms, p95 {1000 * percentile(first, 0.95):.0f} ms "
        f"(mean {1000 * (statistics.mean(first) if first else 0):.0f} ms)"
    )
    ok = not (figures["lost"] or figures["duplicated"] or figures["refused_recorded"])
    print(f"  verdict: {'0 / 0 / 0 as required' if ok else 'FAILS the 0 / 0 / 0 requirement'}")
    return 0 if ok else 1


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

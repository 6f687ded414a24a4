"""Benchmark: balance line -> SSE client latency, and parser throughput.

Latency: a virtual MT-SICS balance on a pty streams 10 readings/s, pacing each line
by its time on the wire at 9600 baud (the line is complete at the far end only
after that).  The clock starts when the balance starts sending a line and stops
when an SSE client of the proxy has the parsed reading.  The physical floor is the
same line's wire time, measured in this run from the lines actually sent, plus
the bare pty hand-over (write on the master, read on the slave) measured here too.
Target: p95 <= floor + 50 ms.

Throughput: lines parsed per second for every protocol (pure parsing, one core).

    python bench/bench_scale.py [--seconds 10]
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
import tty
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import pure_path  # noqa: F401  (registers gold_mes without running the Odoo add-on)
from gold_mes.hw_scale.protocols import PROTOCOLS
from gold_mes.hw_scale.proxy import ScaleProxy, config_from_dict
from gold_mes.hw_scale.simulator import FORMATTERS, Display, VirtualBalance

TOKEN = "bench"


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def bare_pty_latency(line: bytes, n: int = 200) -> list[float]:
    master, slave = os.openpty()
    tty.setraw(slave)
    out = []
    try:
        for _ in range(n):
            t0 = time.monotonic()
            os.write(master, line)
            got = b""
            while len(got) < len(line):
                got += os.read(slave, 256)
            out.append(time.monotonic() - t0)
    finally:
        os.close(master)
        os.close(slave)
    return out


def sse_latency(seconds: float) -> dict:
    sent: dict[str, list[float]] = {}
    lengths: list[int] = []
    lock = threading.Lock()

    def on_line(start: float, line: bytes) -> None:
        with lock:
            sent.setdefault(line.rstrip(b"\r\n").hex(), []).append(start)
            lengths.append(len(line))

    sim = VirtualBalance("mt_sics", rate=10, pace=True, on_line=on_line).start()
    sim.place("10.00")
    sim.set_drift("0.13")  # every line differs, so each is matched to its own send time
    config = config_from_dict(
        {
            "token": TOKEN,
            "port": 0,
            "balances": [{"id": "b", "protocol": "mt_sics", "port": sim.port, "secret": "k"}],
        }
    )
    proxy = ScaleProxy(config).start()
    host, port = proxy.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", f"/balances/b/stream?token={TOKEN}")
    resp = conn.getresponse()
    latencies = []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            line = resp.fp.readline()
            now = time.monotonic()
            if not line.startswith(b"data: "):
                continue
            data = json.loads(line[6:])
            if "raw_hex" not in data:
                continue
            with lock:
                starts = sent.get(data["raw_hex"])
                start = starts.pop(0) if starts else None
            if start is not None:
                latencies.append(now - start)
    finally:
        conn.close()
        proxy.stop()
        sim.stop()
    wire = [PROTOCOLS["mt_sics"].wire_time(n) for n in lengths]
    return {"latencies": latencies, "wire": wire, "line_len": statistics.mean(lengths)}


def throughput(per_protocol: float = 0.3) -> dict[str, float]:
    rates = {}
    for name, proto in sorted(PROTOCOLS.items()):
        lines = [
            FORMATTERS[name](Display(value=v, unit="g", stable=bool(i % 2)))
            for i, v in enumerate(Decimal(n) / 100 for n in range(100))
        ]
        count, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < per_protocol:
            for line in lines:
                proto.parse(line)
            count += len(lines)
        rates[name] = count / (time.perf_counter() - t0)
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    result = sse_latency(args.seconds)
    lat = result["latencies"]
    wire = result["wire"]
    sample_line = FORMATTERS["mt_sics"](Display(value=Decimal("10.00"), unit="g", stable=True))
    pty = bare_pty_latency(sample_line)
    floor = statistics.median(wire) + statistics.median(pty)
    p50, p95 = pct(lat, 50), pct(lat, 95)
    print(f"SSE latency, MT-SICS at 10 readings/s, {len(lat)} readings over {args.seconds:g} s")
    print(f"  line length          {result['line_len']:.1f} bytes")
    print(f"  wire time @9600 8N1  {statistics.median(wire) * 1000:7.2f} ms (median of lines sent)")
    print(
        f"  bare pty hand-over   {statistics.median(pty) * 1000:7.3f} ms p50,"
        f" {pct(pty, 95) * 1000:.3f} ms p95"
    )
    print(f"  physical floor       {floor * 1000:7.2f} ms")
    print(f"  latency p50          {p50 * 1000:7.2f} ms   ratio to floor {p50 / floor:5.2f}")
    print(f"  latency p95          {p95 * 1000:7.2f} ms   ratio to floor {p95 / floor:5.2f}")
    print(f"  latency max          {max(lat) * 1000:7.2f} ms")
    budget = floor + 0.050
    verdict = "MET" if p95 <= budget else "MISSED"
    print(
        f"  target p95 <= floor + 50 ms = {budget * 1000:.2f} ms: {verdict}"
        f" (margin {(budget - p95) * 1000:.2f} ms)"
    )
    print("Parser throughput (lines/s, one thread)")
    rates = throughput()
    for name, rate in rates.items():
        print(f"  {name:12s} {rate:12,.0f}")
    slowest = min(rates.values())
    print(f"  slowest parser vs 10 lines/s per balance: {slowest / 10:,.0f}x headroom")
    return 0 if verdict == "MET" else 1


if __name__ == "__main__":
    sys.exit(main())

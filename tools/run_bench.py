#!/usr/bin/env python3
"""Run every benchmark (``bench/bench_*.py``) and write their figures to bench/README.md.

``make bench`` runs this.  Each benchmark prints its own figures and a ratio against
a baseline measured in the same run; this collects what each printed, how long it
took and whether it succeeded, with the machine it ran on, into one page.  A bench
that fails is reported as failed (and the exit status is non-zero), never left out.
``--only NAME`` runs the benches whose file name contains NAME.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    postgres = subprocess.run(
        ["psql", "-XAtqc", "SHOW server_version", "postgres"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return [
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("memory", memory),
        ("system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("PostgreSQL", postgres or "not reached"),
    ]


def run(script):
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    seconds = time.monotonic() - started
    text = out.stdout.strip()
    if out.returncode:
        text += "\n" + "\n".join(out.stderr.strip().splitlines()[-15:])
    return out.returncode, seconds, text


def page(rows, results):
    lines = [
        "# Benchmark figures",
        "",
        "Written by `make bench` (`tools/run_bench.py`): each benchmark's own output, with",
        "its figures and its ratio against a baseline measured in the same run. Figures",
        "depend on the machine below and on what else ran on it.",
        "",
        "| machine | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in rows],
        "",
        "| benchmark | result | wall time |",
        "| --- | --- | --- |",
        *[
            f"| `{name}` | {'ok' if code == 0 else f'FAILED (exit {code})'} | {seconds:.0f} s |"
            for name, code, seconds, _ in results
        ],
        "",
    ]
    for name, _code, _seconds, text in results:
        lines += [f"## {name}", "", "```", text, "```", ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the benches whose name holds this")
    parser.add_argument("--dir", default=str(BENCH), help="folder of the bench_*.py scripts")
    parser.add_argument("--output", default=None, help="page to write (default DIR/README.md)")
    args = parser.parse_args(argv)
    results = []
    folder = Path(args.dir)
    output = Path(args.output or folder / "README.md")
    for script in sorted(folder.glob("bench_*.py")):
        if args.only not in script.name:
            continue
        print(f"$ {script}", flush=True)
        code, seconds, text = run(script)
        print(text, flush=True)
        results.append((script.name, code, seconds, text))
    output.write_text(page(machine(), results))
    print(f"figures written to {output}")
    return 1 if any(code for _, code, _, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())

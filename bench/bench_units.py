"""Benchmark: gold unit conversions per second and drift over random round trips.

The pure half (``run_core``) times ``gold_units.core.convert_exact`` over random
round trips ``value -> unit B -> unit A`` between any two units of the table
and counts the results that are not exactly the starting value (ours must be
0).  As a baseline in the same run it makes the same round trips with float
factors, the way a float unit-of-measure table does, and counts how many of
those drift.  The Odoo half (``uom.uom`` with and without the gold codes) is
added by importing ``run_core`` from here.
Run: python bench/bench_units.py [round_trips] [seed]
"""

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import pure_path  # noqa: F401
from gold_units.core import UNITS, convert_exact

DEFAULT_N = 1_000_000
DEFAULT_SEED = 20_260_101
CHUNK = 50_000


def _sample(rng, codes, count):
    """``count`` (value, unit A, unit B): ledger weights of 0.1 mg up to 100 kg."""
    return [
        (Decimal(rng.randrange(1, 10**9)).scaleb(-4), rng.choice(codes), rng.choice(codes))
        for _ in range(count)
    ]


def _exact_pass(sample):
    drift = 0
    for value, src, dst in sample:
        if convert_exact(convert_exact(value, src, dst), dst, src) != value:
            drift += 1
    return drift


def _float_pass(sample, grams):
    drift = 0
    for value, src, dst in sample:
        start = float(value)
        there = start * grams[src] / grams[dst]
        if there * grams[dst] / grams[src] != start:
            drift += 1
    return drift


def run_core(n=DEFAULT_N, seed=DEFAULT_SEED):
    """Time ``n`` exact round trips (2 conversions each) and count the drifted ones.

    Returns a dict: ``round_trips``, ``conversions``, ``seconds``,
    ``conversions_per_s``, ``drift`` (exact path, must be 0), and the float
    baseline ``float_seconds``, ``float_conversions_per_s``, ``float_drift``.
    """
    rng = random.Random(seed)
    codes = sorted(UNITS)
    grams = {code: float(unit.grams) for code, unit in UNITS.items()}
    seconds = float_seconds = 0.0
    drift = float_drift = 0
    done = 0
    while done < n:
        sample = _sample(rng, codes, min(CHUNK, n - done))
        start = time.perf_counter()
        drift += _exact_pass(sample)
        seconds += time.perf_counter() - start
        start = time.perf_counter()
        float_drift += _float_pass(sample, grams)
        float_seconds += time.perf_counter() - start
        done += len(sample)
    return {
        "round_trips": n,
        "conversions": 2 * n,
        "seconds": seconds,
        "conversions_per_s": 2 * n / seconds if seconds else 0.0,
        "drift": drift,
        "float_seconds": float_seconds,
        "float_conversions_per_s": 2 * n / float_seconds if float_seconds else 0.0,
        "float_drift": float_drift,
    }


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else DEFAULT_N
    seed = int(args[1]) if len(args) > 1 else DEFAULT_SEED
    figures = run_core(n, seed)
    print(f"gold_units.core exact round trips: {figures['round_trips']:,} (seed {seed})")
    print(
        f"  exact (Fraction): {figures['conversions_per_s']:,.0f} conversions/s,"
        f" {figures['seconds']:.2f} s, drift {figures['drift']:,} (must be 0)"
    )
    print(
        f"  float baseline:   {figures['float_conversions_per_s']:,.0f} conversions/s,"
        f" {figures['float_seconds']:.2f} s, drift {figures['float_drift']:,}"
        f" ({figures['float_drift'] / figures['round_trips']:.1%})"
    )
    ratio = figures["float_conversions_per_s"] / figures["conversions_per_s"]
    print(f"  exact costs {ratio:.1f}x the float time and removes every drift")
    return 0 if figures["drift"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the pure gold balance of 1,000 orders x 5 stages (target < 1 s).

Times gold_mes.core over a flat list of weighing lines (grouped by order, then
stage_balances + order_balance + check_conservation + split_loss per order) and, as a
baseline in the same run, a naive loop that recomputes each stage from scratch by
scanning every line of the order, line by line.  Both must agree on every loss.
Run: python bench/bench_mes_core.py [orders]
"""

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import pure_path  # noqa: F401
from gold_mes.core import (
    Line,
    Stage,
    check_conservation,
    fine_grams,
    order_balance,
    split_loss,
    stage_balances,
)

Q = Decimal("0.0001")
STAGES = [
    Stage("casting", "burn", Decimal("2")),
    Stage("filing", "recoverable", Decimal("3")),
    Stage("setting", "burn", Decimal("0.5")),
    Stage("polishing", "recoverable", Decimal("1")),
    Stage("inspection", "burn", Decimal("0.1")),
]
TARGET_S = 1.0


def make_order(rng, order_id):
    """One order's lines: issue, then per stage a weigh-in (sometimes re-weighed),
    a weigh-out, sometimes scrap, dust and a handover; a reversal now and then."""
    fineness = rng.choice([Decimal("750"), Decimal("585"), Decimal("999.9")])
    weight = Decimal(rng.randint(50_000, 4_000_000)) * Q
    lines = [Line("issue", weight, fineness, ref=(order_id, 0))]
    stages = [Stage((order_id, s.key), s.loss_type, s.tolerance_pct) for s in STAGES]
    for stage in stages:
        worker = rng.randint(1, 40)
        if rng.random() < 0.3:
            weight -= Decimal(rng.randint(0, 20)) * Q  # re-weigh: transit variance
            lines.append(Line("in", weight, fineness, stage.key, worker))
        if rng.random() < 0.2:
            lines.append(Line("handover_out", weight, fineness, stage.key, worker))
            lines.append(Line("handover_in", weight, fineness, stage.key, worker + 1))
        if rng.random() < 0.3:
            scrap = Decimal(rng.randint(0, 5_000)) * Q
            lines.append(Line("scrap", scrap, fineness, stage.key, worker))
            weight -= scrap
        if rng.random() < 0.1:
            lines.append(Line("out", weight, fineness, stage.key, worker))
            lines.append(Line("reversal", weight, fineness, stage.key, worker, reverses="out"))
        weight -= Decimal(rng.randint(0, int(weight / Q) // 40)) * Q
        lines.append(Line("out", weight, fineness, stage.key, worker))
        if stage.loss_type == "recoverable":
            lines.append(Line("dust", Decimal(rng.randint(1, 900_000)) * Q, 0, stage.key))
    return stages, [(order_id, line) for line in lines]


def core_run(flat, stages_by_order):
    by_order = {}
    for order_id, line in flat:
        by_order.setdefault(order_id, []).append(line)
    losses = {}
    for order_id, lines in by_order.items():
        balance = order_balance(None, stage_balances(lines, stages_by_order[order_id]))
        check_conservation(balance)
        split_loss(balance.stages, recovered=Decimal(0))
        for stage in balance.stages:
            losses[stage.key] = (stage.loss, stage.fine_loss)
    return losses


def _naive_stage(lines, key, first, carried, fine_carried):
    sums = {}
    for line in lines:  # scan every line of the order for every stage
        unstaged_issue = first and line.stage is None and line.kind == "issue"
        if line.stage != key and not unstaged_issue:
            continue
        kind, sign = (line.reverses, -1) if line.kind == "reversal" else (line.kind, 1)
        gross, fine, count = sums.get(kind, (Decimal(0), Decimal(0), 0))
        sums[kind] = (
            gross + sign * line.grams,
            fine + sign * fine_grams(line.grams, line.fineness),
            count + sign,
        )
    zero = (Decimal(0), Decimal(0), 0)
    issue, weigh_in, out, scrap = (sums.get(k, zero) for k in ("issue", "in", "out", "scrap"))
    expected = carried + issue[0], fine_carried + issue[1]
    weight_in = (weigh_in[0], weigh_in[1]) if weigh_in[2] > 0 else expected
    return (weight_in[0] - out[0] - scrap[0], weight_in[1] - out[1] - scrap[1]), out


def naive_run(flat, stages_by_order):
    """Per line, as an ORM compute on every write would: recompute the order's stages."""
    by_order = {}
    for order_id, line in flat:
        by_order.setdefault(order_id, []).append(line)
    losses = {}
    for order_id, lines in by_order.items():
        for upto in range(1, len(lines) + 1):
            seen = lines[:upto]
            carried = fine_carried = Decimal(0)
            for position, stage in enumerate(stages_by_order[order_id]):
                first = position == 0
                loss, out = _naive_stage(seen, stage.key, first, carried, fine_carried)
                losses[stage.key] = loss
                carried, fine_carried = out[0], out[1]
    return losses


def main(orders=1000):
    rng = random.Random(20261125)
    flat, stages_by_order = [], {}
    for order_id in range(orders):
        stages, lines = make_order(rng, order_id)
        stages_by_order[order_id] = stages
        flat.extend(lines)
    start = time.perf_counter()
    core = core_run(flat, stages_by_order)
    core_s = time.perf_counter() - start
    start = time.perf_counter()
    naive = naive_run(flat, stages_by_order)
    naive_s = time.perf_counter() - start
    assert core == naive, "core and baseline disagree"
    count = orders * len(STAGES)
    print(f"orders: {orders}, stages: {count}, lines: {len(flat)}")
    print(f"core (group + stage/order balance + conservation + split): {core_s:.3f} s")
    print(f"naive per-line recompute of every stage from scratch:     {naive_s:.3f} s")
    print(f"ratio naive / core: {naive_s / core_s:.1f}x")
    print(f"target < {TARGET_S:.1f} s: {'met' if core_s < TARGET_S else 'MISSED'}")
    return core_s


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

"""Benchmark: weighings recorded through ``gold.weighing.capture()`` against a bare
ORM ``create()`` of the very same lines, one run (issue 4; target ratio >= 0.7).

Both sides weigh the same plan on their own, identical manufacturing orders (5 stages,
``--lines`` lines per order: one issue, then at each stage trays weighed in, one scrap,
one dust, trays weighed out), as the same operator, each call followed by what ends an
RPC request (``flush_all`` then ``invalidate_all``), so each side pays for the stored
balances its line triggers:

* capture: ``capture(vals)`` as the kiosk sends it (a reading signed with the
  balance's secret, as its proxy signs it, and an idempotency key);
* create: ``create(line_vals)`` of the line capture would write (prepared outside the
  timed loop, with the guard context capture itself uses).

Everything runs in one transaction that is rolled back, on top of the generated year
(``odoo_env.ensure_year``: about 1,000,000 lines already in the ledger, so each capture
meets a year's indexes and seal chain); the database is left as it was.  ``--profile``
prints the top of a cProfile of the capture loop.

Run: python bench/bench_capture.py [--captures 2000] [--lines 100] [--profile]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from decimal import Decimal

import odoo_env

DB = odoo_env.YEAR_DB
TARGET = 0.7
STAGES = 5
ISSUED = Decimal("1000.0000")
SCRAP_RATE = Decimal("0.01")
LOSS_RATE = Decimal("0.005")
Q = Decimal("0.0001")


def line_plan(lines_per_order):
    """[(kind, stage index or None, grams)] for one order, ``lines_per_order`` long at most."""
    trays = max((lines_per_order - 1) // STAGES - 2, 2) // 2
    plan = [("issue", None, ISSUED)]
    carried = ISSUED
    for stage in range(STAGES):
        part = (carried / trays).quantize(Q)
        plan += [("in", stage, part)] * (trays - 1) + [("in", stage, carried - part * (trays - 1))]
        scrap = (carried * SCRAP_RATE).quantize(Q)
        loss = (carried * LOSS_RATE).quantize(Q)
        out = carried - scrap - loss
        plan += [("scrap", stage, scrap), ("dust", stage, Decimal("0.0100"))]
        part = (out / trays).quantize(Q)
        plan += [("out", stage, part)] * (trays - 1) + [("out", stage, out - part * (trays - 1))]
        carried = out
    return plan


def make_fixture(env):
    """Products, 5 work centres, a 5-stage BoM, a balance, an operator: (dict)."""
    from odoo import Command  # noqa: PLC0415

    names = ("Casting", "Filing", "Setting", "Polishing", "Inspection")
    ring, bom = odoo_env.make_gold_bom(env, "Bench", names, 1.0, weigh_in=False)
    scale = env["gold.scale"].create(
        {"name": "Bench balance", "serial": "BENCH-1", "capacity_g": 5000, "readability_g": 0.0001}
    )
    groups = [
        env.ref("gold_mes.gold_weighing_group_operator").id,
        env.ref("mrp.group_mrp_routings").id,
        env.ref("base.group_user").id,
    ]
    operator = env["res.users"].create(
        {
            "name": "Bench operator",
            "login": "bench_operator",
            "email": "operator@bench.example",
            "groups_id": [Command.set(groups)],
        }
    )
    employee = env["hr.employee"].create({"name": "Bench worker"})
    return {"ring": ring, "bom": bom, "scale": scale, "operator": operator, "employee": employee}


def make_orders(env, fix, count):
    orders = env["mrp.production"]
    for _ in range(count):
        order = env["mrp.production"].create(
            {"product_id": fix["ring"].id, "bom_id": fix["bom"].id, "product_qty": 100}
        )
        order.action_confirm()
        orders |= order
    orders.workorder_ids.button_start()
    env.flush_all()
    return orders


def capture_calls(orders, plan, fix, tag):
    """The capture() vals of every line of ``plan`` on every order, in weighing order
    (readings bare: ``signed`` signs one just before its call, as the proxy would)."""
    calls = []
    for order in orders:
        stages = order.workorder_ids.sorted(lambda wo: (wo.operation_id.sequence, wo.id))
        for index, (kind, stage, grams) in enumerate(plan):
            vals = {
                "kind": kind,
                "employee_id": fix["employee"].id,
                "scale_id": fix["scale"].id,
                "reading": {
                    "scale": "BENCH-1",
                    "protocol": "mt_sics",
                    "net": str(grams),
                    "grams": str(grams),
                    "unit": "g",
                    "stable": True,
                },
                "idempotency_key": f"bench-{tag}-{order.id}-{index}",
            }
            if stage is None:
                vals["production_id"] = order.id
            else:
                vals["workorder_id"] = stages[stage].id
            calls.append(vals)
    return calls


def signed(secret):
    """vals -> vals with its reading signed now (a signature is good for 5 minutes)."""
    from odoo.addons.gold_mes.hw_scale.signing import sign_reading  # noqa: PLC0415

    return lambda vals: dict(vals, reading=sign_reading(secret, vals["reading"]))


def timed(env, calls, one, prepare=None):
    """Seconds and queries of ``one(vals)`` (and the flush) for every call; ``prepare``
    (untimed) turns each call into its vals first."""
    cr = env.cr
    queries = cr.sql_log_count
    elapsed = 0.0
    for call in calls:
        vals = prepare(call) if prepare else call
        start = time.perf_counter()
        one(vals)
        env.flush_all()
        env.invalidate_all()
        elapsed += time.perf_counter() - start
    return elapsed, cr.sql_log_count - queries


def run(env, n_captures, lines_per_order, profile):
    from odoo.addons.gold_mes.models import gold_weighing  # noqa: PLC0415

    plan = line_plan(lines_per_order)
    n_orders = max(n_captures // len(plan), 1)
    fix = make_fixture(env)
    capture_orders = make_orders(env, fix, n_orders)
    create_orders = make_orders(env, fix, n_orders)
    operator_env = env(user=fix["operator"].id)
    weighing = operator_env["gold.weighing"]
    creating = weighing.with_context(gold_weighing_capture=gold_weighing._CAPTURE_TOKEN)

    # the lines capture would write for the create side, prepared untimed
    sign = signed(fix["scale"].sudo().secret)
    line_vals = [
        weighing._prepare_capture_vals(
            weighing._capture_trust(weighing._capture_resolve(sign(vals)))
        )
        for vals in capture_calls(create_orders, plan, fix, "create")
    ]
    env.invalidate_all()
    calls = capture_calls(capture_orders, plan, fix, "capture")
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    cap_s, cap_q = timed(operator_env, calls, weighing.capture, prepare=sign)
    if profiler:
        profiler.disable()
    new_s, new_q = timed(operator_env, line_vals, creating.create)
    lines = len(calls)
    check = env["gold.weighing"].search_count([("production_id", "in", capture_orders.ids)])
    assert check == lines, (check, lines)
    statuses = capture_orders.mapped("gold_status")
    return {
        "orders": n_orders,
        "lines": lines,
        "per_order": len(plan),
        "capture_s": cap_s,
        "create_s": new_s,
        "capture_q": cap_q,
        "create_q": new_q,
        "statuses": sorted(set(statuses)),
        "profile": profiler,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=100, help="lines per order")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    year = odoo_env.ensure_year(DB)
    registry = odoo_env.registry(DB)
    with registry.cursor() as cr:
        env = odoo_env.environment(cr)
        try:
            res = run(env, args.captures, args.lines, args.profile)
        finally:
            cr.rollback()
    n = res["lines"]
    cap_rate, new_rate = n / res["capture_s"], n / res["create_s"]
    ratio = cap_rate / new_rate
    print(
        f"gold.weighing: {n:,} lines on {res['orders']} orders x {STAGES} stages "
        f"({res['per_order']} lines an order), one run, rolled back, on a ledger "
        f"already holding the generated year ({year:,} lines)"
    )
    print(
        f"  capture(): {cap_rate:,.1f} captures/s ({1000 * res['capture_s'] / n:.2f} ms, "
        f"{res['capture_q'] / n:.1f} queries each)"
    )
    print(
        f"  create():  {new_rate:,.1f} creates/s ({1000 * res['create_s'] / n:.2f} ms, "
        f"{res['create_q'] / n:.1f} queries each)"
    )
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"  ratio capture/create: {ratio:.2f} ({verdict} the target >= {TARGET})")
    print(f"  order gold status after the run: {', '.join(res['statuses'])}")
    if res["profile"]:
        out = io.StringIO()
        pstats.Stats(res["profile"], stream=out).sort_stats("cumulative").print_stats(
            os.environ.get("BENCH_PROFILE_FILTER", ""), 45
        )
        print(out.getvalue())
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

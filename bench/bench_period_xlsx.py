"""Benchmark: a period reconciliation workbook over a month of the generated year (about
100,000 weighing lines), against Odoo's own list export of the same lines, in the same
run (issue 11; goal: at most 1.0x the export's time and at most 300 MB peak).

(a) ``report.gold_mes.gold_period_xlsx`` through ``ir.actions.report._render`` (what the
    Print button runs): every sheet, every batch, custody, and the Audit sheet of every
    line of the month, written by xlsxwriter in constant-memory mode.
(b) Odoo's list export of the same lines with the Audit sheet's columns: ``export_data``
    and ``web.controllers.export.ExcelExport.from_data`` (its xlsx writer).

Time is wall clock; memory is the peak of Python allocations (tracemalloc) during each
run, plus the process's peak RSS growth.  The data is the generated year of a 50-worker
shop (``odoo_env.ensure_year``); the month is its last 30 local days.

Run: python bench/bench_period_xlsx.py
"""

import argparse
import gc
import io
import resource
import sys
import time
import tracemalloc
from datetime import timedelta

import odoo_env

DB = odoo_env.YEAR_DB
TZ = "Asia/Ho_Chi_Minh"
DAYS = 30
TARGET_RATIO = 1.0
TARGET_MB = 300
EXPORT_FIELDS = [
    "captured_at",
    "production_id",
    "workorder_id",
    "kind",
    "employee_id",
    "scale_id",
    "stable",
    "signed",
    "source",
    "net_g",
    "fineness",
    "fine_g",
    "approver_id",
    "reason",
]


def month(env):
    """(date_from, date_to, ledger domain) of the year's last DAYS local days."""
    import pytz  # noqa: PLC0415

    tz = pytz.timezone(TZ)
    last = env["gold.weighing"].search_fetch([], ["captured_at"], order="captured_at desc", limit=1)
    date_to = pytz.utc.localize(last.captured_at).astimezone(tz).date()
    date_from = date_to - timedelta(days=DAYS - 1)
    window = env["report.gold_mes.gold_period_xlsx"]._gold_window(date_from, date_to, tz)
    domain = [
        ("company_id", "=", env.company.id),
        ("captured_at", ">=", window["start"]),
        ("captured_at", "<", window["end"]),
    ]
    return date_from, date_to, domain


def measure(registry, run, trace_pass=True):
    """(result, seconds, peak MB of Python allocations, peak RSS growth MB): timed
    without tracing, then run again under tracemalloc for the peak; cold caches."""
    results = []
    for trace in (False, True) if trace_pass else (False,):
        with registry.cursor() as cr:
            env = odoo_env.environment(cr, context={"tz": "Asia/Ho_Chi_Minh"})
            gc.collect()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if trace:
                tracemalloc.start()
            start = time.perf_counter()
            result = run(env)
            elapsed = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0
            tracemalloc.stop()
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
            cr.rollback()
        results.append((result, elapsed, peak, rss))
    result, elapsed, _p, rss = results[0]
    peak = results[-1][2] if trace_pass else float("nan")
    print(f"  ({run.__name__}: {elapsed:.2f} s, peak {peak:.1f} MB, +{rss:.0f} MB RSS)", flush=True)
    return result, elapsed, peak, rss


def period_workbook(env):
    date_from, date_to, _domain = month(env)
    wizard = env["gold.period.reconciliation"].create({"date_from": date_from, "date_to": date_to})
    report = env.ref("gold_mes.gold_period_xlsx_report")
    content, _kind = env["ir.actions.report"]._render(report, wizard.ids)
    return content


class _Request:
    """What Odoo's xlsx writer reads from ``odoo.http.request``: its env."""

    def __init__(self, env):
        self.env = env


def odoo_export(env, domain):
    from odoo import http  # noqa: PLC0415
    from odoo.addons.web.controllers.export import ExcelExport  # noqa: PLC0415

    records = env["gold.weighing"].search(domain)
    rows = records.export_data(EXPORT_FIELDS)["datas"]
    model_fields = env["gold.weighing"]._fields
    headers = [model_fields[f].string for f in EXPORT_FIELDS]
    # the columns as the web client's export dialog sends them
    columns = [{"name": f, "label": model_fields[f].string, "type": model_fields[f].type}
               for f in EXPORT_FIELDS]  # fmt: skip
    http._request_stack.push(_Request(env))
    try:
        return ExcelExport().from_data(columns, headers, rows)
    finally:
        http._request_stack.pop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    year = odoo_env.ensure_year(DB)
    registry = odoo_env.registry(DB)
    with registry.cursor() as cr:
        env = odoo_env.environment(cr, context={"tz": TZ})
        date_from, date_to, domain = month(env)
        count = env["gold.weighing"].search_count(domain)
        orders = env["gold.weighing"].search(domain).production_id
        print(
            f"period {date_from} to {date_to} of the generated year ({year:,} lines): "
            f"{len(orders):,} batches, {count:,} weighing lines"
        )
    import openpyxl  # noqa: PLC0415

    content, ours_s, ours_mb, ours_rss = measure(registry, period_workbook)

    def odoo_list_export(env):
        return odoo_export(env, domain)

    # Odoo's export is timed once, without tracemalloc (it would slow it down); its
    # memory is its peak RSS growth
    theirs, base_s, base_mb, base_rss = measure(registry, odoo_list_export, trace_pass=False)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    audit_rows = book["Audit"].max_row - 1
    export_rows = openpyxl.load_workbook(io.BytesIO(theirs), read_only=True).active.max_row - 1
    assert audit_rows == export_rows == count, (audit_rows, export_rows, count)
    ratio = ours_s / base_s
    print(f"period workbook  : {ours_s:7.2f} s  peak {ours_mb:6.1f} MB (+{ours_rss:.0f} MB RSS)"
          f"  {len(content) / 2**20:.1f} MB xlsx, {len(book.sheetnames)} sheets")  # fmt: skip
    print(f"Odoo list export : {base_s:7.2f} s  peak {base_mb:6.1f} MB (+{base_rss:.0f} MB RSS)"
          f"  {len(theirs) / 2**20:.1f} MB xlsx, 1 sheet")  # fmt: skip
    print(f"ratio {ratio:.2f}x the export's time (goal <= {TARGET_RATIO}), "
          f"peak {ours_mb:.0f} MB (goal <= {TARGET_MB})")  # fmt: skip
    return 0 if ratio <= TARGET_RATIO and ours_mb <= TARGET_MB else 1


if __name__ == "__main__":
    odoo_env.ensure_odoo(__file__)
    sys.exit(main())

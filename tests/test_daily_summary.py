"""Which ledger summaries the daily roll-up answers (core/daily_summary.py)."""

from datetime import date, datetime

import pytest
from gold_mes.core.daily_summary import daily_domain, daily_groupby, local_midnight

COMPANY = ("company_id", "in", [1, 2])


def test_groupby_of_kept_columns_and_whole_days():
    assert daily_groupby(["operation_id", "employee_id", "captured_at:day"]) == [
        "operation_id",
        "employee_id",
        "day:day",
    ]
    for granularity in ("week", "month", "quarter", "year"):
        assert daily_groupby([f"captured_at:{granularity}"]) == [f"day:{granularity}"]


@pytest.mark.parametrize(
    "groupby",
    [["captured_at:hour"], ["production_id"], ["kind"], ["employee_id", "scale_id"]],
)
def test_groupby_the_rollup_does_not_keep(groupby):
    assert daily_groupby(groupby) is None


def test_midnight_in_the_days_time_zone():
    # 17:00 UTC is midnight in Ho Chi Minh City (UTC+7), not in UTC
    assert local_midnight(datetime(2026, 11, 30, 17, 0), "Asia/Ho_Chi_Minh") == date(2026, 12, 1)
    assert local_midnight("2026-11-30 17:00:00", "Asia/Ho_Chi_Minh") == date(2026, 12, 1)
    assert local_midnight(datetime(2026, 11, 30, 17, 0), "UTC") is None
    assert local_midnight(datetime(2026, 12, 1), "UTC") == date(2026, 12, 1)
    assert local_midnight(date(2026, 12, 1), "UTC") == date(2026, 12, 1)
    assert local_midnight(datetime(2026, 12, 1, 0, 0, 1), "UTC") is None
    assert local_midnight("yesterday", "UTC") is None
    assert local_midnight(datetime(2026, 12, 1), "Not/AZone") is None


def test_domain_of_days():
    domain = [
        "&",
        COMPANY,
        "&",
        ("captured_at", ">=", datetime(2026, 10, 31, 17, 0)),
        ["captured_at", "<", "2026-11-30 17:00:00"],
    ]
    assert daily_domain(domain, "Asia/Ho_Chi_Minh") == [
        COMPANY,
        ("day", ">=", date(2026, 11, 1)),
        ("day", "<", date(2026, 12, 1)),
    ]
    assert daily_domain([("employee_id", "=", False), (1, "=", 1)], "UTC") == [
        ("employee_id", "=", False),
        (1, "=", 1),
    ]


@pytest.mark.parametrize(
    "domain",
    [
        ["|", COMPANY, ("employee_id", "=", 3)],
        ["!", COMPANY],
        [("captured_at", ">", datetime(2026, 12, 1))],
        [("captured_at", "<=", datetime(2026, 12, 1))],
        [("captured_at", ">=", datetime(2026, 12, 1, 7, 30))],
        [("production_id", "=", 4)],
        [("employee_id", "child_of", 3)],
        [("employee_id.name", "=", "An")],
        [("employee_id", "=", "An")],
        [("employee_id", "in", [1, True])],
    ],
)
def test_domain_the_rollup_cannot_answer(domain):
    assert daily_domain(domain, "UTC") is None

"""When a ledger summary can be read from the daily roll-up instead of the lines.

The roll-up (``gold.weighing.daily``) keeps, per company, local day, operation, work
centre, worker, purity and kind, the sums of the lines of that day. A summary asked of
the lines can be answered from it exactly when every condition and every group it asks
for is one the roll-up keeps: these functions translate a domain and a groupby of the
lines into the roll-up's, or say no (``None``), and the caller then reads the lines.

Pure Python (no Odoo): tested in ``tests/test_daily_summary.py``.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# the columns the roll-up keeps under the lines' own names
KEPT = frozenset({"company_id", "operation_id", "workcenter_id", "employee_id", "purity_id"})
KEPT_OPERATORS = frozenset({"=", "!=", "in", "not in"})
# a day, or anything made of whole days
DAY_GRANULARITIES = frozenset({"day", "week", "month", "quarter", "year"})
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)


def daily_groupby(groupby):
    """The roll-up's groupby for the lines' ``groupby`` specs, or None."""
    out = []
    for spec in groupby:
        name, _, granularity = spec.partition(":")
        if name in KEPT and not granularity:
            out.append(name)
        elif name == "captured_at" and granularity in DAY_GRANULARITIES:
            out.append(f"day:{granularity}")
        else:
            return None
    return out


def _ids(value):
    """``value`` when it is an id, False or a list of them; None otherwise."""
    if value is False or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, (list, tuple)) and all(
        v is False or (isinstance(v, int) and not isinstance(v, bool)) for v in value
    ):
        return list(value)
    return None


def local_midnight(value, tz):
    """The local date of ``value`` (a naive UTC datetime or its string) when it falls
    on a local midnight in ``tz``; None otherwise."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return None
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    local = value.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    if local.time() != time.min:
        return None
    return local.date()


def daily_domain(domain, tz):
    """The roll-up's domain for the lines' ``domain`` (leaves joined by AND), the days
    taken in ``tz``; None when a condition cannot be answered by whole days.

    ``captured_at >= T`` and ``captured_at < T`` with T a local midnight are days;
    ``>`` and ``<=`` are not (they split the line captured at T from its day)."""
    out = []
    for item in domain:
        if item == "&":
            continue
        if isinstance(item, str) or not isinstance(item, (list, tuple)) or len(item) != 3:
            return None  # '|', '!' or not a leaf
        leaf = tuple(item)
        if leaf in (TRUE_LEAF, FALSE_LEAF):
            out.append(leaf)
            continue
        name, operator, value = leaf
        if name in KEPT and operator in KEPT_OPERATORS:
            ids = _ids(value)
            if ids is None:
                return None
            out.append((name, operator, ids))
        elif name == "captured_at" and operator in (">=", "<"):
            day = local_midnight(value, tz)
            if day is None:
                return None
            out.append(("day", operator, day))
        else:
            return None
    return out

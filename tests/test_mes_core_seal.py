"""The ledger's hash chain and the badge/PIN limits, without Odoo."""

from datetime import datetime
from decimal import Decimal as D

import pytest
from gold_mes.core.errors import GoldLedgerError
from gold_mes.core.identify import DEFAULT_LIMITS, limits_from, scopes_to_lock
from gold_mes.core.seal import (
    BREAK_HASH,
    BREAK_SEQUENCE,
    canonical_line,
    canonical_value,
    chain_hash,
    first_break,
    seal_lines,
)

LINES = [
    {"id": 1, "kind": "issue", "net_g": D("375.0000"), "stable": True, "reason": None},
    {"id": 2, "kind": "in", "net_g": D("375.0000"), "stable": True, "reason": "Ca sáng"},
    {"id": 3, "kind": "out", "net_g": D("367.5000"), "stable": False, "reason": None},
]


def rows(lines, sealed):
    return [
        (fields["id"], pos, digest, fields)
        for fields, (pos, digest) in zip(lines, sealed, strict=True)
    ]


def test_canonical_values_are_exact_and_stable():
    assert canonical_value(D("375.0000")) == "375"
    assert canonical_value(D("0.0100")) == "0.01"
    assert canonical_value(D("100")) == "100"
    assert canonical_value(D("-0.000")) == "0"
    assert canonical_value(True) is True
    assert canonical_value(7) == 7
    assert canonical_value(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000000"
    assert canonical_line({"b": 1, "a": "x"}) == b'{"a":"x","b":1}'
    # the same figure however it is written
    assert canonical_line({"w": D("1.50")}) == canonical_line({"w": D("1.5")})
    with pytest.raises(GoldLedgerError):
        canonical_value(D("NaN"))
    with pytest.raises(GoldLedgerError):
        canonical_value(object())


def test_chain_holds_and_continues():
    sealed = seal_lines("", 1, LINES)
    assert [pos for pos, _h in sealed] == [1, 2, 3]
    assert len({digest for _p, digest in sealed}) == 3
    assert first_break(rows(LINES, sealed)) is None
    # sealing in two batches gives the same chain as in one
    head = seal_lines("", 1, LINES[:2])
    tail = seal_lines(head[-1][1], 3, LINES[2:])
    assert head + tail == sealed
    assert sealed[0][1] == chain_hash("", {**LINES[0], "seal_sequence": 1})


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.update(net_g=D("374.9999")),
        lambda f: f.update(reason="typo"),
        lambda f: f.update(stable=False),
        lambda f: f.update(kind="dust"),
    ],
)
def test_a_changed_line_is_named(change):
    sealed = seal_lines("", 1, LINES)
    tampered = [dict(f) for f in LINES]
    change(tampered[1])
    found = first_break(rows(tampered, sealed))
    assert (found.key, found.position, found.reason) == (2, 2, BREAK_HASH)


def test_a_forged_hash_and_a_missing_line_are_named():
    sealed = seal_lines("", 1, LINES)
    forged = list(sealed)
    forged[0] = (1, "0" * 64)
    assert first_break(rows(LINES, forged)).key == 1
    missing = rows(LINES, sealed)
    del missing[1]
    found = first_break(missing)
    assert (found.key, found.reason, found.expected, found.found) == (3, BREAK_SEQUENCE, 2, 3)
    # rows swapped: their positions no longer follow
    swapped = rows(LINES, sealed)
    swapped[1], swapped[2] = swapped[2], swapped[1]
    assert first_break(swapped).reason == BREAK_SEQUENCE


def test_limits_and_lockout_scopes():
    limits = limits_from({})
    assert (limits.employee, limits.session, limits.user) == tuple(DEFAULT_LIMITS.values())
    assert limits_from({"employee": "3", "user": "x", "session": "-1"}).employee == 3
    assert limits_from({"user": "x"}).user == DEFAULT_LIMITS["user"]
    assert limits_from({"session": "-1"}).session == DEFAULT_LIMITS["session"]
    assert scopes_to_lock({"employee": 4, "session": 4, "user": 4}, limits) == []
    assert scopes_to_lock({"employee": 5, "session": 10, "user": 3}, limits) == [
        "employee",
        "session",
    ]

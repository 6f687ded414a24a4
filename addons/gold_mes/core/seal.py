"""Tamper evidence for the ledger: a hash chain over canonical line contents.

Each sealed line carries ``hash = sha256(previous hash | canonical(line))``, the first
line of a chain taking the empty string as its previous hash.  A line changed after it
was sealed (its columns, its place or its own hash) no longer matches the chain from
that line on; ``first_break`` names the first such line.

The canonical form is JSON with sorted keys and no spaces: integers and booleans as
JSON, exact decimals as plain decimal strings without trailing zeros, date-times in ISO
8601 to the microsecond, text as is, nothing as ``null``.  It is the same for a value
read from PostgreSQL today and after a dump and restore.
"""

import hashlib
import json
from collections import namedtuple
from datetime import date, datetime
from decimal import Decimal

from .errors import GoldLedgerError

# why a chain breaks, in the order ``first_break`` looks at a line
BREAK_SEQUENCE = "sequence"  # a sealed line is missing or out of place
BREAK_HASH = "hash"  # the line (or its stored hash) changed after sealing

Break = namedtuple("Break", "key position reason expected found")


def canonical_value(value):
    """A JSON-ready, exact and stable form of one column's value."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise GoldLedgerError(f"cannot seal the non-finite number {value}")
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, float):
        # a double precision column: its shortest exact repr
        return canonical_value(Decimal(repr(value)))
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise GoldLedgerError(f"cannot seal a value of type {type(value).__name__}")


def canonical_line(fields):
    """The bytes a line is sealed on: ``fields`` is {column: value}."""
    data = {name: canonical_value(value) for name, value in fields.items()}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(previous, fields):
    """The hash of a line following a line whose hash is ``previous`` ('' first)."""
    digest = hashlib.sha256()
    digest.update((previous or "").encode("ascii"))
    digest.update(b"|")
    digest.update(canonical_line(fields))
    return digest.hexdigest()


def seal_lines(previous, start, lines):
    """Seal ``lines`` (each {column: value}) after a chain ending at position
    ``start - 1`` with hash ``previous``.  Returns [(position, hash)] in order.
    The position is part of what is hashed (column ``seal_sequence``)."""
    sealed = []
    for offset, fields in enumerate(lines):
        position = start + offset
        previous = chain_hash(previous, {**fields, "seal_sequence": position})
        sealed.append((position, previous))
    return sealed


def first_break(rows, previous="", start=1):
    """The first place where a chain stops matching, or None when it all holds.

    ``rows``: iterable of (key, position, stored hash, {column: value}) in position
    order, ``key`` naming the line for the report; ``previous`` and ``start``: the
    hash and position the chain continues from (a check may resume from a line it
    trusts).  A missing line shows as a sequence break on the line after it."""
    expected_position = start
    for key, position, stored, fields in rows:
        if position != expected_position:
            return Break(key, position, BREAK_SEQUENCE, expected_position, position)
        expected = chain_hash(previous, {**fields, "seal_sequence": position})
        if stored != expected:
            return Break(key, position, BREAK_HASH, expected, stored)
        previous = stored
        expected_position += 1
    return None

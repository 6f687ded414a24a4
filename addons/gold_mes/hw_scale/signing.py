"""HMAC-SHA256 signatures on captured readings, so Odoo can refuse forged and replayed ones.

The proxy signs with the balance's secret; Odoo holds the same secret on its
``gold.scale`` record and checks::

    from odoo.addons.gold_mes.hw_scale.signing import verify_signed_reading
    payload = verify_signed_reading(secret, signed, seen=nonce_already_used, max_age_s=120)

A signed reading is the reading's dict plus ``nonce``, ``signed_at_ms``, ``alg``
and ``signature`` (hex); the MAC covers every other key through one canonical JSON
form (sorted keys, no spaces, ASCII only), so any change to any field breaks it.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import json
import secrets as _secrets
import threading
import time
from collections.abc import Callable

ALGORITHM = "HMAC-SHA256"
SIGNED_KEYS = ("nonce", "signed_at_ms", "alg", "signature")


class SignatureError(ValueError):
    """``code``: ``malformed``, ``forged``, ``stale`` or ``replayed``."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


def _key(secret: bytes | str) -> bytes:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ValueError("empty signing secret")
    return key


def canonical_json(obj) -> bytes:
    """The one byte form that is signed (floats refused: weights travel as strings)."""

    def no_float(value):
        raise TypeError(f"not signable: {value!r}")

    def check(value):
        if isinstance(value, float):
            no_float(value)
        if isinstance(value, dict):
            for item in value.values():
                check(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                check(item)

    check(obj)
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def _mac(key: bytes, body: dict) -> str:
    return hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()


def sign_reading(
    secret: bytes | str, payload: dict, *, nonce: str | None = None, now: float | None = None
) -> dict:
    """A copy of ``payload`` with ``nonce``, ``signed_at_ms``, ``alg`` and ``signature``."""
    clash = set(SIGNED_KEYS) & set(payload)
    if clash:
        raise ValueError(f"payload already has {sorted(clash)}")
    signed = dict(payload)
    signed["nonce"] = nonce or _secrets.token_hex(16)
    signed["signed_at_ms"] = int((time.time() if now is None else now) * 1000)
    signed["alg"] = ALGORITHM
    signed["signature"] = _mac(_key(secret), signed)
    return signed


def verify_signature(secret: bytes | str, signed: dict) -> bool:
    """True when ``signed`` carries a valid signature by ``secret`` (constant-time)."""
    if not isinstance(signed, dict) or signed.get("alg") != ALGORITHM:
        return False
    signature = signed.get("signature")
    if not isinstance(signature, str) or not isinstance(signed.get("nonce"), str):
        return False
    if not isinstance(signed.get("signed_at_ms"), int):
        return False
    body = {k: v for k, v in signed.items() if k != "signature"}
    try:
        expected = _mac(_key(secret), body)
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(expected, signature)


def is_fresh(
    signed: dict, max_age_s: float = 120.0, now: float | None = None, max_skew_s: float = 5.0
) -> bool:
    """Signed no longer than ``max_age_s`` ago and not more than ``max_skew_s`` ahead."""
    at = signed.get("signed_at_ms")
    if not isinstance(at, int):
        return False
    age = (time.time() if now is None else now) - at / 1000
    return -max_skew_s <= age <= max_age_s


class NonceCache:
    """In-memory "seen before?" memory of nonces, bounded in time and size.

    ``seen(nonce)`` returns True if the nonce was already used and records it
    otherwise; pass ``cache.seen`` as the ``seen`` callback.  Odoo, with several
    workers, should instead look the nonce up in the database (a unique column).
    """

    def __init__(self, max_age_s: float = 300.0, max_entries: int = 100_000):
        self.max_age_s = max_age_s
        self.max_entries = max_entries
        self._nonces: collections.OrderedDict[str, float] = collections.OrderedDict()
        self._lock = threading.Lock()

    def seen(self, nonce: str) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._nonces:
                oldest, at = next(iter(self._nonces.items()))
                if now - at <= self.max_age_s and len(self._nonces) < self.max_entries:
                    break
                del self._nonces[oldest]
            if nonce in self._nonces:
                return True
            self._nonces[nonce] = now
            return False


def verify_signed_reading(
    secret: bytes | str,
    signed: dict,
    *,
    seen: Callable[[str], bool] | None = None,
    max_age_s: float = 120.0,
    now: float | None = None,
) -> dict:
    """Check signature, freshness and (with ``seen``) replay; return the bare payload.

    ``seen(nonce)`` must return True when the nonce was used before (and should
    remember it).  Raises :class:`SignatureError` with a ``code`` saying why.
    """
    if not isinstance(signed, dict):
        raise SignatureError("malformed", "signed reading must be an object")
    if not verify_signature(secret, signed):
        raise SignatureError("forged", "signature does not match")
    if not is_fresh(signed, max_age_s, now):
        raise SignatureError("stale", "signed too long ago (or in the future)")
    if seen is not None and seen(signed["nonce"]):
        raise SignatureError("replayed", "nonce already used")
    return {k: v for k, v in signed.items() if k not in SIGNED_KEYS}


# ---------------------------------------------------------------- stream tickets
#
# A kiosk page cannot send headers on an EventSource, and must never hold the proxy's
# token (which also signs captures and tares).  Odoo hands it a ticket instead: a MAC,
# with the balance's secret, over the balance id and an expiry.  The proxy holds the
# same secret, so it checks the ticket without asking Odoo; a ticket opens that one
# balance's live stream and nothing else, and only until it expires.

TICKET_PREFIX = "gst1"


def stream_ticket(secret: bytes | str, balance_id: str, *, ttl_s: float = 300.0, now=None) -> str:
    """``gst1.<expires>.<mac>``: lets its bearer open ``balance_id``'s stream until then."""
    expires = int((time.time() if now is None else now) + ttl_s)
    mac = hmac.new(_key(secret), f"stream:{balance_id}:{expires}".encode(), hashlib.sha256)
    return f"{TICKET_PREFIX}.{expires}.{mac.hexdigest()}"


def verify_stream_ticket(secret: bytes | str, balance_id: str, ticket: str, *, now=None) -> bool:
    """True when ``ticket`` was made with ``secret`` for ``balance_id`` and has not expired."""
    parts = ticket.split(".") if isinstance(ticket, str) else []
    if len(parts) != 3 or parts[0] != TICKET_PREFIX or not parts[1].isdigit():
        return False
    expires = int(parts[1])
    expected = hmac.new(_key(secret), f"stream:{balance_id}:{expires}".encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), parts[2]):
        return False
    return (time.time() if now is None else now) <= expires

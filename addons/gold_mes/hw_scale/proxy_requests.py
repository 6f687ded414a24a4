"""Checks on what a client sends the scale proxy: a refusal the proxy answers with a
status and a JSON error (:class:`BadRequest`), and the capture body's fields.
"""

from __future__ import annotations

import math
import re


class BadRequest(Exception):
    """A request we answer with ``status`` and a JSON error, changing nothing."""

    def __init__(self, status: int, error: str, message: str, *, close: bool = False):
        super().__init__(message)
        self.status = status
        self.body = {"error": error, "message": message}
        self.close = close


def capture_timeout(body: dict, maximum: float) -> float:
    """The ``timeout`` field: a JSON number of seconds >= 0, at most ``maximum``."""
    value = body.get("timeout", 5)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequest(400, "bad_request", "timeout must be a number of seconds")
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not math.isfinite(seconds) or seconds < 0:
        raise BadRequest(400, "bad_request", "timeout must be a finite number of seconds >= 0")
    return min(seconds, maximum)


_NONCE = re.compile(r"[ -~]{1,128}")


def capture_nonce(body: dict) -> str | None:
    """The ``client_nonce`` field: absent, or 1 to 128 printable ASCII characters."""
    value = body.get("client_nonce")
    if value is None:
        return None
    if not isinstance(value, str) or not _NONCE.fullmatch(value):
        raise BadRequest(
            400, "bad_request", "client_nonce must be 1 to 128 printable ASCII characters"
        )
    return value

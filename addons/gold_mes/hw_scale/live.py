"""The live reading pushed to a kiosk: what to forward, and the two roads that push it.

A balance sends several lines a second; a screen needs each change at once and,
while nothing changes, a heartbeat that says the balance is still there.
:class:`Throttle` decides that.  Two pushers use it:

* :class:`Pusher` runs in the scale proxy for an Odoo that cannot reach into the
  workshop (hosted outside it): it subscribes to a balance's reader and POSTs each
  forwarded reading, signed with the balance's secret, to Odoo's push route
  (``/gold_mes/scale/push``, JSON-RPC), which checks the signature and relays the
  reading on Odoo's bus to the stations of that balance.  Outbound only, like an
  IoT box calling its server.
* Odoo itself (``gold.kiosk.station`` in bus mode) feeds :class:`Throttle` from a
  reader it runs or from the proxy's SSE stream (:func:`sse_events`).

No odoo import: the proxy runs on a workstation without Odoo.
"""

from __future__ import annotations

import http.client
import json
import logging
import queue
import threading
import time
from urllib.parse import urlsplit

from .signing import sign_reading

_log = logging.getLogger(__name__)
HEARTBEAT_S = 1.0


class Throttle:
    """Forward a reading when what a screen shows changes, else once per heartbeat."""

    KEYS = ("net", "unit", "stable", "overload", "underload", "refusal")

    def __init__(self, heartbeat_s: float = HEARTBEAT_S):
        self.heartbeat_s = heartbeat_s
        self._last: tuple | None = None
        self._at = 0.0

    def forward(self, reading: dict, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        shown = tuple(reading.get(key) for key in self.KEYS)
        if shown != self._last or now - self._at >= self.heartbeat_s:
            self._last, self._at = shown, now
            return True
        return False


def sse_events(url: str, headers: dict | None = None, timeout: float = 10.0):
    """``(event, data dict)`` of an SSE stream until it ends (OSError when it breaks)."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"Accept": "text/event-stream", **(headers or {})})
        response = connection.getresponse()
        if response.status != 200:
            raise OSError(f"stream answered {response.status}")
        event, data = "message", []
        while True:
            line = response.fp.readline()
            if not line:
                return
            line = line.decode("utf-8").rstrip("\r\n")
            if not line:
                if data:
                    yield event, json.loads("\n".join(data))
                event, data = "message", []
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
    finally:
        connection.close()


class Pusher(threading.Thread):
    """Push one balance's readings, signed, to Odoo's push route (outbound HTTP).

    ``reader``: a :class:`~.reader.BalanceReader`; ``url``: Odoo's
    ``/gold_mes/scale/push``.  A failed POST is logged and the next reading tried on
    a new connection; readings that pile up meanwhile are dropped (the screen wants
    the newest, not a backlog)."""

    def __init__(self, balance_id: str, reader, secret: str, url: str, timeout: float = 5.0):
        super().__init__(name=f"push-{balance_id}", daemon=True)
        self.balance_id = balance_id
        self.reader = reader
        self.secret = secret
        self.url = url
        self.timeout = timeout
        self.throttle = Throttle()
        self.pushed = 0
        self.failures = 0
        self._stop_event = threading.Event()
        self._connection = None

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        events = self.reader.subscribe()
        try:
            while not self._stop_event.is_set():
                try:
                    event = events.get(timeout=0.5)
                except queue.Empty:
                    continue
                if event.get("type") != "reading":
                    continue
                reading = event["reading"].to_dict()
                if self.throttle.forward(reading):
                    self.push(reading)
        finally:
            self.reader.unsubscribe(events)
            if self._connection is not None:
                self._connection.close()

    def push(self, reading: dict) -> bool:
        signed = sign_reading(self.secret, dict(reading, scale=self.balance_id))
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": {"reading": signed}}
        ).encode()
        parts = urlsplit(self.url)
        try:
            if self._connection is None:
                connection_class = (
                    http.client.HTTPSConnection
                    if parts.scheme == "https"
                    else http.client.HTTPConnection
                )
                self._connection = connection_class(
                    parts.hostname, parts.port, timeout=self.timeout
                )
            self._connection.request(
                "POST", parts.path, body=body, headers={"Content-Type": "application/json"}
            )
            response = self._connection.getresponse()
            answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError, http.client.HTTPException) as exc:
            self.failures += 1
            _log.warning("push failed", extra={"scale": self.balance_id, "error": str(exc)})
            if self._connection is not None:
                self._connection.close()
            self._connection = None
            return False
        ok = response.status == 200 and bool((answer.get("result") or {}).get("ok"))
        if ok:
            self.pushed += 1
        else:
            self.failures += 1
            _log.warning("push refused", extra={"scale": self.balance_id, "answer": answer})
        return ok

"""The scale proxy as a service: one reader per balance, the pushers for the balances
with a ``push_url``, and the HTTP server; health, signed capture, tare and zero.
"""

from __future__ import annotations

import logging
import threading
import time

from .live import Pusher
from .protocols import get_protocol
from .proxy_config import ProxyConfig
from .proxy_handler import _Handler
from .proxy_requests import BadRequest, capture_nonce, capture_timeout
from .proxy_server import _Server
from .reader import BalanceReader
from .signing import sign_reading
from .transport import SerialTransport, TransportError

_log = logging.getLogger("gold_scale_proxy")


class ScaleProxy:
    """Readers plus the HTTP server; ``start()`` returns at once, ``stop()`` cleans up."""

    def __init__(self, config: ProxyConfig, transport_factory=None):
        self.config = config
        self.secrets = {b.id: b.secret for b in config.balances}
        factory = transport_factory or (lambda b, proto: SerialTransport(b.port, proto, **b.serial))
        self.readers: dict[str, BalanceReader] = {}
        for b in config.balances:
            proto = get_protocol(b.protocol)
            self.readers[b.id] = BalanceReader(
                b.id, proto, factory(b, proto), poll_interval=b.poll_interval
            )
        self.pushers = [
            Pusher(b.id, self.readers[b.id], b.secret, b.push_url)
            for b in config.balances
            if b.push_url
        ]
        self.stopping = threading.Event()
        self.httpd = _Server((config.host, config.port), _Handler, config.max_connections)
        self.httpd.proxy = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ScaleProxy:
        for reader in self.readers.values():
            reader.start()
        for pusher in self.pushers:
            pusher.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="http", daemon=True)
        self._thread.start()
        _log.info("proxy listening", extra={"url": self.url, "balances": list(self.readers)})
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for pusher in self.pushers:
            pusher.stop()
        for reader in self.readers.values():
            reader.stop()

    def health(self) -> dict:
        balances = {
            bid: {
                "online": r.online,
                "protocol": r.protocol.name,
                "last_error": r.last_error,
                "since": r.status()["since"],
            }
            for bid, r in self.readers.items()
        }
        ok = all(b["online"] for b in balances.values())
        return {"status": "ok" if ok else "degraded", "time": time.time(), "balances": balances}

    def capture(self, balance_id: str, body: dict) -> tuple[int, dict]:
        reader = self.readers[balance_id]
        try:
            timeout = capture_timeout(body, self.config.max_capture_timeout)
            client_nonce = capture_nonce(body)
        except BadRequest as exc:
            return exc.status, exc.body
        if not reader.online:
            return 503, {"error": "offline", "message": reader.last_error}
        reading = reader.next_stable(timeout)
        if reading is None:
            latest = reader.latest
            return 504, {
                "error": "timeout",
                "message": f"no stable reading within {timeout:g} s",
                "latest": latest.to_dict() if latest else None,
            }
        refusal = reading.refusal
        if refusal is not None:
            return 422, {
                "error": "refused",
                "refusal": refusal.to_dict(),
                "reading": reading.to_dict(),
            }
        payload = reading.to_dict()
        if client_nonce is not None:
            payload["client_nonce"] = client_nonce
        signed = sign_reading(self.secrets[balance_id], payload)
        _log.info(
            "capture signed",
            extra={"scale": balance_id, "net": payload["net"], "unit": payload["unit"]},
        )
        return 200, {"signed": signed}

    def command(self, balance_id: str, name: str) -> tuple[int, dict]:
        reader = self.readers[balance_id]
        try:
            ack = reader.command(name)
        except TransportError as exc:
            return 503, {"error": "offline", "message": str(exc)}
        except TimeoutError as exc:
            return 504, {"error": "timeout", "message": str(exc)}
        if ack is None:
            return 200, {"ok": True, "confirmed": False, "detail": "sent; balance does not answer"}
        body = {"ok": ack.ok, "confirmed": True, "detail": ack.detail}
        return (200 if ack.ok else 409), body

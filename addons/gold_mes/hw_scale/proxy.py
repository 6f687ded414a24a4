"""The scale proxy: a small HTTP service on the workstation beside the balances.

One reader thread per balance; HTTP on loopback by default (``ThreadingHTTPServer``),
a bearer token, a CORS allow-list for the Odoo origin, a live SSE stream of
readings, a capture endpoint that waits for the next stable reading and returns it
signed with that balance's secret, tare and zero, and a health endpoint.  Logs are
one JSON object per line on stderr.  A balance that fails is reported offline and
retried; the others keep being served.

Endpoints (all JSON; token as ``Authorization: Bearer <t>``, ``X-Scale-Token`` or
``?token=`` for EventSource):

``GET  /health``                      no token; ``{"status", "balances": {id: {...}}}``
``GET  /balances``                    ``{"balances": [status, ...]}``
``GET  /balances/<id>``               status of one balance with ``latest`` reading
``GET  /stream``, ``/balances/<id>/stream``   ``text/event-stream``: events
                                      ``reading`` (Reading dict), ``status``, ``error``;
                                      one balance's stream also opens with
                                      ``?ticket=`` (a stream ticket from Odoo,
                                      :func:`.signing.stream_ticket`), which opens
                                      nothing else
``POST /balances/<id>/capture``       body ``{"timeout": 5, "client_nonce": "..."}`` ->
                                      200 ``{"signed": {...}}``; 422 refused; 504 timeout
``POST /balances/<id>/tare|zero``     ``{"ok", "confirmed", "detail"}``

A balance with a ``push_url`` (Odoo's ``/gold_mes/scale/push``) also has its
readings pushed, signed, to Odoo (:class:`.live.Pusher`): for an Odoo outside the
workshop that cannot reach the proxy.

Every answer is JSON, bad requests included (``{"error": <word>, "message"}``):
400 for a malformed request, a bad Content-Length, a body that is not a JSON
object (or nested deeper than Python parses) or a bad field (``timeout``,
``client_nonce``); 408 when a request or its body stops arriving; 411 for a
chunked body; 413 for a body over ``max_body`` bytes (answered before reading it);
501 for another method; 503 when ``max_connections`` are open.  Each connection has
a socket timeout (``idle_timeout``, default 10 s): an idle or stalled client is
dropped and its thread freed, and a stream whose reader stopped reading is closed.
"""

from __future__ import annotations

import argparse
import configparser
import hmac
import json
import logging
import math
import queue
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .live import Pusher
from .protocols import get_protocol
from .reader import BalanceReader
from .signing import sign_reading, verify_stream_ticket
from .transport import SerialTransport, TransportError

_log = logging.getLogger("gold_scale_proxy")
_SERIAL_KEYS = {"baudrate": int, "bytesize": int, "parity": str, "stopbits": int}
_STD_LOG_KEYS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


# ---------------------------------------------------------------- config


@dataclass
class BalanceConfig:
    id: str
    protocol: str
    port: str
    secret: str
    serial: dict = field(default_factory=dict)
    poll_interval: float | None = None
    push_url: str = ""


@dataclass
class ProxyConfig:
    token: str
    balances: list[BalanceConfig]
    host: str = "127.0.0.1"
    port: int = 8765
    cors_origins: list[str] = field(default_factory=list)
    max_capture_timeout: float = 30.0
    idle_timeout: float = 10.0
    max_connections: int = 128
    max_body: int = 65536


def _balance_from_dict(data: dict) -> BalanceConfig:
    get_protocol(data["protocol"])  # fail at start-up on a typo, not at the first capture
    serial = {k: conv(data[k]) for k, conv in _SERIAL_KEYS.items() if data.get(k) not in (None, "")}
    poll = data.get("poll_interval")
    if not data.get("secret"):
        raise ValueError(f"balance {data['id']!r} has no secret")
    return BalanceConfig(
        id=str(data["id"]),
        protocol=data["protocol"],
        port=str(data["port"]),
        secret=str(data["secret"]),
        serial=serial,
        poll_interval=float(poll) if poll not in (None, "") else None,
        push_url=str(data.get("push_url") or ""),
    )


def config_from_dict(data: dict) -> ProxyConfig:
    origins = data.get("cors_origins") or []
    if isinstance(origins, str):
        origins = origins.split()
    if not data.get("token"):
        raise ValueError("the proxy needs a token")
    return ProxyConfig(
        token=str(data["token"]),
        balances=[_balance_from_dict(b) for b in data.get("balances", [])],
        host=data.get("host", "127.0.0.1"),
        port=int(data.get("port", 8765)),
        cors_origins=[o.rstrip("/") for o in origins],
        max_capture_timeout=float(data.get("max_capture_timeout", 30)),
        idle_timeout=float(data.get("idle_timeout", 10)),
        max_connections=int(data.get("max_connections", 128)),
        max_body=int(data.get("max_body", 65536)),
    )


def load_config(path: str | Path) -> ProxyConfig:
    """JSON (``{"token", "balances": [...]}``) or INI (``[proxy]`` + ``[balance:<id>]``)."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        return config_from_dict(json.loads(text))
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    data = dict(parser["proxy"]) if parser.has_section("proxy") else {}
    data["balances"] = [
        dict(parser[s], id=s.split(":", 1)[1])
        for s in parser.sections()
        if s.startswith("balance:")
    ]
    return config_from_dict(data)


# ---------------------------------------------------------------- logging


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STD_LOG_KEYS})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


# ---------------------------------------------------------------- request checks


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


# ---------------------------------------------------------------- the service


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


# ---------------------------------------------------------------- HTTP

_BUSY = json.dumps({"error": "busy", "message": "too many open connections"}).encode()
_ERROR_WORDS = {
    400: "bad_request",
    404: "not_found",
    408: "request_timeout",
    411: "length_required",
    413: "body_too_large",
    414: "uri_too_long",
    431: "headers_too_large",
    501: "not_implemented",
    505: "http_version_not_supported",
}


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most ``max_connections`` of them; beyond, a 503 at once."""

    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 makes the 6th client wait for a SYN retry

    def __init__(self, address, handler, max_connections: int):
        self._slots = threading.BoundedSemaphore(max(1, max_connections))
        super().__init__(address, handler)

    def handle_error(self, request, client_address):
        """A client that hung up (a page closing its stream) is routine, not a
        traceback on stderr; anything else is logged with its trace."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionResetError, BrokenPipeError)):
            _log.debug("client %s hung up: %s", client_address, error)
            return
        _log.warning("request from %s failed", client_address, exc_info=True)

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            self._refuse_busy(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse_busy(self, request) -> None:
        """Answer in the accept thread without waiting on the client, then close."""
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(_BUSY)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.setblocking(False)
            request.send(head.encode() + _BUSY)
        except OSError:
            pass
        self.shutdown_request(request)


class _Handler(BaseHTTPRequestHandler):
    server_version = "GoldScaleProxy/1"
    protocol_version = "HTTP/1.1"
    _answered = False

    @property
    def proxy(self) -> ScaleProxy:
        return self.server.proxy

    def setup(self):
        # StreamRequestHandler.setup puts this timeout on the socket: every read and
        # write of this connection, idle keep-alive included, gives up after it
        self.timeout = self.server.proxy.config.idle_timeout
        super().setup()

    def send_error(self, code, message=None, explain=None):
        """The base class's own errors (bad request line, 501, 414 ...) as JSON too."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # a broken request line: answer with headers
            self.request_version = "HTTP/1.0"
        short = self.responses.get(code, ("error",))[0]
        word = _ERROR_WORDS.get(code, "http_error")
        self._send_json(code, {"error": word, "message": message or short})

    def log_message(self, fmt, *args):  # route access logs to the JSON logger
        _log.debug("http", extra={"client": self.client_address[0], "line": fmt % args})

    # ------------------------------------------------------------ plumbing

    def _origin_allowed(self) -> bool | None:
        """None without an Origin header, else whether it is on the allow-list."""
        headers = getattr(self, "headers", None)
        origin = headers.get("Origin") if headers is not None else None
        if origin is None:
            return None
        return origin.rstrip("/") in self.proxy.config.cors_origins

    def _cors_headers(self) -> None:
        if self._origin_allowed():
            self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
            self.send_header("Vary", "Origin")

    def _send_json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self._answered = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if self.close_connection:
            self.send_header("Connection", "close")
        self._cors_headers()
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        token = self.headers.get("X-Scale-Token") or ""
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer "):
            token = auth[7:].strip()
        if not token:
            token = parse_qs(urlsplit(self.path).query).get("token", [""])[0]
        return hmac.compare_digest(token.encode(), self.proxy.config.token.encode())

    def _ticketed(self, kind: str, bid: str | None, action: str | None) -> bool:
        """A stream ticket from Odoo for this balance's live stream (and nothing else)."""
        if kind != "balance" or action != "stream" or bid not in self.proxy.secrets:
            return False
        ticket = parse_qs(urlsplit(self.path).query).get("ticket", [""])[0]
        return verify_stream_ticket(self.proxy.secrets[bid], bid, ticket)

    def _route(self) -> tuple[str, str | None, str | None]:
        """(kind, balance id, action) for the request path."""
        parts = [p for p in urlsplit(self.path).path.split("/") if p]
        if parts in (["health"], ["stream"], ["balances"]):
            return parts[0], None, None
        if len(parts) in (2, 3) and parts[0] == "balances":
            return "balance", parts[1], parts[2] if len(parts) == 3 else None
        return "unknown", None, None

    def _guard(self) -> tuple[str, str | None, str | None] | None:
        """Route the request, or answer it with an error and return None."""
        if self._origin_allowed() is False:
            self._send_json(403, {"error": "origin_not_allowed"})
            return None
        kind, bid, action = self._route()
        if kind == "health":
            return kind, bid, action
        if not self._authorised() and not self._ticketed(kind, bid, action):
            self._send_json(401, {"error": "unauthorised"})
            return None
        if kind == "unknown" or (bid is not None and bid not in self.proxy.readers):
            self._send_json(404, {"error": "not_found"})
            return None
        return kind, bid, action

    def _read_body(self) -> dict:
        """The JSON object in the body; BadRequest (answered at once) for anything else."""
        if self.headers.get("Transfer-Encoding"):
            raise BadRequest(
                411, "length_required", "send the body with a Content-Length", close=True
            )
        lengths = {v.strip() for v in self.headers.get_all("Content-Length") or ()}
        if not lengths or lengths == {""}:
            return {}
        raw = lengths.pop()
        if lengths or not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
            raise BadRequest(
                400, "bad_request", "Content-Length must be one non-negative integer", close=True
            )
        length, limit = int(raw), self.proxy.config.max_body
        if length > limit:
            raise BadRequest(413, "body_too_large", f"body over {limit} bytes", close=True)
        try:
            data = self.rfile.read(length)
        except TimeoutError:
            raise BadRequest(
                408, "request_timeout", "the body stopped arriving", close=True
            ) from None
        if len(data) < length:
            raise BadRequest(400, "bad_request", "body shorter than Content-Length", close=True)
        if not data.strip():
            return {}
        try:
            body = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            raise BadRequest(400, "bad_request", "body is not valid JSON") from None
        if not isinstance(body, dict):
            raise BadRequest(400, "bad_request", "body must be a JSON object")
        return body

    def _answer(self, handler) -> None:
        """Run ``handler``; whatever goes wrong, the client gets a JSON answer or a close."""
        self._answered = False
        try:
            handler()
        except BadRequest as exc:
            self.close_connection = self.close_connection or exc.close
            self._send_json(exc.status, exc.body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception:
            _log.exception("request failed", extra={"path": self.path})
            self.close_connection = True
            if not self._answered:
                self._send_json(500, {"error": "internal_error", "message": "see the proxy log"})

    # ------------------------------------------------------------ verbs

    def do_OPTIONS(self):
        self._answer(self._options)

    def _options(self):
        if not self._origin_allowed():
            self._send_json(403, {"error": "origin_not_allowed"})
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers", "Authorization, Content-Type, X-Scale-Token"
        )
        self.send_header("Access-Control-Max-Age", "600")
        if self.headers.get("Access-Control-Request-Private-Network"):
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self._answer(self._get)

    def do_POST(self):
        self._answer(self._post)

    def _get(self):
        routed = self._guard()
        if routed is None:
            return
        kind, bid, action = routed
        if kind == "health":
            self._send_json(200, self.proxy.health())
        elif kind == "balances":
            self._send_json(200, {"balances": [r.status() for r in self.proxy.readers.values()]})
        elif kind == "stream" or action == "stream":
            self._stream([bid] if bid else list(self.proxy.readers))
        elif kind == "balance" and action is None:
            self._send_json(200, self.proxy.readers[bid].status())
        else:
            self._send_json(404, {"error": "not_found"})

    def _post(self):
        routed = self._guard()
        if routed is None:
            self.close_connection = True  # its body, unread, must not pass for a request
            return
        kind, bid, action = routed
        body = self._read_body()
        if kind == "balance" and action == "capture":
            self._send_json(*self.proxy.capture(bid, body))
        elif kind == "balance" and action in ("tare", "zero"):
            self._send_json(*self.proxy.command(bid, action))
        else:
            self._send_json(404, {"error": "not_found"})

    # ------------------------------------------------------------ SSE

    def _sse(self, event: str, data: dict) -> None:
        self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
        self.wfile.flush()

    def _stream(self, balance_ids: list[str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self._cors_headers()
        self.end_headers()
        self._answered = True
        self.close_connection = True
        q: queue.Queue = queue.Queue(256)
        readers = [self.proxy.readers[b] for b in balance_ids]
        for reader in readers:
            reader.subscribe(q)
        try:
            for reader in readers:
                self._sse("status", {"scale": reader.scale_id, "online": reader.online})
            while not self.proxy.stopping.is_set():
                try:
                    event = q.get(timeout=1.0)
                except queue.Empty:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    continue
                self._send_event(event)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            for reader in readers:
                reader.unsubscribe(q)

    def _send_event(self, event: dict) -> None:
        kind = event["type"]
        if kind == "reading":
            self._sse("reading", event["reading"].to_dict())
        else:
            self._sse(kind, {k: v for k, v in event.items() if k != "type"})


# ---------------------------------------------------------------- console entry

EXAMPLE_CONFIG = {
    "host": "127.0.0.1",
    "port": 8765,
    "token": "change-me",
    "cors_origins": ["http://localhost:8069"],
    "balances": [
        {"id": "bench-1", "protocol": "mt_sics", "port": "/dev/ttyUSB0", "secret": "change-me-too"}
    ],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gold-scale-proxy", description=__doc__.split("\n")[0])
    parser.add_argument("--config", "-c", help="JSON or INI file listing the balances")
    parser.add_argument("--host", help="listen address (default from config, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="listen port (default from config, 8765)")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--example-config", action="store_true", help="print a JSON config")
    args = parser.parse_args(argv)
    if args.example_config:
        print(json.dumps(EXAMPLE_CONFIG, indent=2))
        return 0
    if not args.config:
        parser.error("--config is required")
    setup_logging(args.log_level)
    config = load_config(args.config)
    if args.host:
        config.host = args.host
    if args.port is not None:
        config.port = args.port
    proxy = ScaleProxy(config).start()
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    _log.info("proxy stopping")
    proxy.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

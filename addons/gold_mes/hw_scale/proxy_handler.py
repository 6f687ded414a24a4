"""The scale proxy's HTTP handler: routes, token, stream ticket and CORS checks,
bodies read within limits, JSON answers and the SSE stream of readings.

The endpoints and the errors each answers are listed in :mod:`.proxy`.
"""

from __future__ import annotations

import hmac
import json
import logging
import queue
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from .proxy_requests import BadRequest
from .signing import verify_stream_ticket

if TYPE_CHECKING:
    from .proxy_service import ScaleProxy

_log = logging.getLogger("gold_scale_proxy")


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

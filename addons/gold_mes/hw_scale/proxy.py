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

The service is :class:`.proxy_service.ScaleProxy`, its configuration in
:mod:`.proxy_config`, the HTTP side in :mod:`.proxy_server` (connections) and
:mod:`.proxy_handler` (routes, SSE), the request checks in :mod:`.proxy_requests`;
this module is the console entry (``gold-scale-proxy``, ``python -m``) and keeps the
names the tests and benchmarks import.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading

from .proxy_config import BalanceConfig, ProxyConfig, config_from_dict, load_config
from .proxy_requests import BadRequest, capture_nonce, capture_timeout
from .proxy_service import ScaleProxy

__all__ = [
    "EXAMPLE_CONFIG",
    "BadRequest",
    "BalanceConfig",
    "JsonLogFormatter",
    "ProxyConfig",
    "ScaleProxy",
    "capture_nonce",
    "capture_timeout",
    "config_from_dict",
    "load_config",
    "main",
    "setup_logging",
]

_log = logging.getLogger("gold_scale_proxy")
_STD_LOG_KEYS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


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

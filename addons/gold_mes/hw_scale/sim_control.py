"""Driving a running virtual balance by hand: line commands from a terminal or over HTTP.

The same small language everywhere, one command per line::

    put 46.275 [settle]   a load of 46.275 g on the pan (settling for ``settle`` s)
    off                   take it off (back to 0, overload cleared)
    unstable / stable     the pan moves (never a stable reading) / stops moving
    overload              more than the capacity on the pan (``off`` or ``put`` clears it)
    unit ct               send another unit (a balance set to carats); ``unit g`` back
    drift 0.002           the reading creeps by this many g/s (0 stops it)
    unplug / replug       pull the cable / plug it back
    status                what the balance shows now
    help                  this list

:func:`run_command` applies one line and returns the reply text, or raises
:class:`CommandError` (bad input changes nothing).  :class:`ControlServer` serves the
same on loopback, for Odoo's balance form: ``POST /command {"command": "put 46.275"}``
-> ``{"ok": true, "reply": ..., "display": {...}}``; ``GET /status``; a bad command is a
400 ``{"ok": false, "error": ...}``.  With a token, every call needs
``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import json
import re
import threading
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HELP = __doc__.split("::", 1)[1].split("\n\n:func:")[0].strip("\n")
_DECIMAL = re.compile(r"-?[0-9]{1,7}(?:\.[0-9]{1,6})?")
_UNIT = re.compile(r"[A-Za-z%]{1,5}")
MAX_COMMAND = 200
# verb: (fewest, most) arguments
VERBS = {"put": (1, 2), "drift": (1, 1), "unit": (1, 1), "off": (0, 0), "remove": (0, 0),
         "unstable": (0, 0), "stable": (0, 0), "overload": (0, 0), "unplug": (0, 0),
         "replug": (0, 0), "status": (0, 0), "help": (0, 0)}  # fmt: skip


class CommandError(ValueError):
    """A command line that is not understood or not allowed; nothing was changed."""


def _decimal(word: str, what: str) -> Decimal:
    if not _DECIMAL.fullmatch(word):
        raise CommandError(f"{what} must be a plain decimal number, not {word!r}")
    try:
        return Decimal(word)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise CommandError(f"{what} must be a plain decimal number, not {word!r}") from None


def display_dict(balance) -> dict:
    d = balance.display()
    return {
        "value": str(d.value),
        "unit": d.unit,
        "stable": d.stable,
        "overload": d.overload,
        "underload": d.underload,
        "plugged": balance.plugged,
        "protocol": balance.protocol.name,
    }


def describe(balance) -> str:
    d = display_dict(balance)
    if not d["plugged"]:
        return "unplugged"
    if d["overload"] or d["underload"]:
        return "overload" if d["overload"] else "underload"
    return f"{d['value']} {d['unit']} {'stable' if d['stable'] else 'unstable'}"


def _words(line) -> tuple[str, list[str]]:
    """The verb and its arguments, checked against :data:`VERBS`."""
    if not isinstance(line, str) or len(line) > MAX_COMMAND or not line.isprintable():
        raise CommandError("a command is one line of printable text")
    words = line.split()
    if not words:
        raise CommandError("empty command; try help")
    verb, args = words[0].lower(), words[1:]
    if verb not in VERBS:
        raise CommandError(f"unknown command {verb!r}; try help")
    low, high = VERBS[verb]
    if not low <= len(args) <= high:
        raise CommandError(f"{verb}: wrong number of arguments; try help")
    return verb, args


def _clear_overload(balance) -> None:
    if balance.display().overload:
        balance.set_overload(False)


def _put(balance, args) -> None:
    grams = _decimal(args[0], "the weight")
    settle = _decimal(args[1], "the settling time") if len(args) > 1 else Decimal(0)
    if grams < 0 or grams > balance.capacity * 10:
        raise CommandError(f"the weight must be between 0 and {balance.capacity * 10} g")
    if settle < 0 or settle > 60:
        raise CommandError("the settling time must be between 0 and 60 s")
    _clear_overload(balance)
    balance.place(grams, settle=float(settle))


def _off(balance, args) -> None:
    _clear_overload(balance)
    balance.remove()


def _unit(balance, args) -> None:
    if not _UNIT.fullmatch(args[0]):
        raise CommandError(f"not a unit: {args[0]!r}")
    balance.set_unit(args[0])


_ACTIONS = {
    "put": _put,
    "off": _off,
    "remove": _off,
    "unstable": lambda b, a: b.set_unstable(True),
    "stable": lambda b, a: b.set_unstable(False),
    "overload": lambda b, a: b.set_overload(True),
    "unit": _unit,
    "drift": lambda b, a: b.set_drift(_decimal(a[0], "the drift")),
    "unplug": lambda b, a: b.unplug(),
    "replug": lambda b, a: b.replug(),
    "status": lambda b, a: None,
}


def run_command(balance, line: str) -> str:
    """Apply one command line to ``balance`` (a :class:`~.simulator.VirtualBalance`)."""
    verb, args = _words(line)
    if verb == "help":
        return HELP
    _ACTIONS[verb](balance, args)
    return describe(balance)


def serve_lines(balance, lines, write) -> None:
    """A command per line from ``lines`` (stdin), each reply through ``write``."""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        try:
            write(run_command(balance, line))
        except CommandError as exc:
            write(f"error: {exc}")


# ---------------------------------------------------------------- HTTP control


class ControlServer:
    """``POST /command`` and ``GET /status`` for one balance, on loopback by default."""

    def __init__(self, balance, host: str = "127.0.0.1", port: int = 0, token: str = ""):
        self.balance = balance
        self.token = token
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), _ControlHandler)
        self.httpd.daemon_threads = True
        self.httpd.control = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ControlServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def command(self, line) -> tuple[int, dict]:
        with self.lock:
            try:
                reply = run_command(self.balance, line)
            except CommandError as exc:
                return 400, {"ok": False, "error": str(exc)}
            return 200, {"ok": True, "reply": reply, "display": display_dict(self.balance)}


class _ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5

    def log_message(self, fmt, *args):  # quiet: the terminal is for the operator
        pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        token = self.server.control.token
        if not token:
            return True
        given = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())

    def do_GET(self):
        if not self._authorised():
            self._send(401, {"ok": False, "error": "unauthorised"})
        elif self.path.split("?")[0] == "/status":
            control = self.server.control
            reply = describe(control.balance)
            self._send(200, {"ok": True, "reply": reply, "display": display_dict(control.balance)})
        else:
            self._send(404, {"ok": False, "error": "not_found"})

    def do_POST(self):
        self.close_connection = True
        if not self._authorised():
            self._send(401, {"ok": False, "error": "unauthorised"})
            return
        if self.path.split("?")[0] != "/command":
            self._send(404, {"ok": False, "error": "not_found"})
            return
        raw = self.headers.get("Content-Length") or ""
        if not (raw.isascii() and raw.isdigit()) or int(raw) > 4096:
            self._send(400, {"ok": False, "error": "send a JSON body of at most 4096 bytes"})
            return
        try:
            body = json.loads(self.rfile.read(int(raw)) or b"{}")
        except (ValueError, RecursionError, TimeoutError):
            body = None
        if not isinstance(body, dict):
            self._send(400, {"ok": False, "error": 'body must be {"command": "..."}'})
            return
        self._send(*self.server.control.command(body.get("command")))

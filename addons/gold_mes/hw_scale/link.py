"""Reaching a balance from a server: a port on this host, or a scale proxy on the network.

Both kinds of link answer the same four calls, so the Odoo controller (and anything
else) does not care where the balance sits:

``status()``          ``{"via", "online", "last_error", "latest"}`` (latest: Reading dict)
``latest()``          the last reading (a Reading dict) or ``None``
``capture(timeout)``  the next stable reading in grams, signed (:mod:`.signing`)
``command(name)``     tare / zero: ``{"ok", "confirmed", "detail"}``

Every failure is a :class:`LinkError` with a stable ``code``: ``offline``,
``timeout``, ``unstable``, ``wrong_unit``, ``no_unit``, ``overload``,
``underload``, ``no_weight``, ``balance_error``, ``unauthorised``, ``not_found``,
``config``, ``proxy_error``.

A :class:`LocalLink` reads through :data:`READERS`, a process-wide registry that
starts one :class:`~.reader.BalanceReader` per port the first time a port is used
and stops them all at exit.  Two processes must not read the same port: a server
running several worker processes should reach its balances through a proxy.
"""

from __future__ import annotations

import atexit
import json
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from .protocols import get_protocol
from .reader import BalanceReader
from .reading import Reading
from .signing import sign_reading
from .transport import SerialTransport, TransportError

REFUSAL_CODES = ("unstable", "wrong_unit", "no_unit", "overload", "underload", "no_weight")


class LinkError(Exception):
    """Why a balance could not be read; ``reading`` is the last Reading dict, if any."""

    def __init__(self, code: str, message: str = "", reading: dict | None = None):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.reading = reading

    def to_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "reading": self.reading}


def _capture_candidate(reading: Reading) -> bool:
    """A reading that ends the wait: stable with a weight, or over / under the range."""
    return reading.overload or reading.underload or (reading.stable and reading.net is not None)


def _timeout_error(latest: dict | None, timeout: float) -> LinkError:
    """No stable reading in time: say what the balance showed instead."""
    refusal = (latest or {}).get("refusal")
    if refusal in REFUSAL_CODES:
        return LinkError(refusal, f"no stable reading within {timeout:g} s ({refusal})", latest)
    return LinkError("timeout", f"no stable reading within {timeout:g} s", latest)


# ---------------------------------------------------------------- local ports


class LocalReaders:
    """One reader thread per port, started on first use; thread-safe.

    ``get(port, protocol)`` returns the running reader for ``port``; asking for the
    same port with another protocol stops the old reader and starts a new one.
    """

    def __init__(self, reader_factory=None):
        self._lock = threading.Lock()
        self._readers: dict[str, BalanceReader] = {}
        self._factory = reader_factory or self._default_factory

    @staticmethod
    def _default_factory(port: str, protocol_name: str) -> BalanceReader:
        protocol = get_protocol(protocol_name)
        return BalanceReader(port, protocol, SerialTransport(port, protocol))

    def get(self, port: str, protocol_name: str) -> BalanceReader:
        with self._lock:
            reader = self._readers.get(port)
            if reader is not None and reader.is_alive() and reader.protocol.name == protocol_name:
                return reader
            if reader is not None:
                reader.stop()
            reader = self._factory(port, protocol_name)
            reader.start()
            self._readers[port] = reader
            return reader

    def release(self, port: str) -> None:
        """Stop the reader of ``port`` (port changed, balance archived)."""
        with self._lock:
            reader = self._readers.pop(port, None)
        if reader is not None:
            reader.stop()

    def stop_all(self) -> None:
        with self._lock:
            readers = list(self._readers.values())
            self._readers.clear()
        for reader in readers:
            reader.stop()

    def ports(self) -> list[str]:
        with self._lock:
            return sorted(self._readers)


READERS = LocalReaders()
atexit.register(READERS.stop_all)


class LocalLink:
    """A balance on a serial port of this host, signed here with the balance's secret."""

    via = "local"

    def __init__(
        self,
        port: str,
        protocol: str,
        scale: str,
        secret: str,
        *,
        registry: LocalReaders = READERS,
        start_timeout: float = 2.0,
    ):
        if not port:
            raise LinkError("config", "no serial port configured")
        get_protocol(protocol)
        self.port = port
        self.protocol = protocol
        self.scale = scale
        self.secret = secret
        self.registry = registry
        self.start_timeout = start_timeout

    def _reader(self) -> BalanceReader:
        """The port's reader, given a moment to come online when it was just started."""
        reader = self.registry.get(self.port, self.protocol)
        deadline = time.monotonic() + self.start_timeout
        # a fresh reader has neither a line nor an error yet; a known failure is final
        while not (reader.online or reader.last_error) and time.monotonic() < deadline:
            time.sleep(0.02)
        return reader

    def _reading_dict(self, reading: Reading | None) -> dict | None:
        return reading.with_scale(self.scale).to_dict() if reading is not None else None

    def status(self) -> dict:
        reader = self._reader()
        return {
            "via": self.via,
            "online": reader.online,
            "last_error": reader.last_error,
            "latest": self._reading_dict(reader.latest) if reader.online else None,
        }

    def latest(self) -> dict | None:
        reader = self._online_reader()
        return self._reading_dict(reader.latest)

    def _online_reader(self) -> BalanceReader:
        reader = self._reader()
        if not reader.online:
            raise LinkError("offline", reader.last_error or f"no answer on {self.port}")
        return reader

    def capture(self, timeout: float = 5.0) -> dict:
        reader = self._online_reader()
        reading = reader.wait_reading(_capture_candidate, timeout)
        if reading is None:
            if not reader.online:
                raise LinkError("offline", reader.last_error or f"no answer on {self.port}")
            raise _timeout_error(self._reading_dict(reader.latest), timeout)
        refusal = reading.refusal
        if refusal is not None:
            raise LinkError(refusal.code, refusal.message, self._reading_dict(reading))
        return sign_reading(self.secret, self._reading_dict(reading))

    def command(self, name: str, timeout: float = 2.0) -> dict:
        reader = self._online_reader()
        try:
            ack = reader.command(name, timeout)
        except TransportError as exc:
            code = "offline" if not reader.online else "config"
            raise LinkError(code, str(exc)) from None
        except TimeoutError as exc:
            raise LinkError("timeout", str(exc)) from None
        if ack is None:
            return {"ok": True, "confirmed": False, "detail": "sent; balance does not answer"}
        if not ack.ok:
            raise LinkError("balance_error", f"balance refused {name}: {ack.detail}")
        return {"ok": True, "confirmed": True, "detail": ack.detail}


# ---------------------------------------------------------------- scale proxy


class ProxyLink:
    """A balance behind a scale proxy (:mod:`.proxy`); its signature passes through."""

    via = "proxy"

    def __init__(self, url: str, balance_id: str, token: str, *, http_timeout: float = 3.0):
        if not url:
            raise LinkError("config", "no scale proxy URL configured")
        if not url.startswith(("http://", "https://")):
            raise LinkError("config", f"scale proxy URL must be http(s): {url!r}")
        if not balance_id:
            raise LinkError("config", "no balance id on the scale proxy")
        self.url = url.rstrip("/")
        self.balance_id = balance_id
        self.token = token or ""
        self.http_timeout = http_timeout

    def _call(self, method: str, path: str, body: dict | None = None, wait: float = 0.0):
        """(HTTP status, JSON body); network failures become LinkError offline/timeout."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.http_timeout + wait) as response:
                return response.status, self._json(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, self._json(exc.read())
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
                raise LinkError(
                    "timeout", f"scale proxy {self.url} did not answer in time"
                ) from None
            raise LinkError("offline", f"scale proxy {self.url} unreachable: {reason}") from None

    @staticmethod
    def _json(raw: bytes) -> dict:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise LinkError("proxy_error", "scale proxy sent something that is not JSON") from None
        if not isinstance(body, dict):
            raise LinkError("proxy_error", "scale proxy sent an unexpected answer")
        return body

    def _path(self, action: str = "") -> str:
        path = f"/balances/{quote(self.balance_id, safe='')}"
        return f"{path}/{action}" if action else path

    def _fail(self, status: int, body: dict) -> LinkError:
        message = body.get("message") or body.get("error") or f"HTTP {status}"
        if status == 422:
            refusal = body.get("refusal") or {}
            code = refusal.get("code") or "proxy_error"
            return LinkError(code, refusal.get("message") or message, body.get("reading"))
        if status == 504 and body.get("error") == "timeout":
            return LinkError("timeout", message, body.get("latest"))
        known = {
            401: ("unauthorised", "the scale proxy refused the token"),
            404: ("not_found", f"the scale proxy has no balance {self.balance_id!r}"),
            503: ("offline", message),
            409: ("balance_error", f"balance refused: {body.get('detail') or message}"),
        }
        code, text = known.get(status, ("proxy_error", f"scale proxy answered {status}: {message}"))
        return LinkError(code, text)

    def status(self) -> dict:
        status, body = self._call("GET", self._path())
        if status != 200:
            raise self._fail(status, body)
        return {
            "via": self.via,
            "online": bool(body.get("online")),
            "last_error": body.get("last_error") or "",
            "latest": body.get("latest") if body.get("online") else None,
        }

    def latest(self) -> dict | None:
        state = self.status()
        if not state["online"]:
            raise LinkError("offline", state["last_error"] or "balance offline at the proxy")
        return state["latest"]

    def capture(self, timeout: float = 5.0) -> dict:
        status, body = self._call("POST", self._path("capture"), {"timeout": timeout}, timeout)
        if status != 200:
            error = self._fail(status, body)
            if error.code == "timeout":
                raise _timeout_error(error.reading, timeout)
            raise error
        signed = body.get("signed")
        if not isinstance(signed, dict):
            raise LinkError("proxy_error", "scale proxy sent no signed reading")
        return signed

    def command(self, name: str, timeout: float = 2.0) -> dict:
        status, body = self._call("POST", self._path(name), {}, timeout)
        if status != 200:
            raise self._fail(status, body)
        return {
            "ok": bool(body.get("ok")),
            "confirmed": bool(body.get("confirmed")),
            "detail": body.get("detail") or "",
        }

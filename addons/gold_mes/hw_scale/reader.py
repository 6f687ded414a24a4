"""A reader per port: one thread that polls or listens, parses, publishes, reconnects.

The reader never dies on bad input: noise and partial lines are dropped, error
replies are counted, a vanished port is closed and reopened every
``reconnect_delay`` seconds.  It reports offline at once when the port fails and
after ``offline_after`` seconds (default 1.5 s) without a valid line, so an unplug
shows within 2 s even on links that fail silently.
"""

from __future__ import annotations

import collections
import logging
import queue
import re
import threading
import time
from collections.abc import Callable

from .protocols import Protocol
from .reading import Ack, BalanceError, Reading, Refusal
from .transport import TransportError

_log = logging.getLogger(__name__)
_SPLIT = re.compile(rb"[\r\n]+")
_ACK = b"\x06"


class LineSplitter:
    """Bytes in, complete lines out; copes with partial lines and runaway noise.

    With ``sync`` the first fragment is dropped: after opening a port that was
    already streaming we may have joined in the middle of a line, and the tail of
    ``"  1192.21 g"`` is itself a well-formed ``"2.21 g"``.
    """

    def __init__(self, max_line: int = 64, sync: bool = False):
        self.max_line = max_line
        self._buffer = b""
        self._sync = sync

    def feed(self, data: bytes) -> list[bytes]:
        # A&D acknowledges a command with a bare ACK byte, no terminator: a line of its own
        data = data.replace(_ACK, _ACK + b"\n")
        parts = _SPLIT.split(self._buffer + data)
        self._buffer = parts.pop()
        if len(self._buffer) > self.max_line:
            # no terminator in sight: noise, or a line we joined mid-way
            self._buffer = b""
            self._sync = True
        if self._sync and parts:
            parts.pop(0)
            self._sync = False
        return [p for p in parts if p]


class BalanceReader(threading.Thread):
    """Reads one balance on one transport; thread-safe accessors for the proxy."""

    history_size = 64

    def __init__(
        self,
        scale_id: str,
        protocol: Protocol,
        transport,
        *,
        offline_after: float = 1.5,
        reconnect_delay: float = 0.3,
        poll_interval: float | None = None,
        on_event: Callable[[dict], None] | None = None,
    ):
        super().__init__(name=f"balance-{scale_id}", daemon=True)
        self.scale_id = scale_id
        self.protocol = protocol
        self.transport = transport
        self.offline_after = offline_after
        self.reconnect_delay = reconnect_delay
        self.poll_interval = protocol.poll_interval if poll_interval is None else poll_interval
        self.on_event = on_event
        self.online = False
        self.last_error = ""
        self.counters = collections.Counter()
        self._since = time.time()
        self._stop_event = threading.Event()
        self._cond = threading.Condition()
        self._history: collections.deque = collections.deque(maxlen=self.history_size)
        self._seq = 0
        self._latest: Reading | None = None
        self._subscribers: set[queue.Queue] = set()
        self._write_lock = threading.Lock()
        self._acks: queue.Queue = queue.Queue()
        self._command_pending = threading.Event()
        self._last_valid = 0.0

    # ------------------------------------------------------------ public API

    @property
    def latest(self) -> Reading | None:
        return self._latest

    def stop(self, timeout: float = 2.0) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
        self.transport.close()

    def status(self) -> dict:
        latest = self._latest
        return {
            "scale": self.scale_id,
            "protocol": self.protocol.name,
            "online": self.online,
            "since": self._since,
            "last_error": self.last_error,
            "lines": self.counters["lines"],
            "refused": self.counters["refused"],
            "errors": self.counters["errors"],
            "reconnects": self.counters["reconnects"],
            "latest": latest.to_dict() if latest else None,
        }

    def subscribe(self, q: queue.Queue | None = None) -> queue.Queue:
        """Events (dicts with ``type`` reading/status/error) go to ``q`` (or a new queue)."""
        q = queue.Queue(256) if q is None else q
        with self._cond:
            self._subscribers.add(q)
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self._cond:
            self._subscribers.discard(q)

    def wait_reading(self, predicate: Callable[[Reading], bool], timeout: float) -> Reading | None:
        """The first reading arriving after this call that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            seen = self._seq
            while True:
                for seq, reading in self._history:
                    if seq > seen and predicate(reading):
                        return reading
                seen = self._seq
                left = deadline - time.monotonic()
                if left <= 0 or self._stop_event.is_set():
                    return None
                self._cond.wait(left)

    def next_stable(self, timeout: float) -> Reading | None:
        """Next reading the balance marks stable and that carries a weight."""
        return self.wait_reading(lambda r: r.stable and r.net is not None, timeout)

    def tare(self, timeout: float = 2.0) -> Ack | None:
        return self.command("tare", timeout)

    def zero(self, timeout: float = 2.0) -> Ack | None:
        return self.command("zero", timeout)

    def command(self, name: str, timeout: float = 2.0) -> Ack | None:
        """Send tare/zero; the balance's Ack, or None if this protocol does not answer.

        Raises :class:`TransportError` when offline or unsupported, TimeoutError when
        a balance that should answer stays silent.
        """
        data = getattr(self.protocol, name, b"")
        if not data:
            raise TransportError(f"{self.protocol.label} has no {name} command")
        if not self.online:
            raise TransportError(f"balance {self.scale_id} is offline")
        while not self._acks.empty():
            self._acks.get_nowait()
        self._command_pending.set()
        try:
            self._write(data)
            if not self.protocol.acks_commands:
                return None
            try:
                return self._acks.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError(f"no answer to {name} from {self.scale_id}") from None
        finally:
            self._command_pending.clear()

    # ------------------------------------------------------------ thread

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self._session()
            except TransportError as exc:
                self._set_offline(str(exc))
            except Exception as exc:
                _log.exception("reader %s crashed; restarting", self.scale_id)
                self._set_offline(f"internal error: {exc}")
            finally:
                self.transport.close()
            self._stop_event.wait(self.reconnect_delay)

    def _session(self) -> None:
        proto = self.protocol
        self.transport.open()
        self.transport.reset_input()  # stale bytes from before we (re)connected
        self.counters["opens"] += 1
        splitter = LineSplitter(proto.max_line, sync=proto.mode == "stream")
        self._last_valid = time.monotonic()
        next_request = 0.0
        first = True
        while not self._stop_event.is_set():
            now = time.monotonic()
            if proto.request and now >= next_request and (first or self._should_request(now)):
                self._write(proto.request)
                first = False
                next_request = now + (self.poll_interval if proto.mode == "poll" else 0.5)
            data = self.transport.read()
            for line in splitter.feed(data) if data else ():
                self._handle_line(line)
            if time.monotonic() - self._last_valid > self.offline_after:
                raise TransportError(f"no valid line for {self.offline_after:.1f} s")

    def _should_request(self, now: float) -> bool:
        # a streaming balance is asked again only when it has gone quiet
        return self.protocol.mode == "poll" or now - self._last_valid > 0.5

    def _write(self, data: bytes) -> None:
        with self._write_lock:
            self.transport.write(data)

    def _handle_line(self, line: bytes) -> None:
        try:
            result = self.protocol.parse(line)
        except BalanceError as exc:
            self._valid_line()
            self.counters["errors"] += 1
            self.last_error = exc.message
            if self._command_pending.is_set():
                self._acks.put(Ack(self.protocol.name, "", False, line, detail=exc.message))
            self._publish({"type": "error", "scale": self.scale_id, "error": exc.to_dict()})
            return
        except Refusal:
            self.counters["refused"] += 1
            return
        self._valid_line()
        if isinstance(result, Ack):
            self._acks.put(result)
            return
        self.counters["lines"] += 1
        reading = result.with_scale(self.scale_id)
        with self._cond:
            self._seq += 1
            self._latest = reading
            self._history.append((self._seq, reading))
            self._cond.notify_all()
        self._publish({"type": "reading", "scale": self.scale_id, "reading": reading})

    def _valid_line(self) -> None:
        self._last_valid = time.monotonic()
        if not self.online:
            self.online = True
            self._since = time.time()
            self.last_error = ""
            _log.info("balance online", extra={"scale": self.scale_id})
            self._publish({"type": "status", "scale": self.scale_id, "online": True})

    def _set_offline(self, why: str) -> None:
        self.last_error = why
        if self.online:
            self.online = False
            self._since = time.time()
            self.counters["reconnects"] += 1
            _log.warning("balance offline", extra={"scale": self.scale_id, "why": why})
            self._publish({"type": "status", "scale": self.scale_id, "online": False, "why": why})
        with self._cond:
            self._cond.notify_all()

    def _publish(self, event: dict) -> None:
        with self._cond:
            subscribers = list(self._subscribers)
        for q in subscribers:
            try:
                q.put_nowait(event)
            except queue.Full:  # a slow client loses its oldest event, not the reader
                try:
                    q.get_nowait()
                    q.put_nowait(event)
                except (queue.Empty, queue.Full):
                    pass
        if self.on_event is not None:
            self.on_event(event)

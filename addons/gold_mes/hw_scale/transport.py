"""The one small class serial I/O sits behind.

:class:`SerialTransport` speaks to anything pyserial opens: a device
(``/dev/ttyUSB0``, ``COM3``), a pseudo-terminal from the simulator, or a URL such as
``loop://`` or ``socket://host:port``.  :class:`FakeTransport` is a scripted
stand-in for tests (write -> reply map, ``feed()`` for unsolicited lines, unplug).
Both raise :class:`TransportError` when the link is gone; the reader reconnects.
"""

from __future__ import annotations

import threading
import time

from .protocols import Protocol


class TransportError(Exception):
    """The port cannot be opened, or went away (unplugged, closed, I/O error)."""


class SerialTransport:
    """pyserial behind ``open/close/read/write/reset_input``."""

    def __init__(
        self, url: str, protocol: Protocol | None = None, timeout: float = 0.05, **settings
    ):
        self.url = url
        self.timeout = timeout
        self.settings = dict(protocol.serial_settings() if protocol else {}, **settings)
        self._serial = None

    @property
    def is_open(self) -> bool:
        return self._serial is not None and self._serial.is_open

    def open(self) -> None:
        import serial  # noqa: PLC0415 (pyserial only needed where a port is opened)

        try:
            self._serial = serial.serial_for_url(self.url, timeout=self.timeout, **self.settings)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._serial = None
            raise TransportError(f"cannot open {self.url}: {exc}") from exc

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except Exception:
                pass

    def read(self, size: int = 256) -> bytes:
        """Bytes available now, waiting at most ``timeout`` for the first one."""
        import serial  # noqa: PLC0415

        if self._serial is None:
            raise TransportError("port not open")
        try:
            data = self._serial.read(1)
            waiting = self._serial.in_waiting if data else 0
            if waiting:
                data += self._serial.read(min(waiting, size))
            return data
        except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
            raise TransportError(f"read failed on {self.url}: {exc}") from exc

    def write(self, data: bytes) -> None:
        import serial  # noqa: PLC0415

        if self._serial is None:
            raise TransportError("port not open")
        try:
            self._serial.write(data)
        except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
            raise TransportError(f"write failed on {self.url}: {exc}") from exc

    def reset_input(self) -> None:
        import serial  # noqa: PLC0415

        try:
            self._serial.reset_input_buffer()
        except (serial.SerialException, OSError, AttributeError) as exc:
            raise TransportError(f"flush failed on {self.url}: {exc}") from exc


class FakeTransport:
    """Scripted transport: ``replies`` maps a written command to the bytes answered."""

    def __init__(self, replies: dict[bytes, bytes] | None = None, timeout: float = 0.05):
        self.replies = dict(replies or {})
        self.timeout = timeout
        self.written: list[bytes] = []
        self.opens = 0
        self.plugged = True
        self._buffer = bytearray()
        self._cond = threading.Condition()
        self._open = False

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        if not self.plugged:
            raise TransportError("fake port unplugged")
        self.opens += 1
        self._open = True

    def close(self) -> None:
        self._open = False

    def feed(self, data: bytes) -> None:
        with self._cond:
            self._buffer += data
            self._cond.notify_all()

    def unplug(self) -> None:
        with self._cond:
            self.plugged = False
            self._cond.notify_all()

    def replug(self) -> None:
        self.plugged = True

    def _check(self) -> None:
        if not (self._open and self.plugged):
            raise TransportError("fake port gone")

    def read(self, size: int = 256) -> bytes:
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while not self._buffer:
                self._check()
                left = deadline - time.monotonic()
                if left <= 0:
                    return b""
                self._cond.wait(left)
            self._check()
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
            return data

    def write(self, data: bytes) -> None:
        self._check()
        self.written.append(bytes(data))
        if data in self.replies:
            self.feed(self.replies[data])

    def reset_input(self) -> None:
        with self._cond:
            self._buffer.clear()

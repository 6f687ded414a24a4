"""A virtual balance for every protocol, on a real pseudo-terminal.

The balance end is the pty master; readers open ``balance.port``, a symlink to
the slave side that survives :meth:`VirtualBalance.unplug` / :meth:`replug` the
way ``/dev/ttyUSB0`` survives a cable being pulled.  It answers its protocol's
commands, streams when asked to, and can be scripted: a load placed or removed
(with a settling time), drift, an unstable pan, overload, a unit other than
grams, raw bytes injected as-is, and unplugging.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import random
import select
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .protocols import Protocol, get_protocol


@dataclass
class Display:
    """What the balance shows at one instant."""

    value: Decimal
    unit: str
    stable: bool
    overload: bool = False
    underload: bool = False


# ---------------------------------------------------------------- formatters (balance side)


def _signed(d: Display) -> tuple[str, Decimal]:
    return ("-" if d.value < 0 else "+"), abs(d.value)


def fmt_mt_sics(d: Display) -> bytes:
    if d.overload or d.underload:
        return b"S +\r\n" if d.overload else b"S -\r\n"
    return f"S {'S' if d.stable else 'D'} {d.value:>10} {d.unit}\r\n".encode()


def fmt_and(d: Display) -> bytes:
    if d.overload or d.underload:
        return f"OL,{'+' if d.overload else '-'}9999999E{d.unit:>3}\r\n".encode()
    sign, value = _signed(d)
    return f"{'ST' if d.stable else 'US'},{sign}{value:08}{d.unit:>3}\r\n".encode()


def fmt_sartorius(d: Display) -> bytes:
    if d.overload or d.underload:
        return f"Stat     {'H' if d.overload else 'L'}    \r\n".encode()
    sign, value = _signed(d)
    unit = d.unit if d.stable else ""
    return f"{sign}{value:>9} {unit:<3}\r\n".encode()


def fmt_ohaus(d: Display) -> bytes:
    if d.overload or d.underload:
        return b"ES\r\n"  # no documented overload frame: the error reply stands in
    return f"{d.value:>10} {d.unit}{'' if d.stable else ' ?'}\r\n".encode()


def fmt_kern(d: Display) -> bytes:
    if d.overload or d.underload:
        return b"       Error\r\n"
    unit = d.unit if d.stable else ""
    return f"{d.value:>14} {unit:<3}\r\n".encode()


def fmt_shimadzu(d: Display) -> bytes:
    if d.overload or d.underload:
        return b"U  oL\r\n" if d.overload else b"U -oL\r\n"
    sign = "-" if d.value < 0 else " "
    return f"{'S' if d.stable else 'U'}{sign}{abs(d.value):>9}{d.unit} \r\n".encode()


def fmt_vibra(d: Display) -> bytes:
    if d.overload or d.underload:
        return f"+9999999{d.unit:>2} E\r\n".encode()
    sign, value = _signed(d)
    return f"{sign}{value:07}{d.unit:>2} {'S' if d.stable else 'U'}\r\n".encode()


def fmt_adam(d: Display) -> bytes:
    if d.overload or d.underload:
        return f"OL,GS{'+' if d.overload else '-'}\r\n".encode()
    return f"{'ST' if d.stable else 'US'},GS {d.value:>12} {d.unit}\r\n".encode()


def fmt_toledo(d: Display) -> bytes:
    status = (0x02 if d.overload else 0) | (0x04 if d.underload else 0)
    status |= 0 if d.stable else 0x01
    if status:
        return b"\x02?" + bytes([0x40 | status]) + b"\r"
    return f"\x02{abs(d.value):>7}\r".encode()


FORMATTERS: dict[str, Callable[[Display], bytes]] = {
    "mt_sics": fmt_mt_sics,
    "kern_kcp": fmt_mt_sics,
    "and": fmt_and,
    "sartorius": fmt_sartorius,
    "ohaus": fmt_ohaus,
    "kern": fmt_kern,
    "shimadzu": fmt_shimadzu,
    "vibra": fmt_vibra,
    "adam": fmt_adam,
    "toledo_8217": fmt_toledo,
}

_MT = {b"SI\r\n": "now", b"S\r\n": "stable", b"SIR\r\n": "stream", b"@\r\n": "stop",
       b"T\r\n": "tare", b"Z\r\n": "zero"}  # fmt: skip
COMMANDS: dict[str, dict[bytes, str]] = {
    "mt_sics": _MT,
    "kern_kcp": _MT,
    "and": {b"Q\r\n": "now", b"SI\r\n": "now", b"S\r\n": "stable", b"SIR\r\n": "stream",
            b"C\r\n": "stop", b"T\r\n": "tare", b"Z\r\n": "zero", b"R\r\n": "zero"},
    "sartorius": {b"\x1bP\r\n": "now", b"\x1bP": "now", b"\x1bU\r\n": "tare", b"\x1bT\r\n": "tare",
                  b"\x1bV\r\n": "zero"},
    "ohaus": {b"IP\r\n": "now", b"P\r\n": "now", b"SP\r\n": "stable", b"CP\r\n": "stream",
              b"T\r\n": "tare", b"Z\r\n": "zero"},
    "kern": {b"w": "now", b"s": "stable", b"t": "tare"},
    "shimadzu": {b"D01\r\n": "stream", b"D09\r\n": "stop", b"D05\r\n": "now", b"D07\r\n": "now",
                 b"D08\r\n": "stable", b"T\r\n": "tare"},
    "vibra": {b"O8\r\n": "now", b"O9\r\n": "stable", b"T \r\n": "tare"},
    "adam": {b"P\r\n": "now", b"G\r\n": "now", b"T\r\n": "tare", b"Z\r\n": "zero"},
    "toledo_8217": {b"W": "now", b"Z": "zero"},
}  # fmt: skip

_ACKS = {
    "mt_sics": {"tare": "T S {tare:>10} {unit}\r\n", "zero": "Z A\r\n",
                "tare_fail": "T I\r\n", "zero_fail": "Z I\r\n", "unknown": "ES\r\n",
                "timeout": "S I\r\n"},
    "and": {"tare": "\x06", "zero": "\x06", "tare_fail": "EC,E11\r\n",
            "zero_fail": "EC,E11\r\n", "unknown": "EC,E01\r\n"},
    "ohaus": {"unknown": "ES\r\n", "timeout": "ES\r\n"},
    "vibra": {"tare": "A00\r\n", "tare_fail": "E01\r\n", "unknown": "E01\r\n"},
}  # fmt: skip
_ACKS["kern_kcp"] = _ACKS["mt_sics"]
_AUTOSTREAM = {"adam"}


class VirtualBalance:
    """A scriptable balance speaking ``protocol`` on a pty; thread-safe setters."""

    def __init__(
        self,
        protocol: str | Protocol,
        link: str | os.PathLike | None = None,
        *,
        rate: float = 10.0,
        decimals: int = 2,
        capacity: Decimal | str = "220",
        pace: bool = False,
        seed: int | None = None,
        on_line: Callable[[float, bytes], None] | None = None,
    ):
        self.protocol = protocol if isinstance(protocol, Protocol) else get_protocol(protocol)
        self._tmpdir = None
        if link is None:
            self._tmpdir = tempfile.mkdtemp(prefix="gold-balance-")
            link = Path(self._tmpdir) / self.protocol.name
        self.port = str(link)
        self.rate = rate
        self.decimals = 3 if self.protocol.name == "toledo_8217" else decimals
        self.capacity = Decimal(capacity)
        self.pace = pace
        self.on_line = on_line
        self.unit = "G" if self.protocol.name == "vibra" else "g"
        self.drift_per_s = Decimal(0)
        self.unstable = False
        self.responsive = True
        self._rng = random.Random(seed)
        self._lock = threading.RLock()
        self._from = self._target = self._tare = Decimal(0)
        self._changed_at = time.monotonic()
        self._settle = 0.0
        self._streaming = self.protocol.name in _AUTOSTREAM
        self._pending_stable: list[float] = []
        self._master = self._slave = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.commands_seen: list[bytes] = []

    # ------------------------------------------------------------ lifecycle

    def start(self) -> VirtualBalance:
        self._plug()
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        with self._lock:
            self._unplug()
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)

    def __enter__(self) -> VirtualBalance:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        flags = fcntl.fcntl(master, fcntl.F_GETFL)
        fcntl.fcntl(master, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        self._master, self._slave = master, slave
        tmp = f"{self.port}.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.port)

    def _unplug(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.port)
        for fd in (self._master, self._slave):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = -1

    @property
    def plugged(self) -> bool:
        return self._master >= 0

    def unplug(self) -> None:
        """Pull the cable: the pty goes away, the reader's next read fails."""
        with self._lock:
            self._unplug()
            self._streaming = self.protocol.name in _AUTOSTREAM

    def replug(self) -> None:
        with self._lock:
            if not self.plugged:
                self._plug()

    # ------------------------------------------------------------ script

    def place(self, grams, settle: float = 0.0) -> None:
        """Put a load of ``grams`` on the pan (in addition to nothing: absolute)."""
        with self._lock:
            now = time.monotonic()
            self._from = self._value_at(now)
            self._target = Decimal(str(grams))
            self._changed_at = now
            self._settle = settle

    def remove(self, settle: float = 0.0) -> None:
        self.place(0, settle)

    def set_drift(self, grams_per_s) -> None:
        with self._lock:
            now = time.monotonic()
            self._from = self._target = self._value_at(now)
            self._changed_at, self._settle = now, 0.0
            self.drift_per_s = Decimal(str(grams_per_s))

    def set_unit(self, unit: str) -> None:
        self.unit = unit

    def set_unstable(self, flag: bool = True) -> None:
        self.unstable = flag

    def set_overload(self, flag: bool = True) -> None:
        with self._lock:
            self._target = self.capacity * 2 if flag else Decimal(0)
            self._from, self._changed_at, self._settle = self._target, time.monotonic(), 0.0

    def inject(self, data: bytes) -> None:
        """Write raw bytes as-is (recorded streams, partial lines, noise)."""
        with self._lock:
            self._write(data)

    # ------------------------------------------------------------ state

    def _value_at(self, now: float) -> Decimal:
        elapsed = now - self._changed_at
        if self._settle > 0 and elapsed < self._settle:
            fraction = Decimal(str(elapsed / self._settle))
            return self._from + (self._target - self._from) * fraction
        settled_for = Decimal(str(max(0.0, elapsed - self._settle)))
        return self._target + self.drift_per_s * settled_for - self._tare

    def display(self) -> Display:
        with self._lock:
            now = time.monotonic()
            value = self._value_at(now)
            settling = self._settle > 0 and now - self._changed_at < self._settle
            stable = not (settling or self.unstable)
            if self.unstable:
                value += Decimal(self._rng.randint(-30, 30)) / 1000
            gross = value + self._tare
            quantum = Decimal(1).scaleb(-self.decimals)
            return Display(
                value=value.quantize(quantum, ROUND_HALF_UP),
                unit=self.unit,
                stable=stable,
                overload=gross > self.capacity,
                underload=gross < -self.capacity / 100,
            )

    # ------------------------------------------------------------ I/O thread

    def _write(self, data: bytes) -> bool:
        if self._master < 0:
            return False
        try:
            os.write(self._master, data)
            return True
        except BlockingIOError:  # nobody reading and the pty buffer is full: line lost
            return False
        except OSError as exc:
            if exc.errno in (errno.EIO, errno.EBADF):
                return False
            raise

    def send_line(self, line: bytes) -> None:
        start = time.monotonic()
        if self.pace:  # the line is complete at the far end only after its wire time
            time.sleep(self.protocol.wire_time(len(line)))
        with self._lock:
            sent = self._write(line)
        if sent and self.on_line is not None:
            self.on_line(start, line)

    def _reply(self, key: str) -> None:
        template = _ACKS.get(self.protocol.name, {}).get(key)
        if template:
            text = template.format(tare=self._tare, unit=self.unit)
            self.inject(text.encode("latin-1"))

    def _current_line(self) -> bytes:
        return FORMATTERS[self.protocol.name](self.display())

    def _act(self, action: str) -> None:
        if action == "now":
            self.send_line(self._current_line())
        elif action == "stable":
            self._pending_stable.append(time.monotonic() + 3.0)
        elif action in ("stream", "stop"):
            self._streaming = action == "stream"
        elif action in ("tare", "zero"):
            self._tare_or_zero(action)

    def _tare_or_zero(self, action: str) -> None:
        d = self.display()
        if not d.stable or d.overload:
            self._reply(f"{action}_fail")
            return
        with self._lock:
            now = time.monotonic()
            if action == "tare":
                self._tare = self._value_at(now) + self._tare
            else:
                self._tare = Decimal(0)
                self._target = self._from = Decimal(0)
        self._reply(action)

    def _handle_input(self, buffer: bytes) -> bytes:
        table = COMMANDS[self.protocol.name]
        ordered = sorted(table, key=len, reverse=True)
        while buffer:
            match = next((c for c in ordered if buffer.startswith(c)), None)
            if match is not None:
                self.commands_seen.append(match)
                buffer = buffer[len(match) :]
                if self.responsive:
                    self._act(table[match])
            elif any(c.startswith(buffer) for c in ordered):
                break  # a command still arriving
            elif b"\r\n" in buffer:
                head, _, buffer = buffer.partition(b"\r\n")
                self.commands_seen.append(head)
                self._reply("unknown")
            else:
                buffer = buffer[1:]
        return buffer

    def _serve_pending(self) -> None:
        if not self._pending_stable:
            return
        d = self.display()
        now = time.monotonic()
        if d.stable or d.overload:
            self._pending_stable.clear()
            self.send_line(FORMATTERS[self.protocol.name](d))
        elif self._pending_stable[0] < now:
            self._pending_stable.pop(0)
            self._reply("timeout")

    def _run(self) -> None:
        buffer = b""
        next_tick = time.monotonic()
        while not self._stop.is_set():
            master = self._master
            if master < 0:
                self._stop.wait(0.02)
                continue
            wait = max(0.0, min(next_tick - time.monotonic(), 0.02))
            try:
                ready, _, _ = select.select([master], [], [], wait)
                data = os.read(master, 1024) if ready else b""
            except (OSError, ValueError):
                data = b""
            if data:
                buffer = self._handle_input(buffer + data)
            self._serve_pending()
            now = time.monotonic()
            if now >= next_tick:
                next_tick = max(next_tick + 1 / self.rate, now)
                if self._streaming and self.responsive:
                    self.send_line(self._current_line())


def main(argv: list[str] | None = None) -> int:
    """Console entry: one virtual balance on a pty until Ctrl-C (demo, docker).

    Commands typed on stdin drive it while it runs (``put 46.275``, ``off``,
    ``unstable``, ``stable``, ``overload``, ``help``: see :mod:`.sim_control`); with
    ``--control-port`` the same commands come over HTTP on loopback (Odoo's balance form).
    """
    import argparse  # noqa: PLC0415
    import signal  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from .sim_control import ControlServer, serve_lines  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="gold-scale-sim", description=main.__doc__)
    parser.add_argument("--protocol", "-p", default="mt_sics", choices=sorted(FORMATTERS))
    parser.add_argument("--link", "-l", help="path of the symlink to the pty (default: temp)")
    parser.add_argument("--load", default="0", help="grams on the pan at start")
    parser.add_argument("--unit", default=None, help="unit the balance sends (default g)")
    parser.add_argument("--rate", type=float, default=10.0, help="lines per second when streaming")
    parser.add_argument("--walk", type=float, default=0.0, help="place a new load every N s")
    parser.add_argument("--capacity", default="220", help="grams the balance can weigh")
    parser.add_argument("--decimals", type=int, default=2, help="digits after the point")
    parser.add_argument("--control-port", type=int, help="HTTP control port (0: any free one)")
    parser.add_argument("--control-host", default="127.0.0.1", help="HTTP control address")
    parser.add_argument("--control-token", default="", help="bearer token for HTTP control")
    parser.add_argument("--no-stdin", action="store_true", help="ignore commands on stdin")
    args = parser.parse_args(argv)
    balance = VirtualBalance(
        args.protocol, args.link, rate=args.rate, capacity=args.capacity, decimals=args.decimals
    ).start()
    if args.unit:
        balance.set_unit(args.unit)
    balance.place(args.load)
    print(f"{balance.protocol.label} on {balance.port}", flush=True)
    control = None
    if args.control_port is not None:
        control = ControlServer(
            balance, args.control_host, args.control_port, args.control_token
        ).start()
        print(f"control on {control.url}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    if not args.no_stdin and sys.stdin is not None:
        print("type help for commands", flush=True)
        threading.Thread(
            target=serve_lines,
            args=(balance, sys.stdin, lambda text: print(text, flush=True)),
            name="sim-stdin",
            daemon=True,
        ).start()
    rng = random.Random()
    while not done.wait(args.walk or None):
        balance.place(Decimal(rng.randint(100, 5000)) / 100, settle=1.0)
    if control is not None:
        control.stop()
    balance.stop()
    return 0

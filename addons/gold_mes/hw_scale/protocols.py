"""Balance protocols as data: one :class:`Protocol` row and one parse function each.

Facts come from ``reference/scales.md``; defaults marked "verify" there differ by
model and firmware, so every serial setting can be overridden per balance in the
proxy's config.  A parser gets one line without its terminator and returns a
:class:`~.reading.Reading` or an :class:`~.reading.Ack`, or raises
:class:`~.reading.Refusal` (not a line of this protocol) or
:class:`~.reading.BalanceError` (the balance answered with an error).

Parsers are strict on purpose: printable ASCII only, full-line patterns, and a
line is stable only when the balance's own marker says so.

Every pattern runs in linear time: a line longer than the protocol's ``max_line``
is refused before any pattern sees it (in each parser, not only in
:meth:`Protocol.parse`), and no pattern has two quantifiers that can take the same
characters one after the other (spaces, an optional sign, spaces: `` *(?:- *)?``), so a
failing match never backtracks over a run of spaces more than once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from .reading import Ack, BalanceError, Reading, Refusal, decimals_of

GRAMS = frozenset({"g"})
_NUM = r"(?:\d+(?:\.\d*)?|\.\d+)"
_NUM_RE = re.compile(_NUM)


@dataclass(frozen=True)
class Protocol:
    """One balance family: serial settings, commands and the line parser.

    ``mode`` is ``"poll"`` (send ``request`` every ``poll_interval`` seconds) or
    ``"stream"`` (send ``request``, possibly empty, once after opening; then listen).
    """

    name: str
    label: str
    parser: Callable[[Protocol, bytes], Reading | Ack]
    mode: str = "poll"
    request: bytes = b""
    stop_request: bytes = b""
    tare: bytes = b""
    zero: bytes = b""
    poll_interval: float = 0.1
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1
    xonxoff: bool = False
    rtscts: bool = False
    terminator: bytes = b"\r\n"
    gram_units: frozenset = GRAMS
    acks_commands: bool = True
    max_line: int = 64

    def parse(self, line: bytes) -> Reading | Ack:
        """Parse one line (terminator optional); never raises anything but Refusal."""
        line = line.rstrip(b"\r\n")
        if not line or len(line) > self.max_line:
            raise Refusal("bad_frame", "empty or over-long line", line)
        try:
            return self.parser(self, line)
        except Refusal:
            raise
        except (ValueError, InvalidOperation, UnicodeError) as exc:
            raise Refusal("bad_frame", str(exc), line) from None

    def serial_settings(self) -> dict:
        return {
            "baudrate": self.baudrate,
            "bytesize": self.bytesize,
            "parity": self.parity,
            "stopbits": self.stopbits,
            "xonxoff": self.xonxoff,
            "rtscts": self.rtscts,
        }

    def wire_time(self, nbytes: int) -> float:
        """Seconds ``nbytes`` take on the wire (start + data + parity + stop bits)."""
        bits = 1 + self.bytesize + (0 if self.parity == "N" else 1) + self.stopbits
        return nbytes * bits / self.baudrate


# ---------------------------------------------------------------- helpers


def _text(proto: Protocol, line: bytes, prefix: bytes = b"") -> str:
    """The line as ASCII text without ``prefix``; refuse over-long lines, control
    bytes and 8-bit noise (before any pattern is tried: the length bound)."""
    if len(line) > proto.max_line:
        raise Refusal("bad_frame", "over-long line", line[: proto.max_line])
    if prefix:
        if not line.startswith(prefix):
            raise Refusal("bad_frame", "missing frame start", line)
        line = line[len(prefix) :]
    text = line.decode("ascii")
    if not text.isprintable():
        raise Refusal("bad_frame", "control character in line", line)
    return text


def _number(sign: str | None, digits: str) -> Decimal:
    digits = digits.strip()
    if not _NUM_RE.fullmatch(digits):
        raise Refusal("bad_frame", f"not a number: {digits!r}", digits.encode())
    return Decimal(("-" if sign == "-" else "") + digits)


def _weight(
    proto: Protocol, line: bytes, sign, digits, unit: str, *, stable: bool, **kw
) -> Reading:
    net = _number(sign, digits)
    unit = unit.strip()
    return Reading(
        protocol=proto.name,
        net=net,
        unit=unit,
        grams=net if unit in proto.gram_units else None,
        stable=stable,
        decimals=decimals_of(digits.strip()),
        raw=bytes(line),
        **kw,
    )


def _limit(proto: Protocol, line: bytes, over: bool) -> Reading:
    return Reading(
        protocol=proto.name,
        net=None,
        unit="",
        stable=False,
        overload=over,
        underload=not over,
        raw=bytes(line),
    )


# ---------------------------------------------------------------- MT-SICS / Kern KCP

_MT_WEIGHT = re.compile(r"S ([SD]) +(?:([-+]) *)?(" + _NUM + r") +(\S{1,5})")
_MT_STATUS = re.compile(r"S ([I+-])")
_MT_TARE = re.compile(r"T S +(?:([-+]) *)?(" + _NUM + r") +(\S{1,5})")
_MT_CMD_FAIL = re.compile(r"([TZ]) ([I+-])")
_MT_ERRORS = {"ES": "syntax error", "ET": "transmission error", "EL": "logical error"}


def parse_mt_sics(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    if text in _MT_ERRORS:
        raise BalanceError(_MT_ERRORS[text], line)
    if m := _MT_WEIGHT.fullmatch(text):
        return _weight(proto, line, m[2], m[3], m[4], stable=m[1] == "S")
    if m := _MT_STATUS.fullmatch(text):
        if m[1] == "I":
            raise BalanceError("command not executable or stability timeout", line)
        return _limit(proto, line, over=m[1] == "+")
    if m := _MT_TARE.fullmatch(text):
        return Ack(proto.name, "tare", True, line, value=_number(m[1], m[2]), unit=m[3])
    if text == "Z A":
        return Ack(proto.name, "zero", True, line)
    if m := _MT_CMD_FAIL.fullmatch(text):
        return Ack(proto.name, "tare" if m[1] == "T" else "zero", False, line, detail=m[2])
    raise Refusal("bad_frame", "not an MT-SICS reply", line)


# ---------------------------------------------------------------- A&D standard format

_AD_LINE = re.compile(r"(ST|US|QT|OL),([-+ ])([0-9. E]{8})(.{3})")
_AD_ERROR = re.compile(r"EC,E(\d\d)")
_AD_ERRORS = {"01": "undefined command", "02": "not ready", "11": "unstable, refused"}


def parse_and(proto: Protocol, line: bytes) -> Reading | Ack:
    if line == b"\x06":
        return Ack(proto.name, "", True, line, detail="AK")
    text = _text(proto, line)
    if m := _AD_ERROR.fullmatch(text):
        raise BalanceError(_AD_ERRORS.get(m[1], f"error E{m[1]}"), line)
    m = _AD_LINE.fullmatch(text)
    if not m:
        raise Refusal("bad_frame", "not an A&D line", line)
    if m[1] == "OL":
        return _limit(proto, line, over=m[2] != "-")
    return _weight(proto, line, m[2], m[3], m[4], stable=m[1] == "ST")


# ---------------------------------------------------------------- Sartorius SBI

_SBI_LINE = re.compile(
    r"(?P<id>[A-Z][A-Za-z0-9#. ]{5})?(?P<sign>[-+ ])(?P<val>[ 0-9.]{9}) (?P<unit>[ -~]{3})"
)
_SBI_STAT = re.compile(r" *(?:Stat +(?P<s>H|L|High|Low)|(?P<w>High|Low)) *")
_SBI_ERR = re.compile(r"(?:[A-Za-z]{1,6} +)?Err *(\d{1,3}) *")
# the 6-character ID field: N (net) or none is the displayed net weight; G gross;
# T tare (T2, PT2: second / preset tare).  Any other ID (Stat, Diff, Brutto, Qnt ...)
# is an application's result, never a weight to capture.
_SBI_NET_IDS = frozenset({"", "N"})
_SBI_GROSS_IDS = frozenset({"G", "G#"})
_SBI_TARE_IDS = frozenset({"T", "T1", "T2", "PT", "PT2"})


def parse_sartorius(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    if m := _SBI_ERR.fullmatch(text):
        raise BalanceError(f"Err {m[1]}", line)
    if m := _SBI_STAT.fullmatch(text):
        return _limit(proto, line, over=(m["s"] or m["w"]).startswith("H"))
    m = _SBI_LINE.fullmatch(text)
    if not m or "?" in text:
        raise Refusal("bad_frame", "not a Sartorius SBI line", line)
    ident = (m["id"] or "").strip()
    if ident not in _SBI_NET_IDS | _SBI_GROSS_IDS | _SBI_TARE_IDS:
        raise Refusal("bad_frame", f"Sartorius ID {ident!r} is not N, G or T", line)
    # no unit in positions 12-14 is how SBI says "not stable"
    stable = bool(m["unit"].strip())
    reading = _weight(proto, line, m["sign"], m["val"], m["unit"], stable=stable)
    if ident in _SBI_GROSS_IDS:
        return replace(reading, gross=reading.net, net=None, grams=None)
    if ident in _SBI_TARE_IDS:
        return replace(reading, tare=reading.net, net=None, grams=None)
    return reading


# ---------------------------------------------------------------- Ohaus

_OHAUS_LINE = re.compile(
    r"(?=[ -]{2}) *(?:(?P<sign>-) *)?(?P<val>" + _NUM + r") (?P<unit>[A-Za-z]{1,5})"
    r"(?P<q> \?)?(?: (?P<gn>G|N|NET))? *"
)


def parse_ohaus(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    if text.strip() == "ES":
        raise BalanceError("invalid command or stable-print timeout", line)
    if text.strip() == "OK!":
        return Ack(proto.name, "", True, line)
    m = _OHAUS_LINE.fullmatch(text)
    if not m or len(text) < 10:
        raise Refusal("bad_frame", "not an Ohaus line", line)
    return _weight(proto, line, m["sign"], m["val"], m["unit"], stable=not m["q"])


# ---------------------------------------------------------------- Kern legacy (rE Cr)

_KERN_LINE = re.compile(
    r"(?=[ +-]) *(?:(?P<sign>[-+]) *)?(?P<val>" + _NUM + r")(?: +(?P<unit>[A-Za-z%]{1,5}))? *"
)
_HEADER_LINE = re.compile(
    r"(?P<st>ST|US|OL),(?P<kind>GS|NT|TR)?,? *(?:(?P<sign>[-+]) *)?(?:(?P<val>" + _NUM + r") *)?"
    r"(?P<unit>[A-Za-z%]{1,5})?"
)


def _parse_header(proto: Protocol, line: bytes, text: str) -> Reading | None:
    """``ST,GS   1.000KG`` style (Kern industrial, Adam Highland); None if no match."""
    m = _HEADER_LINE.fullmatch(text)
    if not m:
        return None
    if m["st"] == "OL":
        return _limit(proto, line, over=m["sign"] != "-")
    if not m["val"]:
        raise Refusal("bad_frame", "header line without weight", line)
    reading = _weight(proto, line, m["sign"], m["val"], m["unit"] or "", stable=m["st"] == "ST")
    if m["kind"] == "GS":
        return replace(reading, gross=reading.net)
    if m["kind"] == "TR":
        return replace(reading, tare=reading.net, net=None, grams=None)
    return reading


def parse_kern(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    if text.strip() == "Error":
        raise BalanceError("Error", line)
    header = _parse_header(proto, line, text)
    if header is not None:
        return header
    m = _KERN_LINE.fullmatch(text)
    if not m or len(text) < 14:
        raise Refusal("bad_frame", "not a Kern line", line)
    # legacy format: a blank unit field is how the balance says "not stable"
    return _weight(proto, line, m["sign"], m["val"], m["unit"] or "", stable=bool(m["unit"]))


# ---------------------------------------------------------------- Shimadzu

_SHIMADZU_LINE = re.compile(
    r"(?P<st>[SU])(?P<sign>[-+ ]) *(?P<val>" + _NUM + r")(?P<unit>[A-Za-z%]{1,4})? *"
)
_SHIMADZU_OL = re.compile(r"[SU] *(?P<sign>[-+]?)oL *")


def parse_shimadzu(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    if m := _SHIMADZU_OL.fullmatch(text):
        return _limit(proto, line, over=m["sign"] != "-")
    m = _SHIMADZU_LINE.fullmatch(text)
    if not m:
        raise Refusal("bad_frame", "not a Shimadzu line", line)
    return _weight(proto, line, m["sign"], m["val"], m["unit"] or "", stable=m["st"] == "S")


# ---------------------------------------------------------------- Vibra / Shinko

# P, D x 7, U x 2, S1 (comparator H/L/G or blank), S2 (S stable, U unstable, E error)
_VIBRA_LINE = re.compile(
    r"(?P<sign>[-+ ])(?P<val>[0-9. ]{7})(?P<unit>[ A-Za-z%]{2})(?P<s1>[ HLG])(?P<s2>[SUE])"
)
_VIBRA_REPLY = re.compile(r"([AE])(\d\d)")


def parse_vibra(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    if m := _VIBRA_REPLY.fullmatch(text):
        if m[1] == "A":
            return Ack(proto.name, "", True, line, detail=text)
        raise BalanceError(f"error {text}", line)
    m = _VIBRA_LINE.fullmatch(text)
    if not m:
        raise Refusal("bad_frame", "not a Vibra line", line)
    if m["s2"] == "E":
        raise BalanceError("data error (S2=E)", line)
    return _weight(proto, line, m["sign"], m["val"], m["unit"], stable=m["s2"] == "S")


# ---------------------------------------------------------------- Adam (Highland / CPWplus)


def parse_adam(proto: Protocol, line: bytes) -> Reading | Ack:
    text = _text(proto, line)
    header = _parse_header(proto, line, text)
    if header is None:
        raise Refusal("bad_frame", "not an Adam line", line)
    return header


# ---------------------------------------------------------------- Toledo 8217

_TOLEDO_WEIGHT = re.compile(r" *(?P<val>" + _NUM + r")(?P<n>N)?")
_MOTION, _OVER, _UNDER = 0x01, 0x02, 0x04


def parse_toledo(proto: Protocol, line: bytes) -> Reading | Ack:
    if line.startswith(b"\x02?") and len(line) == 3:
        bits = line[2]
        if not 0x40 <= bits <= 0x7F:
            raise Refusal("bad_frame", "bad Toledo status byte", line)
        return Reading(
            protocol=proto.name,
            net=None,
            unit="",
            stable=not bits & _MOTION,
            overload=bool(bits & _OVER),
            underload=bool(bits & _UNDER),
            raw=bytes(line),
        )
    text = _text(proto, line, prefix=b"\x02")
    m = _TOLEDO_WEIGHT.fullmatch(text)
    if not m:
        raise Refusal("bad_frame", "not a Toledo 8217 reply", line)
    # The 8217 answers with a weight only when not in motion, but sends no unit:
    # the reading is shown, never captured as grams (no guessing).
    return _weight(proto, line, None, m["val"], "", stable=True)


# ---------------------------------------------------------------- the table

PROTOCOLS: dict[str, Protocol] = {
    p.name: p
    for p in (
        Protocol(
            "mt_sics", "Mettler Toledo MT-SICS", parse_mt_sics, mode="stream",
            request=b"SIR\r\n", stop_request=b"@\r\n", tare=b"T\r\n", zero=b"Z\r\n",
            xonxoff=True,
        ),
        Protocol(
            "kern_kcp", "Kern KCP (MT-SICS subset)", parse_mt_sics, request=b"SI\r\n",
            tare=b"T\r\n", zero=b"Z\r\n", poll_interval=0.12,
        ),
        Protocol(
            "and", "A&D standard format", parse_and, mode="stream", request=b"SIR\r\n",
            stop_request=b"C\r\n", tare=b"T\r\n", zero=b"Z\r\n", bytesize=7, parity="E",
        ),
        Protocol(
            "sartorius", "Sartorius SBI", parse_sartorius, request=b"\x1bP\r\n",
            tare=b"\x1bU\r\n", zero=b"\x1bV\r\n", baudrate=1200, bytesize=7, parity="O",
            rtscts=True,
            acks_commands=False,
        ),
        Protocol(
            "ohaus", "Ohaus", parse_ohaus, request=b"IP\r\n", tare=b"T\r\n", zero=b"Z\r\n",
            acks_commands=False,
        ),
        Protocol(
            "kern", "Kern legacy (rE Cr)", parse_kern, request=b"w", tare=b"t",
            acks_commands=False,
        ),
        Protocol(
            "shimadzu", "Shimadzu (EB format)", parse_shimadzu, mode="stream",
            request=b"D01\r\n", stop_request=b"D09\r\n", tare=b"T\r\n", acks_commands=False,
        ),
        Protocol(
            "vibra", "Vibra / Shinko", parse_vibra, request=b"O8\r\n", tare=b"T \r\n",
            gram_units=frozenset({"G", "g"}),
        ),
        Protocol(
            "adam", "Adam (Highland / CPWplus)", parse_adam, mode="stream",
            tare=b"T\r\n", zero=b"Z\r\n", acks_commands=False,
        ),
        Protocol(
            "toledo_8217", "Toledo 8217", parse_toledo, request=b"W", zero=b"Z",
            bytesize=7, parity="E", terminator=b"\r", acks_commands=False,
        ),
    )
}  # fmt: skip


def get_protocol(name: str) -> Protocol:
    try:
        return PROTOCOLS[name]
    except KeyError:
        raise ValueError(f"unknown balance protocol {name!r}; known: {sorted(PROTOCOLS)}") from None

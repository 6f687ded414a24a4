"""The protocol-neutral reading a balance gives, and the ways a line is refused.

Every parser in :mod:`.protocols` turns one line from one balance family into a
:class:`Reading` (a weight, stable or not), an :class:`Ack` (the answer to a tare
or zero command) or raises :class:`Refusal` / :class:`BalanceError`.  Nothing here
converts units: a reading in carats stays in carats and simply cannot be captured.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal


class Refusal(Exception):
    """A line or a reading we will not use; ``code`` is a stable machine word.

    Codes: ``bad_frame`` (not a line of this protocol), ``unstable``, ``wrong_unit``,
    ``no_unit``, ``overload``, ``underload``, ``no_weight``, ``balance_error``.
    """

    def __init__(self, code: str, message: str = "", raw: bytes = b""):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.raw = raw

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "raw_hex": self.raw.hex()}


class BalanceError(Refusal):
    """The balance answered with an error reply (``ES``, ``EC,E01``, ``Err`` ...)."""

    def __init__(self, message: str, raw: bytes = b""):
        super().__init__("balance_error", message, raw)


def _wall_now() -> float:
    return time.time()


@dataclass(frozen=True)
class Ack:
    """Answer to a command (tare, zero), ``ok`` False when the balance refused it."""

    protocol: str
    command: str
    ok: bool
    raw: bytes = b""
    detail: str = ""
    value: Decimal | None = None
    unit: str = ""


@dataclass(frozen=True)
class Reading:
    """One weight line from one balance, whatever its protocol.

    ``net`` is the weight the balance displays (the value a capture records);
    ``gross`` and ``tare`` are set only when the line itself carries them.  All
    weights are :class:`~decimal.Decimal` in the balance's own ``unit`` (exactly as
    sent, stripped of padding); ``grams`` is ``net`` when that unit is grams for this
    protocol and ``None`` otherwise: never a conversion.
    """

    protocol: str
    net: Decimal | None
    unit: str
    stable: bool
    raw: bytes
    grams: Decimal | None = None
    gross: Decimal | None = None
    tare: Decimal | None = None
    overload: bool = False
    underload: bool = False
    decimals: int | None = None
    balance_time: str | None = None
    monotonic: float = field(default_factory=time.monotonic)
    wall_time: float = field(default_factory=_wall_now)
    scale: str = ""

    def with_scale(self, scale: str) -> Reading:
        return dataclasses.replace(self, scale=scale)

    @property
    def refusal(self) -> Refusal | None:
        """Why this reading cannot be captured, or ``None`` when it can."""
        checks = (
            (self.overload, "overload", "balance overloaded"),
            (self.underload, "underload", "balance under zero range"),
            (self.net is None, "no_weight", "no weight in this line"),
            (not self.stable, "unstable", "balance does not mark this weight stable"),
            (not self.unit, "no_unit", "balance sent no unit; not guessing one"),
            (self.grams is None, "wrong_unit", f"unit {self.unit!r} is not grams"),
        )
        for failed, code, message in checks:
            if failed:
                return Refusal(code, message, self.raw)
        return None

    @property
    def capturable(self) -> bool:
        return self.refusal is None

    def require_capturable(self) -> Reading:
        refusal = self.refusal
        if refusal is not None:
            raise refusal
        return self

    def to_dict(self) -> dict:
        """JSON-ready form: weights as decimal strings, raw bytes as hex, no floats."""

        def dec(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        refusal = self.refusal
        return {
            "scale": self.scale,
            "protocol": self.protocol,
            "gross": dec(self.gross),
            "tare": dec(self.tare),
            "net": dec(self.net),
            "unit": self.unit,
            "grams": dec(self.grams),
            "stable": self.stable,
            "overload": self.overload,
            "underload": self.underload,
            "decimals": self.decimals,
            "raw_hex": self.raw.hex(),
            "balance_time": self.balance_time,
            "read_at": iso_utc(self.wall_time),
            "monotonic": f"{self.monotonic:.6f}",
            "capturable": refusal is None,
            "refusal": None if refusal is None else refusal.code,
        }


def iso_utc(epoch: float) -> str:
    """``2026-11-25T15:27:47.123456Z`` for an epoch time."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def decimals_of(text: str) -> int:
    """Number of digits after the decimal point in ``text`` (``"12.340"`` -> 3)."""
    _, dot, frac = text.partition(".")
    return len(frac) if dot else 0

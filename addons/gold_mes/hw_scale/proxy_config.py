"""The scale proxy's configuration: the balances it serves and its HTTP limits.

JSON (``{"token", "balances": [...]}``) or INI (``[proxy]`` + ``[balance:<id>]``);
a protocol name is checked at start-up, and a balance without a secret or a proxy
without a token is refused.
"""

from __future__ import annotations

import configparser
import json
from dataclasses import dataclass, field
from pathlib import Path

from .protocols import get_protocol

_SERIAL_KEYS = {"baudrate": int, "bytesize": int, "parity": str, "stopbits": int}


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

#!/usr/bin/env python3
"""The demo workshop's set-up steps, shared by ``make run`` and the compose services.

Standard library only: it runs in the scale container, the Odoo container and on
the host.

  demo_setup.py secrets STATE_DIR            make the proxy token and balance secret once
  demo_setup.py balance-script STATE_DIR URL [SIM_URL]
                                             print the ``odoo shell`` script that points
                                             the demo balance at the proxy at URL (and its
                                             simulator buttons at SIM_URL)
  demo_setup.py scale STATE_DIR              write the proxy config, run the virtual balance
                                             (its control channel on SIM_PORT) and the
                                             proxy; stop both when either dies
"""

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BALANCE_ID = "bench-1"
SIM_PORT = 8766  # the virtual balance's control channel (its form's simulator buttons)
DEMO_SCALE_XMLID = "gold_mes.gold_scale_bench_demo"

_BALANCE_SCRIPT = """
scale = env.ref({xmlid!r}, raise_if_not_found=False)
if scale:
    scale.sudo().write({{
        "connection": "proxy",
        "proxy_url": {url!r},
        "proxy_balance_id": {balance!r},
        "proxy_token": {token!r},
        "secret": {secret!r},
        "simulator_url": {simulator!r},
    }})
    env.cr.commit()
    print("GOLD-DEMO-BALANCE", scale.id)
else:
    print("GOLD-DEMO-BALANCE none")
"""


def demo_secrets(state):
    """The proxy's token and the balance's secret, made on the first start only."""
    state = Path(state)
    state.mkdir(parents=True, exist_ok=True)
    path = state / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {"token": secrets.token_urlsafe(24), "secret": secrets.token_hex(32)}
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return values


def balance_script(keys, url, simulator_url=False):
    return _BALANCE_SCRIPT.format(
        xmlid=DEMO_SCALE_XMLID,
        url=url,
        simulator=simulator_url or False,
        balance=BALANCE_ID,
        token=keys["token"],
        secret=keys["secret"],
    )


def proxy_config(keys, state, host, port, origins):
    """Write the proxy's config for the one virtual balance; return its path."""
    config = {
        "host": host,
        "port": port,
        "token": keys["token"],
        "cors_origins": list(origins),
        "balances": [
            {
                "id": BALANCE_ID,
                "protocol": "mt_sics",
                "port": str(Path(state) / "balance-1"),
                "secret": keys["secret"],
            }
        ],
    }
    path = Path(state) / "scale-proxy.json"
    path.write_text(json.dumps(config, indent=2))
    path.chmod(0o600)
    return path


def balance_command(state, python=sys.executable, control=("127.0.0.1", SIM_PORT)):
    """The virtual balance on a pty in ``state``, its commands over HTTP on ``control``
    (host, port): what the balance form's simulator buttons send."""
    host, port = control
    return [
        python,
        str(ROOT / "bin" / "gold-scale-sim"),
        "-p",
        "mt_sics",
        "-l",
        str(Path(state) / "balance-1"),
        "--capacity",
        "1200",
        "--no-stdin",
        f"--control-host={host}",
        f"--control-port={port}",
    ]


def wait_for_path(path, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return Path(path).exists()


def run_scale(state):
    """The scale container: the virtual balance and the proxy, in the foreground."""
    keys = demo_secrets(state)
    origins = os.environ.get("GOLD_CORS_ORIGINS", "http://localhost:8069").split(",")
    config = proxy_config(keys, state, "0.0.0.0", 8765, origins)
    # the control channel answers Odoo's container on the compose network only (the
    # port is not published on the host)
    balance = subprocess.Popen(balance_command(state, control=("0.0.0.0", SIM_PORT)))
    if not wait_for_path(Path(state) / "balance-1"):
        balance.terminate()
        sys.exit("the virtual balance did not open its pseudo-terminal")
    proxy = subprocess.Popen(
        [sys.executable, str(ROOT / "bin" / "gold-scale-proxy"), "-c", str(config)]
    )
    try:
        while balance.poll() is None and proxy.poll() is None:
            time.sleep(1)
    finally:
        for child in (balance, proxy):
            if child.poll() is None:
                child.terminate()
    dead = "virtual balance" if balance.returncode is not None else "proxy"
    sys.exit(f"the {dead} stopped; the container restarts both")


def main(argv):
    if len(argv) >= 2 and argv[0] == "secrets":
        demo_secrets(argv[1])
        return 0
    if len(argv) >= 3 and argv[0] == "balance-script":
        print(balance_script(demo_secrets(argv[1]), argv[2], argv[3] if len(argv) > 3 else False))
        return 0
    if len(argv) >= 2 and argv[0] == "scale":
        run_scale(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

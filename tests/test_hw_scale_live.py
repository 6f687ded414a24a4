"""The live weight's roads without Odoo: stream tickets, the throttle, the proxy's
ticketed stream and its outbound pusher (to a real HTTP server standing in for Odoo)."""

import http.client
import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from gold_mes.hw_scale.live import Throttle, sse_events
from gold_mes.hw_scale.proxy import ScaleProxy, config_from_dict
from gold_mes.hw_scale.signing import stream_ticket, verify_signed_reading, verify_stream_ticket
from gold_mes.hw_scale.simulator import VirtualBalance

SECRET = "s-pan"


def test_stream_ticket_is_bound_to_its_balance_secret_and_time():
    ticket = stream_ticket(SECRET, "pan", ttl_s=60, now=1000)
    assert verify_stream_ticket(SECRET, "pan", ticket, now=1059)
    assert not verify_stream_ticket(SECRET, "pan", ticket, now=1061), "expired"
    assert not verify_stream_ticket(SECRET, "other", ticket, now=1000), "another balance"
    assert not verify_stream_ticket("other-secret", "pan", ticket, now=1000)
    prefix, expires, mac = ticket.split(".")
    longer = f"{prefix}.{int(expires) + 3600}.{mac}"
    assert not verify_stream_ticket(SECRET, "pan", longer, now=1000), "expiry is signed"
    for junk in ("", "gst1", "gst1.x.y", None, 7, "gst1.1.2.3"):
        assert not verify_stream_ticket(SECRET, "pan", junk, now=1000)


def test_throttle_forwards_changes_and_a_heartbeat():
    throttle = Throttle(heartbeat_s=1.0)
    reading = {"net": "1.00", "unit": "g", "stable": False}
    assert throttle.forward(reading, now=0.0)
    assert not throttle.forward(dict(reading), now=0.1), "nothing a screen shows changed"
    assert throttle.forward(dict(reading, stable=True), now=0.2), "the stable mark"
    assert throttle.forward(dict(reading, stable=True, net="1.01"), now=0.3)
    assert not throttle.forward(dict(reading, stable=True, net="1.01"), now=1.2)
    assert throttle.forward(dict(reading, stable=True, net="1.01"), now=1.4), "heartbeat"


class _Odoo(BaseHTTPRequestHandler):
    """Stands in for Odoo's /gold_mes/scale/push: keeps what it was sent."""

    received = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, body))
        data = json.dumps({"jsonrpc": "2.0", "id": None, "result": {"ok": True}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def rig():
    odoo = ThreadingHTTPServer(("127.0.0.1", 0), _Odoo)
    threading.Thread(target=odoo.serve_forever, daemon=True).start()
    _Odoo.received = []
    sim = VirtualBalance("mt_sics", seed=5).start()
    push_url = f"http://127.0.0.1:{odoo.server_address[1]}/gold_mes/scale/push"
    config = config_from_dict(
        {
            "token": "tok",
            "port": 0,
            "balances": [
                {
                    "id": "pan",
                    "protocol": "mt_sics",
                    "port": sim.port,
                    "secret": SECRET,
                    "push_url": push_url,
                }
            ],
        }
    )
    proxy = ScaleProxy(config).start()
    yield proxy, sim
    proxy.stop()
    sim.stop()
    odoo.shutdown()
    odoo.server_close()


def _wait(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.02)


def test_ticket_opens_the_balance_stream_and_nothing_else(rig):
    proxy, sim = rig
    sim.place(Decimal("12.34"))
    ticket = stream_ticket(SECRET, "pan")
    events = sse_events(f"{proxy.url}/balances/pan/stream?ticket={ticket}")
    grams = None
    for event, data in events:
        if event == "reading" and data["grams"] == "12.34":
            grams = data["grams"]
            break
    events.close()
    assert grams == "12.34"
    host, port = proxy.httpd.server_address[:2]
    for method, path in (
        ("GET", f"/balances/pan?ticket={ticket}"),
        ("POST", f"/balances/pan/capture?ticket={ticket}"),
        ("POST", f"/balances/pan/tare?ticket={ticket}"),
        ("GET", f"/stream?ticket={ticket}"),
        ("GET", f"/balances/pan/stream?ticket={stream_ticket('wrong', 'pan')}"),
    ):
        conn = http.client.HTTPConnection(host, port, timeout=5)
        conn.request(method, path)
        assert conn.getresponse().status == 401, path
        conn.close()


def test_proxy_pushes_signed_changes_out_to_odoo(rig):
    proxy, sim = rig
    sim.place(Decimal("20.00"))
    _wait(lambda: any(b["params"]["reading"]["grams"] == "20.00" for _, b in _Odoo.received))
    path, body = _Odoo.received[-1]
    assert path == "/gold_mes/scale/push"
    signed = body["params"]["reading"]
    payload = verify_signed_reading(SECRET, signed)
    assert payload["scale"] == "pan"
    assert payload["raw_hex"], "the balance's own bytes travel with it"
    pusher = proxy.pushers[0]
    assert pusher.pushed >= 1
    assert pusher.failures == 0
    # nothing changes on the pan: about one heartbeat a second, not every line
    count = len(_Odoo.received)
    time.sleep(1.6)
    assert len(_Odoo.received) - count <= 3

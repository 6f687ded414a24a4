"""The scale proxy against bad and idle clients, on loopback (issue 10 point 9).

Every bad request gets a JSON answer at once, never a dropped connection or a
thread blocked on a body that will not come; idle connections are dropped after
the socket timeout, and a full server says 503 instead of hanging.
"""

import http.client
import json
import socket
import threading
import time

import pytest
from gold_mes.hw_scale.proxy import ScaleProxy, config_from_dict
from gold_mes.hw_scale.simulator import VirtualBalance

TOKEN = "tok-lim"
AUTH = f"Authorization: Bearer {TOKEN}\r\n"


def make_proxy(sim, **extra):
    config = config_from_dict(
        {
            "token": TOKEN,
            "port": 0,
            "balances": [{"id": "pan", "protocol": "mt_sics", "port": sim.port, "secret": "s"}],
            **extra,
        }
    )
    proxy = ScaleProxy(config).start()
    deadline = time.monotonic() + 3
    while not proxy.readers["pan"].online:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return proxy


def make_sim():
    balance = VirtualBalance("mt_sics", seed=5).start()
    balance.place("7.50")
    return balance


@pytest.fixture
def sim():
    balance = make_sim()
    yield balance
    balance.stop()


@pytest.fixture(scope="module")
def proxy():
    """One proxy for the bad-request tests: none of them may change its state."""
    balance = make_sim()
    service = make_proxy(balance, idle_timeout=0.5)
    yield service
    service.stop()
    balance.stop()


def connect(proxy, timeout=3.0) -> socket.socket:
    sock = socket.create_connection(proxy.httpd.server_address[:2], timeout=timeout)
    return sock


def raw_exchange(proxy, data: bytes, *, timeout=3.0) -> tuple[int, dict, float]:
    """Send ``data`` as-is; (status, JSON body, seconds until the answer was complete)."""
    sock = connect(proxy, timeout)
    t0 = time.monotonic()
    try:
        sock.sendall(data)
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        assert resp.getheader("Content-Type") == "application/json"
        body = json.loads(resp.read())
        return resp.status, body, time.monotonic() - t0
    finally:
        sock.close()


def post(path: str, body: bytes, headers: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\n{AUTH}{headers}Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def call(proxy, method, path, body=None):
    host, port = proxy.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    data = None if body is None else json.dumps(body)
    conn.request(method, path, body=data, headers={"Authorization": f"Bearer {TOKEN}"})
    resp = conn.getresponse()
    status, answer = resp.status, json.loads(resp.read())
    conn.close()
    return status, answer


# ---------------------------------------------------------------- bodies


@pytest.mark.parametrize(
    ("length", "status"),
    [("-5", 400), ("-1", 400), ("abc", 400), ("1e3", 400), ("\u0661\u0662", 400),
     ("999999999999", 413), ("1000000", 413)],
)  # fmt: skip
def test_bad_or_huge_content_length_is_answered_at_once(proxy, length, status):
    head = f"POST /balances/pan/capture HTTP/1.1\r\nHost: x\r\n{AUTH}"
    head += f"Content-Length: {length}\r\n\r\n"
    got, body, took = raw_exchange(proxy, head.encode("utf-8"))
    assert got == status, body
    assert body["error"] in ("bad_request", "body_too_large") and body["message"]
    assert took < 0.4  # at once: not after the idle timeout, not after reading a body


def test_two_different_content_lengths_are_refused(proxy):
    data = post("/balances/pan/capture", b"{}", headers="Content-Length: 9\r\n")
    status, body, _ = raw_exchange(proxy, data)
    assert status == 400 and body["error"] == "bad_request"


def test_chunked_body_is_refused_with_json(proxy):
    head = (
        f"POST /balances/pan/capture HTTP/1.1\r\nHost: x\r\n{AUTH}"
        "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    )
    status, body, _ = raw_exchange(proxy, head.encode())
    assert status == 411 and body["error"] == "length_required"


def test_body_that_stops_arriving_is_a_408_after_the_idle_timeout(proxy):
    head = f"POST /balances/pan/capture HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Length: 50\r\n\r\n"
    status, body, took = raw_exchange(proxy, head.encode() + b'{"timeout"')
    assert status == 408 and body["error"] == "request_timeout"
    assert 0.4 < took < 2.0


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 30000 + b"]" * 30000,  # nested deeper than the JSON parser recurses
        b'{"a":' * 10000 + b"1" + b"}" * 10000,
        b"[1",
        b"\xff\xfe",
        b"[1, 2]",
        b'"text"',
    ],
    ids=["deep-list", "deep-object", "truncated", "not-utf8", "list", "string"],
)
def test_body_that_is_not_a_json_object_is_a_400(proxy, raw):
    status, body, _ = raw_exchange(proxy, post("/balances/pan/capture", raw))
    assert status == 400 and body["error"] == "bad_request", body


# ---------------------------------------------------------------- fields


@pytest.mark.parametrize(
    "timeout",
    ["abc", "5", None, [], {}, True, -1, -0.5, float("inf"), float("nan"), 10**400],
    ids=repr,
)
def test_bad_timeout_is_a_400_naming_the_field(proxy, timeout):
    data = json.dumps({"timeout": timeout}).encode()  # inf/nan as JSON's Infinity/NaN
    status, body, took = raw_exchange(proxy, post("/balances/pan/capture", data))
    assert status == 400, body
    assert body["error"] == "bad_request" and "timeout" in body["message"]
    assert took < 0.5


def test_huge_timeout_is_capped_and_still_captures(proxy):
    status, body = call(proxy, "POST", "/balances/pan/capture", {"timeout": 1e300})
    assert status == 200 and body["signed"]["net"] == "7.50"


@pytest.mark.parametrize("nonce", [{"a": 1}, 7, "", "x" * 129, "bad\nnonce", "đ"], ids=repr)
def test_bad_client_nonce_is_a_400(proxy, nonce):
    body = {"timeout": 1, "client_nonce": nonce}
    status, body = call(proxy, "POST", "/balances/pan/capture", body)
    assert status == 400 and "client_nonce" in body["message"]


def test_good_client_nonce_is_signed_as_sent(proxy):
    body = {"timeout": 2, "client_nonce": "wo-8"}
    status, body = call(proxy, "POST", "/balances/pan/capture", body)
    assert status == 200 and body["signed"]["client_nonce"] == "wo-8"


# ---------------------------------------------------------------- requests


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /health HTTP/9.9\r\n\r\n", 505),
        (b"PUT /balances/pan HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET /health HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", 431),
    ],
    ids=["request-line", "version", "method", "long-uri", "many-headers"],
)
def test_malformed_requests_get_a_json_answer(proxy, raw, status):
    got, body, _ = raw_exchange(proxy, raw)
    assert got == status and body["error"] and body["message"]


def test_unknown_path_and_missing_token_stay_json(proxy):
    data = b"POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
    status, body, _ = raw_exchange(proxy, data)
    assert status == 401 and body["error"] == "unauthorised"


# ---------------------------------------------------------------- idle clients


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """True when the server closes ``sock`` (after an answer or none) within ``within`` s."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
        return True
    except TimeoutError:
        return False
    except OSError:  # reset by the server
        return True


def test_idle_connections_are_dropped_and_the_proxy_keeps_answering(sim):
    """200 idle clients (connected, silent or half a request line): the proxy answers
    meanwhile, and after the idle timeout every one is closed and its thread freed."""
    service = make_proxy(sim, idle_timeout=1.5, max_connections=512)
    baseline = threading.active_count()
    idle = [connect(service) for _ in range(100)]
    half = [connect(service) for _ in range(100)]
    try:
        for sock in half:
            sock.sendall(b"GET /health HT")
        t0 = time.monotonic()
        status, body = call(service, "GET", "/balances/pan")
        assert status == 200 and body["online"] is True
        assert time.monotonic() - t0 < 1.5
        deadline = time.monotonic() + 4.0
        still_open = [
            sock
            for sock in idle + half
            if not closed_by_server(sock, max(0.01, deadline - time.monotonic()))
        ]
        assert not still_open, f"{len(still_open)} idle connections never closed"
        deadline = time.monotonic() + 3
        while threading.active_count() > baseline + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert threading.active_count() <= baseline + 2
    finally:
        for sock in idle + half:
            sock.close()
        service.stop()


def test_keep_alive_connection_is_closed_when_idle(proxy):
    host, port = proxy.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", "/health")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Connection") != "close"
    resp.read()
    sock = conn.sock
    assert closed_by_server(sock, 2.0)
    conn.close()


def test_connection_cap_answers_503_then_recovers(sim):
    service = make_proxy(sim, idle_timeout=0.5, max_connections=8)
    try:
        hogs = [connect(service) for _ in range(8)]
        time.sleep(0.1)
        status, body, took = raw_exchange(service, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 503 and body["error"] == "busy" and took < 0.3
        time.sleep(1.0)  # the hogs time out
        status, body = call(service, "GET", "/balances/pan")
        assert status == 200 and body["online"] is True
        for sock in hogs:
            sock.close()
    finally:
        service.stop()

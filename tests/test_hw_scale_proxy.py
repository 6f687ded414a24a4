"""The scale proxy over HTTP, and the signing helpers Odoo uses to check its captures."""

import http.client
import json
import time
from decimal import Decimal

import pytest
from gold_mes.hw_scale.proxy import ScaleProxy, config_from_dict, load_config
from gold_mes.hw_scale.signing import (
    NonceCache,
    SignatureError,
    is_fresh,
    sign_reading,
    verify_signature,
    verify_signed_reading,
)
from gold_mes.hw_scale.simulator import VirtualBalance

TOKEN = "tok-123"
ODOO = "http://odoo.local:8069"


@pytest.fixture
def service(tmp_path):
    sims = {
        "pan": VirtualBalance("mt_sics", seed=2).start(),
        "ad": VirtualBalance("and", seed=3).start(),
    }
    config = config_from_dict(
        {
            "token": TOKEN,
            "port": 0,
            "cors_origins": [ODOO],
            "balances": [
                {"id": "pan", "protocol": "mt_sics", "port": sims["pan"].port, "secret": "s-pan"},
                {"id": "ad", "protocol": "and", "port": sims["ad"].port, "secret": "s-ad"},
                {"id": "dead", "protocol": "ohaus", "port": str(tmp_path / "no"), "secret": "x"},
            ],
        }
    )
    proxy = ScaleProxy(config).start()
    deadline = time.monotonic() + 3
    while not (proxy.readers["pan"].online and proxy.readers["ad"].online):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    yield proxy, sims
    proxy.stop()
    for sim in sims.values():
        sim.stop()


def call(proxy, method, path, body=None, *, headers=None, token=TOKEN):
    host, port = proxy.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    hdrs = dict(headers or {})
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body)
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=hdrs)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), (json.loads(raw) if raw else None)


def test_health_needs_no_token_and_shows_the_dead_balance(service):
    proxy, _ = service
    status, _, body = call(proxy, "GET", "/health", token=None)
    assert status == 200
    assert body["status"] == "degraded"
    assert body["balances"]["pan"]["online"] is True
    assert body["balances"]["dead"]["online"] is False
    assert "cannot open" in body["balances"]["dead"]["last_error"]


@pytest.mark.parametrize("token", [None, "wrong"])
def test_token_is_required(service, token):
    proxy, _ = service
    status, _, body = call(proxy, "GET", "/balances", token=token)
    assert status == 401 and body["error"] == "unauthorised"


def test_token_in_query_for_eventsource_and_listing(service):
    proxy, _ = service
    status, _, body = call(proxy, "GET", f"/balances?token={TOKEN}", token=None)
    assert status == 200
    assert {b["scale"] for b in body["balances"]} == {"pan", "ad", "dead"}
    status, _, _ = call(proxy, "GET", "/balances/nope")
    assert status == 404


def test_cors_preflight_allow_list(service):
    proxy, _ = service
    preflight = {
        "Origin": ODOO,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Private-Network": "true",
    }
    status, headers, _ = call(proxy, "OPTIONS", "/balances/pan/capture", headers=preflight)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ODOO
    assert headers["Access-Control-Allow-Private-Network"] == "true"
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    evil = dict(preflight, Origin="https://evil.example")
    status, headers, _ = call(proxy, "OPTIONS", "/balances/pan/capture", headers=evil)
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, _, _ = call(proxy, "GET", "/balances", headers={"Origin": "https://evil.example"})
    assert status == 403


def test_capture_is_signed_and_verifies(service):
    proxy, sims = service
    sims["pan"].place("12.34", settle=0.2)
    status, headers, body = call(
        proxy,
        "POST",
        "/balances/pan/capture",
        {"timeout": 3, "client_nonce": "wo-7"},
        headers={"Origin": ODOO},
    )
    assert status == 200, body
    assert headers["Access-Control-Allow-Origin"] == ODOO
    signed = body["signed"]
    assert signed["net"] == "12.34" and signed["grams"] == "12.34" and signed["unit"] == "g"
    assert signed["stable"] is True and signed["scale"] == "pan"
    assert signed["client_nonce"] == "wo-7"
    payload = verify_signed_reading("s-pan", signed, seen=NonceCache().seen)
    assert payload["net"] == "12.34" and "signature" not in payload


def test_forged_and_replayed_captures_are_refused(service):
    proxy, sims = service
    sims["pan"].place("5.00")
    _, _, body = call(proxy, "POST", "/balances/pan/capture", {"timeout": 3})
    signed = body["signed"]
    nonces = NonceCache()
    verify_signed_reading("s-pan", signed, seen=nonces.seen)
    with pytest.raises(SignatureError) as replay:
        verify_signed_reading("s-pan", signed, seen=nonces.seen)
    assert replay.value.code == "replayed"
    forged = dict(signed, net="50.00", grams="50.00")
    with pytest.raises(SignatureError) as err:
        verify_signed_reading("s-pan", forged, seen=NonceCache().seen)
    assert err.value.code == "forged"
    with pytest.raises(SignatureError) as other_scale:
        verify_signed_reading("s-ad", signed)
    assert other_scale.value.code == "forged"


def test_capture_times_out_while_the_pan_is_unstable(service):
    proxy, sims = service
    sims["ad"].set_unstable()
    t0 = time.monotonic()
    status, _, body = call(proxy, "POST", "/balances/ad/capture", {"timeout": 0.4})
    assert status == 504 and body["error"] == "timeout"
    assert 0.35 <= time.monotonic() - t0 < 2
    assert body["latest"]["stable"] is False


def test_capture_in_carats_is_refused(service):
    proxy, sims = service
    sims["ad"].set_unit("ct")
    status, _, body = call(proxy, "POST", "/balances/ad/capture", {"timeout": 2})
    assert status == 422
    assert body["refusal"]["code"] == "wrong_unit"
    assert "signed" not in body


def test_dead_balance_is_offline_and_others_keep_serving(service):
    proxy, _ = service
    status, _, body = call(proxy, "POST", "/balances/dead/capture", {"timeout": 1})
    assert status == 503 and body["error"] == "offline"
    status, _, body = call(proxy, "POST", "/balances/ad/capture", {"timeout": 2})
    assert status == 200 and body["signed"]["protocol"] == "and"


def test_tare_and_zero(service):
    proxy, sims = service
    sims["pan"].place("8.00")
    assert proxy.readers["pan"].next_stable(2) is not None
    status, _, body = call(proxy, "POST", "/balances/pan/tare", {})
    assert status == 200 and body == {"ok": True, "confirmed": True, "detail": ""}
    reading = proxy.readers["pan"].wait_reading(lambda r: r.net == Decimal("0.00"), 2)
    assert reading is not None
    status, _, body = call(proxy, "POST", "/balances/pan/zero", {})
    assert status == 200 and body["ok"] is True


def test_sse_stream_delivers_parsed_readings(service):
    proxy, sims = service
    sims["pan"].place("21.00")
    host, port = proxy.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", f"/balances/pan/stream?token={TOKEN}", headers={"Origin": ODOO})
    resp = conn.getresponse()
    assert resp.status == 200
    assert resp.getheader("Content-Type") == "text/event-stream"
    assert resp.getheader("Access-Control-Allow-Origin") == ODOO
    events = []
    deadline = time.monotonic() + 3
    event = None
    while time.monotonic() < deadline and len(events) < 3:
        line = resp.fp.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event == "reading":
            events.append(json.loads(line[6:]))
    conn.close()
    assert len(events) == 3
    assert all(e["scale"] == "pan" and e["unit"] == "g" for e in events)
    assert any(e["net"] == "21.00" and e["capturable"] for e in events)


def test_bad_json_body_is_a_400(service):
    proxy, _ = service
    host, port = proxy.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request(
        "POST", "/balances/pan/capture", body="[1", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert conn.getresponse().status == 400
    conn.close()


# ---------------------------------------------------------------- config


def test_ini_and_json_config(tmp_path):
    ini = tmp_path / "proxy.ini"
    ini.write_text(
        "[proxy]\ntoken = t\nport = 9100\ncors_origins = http://a http://b/\n\n"
        "[balance:b1]\nprotocol = sartorius\nport = /dev/ttyUSB0\nsecret = k\nbaudrate = 9600\n"
    )
    config = load_config(ini)
    assert config.port == 9100 and config.host == "127.0.0.1"
    assert config.cors_origins == ["http://a", "http://b"]
    assert config.balances[0].serial == {"baudrate": 9600}
    js = tmp_path / "proxy.json"
    js.write_text(json.dumps({"token": "t", "balances": [{"id": "x", "protocol": "nope"}]}))
    with pytest.raises(ValueError, match="unknown balance protocol"):
        load_config(js)
    with pytest.raises(ValueError, match="token"):
        config_from_dict({"balances": []})


# ---------------------------------------------------------------- signing helpers


def test_sign_and_verify_round_trip_and_tamper_each_field():
    payload = {"scale": "a", "net": "1.00", "unit": "g", "stable": True, "decimals": 2}
    signed = sign_reading(b"secret", payload, now=1000.0)
    assert signed["signed_at_ms"] == 1_000_000 and len(signed["nonce"]) == 32
    assert verify_signature("secret", signed)
    assert not verify_signature("other", signed)
    for key, value in [("net", "1.01"), ("stable", False), ("nonce", "0" * 32), ("unit", "ct")]:
        assert not verify_signature("secret", dict(signed, **{key: value})), key
    assert not verify_signature("secret", dict(signed, signed_at_ms=1_000_001))
    assert not verify_signature("secret", {k: v for k, v in signed.items() if k != "alg"})


def test_freshness_and_refusals():
    signed = sign_reading("k", {"net": "1"}, now=1000.0)
    assert is_fresh(signed, max_age_s=60, now=1030.0)
    assert not is_fresh(signed, max_age_s=60, now=1100.0)
    assert not is_fresh(signed, now=900.0)  # from the future
    with pytest.raises(SignatureError) as err:
        verify_signed_reading("k", signed, now=2000.0)
    assert err.value.code == "stale"
    with pytest.raises(ValueError):
        sign_reading("k", {"signature": "x"})
    with pytest.raises(TypeError):
        sign_reading("k", {"net": 1.0})  # floats are never signed
    with pytest.raises(SignatureError):
        verify_signed_reading("k", ["not", "a", "dict"])


def test_nonce_cache_forgets_old_entries():
    cache = NonceCache(max_age_s=0.05, max_entries=10)
    assert cache.seen("a") is False
    assert cache.seen("a") is True
    time.sleep(0.06)
    assert cache.seen("a") is False

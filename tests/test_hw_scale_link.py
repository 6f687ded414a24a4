"""hw_scale.link: a balance on a local port or behind the proxy, through one interface."""

import time
from decimal import Decimal

import pytest
from gold_mes.hw_scale.link import LinkError, LocalLink, LocalReaders, ProxyLink
from gold_mes.hw_scale.proxy import ScaleProxy, config_from_dict
from gold_mes.hw_scale.reader import LineSplitter
from gold_mes.hw_scale.signing import verify_signature
from gold_mes.hw_scale.simulator import VirtualBalance

SECRET = "link-secret"


def wait_for(predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


@pytest.fixture
def registry():
    readers = LocalReaders()
    yield readers
    readers.stop_all()


@pytest.fixture
def local(registry):
    sim = VirtualBalance("mt_sics", seed=5).start()
    link = LocalLink(sim.port, "mt_sics", "SN-9", SECRET, registry=registry)
    yield sim, link
    sim.stop()


@pytest.fixture
def proxied():
    sim = VirtualBalance("and", seed=6).start()
    config = config_from_dict(
        {
            "token": "tok",
            "port": 0,
            "balances": [{"id": "b-1", "protocol": "and", "port": sim.port, "secret": SECRET}],
        }
    )
    proxy = ScaleProxy(config).start()
    wait_for(lambda: proxy.readers["b-1"].online)
    yield sim, proxy, ProxyLink(proxy.url, "b-1", "tok")
    proxy.stop()
    sim.stop()


def settle(link, sim, grams):
    sim.place(grams)
    wait_for(lambda: (r := link.latest()) and r["stable"] and Decimal(r["net"]) == Decimal(grams))


def test_bare_ack_byte_is_a_line_of_its_own():
    splitter = LineSplitter()
    assert splitter.feed(b"ST,+00012.34  g\r\n\x06ST,+0001") == [b"ST,+00012.34  g", b"\x06"]
    assert splitter.feed(b"2.34  g\r\n") == [b"ST,+00012.34  g"]


def test_local_capture_is_signed_with_the_scale_name(local, registry):
    sim, link = local
    settle(link, sim, "12.34")
    signed = link.capture(2)
    assert signed["grams"] == "12.34"
    assert signed["scale"] == "SN-9"
    assert verify_signature(SECRET, signed)
    assert registry.ports() == [sim.port]
    assert link.command("tare")["confirmed"] is True


@pytest.mark.parametrize(
    ("code", "breakage"),
    [
        ("wrong_unit", lambda sim: sim.set_unit("ct")),
        ("overload", lambda sim: sim.set_overload()),
        ("unstable", lambda sim: sim.set_unstable()),
    ],
)
def test_refusals_both_ways(local, proxied, code, breakage):
    for sim, link in (local, proxied[::2]):
        settle(link, sim, "5")
        breakage(sim)
        wait_for(lambda link=link: (link.latest() or {}).get("refusal") == code)
        with pytest.raises(LinkError) as caught:
            link.capture(0.5)
        assert caught.value.code == code


def test_offline_both_ways(local, proxied, tmp_path, registry):
    for sim, link in (local, proxied[::2]):
        settle(link, sim, "5")
        sim.unplug()
        wait_for(lambda link=link: not link.status()["online"])
        with pytest.raises(LinkError) as caught:
            link.capture(0.5)
        assert caught.value.code == "offline"
    missing = LocalLink(str(tmp_path / "none"), "mt_sics", "SN-0", SECRET, registry=registry)
    with pytest.raises(LinkError, match="cannot open") as caught:
        missing.latest()
    assert caught.value.code == "offline"


def test_proxy_passes_its_signature_and_maps_errors(proxied):
    sim, proxy, link = proxied
    settle(link, sim, "7.25")
    signed = link.capture(2)
    assert signed["scale"] == "b-1"
    assert verify_signature(SECRET, signed)
    cases = [
        (ProxyLink(proxy.url, "b-1", "wrong"), "unauthorised"),
        (ProxyLink(proxy.url, "nope", "tok"), "not_found"),
        (ProxyLink("http://127.0.0.1:9", "b-1", "tok"), "offline"),
    ]
    for bad, code in cases:
        with pytest.raises(LinkError) as caught:
            bad.capture(0.5)
        assert caught.value.code == code
    with pytest.raises(LinkError) as caught:
        ProxyLink("ftp://x", "b-1", "tok")
    assert caught.value.code == "config"

"""The reader over real pseudo-terminals, against the virtual balance of every protocol."""

import json
import random
import time
from decimal import Decimal
from pathlib import Path

import pytest
from gold_mes.hw_scale.protocols import PROTOCOLS, get_protocol
from gold_mes.hw_scale.reader import BalanceReader
from gold_mes.hw_scale.reading import Reading
from gold_mes.hw_scale.simulator import VirtualBalance
from gold_mes.hw_scale.transport import FakeTransport, SerialTransport, TransportError

FIXTURES = Path(__file__).parent / "fixtures" / "scales"
GRAM_PROTOCOLS = sorted(set(PROTOCOLS) - {"toledo_8217"})


def wait_until(predicate, timeout=2.0, step=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.fixture
def rig(request):
    """Factory: (simulator, reader) on a fresh pty; both torn down after the test."""
    made = []

    def make(name, **sim_kw):
        sim = VirtualBalance(name, seed=1, **sim_kw).start()
        proto = get_protocol(name)
        reader = BalanceReader("t", proto, SerialTransport(sim.port, proto), reconnect_delay=0.1)
        made.append((sim, reader))
        return sim, reader

    yield make
    for sim, reader in made:
        reader.stop()
        sim.stop()


def collect(reader):
    events = reader.subscribe()

    def readings():
        out = []
        while not events.empty():
            event = events.get_nowait()
            if event["type"] == "reading":
                out.append(event["reading"])
        return out

    return readings


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_recorded_stream_in_fragments_with_noise(rig, name):
    """The whole recorded stream, cut into random fragments with noise between lines."""
    doc = json.loads((FIXTURES / f"{name}.json").read_text())
    sim, reader = rig(name)
    sim.responsive = False  # only the recording speaks
    readings = collect(reader)
    reader.start()
    assert wait_until(lambda: reader.counters["opens"] >= 1)
    rng = random.Random(name)
    stream = b"\r\n\xff\xfe garbage \x00\r\n"
    expected = []
    for case in doc["cases"]:
        stream += case["bytes"].encode("latin-1") + b"\x15\xaa noise\r\n"
        if "refusal" not in case["expect"] and "ack" not in case["expect"]:
            expected.append(case["expect"])
    pos = 0
    while pos < len(stream):
        cut = rng.randint(1, 9)
        sim.inject(stream[pos : pos + cut])
        pos += cut
        time.sleep(0.0005)
    assert wait_until(lambda: reader.counters["lines"] >= len(expected))
    got = readings()
    assert len(got) == len(expected)
    for reading, expect in zip(got, expected, strict=False):
        assert reading.scale == "t"
        if "net" in expect:
            assert reading.net == Decimal(expect["net"])
        if "stable" in expect:
            assert reading.stable is expect["stable"]
    assert reader.counters["refused"] >= 2  # the garbage and the noise lines


@pytest.mark.parametrize("name", GRAM_PROTOCOLS)
def test_live_balance_load_settles_then_captures(rig, name):
    sim, reader = rig(name)
    reader.start()
    assert wait_until(lambda: reader.online)
    sim.place("37.50", settle=0.3)
    seen = reader.wait_reading(lambda r: not r.stable, timeout=1.0)
    assert seen is not None and not seen.capturable
    stable = reader.wait_reading(lambda r: r.capturable and r.net == Decimal("37.50"), 2.0)
    assert stable is not None
    assert stable.grams == Decimal("37.50") and stable.unit in ("g", "G")
    assert stable.raw and stable.wall_time > 0


@pytest.mark.parametrize("name", ["mt_sics", "and", "ohaus", "vibra"])
def test_wrong_unit_is_refused_not_converted(rig, name):
    sim, reader = rig(name)
    sim.set_unit("CT" if name == "vibra" else "ct")
    sim.place("14.50")
    reader.start()
    reading = reader.next_stable(2.0)
    assert reading is not None and reading.net == Decimal("14.50")
    assert reading.grams is None
    assert reading.refusal.code == "wrong_unit"


@pytest.mark.parametrize("name", ["mt_sics", "shimadzu", "sartorius", "toledo_8217"])
def test_overload_is_never_capturable(rig, name):
    sim, reader = rig(name)
    sim.set_overload()
    reader.start()
    reading = reader.wait_reading(lambda r: r.overload, 2.0)
    assert reading is not None
    assert reading.refusal.code == "overload"


def test_drift_keeps_the_balance_flag_and_moves_the_value(rig):
    sim, reader = rig("mt_sics")
    sim.place("10.00")
    reader.start()
    first = reader.next_stable(2.0)
    sim.set_drift("0.5")
    later = reader.wait_reading(lambda r: r.net >= first.net + Decimal("0.1"), 2.0)
    assert later is not None and later.stable


def test_unstable_pan_gives_no_stable_reading(rig):
    sim, reader = rig("and")
    sim.place("5.00")
    sim.set_unstable()
    reader.start()
    assert reader.wait_reading(lambda r: not r.stable, 2.0) is not None
    assert reader.next_stable(0.5) is None


def test_stale_input_is_flushed_on_open(rig):
    sim, reader = rig("ohaus")
    sim.inject(b"     999.99 g\r\n" * 5)  # waiting in the port before the reader opens
    sim.place("1.00")
    readings = collect(reader)
    reader.start()
    assert reader.next_stable(2.0).net == Decimal("1.00")
    assert all(r.net != Decimal("999.99") for r in readings())


@pytest.mark.parametrize("name", ["mt_sics", "kern"])
def test_unplug_reports_offline_within_2s_and_replug_reconnects(rig, name):
    sim, reader = rig(name)
    sim.place("2.00")
    reader.start()
    assert wait_until(lambda: reader.online)
    sim.unplug()
    t0 = time.monotonic()
    assert wait_until(lambda: not reader.online, timeout=2.0)
    assert time.monotonic() - t0 < 2.0
    sim.replug()
    sim.place("3.00")
    assert wait_until(lambda: reader.online, timeout=3.0)
    assert reader.wait_reading(lambda r: r.net == Decimal("3.00"), 2.0) is not None
    assert reader.counters["opens"] >= 2


def test_silent_balance_goes_offline_within_2s(rig):
    sim, reader = rig("vibra")
    reader.start()
    assert wait_until(lambda: reader.online)
    sim.responsive = False  # cable still in, balance switched off
    t0 = time.monotonic()
    assert wait_until(lambda: not reader.online, timeout=2.0)
    assert time.monotonic() - t0 <= 2.0


def test_tare_and_zero_are_acknowledged(rig):
    sim, reader = rig("mt_sics")
    sim.place("10.00")
    reader.start()
    assert reader.next_stable(2.0) is not None
    ack = reader.tare()
    assert ack.ok and ack.value == Decimal("10.00")
    assert reader.wait_reading(lambda r: r.net == Decimal("0.00"), 2.0) is not None
    sim.set_unstable()
    assert reader.zero().ok is False


def test_tare_refused_by_and_when_unstable(rig):
    sim, reader = rig("and")
    sim.set_unstable()
    reader.start()
    assert wait_until(lambda: reader.online)
    assert reader.tare().ok is False


def test_command_while_offline_raises(rig):
    _sim, reader = rig("mt_sics")
    with pytest.raises(TransportError):
        reader.tare()


def test_poll_protocol_sends_its_request(rig):
    sim, reader = rig("kern_kcp")
    reader.start()
    assert reader.next_stable(2.0) is not None
    assert b"SI\r\n" in sim.commands_seen


def test_same_reader_runs_on_a_scripted_transport():
    fake = FakeTransport({b"IP\r\n": b"      4.20 g\r\n"})
    reader = BalanceReader("f", get_protocol("ohaus"), fake, reconnect_delay=0.05)
    reader.start()
    try:
        reading = reader.next_stable(2.0)
        assert isinstance(reading, Reading) and reading.grams == Decimal("4.20")
        fake.unplug()
        assert wait_until(lambda: not reader.online, 2.0)
        fake.replug()
        assert wait_until(lambda: reader.online, 2.0)
    finally:
        reader.stop()


def test_pyserial_loop_url_transport():
    transport = SerialTransport("loop://", get_protocol("mt_sics"))
    transport.open()
    try:
        transport.write(b"S S       1.23 g\r\n")
        data = b""
        deadline = time.monotonic() + 1
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            data += transport.read()
        assert get_protocol("mt_sics").parse(data).grams == Decimal("1.23")
    finally:
        transport.close()


def test_missing_port_is_a_transport_error():
    with pytest.raises(TransportError):
        SerialTransport("/nonexistent/tty").open()

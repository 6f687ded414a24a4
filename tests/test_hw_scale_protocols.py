"""Parsers: recorded byte streams per family, round trips, and fuzzing with arbitrary bytes."""

import json
import string
from decimal import Decimal
from pathlib import Path

import pytest
from gold_mes.hw_scale.protocols import PROTOCOLS, get_protocol
from gold_mes.hw_scale.reader import LineSplitter
from gold_mes.hw_scale.reading import Ack, Reading, Refusal
from gold_mes.hw_scale.simulator import FORMATTERS, Display
from hypothesis import given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures" / "scales"
FUZZ = settings(max_examples=200, deadline=None)


def load_cases():
    for path in sorted(FIXTURES.glob("*.json")):
        doc = json.loads(path.read_text())
        for case in doc["cases"]:
            yield pytest.param(doc["protocol"], case, id=f"{doc['protocol']}-{case['name']}")


def parse_stream(protocol, data: bytes):
    """Every line of ``data`` through the parser: Reading, Ack or the Refusal raised."""
    out = []
    for line in LineSplitter().feed(data + b"\n"):
        try:
            out.append(protocol.parse(line))
        except Refusal as exc:
            out.append(exc)
    return out


def check_expectation(result, expect: dict):
    if "refusal" in expect:
        assert isinstance(result, Refusal), result
        assert result.code == expect["refusal"]
        return
    if "ack" in expect:
        assert isinstance(result, Ack), result
        assert result.ok is expect["ack"]
        return
    assert isinstance(result, Reading), result
    if "reading_refusal" in expect:
        assert not result.capturable
        assert result.refusal.code == expect["reading_refusal"]
        with pytest.raises(Refusal):
            result.require_capturable()
    for key in ("net", "gross"):
        if key in expect:
            assert getattr(result, key) == Decimal(expect[key])
    for key in ("unit", "stable", "capturable"):
        if key in expect:
            assert getattr(result, key) == expect[key], key
    if result.capturable:
        assert result.grams == result.net
        assert result.unit in ("g", "G")


def test_every_protocol_has_fixtures_and_a_formatter():
    names = {p.stem for p in FIXTURES.glob("*.json")}
    assert names == set(PROTOCOLS)
    assert set(FORMATTERS) == set(PROTOCOLS)


@pytest.mark.parametrize(("name", "case"), list(load_cases()))
def test_recorded_line(name, case):
    protocol = get_protocol(name)
    results = parse_stream(protocol, case["bytes"].encode("latin-1"))
    assert len(results) == 1
    check_expectation(results[0], case["expect"])


def test_unknown_protocol_is_refused_at_lookup():
    with pytest.raises(ValueError, match="unknown balance protocol"):
        get_protocol("mettler")


def test_reading_dict_has_no_floats_and_keeps_unit_as_sent():
    reading = get_protocol("mt_sics").parse(b"S S      14.50 ct")
    data = reading.to_dict()
    assert data["net"] == "14.50" and data["unit"] == "ct" and data["grams"] is None
    assert data["refusal"] == "wrong_unit" and data["capturable"] is False
    assert not any(isinstance(v, float) for v in data.values())
    assert bytes.fromhex(data["raw_hex"]) == b"S S      14.50 ct"


# ---------------------------------------------------------------- round trips

values = st.decimals(min_value=-99, max_value=199, places=2, allow_nan=False, allow_infinity=False)


@FUZZ
@given(
    name=st.sampled_from(sorted(set(PROTOCOLS) - {"toledo_8217"})),
    value=values,
    stable=st.booleans(),
    unit=st.sampled_from(["g", "ct", "oz"]),
)
def test_formatted_line_parses_back(name, value, stable, unit):
    protocol = get_protocol(name)
    if name == "vibra":
        unit = unit.upper()
    line = FORMATTERS[name](Display(value=value, unit=unit, stable=stable))
    reading = protocol.parse(line)
    assert isinstance(reading, Reading)
    assert reading.net == value
    assert reading.stable is stable
    if reading.unit:
        assert reading.unit == unit
    is_gram = unit in ("g", "G")
    assert reading.capturable is (stable and is_gram)


@FUZZ
@given(value=st.decimals(min_value=0, max_value=99, places=3), motion=st.booleans())
def test_toledo_round_trip_never_capturable(value, motion):
    line = FORMATTERS["toledo_8217"](Display(value=value, unit="", stable=not motion))
    reading = get_protocol("toledo_8217").parse(line)
    assert reading.stable is not motion
    assert not reading.capturable
    if not motion:
        assert reading.net == value


# ---------------------------------------------------------------- fuzzing

PRINTABLE_GRAM_LINE = set(string.printable.encode()) - set(b"\t\x0b\x0c")


@FUZZ
@given(name=st.sampled_from(sorted(PROTOCOLS)), data=st.binary(max_size=80))
def test_parser_survives_arbitrary_bytes(name, data):
    protocol = get_protocol(name)
    try:
        result = protocol.parse(data)
    except Refusal as exc:
        assert exc.code in {"bad_frame", "balance_error"}
        return
    assert isinstance(result, (Reading, Ack))
    if isinstance(result, Reading) and result.capturable:
        # a capturable reading is made only of a well-formed printable line
        assert set(result.raw) <= PRINTABLE_GRAM_LINE
        digits = str(abs(result.grams)).lstrip("0").replace(".", "").lstrip("0")
        assert digits in result.raw.decode().replace(".", "")


@FUZZ
@given(
    name=st.sampled_from(sorted(PROTOCOLS)),
    text=st.text(alphabet="SDTUGgct+-. 0123456789,EOLAQNH?\x02\x06", max_size=30),
)
def test_parser_survives_near_miss_text(name, text):
    protocol = get_protocol(name)
    try:
        result = protocol.parse(text.encode())
    except Refusal:
        return
    if isinstance(result, Reading) and result.capturable:
        assert result.unit in protocol.gram_units
        assert result.stable


@FUZZ
@given(
    lines=st.lists(st.sampled_from([b"S S     100.00 g", b"S D      99.99 g", b"ES"]), max_size=8),
    cuts=st.lists(st.integers(min_value=1, max_value=7), max_size=30),
)
def test_splitter_independent_of_chunking(lines, cuts):
    stream = b"".join(line + b"\r\n" for line in lines)
    splitter, got, pos = LineSplitter(), [], 0
    for cut in cuts:
        got += splitter.feed(stream[pos : pos + cut])
        pos += cut
    got += splitter.feed(stream[pos:])
    assert got == lines


def test_splitter_drops_runaway_noise_and_resyncs():
    splitter = LineSplitter(max_line=16)
    assert splitter.feed(b"x" * 40) == []
    assert splitter.feed(b"tail of line\r\nS S 1.00 g\r\n") == [b"S S 1.00 g"]


def test_wire_time_matches_reference_figures():
    mt = get_protocol("mt_sics")
    assert mt.wire_time(18) == pytest.approx(0.01875)
    sartorius = get_protocol("sartorius")
    assert sartorius.wire_time(16) == pytest.approx(0.133, abs=0.001)  # 1200 7O1

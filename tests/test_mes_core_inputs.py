"""core/inputs.py: what capture() accepts from outside, without Odoo."""

import re
from decimal import Decimal

import pytest
from gold_mes.core import inputs
from gold_mes.core.inputs import InputError
from hypothesis import given
from hypothesis import strategies as st

PLAIN = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,12})?", re.ASCII)


@pytest.mark.parametrize(
    "value",
    ["1e3", "1E3", "1_000", "٣", "１２", "NaN", "inf", "-inf", "Infinity", "+1", " 1", "1 ",
     "0x10", "1.2.3", ".5", "5.", "1,5", "", "1" * 13, True, False, [1], {}, 1e25,
     float("nan"), float("inf"), 2**70, 10**12, -(10**12)],
)  # fmt: skip
def test_refused_decimals(value):
    with pytest.raises(InputError) as caught:
        inputs.parse_decimal(value, "weight_g", negative=True)
    assert caught.value.field == "weight_g"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("375", "375"), ("375.0000", "375.0000"), ("0.0001", "0.0001"), (12, "12"),
     (12.5, "12.5"), (0.1, "0.1"), ("999999999999", "999999999999")],
)  # fmt: skip
def test_plain_decimals(value, expected):
    assert inputs.parse_decimal(value, "w") == Decimal(expected)


def test_negative_only_where_legal():
    assert inputs.parse_decimal("-1.5", "loss", negative=True) == Decimal("-1.5")
    with pytest.raises(InputError) as caught:
        inputs.parse_decimal("-1.5", "weight_g")
    assert caught.value.code == "negative"


@given(st.text(max_size=30))
def test_strings_exactly_the_plain_ones(text):
    """A string passes if and only if it is ASCII digits with one optional point."""
    try:
        value = inputs.parse_decimal(text, "w", negative=True)
    except InputError:
        assert not PLAIN.fullmatch(text)
    else:
        assert PLAIN.fullmatch(text)
        assert value == Decimal(text)


@given(st.integers() | st.floats() | st.booleans() | st.none())
def test_numbers_bounded_and_finite(value):
    try:
        result = inputs.parse_decimal(value, "w", negative=True)
    except InputError:
        return
    assert result is None or (result.is_finite() and abs(result) < inputs.WEIGHT_LIMIT)
    assert not isinstance(value, bool)


@pytest.mark.parametrize("value", [0, -1, 2**31, 2**63, "5", 5.0, True, [1]])
def test_refused_ids(value):
    with pytest.raises(InputError):
        inputs.parse_id(value, "workorder_id")


def test_ids():
    assert inputs.parse_id(None, "x") is None
    assert inputs.parse_id(False, "x") is None
    assert inputs.parse_id(2**31 - 1, "x") == 2**31 - 1


@pytest.mark.parametrize(
    ("value", "code"),
    [("a\x00b", "control"), ("a\x07", "control"), ("k" * 129, "length"), (5, "type"),
     (["k"], "type")],
)  # fmt: skip
def test_refused_text(value, code):
    with pytest.raises(InputError) as caught:
        inputs.parse_text(value, "idempotency_key", 128)
    assert caught.value.code == code


def test_text():
    assert inputs.parse_text("  kiosk-1f  ", "k", 128) == "kiosk-1f"
    assert inputs.parse_text("two\nlines", "reason", 1000, multiline=True) == "two\nlines"
    assert inputs.parse_text(None, "reason", 10) == ""
    with pytest.raises(InputError):
        inputs.parse_text("two\nlines", "idempotency_key", 128)


def test_choice_and_bool():
    assert inputs.parse_choice("in", "kind", ("in", "out")) == "in"
    for value in (["in"], "IN", 5, None):
        with pytest.raises(InputError):
            inputs.parse_choice(value, "kind", ("in", "out"))
    assert inputs.parse_bool(None, "b") is False
    for value in (1, "yes", "true"):
        with pytest.raises(InputError):
            inputs.parse_bool(value, "b")

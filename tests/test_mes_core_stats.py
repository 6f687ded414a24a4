"""Control limits and drift flags on loss history."""

from decimal import Decimal as D

import pytest
from gold_mes.core import GoldLedgerError, control_limits, flag_drift


def test_control_limits_sample_sigma_and_floor_at_zero():
    limits = control_limits([D(1), D(2), D(3), D(4), D(5)])
    assert (limits.n, limits.mean, limits.sigma) == (5, D("3"), D("1.5811"))
    assert (limits.lcl, limits.ucl) == (D("0"), D("7.7434"))
    assert all(isinstance(v, D) for v in (limits.mean, limits.sigma, limits.lcl, limits.ucl))


def test_control_limits_use_the_last_window_only():
    limits = control_limits([D(i) for i in range(1, 31)], window=20)
    assert (limits.n, limits.mean) == (20, D("20.5"))
    tight = control_limits([D("2.00"), D("2.02"), D("1.98"), D("2.00")])
    assert tight.lcl > 0
    assert (tight.sigma, tight.lcl, tight.ucl) == (D("0.0163"), D("1.9510"), D("2.0490"))


def test_control_limits_edge_cases():
    single = control_limits([D("2.5")])
    assert (single.sigma, single.lcl, single.ucl) == (0, D("2.5"), D("2.5"))
    with pytest.raises(GoldLedgerError):
        control_limits([])
    with pytest.raises(GoldLedgerError):
        control_limits([D(1)], window=0)


HISTORY = [D("2.0"), D("2.1"), D("1.9"), D("2.0"), D("2.2"), D("1.8"), D("2.0"), D("2.1")]


def test_flag_drift():
    assert flag_drift(HISTORY[:3], D("9")) == "insufficient"
    assert flag_drift(HISTORY, D("2.05")) == "ok"
    assert flag_drift(HISTORY, D("2.6")) == "above"
    assert flag_drift(HISTORY, D("1.4")) == "below"
    creeping = [D("2.0"), D("1.9"), D("2.1"), D("2.0")] * 3 + [D("2.05")] * 7
    assert flag_drift(creeping, D("2.05")) == "drift_up"
    sinking = [D("2.0"), D("1.9"), D("2.1"), D("2.0")] * 3 + [D("1.95")] * 7
    assert flag_drift(sinking, D("1.95")) == "drift_down"

"""The generated workshop closes exactly, batch by batch, gross and fine, and its
workers behave as their profiles say."""

from datetime import datetime
from decimal import Decimal
from itertools import islice

import pure_path  # noqa: F401
import pytest
from gold_mes.core import check_conservation, classify_loss, order_balance_from_lines
from gold_mes.core.workshop_plan import (
    DEFAULT_STAGES,
    batches,
    by_day,
    default_workers,
    lines_per_batch,
    size_for,
)
from hypothesis import given, settings
from hypothesis import strategies as st


def _balance(batch):
    return order_balance_from_lines(batch.lines(), batch.core_stages(DEFAULT_STAGES))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), abnormal_every=st.integers(0, 7))
def test_every_batch_closes_exactly(seed, abnormal_every):
    for batch in batches(days=3, batches_per_day=4, seed=seed, abnormal_every=abnormal_every):
        balance = _balance(batch)
        assert check_conservation(balance, raise_error=False) is None
        assert balance.issued == batch.issued
        assert balance.finished == batch.finished
        assert balance.loss == sum((s.loss for s in batch.stages), Decimal(0))
        assert balance.scrap == sum((s.scrap for s in batch.stages), Decimal(0))
        assert balance.issued == balance.finished + balance.scrap + balance.loss


def test_stage_chain_and_abnormal_flag_agree_with_the_ledger_rule():
    for batch in batches(days=5, batches_per_day=3, abnormal_every=4):
        previous = batch.issued
        for stage, profile in zip(batch.stages, DEFAULT_STAGES, strict=True):
            assert stage.weight_in == previous
            previous = stage.weight_out
            verdict = classify_loss(stage.weight_in, stage.loss, profile.tolerance_pct)
            assert (verdict == "abnormal") == stage.abnormal, stage
            assert stage.dust <= stage.loss


def test_the_same_seed_gives_the_same_workshop():
    first = list(batches(days=2, seed=7))
    assert first == list(batches(days=2, seed=7))
    assert first != list(batches(days=2, seed=8))


def test_the_three_filers_keep_their_profiles():
    losses = {}
    for batch in batches(days=30, batches_per_day=3):
        filing = batch.stages[1]
        losses.setdefault(filing.worker, []).append(filing.loss / filing.weight_in * 100)
    assert min(losses["Filer Fast"]) >= Decimal("3.99") and max(losses["Filer Fast"]) <= Decimal(
        "4.61"
    )
    assert min(losses["Filer Slow"]) >= Decimal("1.89") and max(losses["Filer Slow"]) <= Decimal(
        "2.11"
    )
    assert all(Decimal("2.79") <= x <= Decimal("3.21") for x in losses["Filer Mid"])


def test_a_year_of_a_fifty_worker_shop_is_sized_and_streamed():
    workers = default_workers(50)
    assert len(workers) == 50 and {w.stage for w in workers} == {s.name for s in DEFAULT_STAGES}
    per_day = size_for(1_000_000, 300)
    assert abs(per_day * 300 * lines_per_batch() - 1_000_000) < 300 * lines_per_batch()
    stream = batches(days=300, batches_per_day=per_day, workers=workers)
    head = list(islice(stream, 5))
    assert len(head) == 5 and len({b.ref for b in head}) == 5


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32), trays=st.integers(1, 25))
def test_stages_weighed_in_trays_close_exactly_and_size_the_year(seed, trays):
    for batch in batches(days=2, batches_per_day=2, seed=seed, trays=trays):
        assert len(batch.lines()) == lines_per_batch(trays=trays)
        for stage in batch.stages:
            assert len(stage.in_trays()) == len(stage.out_trays()) == trays
            assert sum(stage.in_trays()) == stage.weight_in
            assert sum(stage.out_trays()) == stage.weight_out
            assert all(tray > 0 for tray in stage.out_trays())
        balance = _balance(batch)
        assert check_conservation(balance, raise_error=False) is None
        assert balance.finished == batch.finished
        times = [line.at for line in batch.captures(datetime(2026, 11, 2, 7, 30))]
        assert times == sorted(times)
    per_day = size_for(1_000_000, 300, trays=trays)
    assert abs(per_day * 300 * lines_per_batch(trays=trays) - 1_000_000) <= max(
        150 * lines_per_batch(trays=trays), 1_000_000 // 300
    )


def test_a_stage_cannot_be_weighed_in_no_tray():
    with pytest.raises(ValueError):
        next(batches(days=1, trays=0))


def test_by_day_streams_the_plan_a_day_at_a_time():
    plan = list(batches(days=4, batches_per_day=3, seed=2))
    days = list(by_day(iter(plan)))
    assert [day for day, _ in days] == sorted({b.day for b in plan})
    assert [b for _, group in days for b in group] == plan
    assert all(len(group) == 3 and {b.day for b in group} == {day} for day, group in days)
    assert list(by_day(iter([]))) == []

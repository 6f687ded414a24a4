"""Order (batch) balance and the conservation checks, gross and fine."""

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from .errors import ConservationError
from .ledger import StageBalance, stage_balances
from .weights import ZERO, to_grams


@dataclass(frozen=True, slots=True)
class OrderBalance:
    """The balance of one order (batch), gross and fine, grams.

    Identity (exact, gross and fine):
        issued = finished + in_process + scrap + returned + loss + transit_variance
    ``total_loss`` = loss + transit_variance; ``discrepancy`` = issued - right-hand side
    (zero when the order closes).
    """

    stages: tuple[StageBalance, ...]
    issued: Decimal = ZERO
    finished: Decimal = ZERO
    in_process: Decimal = ZERO
    scrap: Decimal = ZERO
    returned: Decimal = ZERO
    loss: Decimal = ZERO
    transit_variance: Decimal = ZERO
    fine_issued: Decimal = ZERO
    fine_finished: Decimal = ZERO
    fine_in_process: Decimal = ZERO
    fine_scrap: Decimal = ZERO
    fine_returned: Decimal = ZERO
    fine_loss: Decimal = ZERO
    fine_transit_variance: Decimal = ZERO
    key: Hashable = None

    @property
    def total_loss(self):
        return self.loss + self.transit_variance

    @property
    def fine_total_loss(self):
        return self.fine_loss + self.fine_transit_variance

    @property
    def accounted(self):
        return self.finished + self.in_process + self.scrap + self.returned + self.total_loss

    @property
    def fine_accounted(self):
        return (
            self.fine_finished
            + self.fine_in_process
            + self.fine_scrap
            + self.fine_returned
            + self.fine_total_loss
        )

    @property
    def discrepancy(self):
        return self.issued - self.accounted

    @property
    def fine_discrepancy(self):
        return self.fine_issued - self.fine_accounted


def _sum(stages, attribute):
    return sum((getattr(stage, attribute) for stage in stages), ZERO)


def _given(value, default, what):
    return default if value is None else to_grams(value, what)


def order_balance(
    issued,
    stages,
    finished=None,
    returned=None,
    *,
    fine_issued=None,
    fine_finished=None,
    fine_returned=None,
    key=None,
):
    """Balance an order from its StageBalance list; returns an OrderBalance.

    Every argument left as None is taken from ``stages``: issued = sum of stage issues,
    finished = the last stage's carried-out weight (out - returned), returned = sum of
    stage returns.  Give ``issued`` / ``finished`` / ``returned`` (and their fine
    twins) from the ERP side (stock moves) to cross-check the ledger: a mismatch shows
    in ``discrepancy`` and makes check_conservation raise.  in_process, scrap, loss and
    transit_variance always come from ``stages``.
    """
    stages = tuple(stages)
    last = stages[-1] if stages else None
    default_finished = last.carried_out if last is not None else ZERO
    default_fine_finished = last.fine_carried_out if last is not None else ZERO
    return OrderBalance(
        stages=stages,
        issued=_given(issued, _sum(stages, "issued"), "issued"),
        finished=_given(finished, default_finished, "finished"),
        in_process=_sum(stages, "in_process"),
        scrap=_sum(stages, "scrap"),
        returned=_given(returned, _sum(stages, "returned"), "returned"),
        loss=_sum(stages, "loss"),
        transit_variance=_sum(stages, "transit_variance"),
        fine_issued=_given(fine_issued, _sum(stages, "fine_issued"), "fine issued"),
        fine_finished=_given(fine_finished, default_fine_finished, "fine finished"),
        fine_in_process=_sum(stages, "fine_in_process"),
        fine_scrap=_sum(stages, "fine_scrap"),
        fine_returned=_given(fine_returned, _sum(stages, "fine_returned"), "fine returned"),
        fine_loss=_sum(stages, "fine_loss"),
        fine_transit_variance=_sum(stages, "fine_transit_variance"),
        key=key,
    )


def order_balance_from_lines(lines, stages, key=None):
    """Shortcut: ``order_balance(None, stage_balances(lines, stages), key=key)``."""
    return order_balance(None, stage_balances(lines, stages), key=key)


def _stage_identities(stage, carried, fine_carried):
    """(measure, identity, left, right) for one stage."""
    return (
        ("gross", "expected in = carried in + issued", stage.expected_in, carried + stage.issued),
        (
            "fine",
            "expected in = carried in + issued",
            stage.fine_expected_in,
            fine_carried + stage.fine_issued,
        ),
        (
            "gross",
            "expected in = weight in + transit variance",
            stage.expected_in,
            stage.weight_in + stage.transit_variance,
        ),
        (
            "fine",
            "expected in = weight in + transit variance",
            stage.fine_expected_in,
            stage.fine_in + stage.fine_transit_variance,
        ),
        (
            "gross",
            "weight in = out + scrap + loss + in process",
            stage.weight_in,
            stage.weight_out + stage.scrap + stage.loss + stage.in_process,
        ),
        (
            "fine",
            "weight in = out + scrap + loss + in process",
            stage.fine_in,
            stage.fine_out + stage.fine_scrap + stage.fine_loss + stage.fine_in_process,
        ),
    )


def _first_failure(balance):
    carried = fine_carried = ZERO
    for stage in balance.stages:
        for measure, identity, left, right in _stage_identities(stage, carried, fine_carried):
            if left != right:
                return ConservationError(stage.key, measure, identity, left, right)
        carried, fine_carried = stage.carried_out, stage.fine_carried_out
    identity = "issued = finished + in process + scrap + returned + loss + transit"
    if balance.discrepancy != 0:
        return ConservationError(None, "gross", identity, balance.issued, balance.accounted)
    if balance.fine_discrepancy != 0:
        return ConservationError(
            None, "fine", identity, balance.fine_issued, balance.fine_accounted
        )
    return None


def check_conservation(balance, raise_error=True):
    """Check that gold closes at every stage, then for the order, exactly, gross and fine.

    ``balance``: an OrderBalance.  Stages are checked in order (the chain from one stage
    to the next, the transit identity, then in = out + scrap + loss + in process), gross
    before fine, then the order identity.  The first failure raises a ConservationError
    naming the stage (None: the order) and the difference; with ``raise_error=False``
    it is returned instead.  Returns None when everything closes.
    """
    error = _first_failure(balance)
    if error is not None and raise_error:
        raise error
    return error

"""Errors of the gold ledger.

Every error is a ``ValueError`` (so ``capture()`` and wizards can turn it into a
``UserError`` in one place) and its message names the stage or line and the figures.
"""


class GoldLedgerError(ValueError):
    """Base class: the ledger refuses the figures it was given."""


class NegativeWeightError(GoldLedgerError):
    """A weight below zero was given where only a weighed amount makes sense."""


class LineError(GoldLedgerError):
    """A ledger line is malformed (unknown kind, stage, reversal without original...)."""


class ConservationError(GoldLedgerError):
    """Gold does not close: ``left`` and ``right`` of an identity differ.

    Attributes: ``stage`` (stage key, or ``None`` for the order as a whole),
    ``measure`` (``"gross"`` or ``"fine"``), ``identity`` (the identity checked, in words),
    ``left``, ``right`` and ``difference`` (= left - right) in grams.
    """

    def __init__(self, stage, measure, identity, left, right):
        self.stage = stage
        self.measure = measure
        self.identity = identity
        self.left = left
        self.right = right
        self.difference = left - right
        where = "order" if stage is None else f"stage {stage!r}"
        super().__init__(
            f"{where} does not close in {measure} gold: {identity}: "
            f"{left} g != {right} g (difference {self.difference} g)"
        )

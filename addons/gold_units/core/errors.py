"""Errors raised by the gold units core.

All derive from :class:`GoldUnitsError`, itself a :class:`ValueError`, so a caller
that only knows "bad value" still catches them; the Odoo layer turns them into
``UserError`` / ``ValidationError`` with the message unchanged.
"""


class GoldUnitsError(ValueError):
    """Base class of every error of ``gold_units.core``."""


class UnknownUnitError(GoldUnitsError):
    """A unit code, symbol or alias that the unit table does not know."""


class InvalidWeightError(GoldUnitsError):
    """A weight or quantity that is not a finite, non-negative number."""


class WeightParseError(GoldUnitsError):
    """Text that cannot be read as a weight (``1 lượng 2 chỉ``, ``46.275 g`` …)."""


class PurityError(GoldUnitsError):
    """A fineness, karat or tuổi outside its range, or unreadable purity text."""


class AlloyImpossibleError(GoldUnitsError):
    """The alloy solver cannot reach the target; ``reason`` says why (a code)."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason

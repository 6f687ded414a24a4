"""What the sheets of the reconciliation workbook share: the header row's height, the
words for a stage's status and loss type, and a row of weight cells.
"""

from .xlsx_layout import Cell, _

HEADER_HEIGHT = 32  # two lines of a wrapped header


STATUS_LABELS = {"ok": _("OK"), "abnormal": _("Abnormal"), "gain": _("Gain"), "open": _("Open")}
LOSS_TYPE_LABELS = {"burn": _("Burn"), "recoverable": _("Recoverable")}


def _weights(_table, _row, values):
    return {key: Cell(value, "weight") for key, value in values.items()}

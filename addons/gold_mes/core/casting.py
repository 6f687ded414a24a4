"""The casting mix: which metals at hand go into the batch, and the check of each
component weighed on the balance against its line.

The recipe itself comes from ``gold_units``' alloy solver (``solve_alloy``), called by
the Odoo model at the batch's weight; this module sorts the metals at hand into the
solver's kinds and checks the weighed components.  Exact throughout: grams are Decimal
on the 0.0001 g grid, fine gold is ``grams × fineness / 1000`` summed exactly (as
Fractions), the resulting fineness is rounded DOWN to 0.01 ‰, so it is never
overstated: purity standards allow no minus tolerance.

    metal_kind(fineness) -> 'fine' | 'alloy' | 'scrap'
    check_mix(lines, target, margin, tolerance_g) -> MixCheck
    assay_check(assay, target) -> AssayCheck
"""

from collections import namedtuple
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from .errors import GoldLedgerError
from .weights import QUANTUM, ZERO, fine_grams, to_fineness, to_grams

FINE_GOLD_FROM = Decimal(999)  # 999 and 9999 are fine gold; anything leaner is a lot
FINENESS_QUANTUM = Decimal("0.01")

# one component: planned grams, weighed grams (None: not weighed yet), fineness ‰
MixLine = namedtuple("MixLine", "key planned_g weighed_g fineness")
# the check of one line: signed deviation (weighed - planned), within its tolerance
LineCheck = namedtuple("LineCheck", "key planned_g weighed_g deviation_g fine_g within")
MixCheck = namedtuple(
    "MixCheck",
    "lines weighed_g fine_g fineness fineness_exact complete within_tolerance"
    " below_target above_band verdict",
)
AssayCheck = namedtuple("AssayCheck", "assay target difference below")


def metal_kind(fineness):
    """The solver's kind for a metal of ``fineness`` ‰: fine gold from 999 ‰, master
    alloy at 0 ‰ (no gold), a lot (scrap, grain of another karat) in between."""
    value = to_fineness(fineness)
    if value >= FINE_GOLD_FROM:
        return "fine"
    if not value:
        return "alloy"
    return "scrap"


def _exact_fineness(pairs):
    """(exact Fraction ‰, total grams, fine grams shown) of (grams, fineness) pairs."""
    total = sum((grams for grams, _fineness in pairs), ZERO)
    content = sum((Fraction(grams) * Fraction(fineness) for grams, fineness in pairs), Fraction(0))
    fine = sum((fine_grams(grams, fineness) for grams, fineness in pairs), ZERO)
    if not total:
        return None, total, fine
    return content / Fraction(total), total, fine


def _round_down(value):
    """A Fraction rounded DOWN to 0.01 ‰, exactly (no float, no ambient context)."""
    hundredths = (value * 100).numerator // (value * 100).denominator
    return (Decimal(hundredths) / 100).quantize(FINENESS_QUANTUM, rounding=ROUND_DOWN)


def check_mix(lines, target, margin, tolerance_g):
    """Check weighed components against their planned lines.

    ``lines``: :class:`MixLine` (``weighed_g`` None while not weighed).  A line is
    within its tolerance when ``|weighed - planned| <= tolerance_g``.  The resulting
    fineness is that of the weighed grams (exact, and rounded DOWN to 0.01 ‰ for the
    screen).  ``verdict``: ``incomplete`` (a line not weighed), ``off_tolerance`` (a
    line beyond its tolerance), ``below_target`` (the melt under the target: never
    poured), ``above_band`` (over target + margin: gold given away, still pourable) or
    ``ok``.
    """
    target = to_fineness(target, "target fineness")
    margin = to_fineness(margin, "margin")
    tolerance = to_grams(tolerance_g, "tolerance")
    if not lines:
        raise GoldLedgerError("the mix has no component")
    checks = []
    for line in lines:
        planned = to_grams(line.planned_g, f"planned grams of {line.key}")
        to_fineness(line.fineness, f"fineness of {line.key}")
        if line.weighed_g is None:
            checks.append(LineCheck(line.key, planned, None, None, None, False))
            continue
        weighed = to_grams(line.weighed_g, f"weighed grams of {line.key}")
        deviation = weighed - planned
        checks.append(
            LineCheck(
                line.key,
                planned,
                weighed,
                deviation,
                fine_grams(weighed, line.fineness),
                abs(deviation) <= tolerance,
            )
        )
    pairs = [
        (check.weighed_g, to_fineness(line.fineness))
        for check, line in zip(checks, lines, strict=True)
        if check.weighed_g is not None
    ]
    exact, total, fine = _exact_fineness(pairs)
    complete = all(check.weighed_g is not None for check in checks)
    within = all(check.within for check in checks if check.weighed_g is not None)
    below = exact is not None and exact < Fraction(target)
    above = exact is not None and exact > Fraction(target + margin)
    if not complete:
        verdict = "incomplete"
    elif not within:
        verdict = "off_tolerance"
    elif below:
        verdict = "below_target"
    elif above:
        verdict = "above_band"
    else:
        verdict = "ok"
    return MixCheck(
        lines=tuple(checks),
        weighed_g=total,
        fine_g=fine,
        fineness=_round_down(exact) if exact is not None else None,
        fineness_exact=exact,
        complete=complete,
        within_tolerance=within,
        below_target=below,
        above_band=above,
        verdict=verdict,
    )


def planned_fineness(lines):
    """The fineness (‰, rounded DOWN to 0.01) of the planned grams of ``lines``."""
    pairs = [(to_grams(line.planned_g), to_fineness(line.fineness)) for line in lines]
    exact, _total, _fine = _exact_fineness(pairs)
    return _round_down(exact) if exact is not None else None


def assay_check(assay, target):
    """The assay of the cast against the target: ``below`` when under it (purity
    standards allow no minus tolerance); ``difference`` = assay - target, in ‰."""
    assay = to_fineness(assay, "assay fineness")
    target = to_fineness(target, "target fineness")
    difference = (assay - target).quantize(FINENESS_QUANTUM, rounding=ROUND_HALF_UP)
    return AssayCheck(assay, target, difference, assay < target)


__all__ = [
    "FINE_GOLD_FROM",
    "QUANTUM",
    "AssayCheck",
    "LineCheck",
    "MixCheck",
    "MixLine",
    "assay_check",
    "check_mix",
    "metal_kind",
    "planned_fineness",
]

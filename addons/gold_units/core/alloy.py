"""Alloy solver: which metals, and how much of each, make a melt of a target fineness.

Fineness standards (ISO 9202) allow no minus tolerance, so the melt must land in
``[target, target + margin]`` ‰.  The solver aims at the middle of that band (or
at ``aim``), uses the scrap lots first (nearest the aim first), then fine
gold, then master alloy, and returns gram figures on the balance's grid (0.1 mg by
default) whose sum is exactly the wanted total.

How: each metal ``i`` contributes ``x_i`` grams and ``x_i (f_i - aim)`` to the
deviation from the aim; a melt hits the aim when the deviations cancel.  Taking
metals in order of preference, each gets the largest amount that still lets the
metals after it complete the melt.  For a given mass the metals after it can
make any deviation between "leanest first" and "richest first" (both piecewise
linear in the mass), so that largest amount is found exactly on the pieces.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise

from .errors import AlloyImpossibleError, GoldUnitsError, InvalidWeightError, PurityError
from .numbers import as_fraction, exact_decimal, plain, round_fraction
from .purity import check_fineness

KINDS = ("scrap", "fine", "alloy")  # also the order of preference
DEFAULT_MARGIN = Decimal(2)


@dataclass(frozen=True)
class Metal:
    """A metal at hand: ``kind`` is ``scrap``, ``fine`` (fine gold) or ``alloy`` (master alloy)."""

    name: str
    fineness: Decimal
    available_grams: Decimal
    kind: str = "scrap"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise GoldUnitsError(
                f"metal {self.name!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}"
            )
        try:
            fineness = check_fineness(self.fineness)
        except PurityError as err:
            raise PurityError(f"metal {self.name!r}: {err}") from None
        available = as_fraction(self.available_grams, f"available grams of {self.name!r}")
        object.__setattr__(self, "fineness", exact_decimal(fineness))
        object.__setattr__(self, "available_grams", exact_decimal(available))


@dataclass(frozen=True)
class AlloyLine:
    """How much of one metal goes into the melt, and the fine gold it brings."""

    name: str
    kind: str
    fineness: Decimal
    grams: Decimal
    fine_grams: Decimal


@dataclass(frozen=True)
class AlloyResult:
    """The melt: one line per metal given (0 g when unused), in the order given.

    ``fineness`` is rounded DOWN to 0.01 ‰ (never overstated);
    ``fineness_exact`` is the exact Fraction.
    """

    lines: tuple
    total_grams: Decimal
    fine_grams: Decimal
    fineness: Decimal
    fineness_exact: Fraction
    target: Decimal
    margin: Decimal
    aim: Decimal

    def shown_figures(self, places=4):
        """The figures a screen shows, consistent with each other.

        Returns ``(line fine grams, fine grams, fineness)``: each line's fine gold
        rounded HALF-UP to ``places`` decimals, their sum, and the fineness those
        shown figures give (sum × 1000 / total, HALF-UP to 0.01 ‰), so the screen
        never reads 750.99 ‰ beside 75.1000 g of fine gold in a 100 g melt.
        """
        fines = tuple(
            round_fraction(Fraction(line.fine_grams), places, ROUND_HALF_UP) for line in self.lines
        )
        fine = sum(fines, Decimal(0))
        total = Fraction(self.total_grams)
        fineness = round_fraction(Fraction(fine) * 1000 / total, 2, ROUND_HALF_UP)
        return fines, fine, fineness

    def grams_by_name(self):
        """``{metal name: grams}`` for the metals actually used."""
        return {line.name: line.grams for line in self.lines if line.grams}


def _refuse(reason, message):
    raise AlloyImpossibleError(message, reason)


def _fill(lots, mass):
    """Deviation collected by taking ``mass`` grams from ``lots`` in that order."""
    total = Fraction(0)
    for avail, dev in lots:
        take = min(avail, mass)
        total += take * dev
        mass -= take
        if not mass:
            break
    return total


def _extremes(lots, mass):
    """(lowest, highest) deviation ``mass`` grams of ``lots`` can carry."""
    ordered = sorted(lots, key=lambda lot: lot[1])
    return _fill(ordered, mass), _fill(ordered[::-1], mass)


def _breakpoints(rest, mass, low, high):
    """Amounts of the current metal where the completion bounds change slope."""
    points = {low, high}
    for ordered in (sorted(rest, key=lambda lot: lot[1]), sorted(rest, key=lambda lot: -lot[1])):
        filled = Fraction(0)
        for avail, _dev in ordered:
            filled += avail
            if low < mass - filled < high:
                points.add(mass - filled)
    return sorted(points)


def _segment_top(a, b, slack_a, slack_b):
    """Largest x in [a, b] where both linear slacks are >= 0, or None."""
    low, high = a, b
    for left, right in zip(slack_a, slack_b, strict=True):
        if left < 0 and right < 0:
            return None
        if left >= 0 and right >= 0:
            continue
        root = a + (b - a) * left / (left - right)
        if left >= 0:
            high = min(high, root)
        else:
            low = max(low, root)
    return high if low <= high else None


def _max_take(avail, dev, rest, mass, need):
    """Most grams of a metal (``avail``, deviation ``dev``) the melt can take.

    ``mass`` grams carrying ``need`` deviation are still to place; ``rest`` are
    the metals after this one.
    """
    low = max(Fraction(0), mass - sum(lot[0] for lot in rest))
    high = min(avail, mass)
    if low > high:
        return None

    def slack(x):
        least, most = _extremes(rest, mass - x)
        wanted = need - x * dev
        return most - wanted, wanted - least

    points = _breakpoints(rest, mass, low, high)
    if len(points) == 1:
        return points[0] if min(slack(points[0])) >= 0 else None
    tops = [_segment_top(a, b, slack(a), slack(b)) for a, b in pairwise(points)]
    tops = [top for top in tops if top is not None]
    return max(tops) if tops else None


def _preferred(metals, aim):
    """Scrap, then fine gold, then alloy; within a kind the metal nearest the aim first.

    Nearest first gets the most scrap into the melt: a lot close to the aim
    needs the least fine gold or alloy to correct it.  Ties keep the order given.
    """
    return sorted(
        range(len(metals)),
        key=lambda i: (KINDS.index(metals[i].kind), abs(Fraction(metals[i].fineness) - aim)),
    )


def _greedy(metals, total, aim):
    """Exact grams per metal index meeting ``total`` at exactly ``aim`` ‰."""
    order = _preferred(metals, aim)
    lots = [
        (Fraction(metals[i].available_grams), Fraction(metals[i].fineness) - aim) for i in order
    ]
    mass, need, grams = total, Fraction(0), {}
    for pos, index in enumerate(order):
        avail, dev = lots[pos]
        take = _max_take(avail, dev, lots[pos + 1 :], mass, need)
        if take is None:  # cannot happen once _choose_aim has accepted the aim
            _refuse("internal", f"no way to place metal {metals[index].name!r}")
        grams[index] = take
        mass -= take
        need -= take * dev
    return grams


def _validate(target, margin, total, places):
    low = check_fineness(target)
    if low == 0:
        raise PurityError("target fineness must be above 0 ‰")
    band = as_fraction(margin, "margin (‰)")
    weight = as_fraction(total, "total weight")
    if weight == 0:
        raise InvalidWeightError("total weight must be above 0 g")
    if (weight * 10**places).denominator != 1:
        raise InvalidWeightError(f"total weight {total} has more than {places} decimals")
    return low, min(low + band, Fraction(1000)), weight


def _check_supply(metals, low, high, total):
    if not metals:
        _refuse("no_metals", "no metals given")
    finest = max(metals, key=lambda metal: metal.fineness)
    leanest = min(metals, key=lambda metal: metal.fineness)
    if finest.fineness < low:
        _refuse(
            "target_above_finest",
            f"target {plain(exact_decimal(low))} ‰ is above the finest metal at hand"
            f" ({finest.name!r}, {finest.fineness} ‰)",
        )
    if leanest.fineness > high:
        _refuse(
            "target_below_leanest",
            f"target band up to {plain(exact_decimal(high))} ‰ is below the leanest metal at"
            f" hand ({leanest.name!r}, {leanest.fineness} ‰): add master alloy",
        )
    available = sum(Fraction(metal.available_grams) for metal in metals)
    if available < total:
        _refuse(
            "not_enough_metal",
            f"{plain(exact_decimal(total))} g wanted but only"
            f" {plain(exact_decimal(available))} g of metal at hand",
        )


def _choose_aim(metals, low, high, total, aim):
    lots = [(Fraction(metal.available_grams), Fraction(metal.fineness)) for metal in metals]
    least, most = (content / total for content in _extremes(lots, total))
    shown = (plain(round_fraction(value, 2, ROUND_DOWN)) for value in (least, most))
    least_text, most_text = shown
    if most < low:
        _refuse(
            "not_enough_fine_gold",
            f"not enough fine gold: the richest {plain(exact_decimal(total))} g melt"
            f" possible is {most_text} ‰, below the target {plain(exact_decimal(low))} ‰",
        )
    if least > high:
        _refuse(
            "not_enough_alloy",
            f"not enough alloy: the leanest {plain(exact_decimal(total))} g melt possible"
            f" is {least_text} ‰, above {plain(exact_decimal(high))} ‰",
        )
    low, high = max(low, least), min(high, most)
    if aim is None:
        return (low + high) / 2
    wanted = check_fineness(aim)
    if not low <= wanted <= high:
        _refuse(
            "aim_out_of_band",
            f"aim {aim} ‰ is outside the reachable band"
            f" {plain(round_fraction(low, 2, ROUND_HALF_UP))}–"
            f"{plain(round_fraction(high, 2, ROUND_HALF_UP))} ‰",
        )
    return wanted


def _on_grid(metals, grams, places):
    scale = 10**places
    caps = [Fraction(math.floor(Fraction(m.available_grams) * scale), scale) for m in metals]
    rounded = [min(Fraction(round_fraction(grams[i], places)), caps[i]) for i in range(len(metals))]
    return rounded, caps


def _in_band(metals, grams, low, high, total):
    content = sum(g * Fraction(m.fineness) for g, m in zip(grams, metals, strict=True))
    return low * total <= content <= high * total


def _weighable(metals, grams, band, total, places):
    """Grams on the 10^-places grid, summing exactly to ``total``, still in the band."""
    low, high = band
    rounded, caps = _on_grid(metals, grams, places)
    residue = total - sum(rounded)
    if not residue and _in_band(metals, rounded, low, high, total):
        return rounded
    aim = (low + high) / 2
    for i in sorted(range(len(metals)), key=lambda i: abs(Fraction(metals[i].fineness) - aim)):
        trial = list(rounded)
        trial[i] += residue
        if 0 <= trial[i] <= caps[i] and _in_band(metals, trial, low, high, total):
            return trial
    return _refuse(
        "precision",
        f"the band cannot be met when weighing to {places} decimals;"
        " widen the margin or make a larger melt",
    )


def solve_alloy(target, metals, total_grams, margin=DEFAULT_MARGIN, *, places=4, aim=None):
    """Grams of each metal for ``total_grams`` of melt at ``target`` ‰ (+ ``margin``).

    ``metals`` is a list of :class:`Metal`.  Scrap is used first (the lots
    nearest the aim first, so as much scrap as possible goes in), then fine gold,
    then alloy.  Returns an :class:`AlloyResult` whose
    grams sum exactly to ``total_grams`` and whose fineness lies in
    ``[target, target + margin]``; raises :class:`AlloyImpossibleError` (with a
    ``reason`` code) when no mix of the metals at hand can.
    """
    metals = list(metals)
    low, high, total = _validate(target, margin, total_grams, places)
    _check_supply(metals, low, high, total)
    point = _choose_aim(metals, low, high, total, aim)
    exact = _greedy(metals, total, point)
    grams = _weighable(metals, [exact[i] for i in range(len(metals))], (low, high), total, places)
    return _result(metals, grams, total, (low, high), point)


def _result(metals, grams, total, band, aim):
    low, high = band
    lines = tuple(
        AlloyLine(
            m.name,
            m.kind,
            m.fineness,
            exact_decimal(g),
            exact_decimal(g * Fraction(m.fineness) / 1000),
        )
        for m, g in zip(metals, grams, strict=True)
    )
    fine = sum(Fraction(line.fine_grams) for line in lines)
    fineness = fine * 1000 / total
    return AlloyResult(
        lines=lines,
        total_grams=exact_decimal(total),
        fine_grams=exact_decimal(fine),
        fineness=round_fraction(fineness, 2, ROUND_DOWN),
        fineness_exact=fineness,
        target=exact_decimal(low),
        margin=exact_decimal(high - low),
        aim=round_fraction(aim, 3, ROUND_HALF_UP),
    )

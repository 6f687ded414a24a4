"""The stage ledger: weighing lines in, per-stage balances out.

Sign convention: ``Line.grams`` is always a weighed magnitude (>= 0).  The direction
of a movement is given by its ``kind``; a ``reversal`` line carries the kind it
reverses in ``reverses`` and counts as that kind with the opposite sign.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .errors import GoldLedgerError, LineError
from .weights import (
    HUNDRED,
    QUANTUM,
    THOUSAND,
    ZERO,
    floor_quantum,
    percent_of,
    to_decimal,
    to_fineness,
    to_grams,
)

ISSUE = "issue"
IN = "in"
OUT = "out"
SCRAP = "scrap"
DUST = "dust"
HANDOVER_OUT = "handover_out"
HANDOVER_IN = "handover_in"
RETURN = "return"
REVERSAL = "reversal"
KINDS = (ISSUE, IN, OUT, SCRAP, DUST, HANDOVER_OUT, HANDOVER_IN, RETURN, REVERSAL)
STAGE_KINDS = (ISSUE, IN, OUT, SCRAP, DUST, RETURN)  # kinds that move a stage's balance

BURN = "burn"
RECOVERABLE = "recoverable"
LOSS_TYPES = (BURN, RECOVERABLE)

OK = "ok"
ABNORMAL = "abnormal"
GAIN = "gain"
OPEN = "open"


@dataclass(frozen=True, slots=True)
class Line:
    """One immutable weighing line, as plain values.

    kind      one of KINDS:
              issue         safe -> batch (stage: the stage it feeds; None = first stage)
              in            weigh-in at ``stage``
              out           weigh-out at ``stage``
              scrap         solid metal returned at ``stage`` (sprues, filings, buttons)
              dust          dust/sweeps collected at ``stage`` (informative: its metal
                            counts only once assayed, through split_loss / allocate)
              handover_out  worker ``employee`` passes gold on (custody only)
              handover_in   worker ``employee`` receives gold (custody only)
              return        batch -> safe, taken from ``stage``'s weigh-out
                            (None = after the last stage)
              reversal      cancels a confirmed line of kind ``reverses``
    grams     weighed magnitude, >= 0, quantized HALF_UP to 0.0001 g (float via repr)
    fineness  per mille, 0..1000
    stage     stage key (work order id or any hashable)
    employee  employee key (any hashable; None = the batch tray, not a person)
    reverses  the kind reversed (only for kind 'reversal')
    ref       the line's own id, used in error messages
    fine      (computed) fine_grams(grams, fineness)
    """

    kind: str
    grams: Decimal
    fineness: Decimal
    stage: Hashable = None
    employee: Hashable = None
    reverses: str | None = None
    ref: Hashable = None
    fine: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise LineError(f"{self.label()}: unknown kind {self.kind!r} (expected one of {KINDS})")
        if self.kind == REVERSAL:
            if self.reverses not in KINDS or self.reverses == REVERSAL:
                raise LineError(f"{self.label()}: a reversal must name the kind it reverses")
        elif self.reverses is not None:
            raise LineError(f"{self.label()}: only a reversal line may carry 'reverses'")
        try:
            grams = to_grams(self.grams)
            fineness = to_fineness(self.fineness)
        except GoldLedgerError:
            # again, to say which line (the label is only made for an error: a period
            # workbook builds 100,000 lines)
            label = self.label()
            grams = to_grams(self.grams, label)
            fineness = to_fineness(self.fineness, f"{label} fineness")
        object.__setattr__(self, "grams", grams)
        object.__setattr__(self, "fineness", fineness)
        fine = (grams * fineness / THOUSAND).quantize(QUANTUM, rounding=ROUND_HALF_UP)
        object.__setattr__(self, "fine", fine)

    def label(self):
        ref = f" {self.ref!r}" if self.ref is not None else ""
        return f"line{ref} ({self.kind} {self.grams} g, stage {self.stage!r})"

    @property
    def effective_kind(self):
        """The kind this line counts as (the reversed kind for a reversal)."""
        return self.reverses if self.kind == REVERSAL else self.kind

    @property
    def sign(self):
        """+1 for a line, -1 for a reversal."""
        return -1 if self.kind == REVERSAL else 1


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage (work order) as plain values.

    loss_type      'burn' (technical, not recoverable) or 'recoverable' (dust expected)
    tolerance_pct  allowed loss, % of weight in
    tolerance_mg   allowed loss, absolute mg (None: none); see classify_loss
    readability_g  readability of the balance used at the stage
    done           True/False from the work order state; None: closed once weighed out
    """

    key: Hashable
    loss_type: str = BURN
    tolerance_pct: Decimal = ZERO
    tolerance_mg: Decimal | None = None
    readability_g: Decimal = QUANTUM
    done: bool | None = None

    def __post_init__(self):
        if self.loss_type not in LOSS_TYPES:
            raise GoldLedgerError(f"stage {self.key!r}: unknown loss type {self.loss_type!r}")


@dataclass(frozen=True, slots=True)
class StageBalance:
    """The balance of one stage, gross and fine (grams, Decimal 0.0001 g).

    expected_in       carried over from the previous stage (its out - returned) + issued here
    weight_in         the weigh-in; defaults to expected_in when the stage has no 'in' line
    transit_variance  expected_in - weight_in (gold gone between two weighings; > 0 missing)
    loss              weight_in - weight_out - scrap when closed, else 0
    in_process        weight_in - weight_out - scrap when open, else 0
    carried_out       weight_out - returned: what the next stage should receive
    status            classify_loss(...) when closed, 'open' otherwise
    transit_status    handover_difference(expected_in, weight_in, readability).status
    fine_*            the same in fine gold; each fine figure is the sum of its lines'
                      fine weights, and the derived ones (loss, in_process, transit) are
                      differences of those sums, never re-rounded, so identities close.
    Identities: expected_in = weight_in + transit_variance;
                weight_in = weight_out + scrap + loss + in_process.
    """

    key: Hashable
    loss_type: str = BURN
    closed: bool = False
    status: str = OPEN
    issued: Decimal = ZERO
    expected_in: Decimal = ZERO
    weight_in: Decimal = ZERO
    weight_out: Decimal = ZERO
    scrap: Decimal = ZERO
    returned: Decimal = ZERO
    dust: Decimal = ZERO
    loss: Decimal = ZERO
    in_process: Decimal = ZERO
    transit_variance: Decimal = ZERO
    loss_pct: Decimal = ZERO
    allowed_loss: Decimal = ZERO
    transit_status: str = OK
    fine_issued: Decimal = ZERO
    fine_expected_in: Decimal = ZERO
    fine_in: Decimal = ZERO
    fine_out: Decimal = ZERO
    fine_scrap: Decimal = ZERO
    fine_returned: Decimal = ZERO
    fine_loss: Decimal = ZERO
    fine_in_process: Decimal = ZERO
    fine_transit_variance: Decimal = ZERO

    @property
    def carried_out(self):
        return self.weight_out - self.returned

    @property
    def fine_carried_out(self):
        return self.fine_out - self.fine_returned


def allowed_loss(weight_in, tolerance_pct, tolerance_mg=None):
    """The largest loss still 'ok': max(weight_in * pct / 100, mg / 1000), floored to 0.0001.

    Flooring to the grid loses nothing: losses are multiples of 0.0001 g, so
    ``loss <= exact`` and ``loss <= floor(exact)`` are the same test.
    """
    weight_in = to_grams(weight_in, "weight in")
    pct = to_decimal(tolerance_pct if tolerance_pct is not None else 0, "tolerance %")
    if pct < 0:
        raise GoldLedgerError(f"tolerance {pct} % is negative")
    allowed = weight_in * pct / HUNDRED
    if tolerance_mg is not None:
        mg = to_decimal(tolerance_mg, "tolerance mg")
        if mg < 0:
            raise GoldLedgerError(f"tolerance {mg} mg is negative")
        allowed = max(allowed, mg / 1000)
    return floor_quantum(allowed)


def classify_loss(weight_in, loss, tolerance_pct, tolerance_mg=None, readability_g=QUANTUM):
    """Classify a stage loss: 'ok', 'abnormal' or 'gain'.

    The two tolerances do not add up: allowed = max(weight_in * tolerance_pct / 100,
    tolerance_mg / 1000) (the absolute one is a floor for small batches).  A loss up to
    and including ``allowed`` is 'ok', above it 'abnormal'.  A negative loss (gain) up
    to and including ``readability_g`` is 'ok' (the balance cannot tell it from zero);
    beyond it, 'gain' (abnormal too: it needs an explanation).  Zero weight in: only the
    absolute tolerance allows a loss.
    """
    loss = to_grams(loss, "loss", allow_negative=True)
    readability = to_grams(readability_g, "readability")
    if loss < 0:
        return GAIN if -loss > readability else OK
    return OK if loss <= allowed_loss(weight_in, tolerance_pct, tolerance_mg) else ABNORMAL


class _Tally:
    """Per-stage running sums by kind: [grams, fine, count] (reversals count -1)."""

    __slots__ = ("sums",)

    def __init__(self):
        self.sums = {}

    def add(self, kind, sign, grams, fine):
        entry = self.sums.get(kind)
        if entry is None:
            entry = self.sums[kind] = [ZERO, ZERO, 0]
        if sign > 0:
            entry[0] += grams
            entry[1] += fine
            entry[2] += 1
        else:
            entry[0] -= grams
            entry[1] -= fine
            entry[2] -= 1

    def get(self, key, kind):
        grams, fine, count = self.sums.get(kind, (ZERO, ZERO, 0))
        if count < 0 or grams < 0:
            raise LineError(
                f"stage {key!r}: '{kind}' lines net to {grams} g over {count} lines "
                "(a reversal without its original?)"
            )
        return grams, fine, count


def _as_stage(stage):
    return stage if isinstance(stage, Stage) else Stage(stage)


def _stage_position(stage, kind, index, last, label):
    """Position of the stage a stage-moving line (or total) of ``kind`` belongs to."""
    if stage is None:
        if kind == ISSUE:
            return 0
        if kind == RETURN:
            return last
        raise LineError(f"{label}: a '{kind}' line needs a stage")
    try:
        return index[stage]
    except KeyError:
        raise LineError(f"{label}: stage {stage!r} is not in the order") from None
    except TypeError:
        raise LineError(f"{label}: stage key is not hashable") from None


def _stage_index(line, index, last):
    """Position of the stage a stage-moving line belongs to."""
    return _stage_position(line.stage, line.effective_kind, index, last, line.label())


def _spec_index(specs):
    index = {}
    for position, spec in enumerate(specs):
        if spec.key in index:
            raise GoldLedgerError(f"stage {spec.key!r} appears twice in the order")
        index[spec.key] = position
    return index


def _tally_lines(lines, specs):
    index = _spec_index(specs)
    tallies = [_Tally() for _ in specs]
    last = len(specs) - 1
    for line in lines:
        kind = line.effective_kind
        if kind not in STAGE_KINDS:
            continue
        position = _stage_index(line, index, last)
        tallies[position].add(kind, line.sign, line.grams, line.fine)
    return tallies


def _tally_totals(totals, specs):
    index = _spec_index(specs)
    tallies = [_Tally() for _ in specs]
    last = len(specs) - 1
    for stage, kind, grams, fine, count in totals:
        if kind not in STAGE_KINDS:
            continue
        label = f"total ({kind} {grams} g, stage {stage!r})"
        position = _stage_position(stage, kind, index, last, label)
        entry = tallies[position].sums.setdefault(kind, [ZERO, ZERO, 0])
        entry[0] += to_grams(grams, label, allow_negative=True)
        entry[1] += to_grams(fine, label, allow_negative=True)
        entry[2] += count
    return tallies


def _weigh_in(expected, fine_expected, tally, key):
    """Weight in (gross, fine) and transit variance: the re-weigh, or the default."""
    grams, fine, count = tally.get(key, IN)
    if count == 0:
        return expected, fine_expected, ZERO, ZERO
    return grams, fine, expected - grams, fine_expected - fine


def _stage_balance(spec, tally, carried, fine_carried):
    key = spec.key
    issued, fine_issued, _ = tally.get(key, ISSUE)
    expected, fine_expected = carried + issued, fine_carried + fine_issued
    weight_in, fine_in, transit, fine_transit = _weigh_in(expected, fine_expected, tally, key)
    out, fine_out, out_count = tally.get(key, OUT)
    scrap, fine_scrap, _ = tally.get(key, SCRAP)
    returned, fine_returned, _ = tally.get(key, RETURN)
    dust = tally.get(key, DUST)[0]
    if returned > out:
        raise GoldLedgerError(f"stage {key!r}: returned {returned} g exceeds weigh-out {out} g")
    closed = spec.done if spec.done is not None else out_count > 0
    rest, fine_rest = weight_in - out - scrap, fine_in - fine_out - fine_scrap
    allowed = allowed_loss(weight_in, spec.tolerance_pct, spec.tolerance_mg)
    if closed:
        status = classify_loss(
            weight_in, rest, spec.tolerance_pct, spec.tolerance_mg, spec.readability_g
        )
    else:
        status = OPEN
    readability = to_grams(spec.readability_g, "readability")
    return StageBalance(
        key=key,
        loss_type=spec.loss_type,
        closed=closed,
        status=status,
        issued=issued,
        expected_in=expected,
        weight_in=weight_in,
        weight_out=out,
        scrap=scrap,
        returned=returned,
        dust=dust,
        loss=rest if closed else ZERO,
        in_process=ZERO if closed else rest,
        transit_variance=transit,
        loss_pct=percent_of(rest, weight_in) if closed else ZERO,
        allowed_loss=allowed,
        transit_status=OK if abs(transit) <= readability else "dispute",
        fine_issued=fine_issued,
        fine_expected_in=fine_expected,
        fine_in=fine_in,
        fine_out=fine_out,
        fine_scrap=fine_scrap,
        fine_returned=fine_returned,
        fine_loss=fine_rest if closed else ZERO,
        fine_in_process=ZERO if closed else fine_rest,
        fine_transit_variance=fine_transit,
    )


def stage_balances(lines, stages):
    """Balance every stage of one order from its lines; returns a list of StageBalance.

    ``stages``: the order's stages in sequence, as Stage or bare keys (a bare key is
    Stage(key): burn, zero tolerance).  Reversals are netted out first.  A stage's
    weigh-in defaults to the previous stage's carried-out weight (out - returned) plus
    what was issued to it; when the stage has its own 'in' lines, the difference is its
    transit_variance (gold gone between two weighings), reported apart from its loss.
    Handover lines do not move stage balances (see worker_balances).
    """
    specs = [_as_stage(stage) for stage in stages]
    if not specs:
        if any(line.effective_kind in STAGE_KINDS for line in lines):
            raise GoldLedgerError("lines given for an order without stages")
        return []
    return _chain(specs, _tally_lines(lines, specs))


def stage_balances_from_totals(totals, stages):
    """``stage_balances`` from per-stage sums instead of lines (e.g. an SQL aggregate).

    ``totals``: iterable of ``(stage, kind, grams, fine, count)``; ``kind`` is the kind a
    line counts as (the reversed kind for a reversal), ``grams`` / ``fine`` the sums of
    its lines' weighed and fine grams and ``count`` their number, each net of reversals
    (a reversal subtracts its original's grams, fine and 1).  Several rows for one
    (stage, kind) add up.  The result equals ``stage_balances`` on the lines the totals
    sum up.
    """
    specs = [_as_stage(stage) for stage in stages]
    totals = list(totals)
    if not specs:
        if any(row[1] in STAGE_KINDS for row in totals):
            raise GoldLedgerError("lines given for an order without stages")
        return []
    return _chain(specs, _tally_totals(totals, specs))


def _chain(specs, tallies):
    result = []
    carried = fine_carried = ZERO
    for spec, tally in zip(specs, tallies, strict=True):
        balance = _stage_balance(spec, tally, carried, fine_carried)
        result.append(balance)
        carried, fine_carried = balance.carried_out, balance.fine_carried_out
    return result

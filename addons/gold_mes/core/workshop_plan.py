"""A generated workshop's history, as plain values: who worked which stage of which
batch, what went in and out, what came back as scrap and dust.

The plan is deterministic for a seed and closes exactly: each stage's weight out
plus scrap plus loss is its weight in, each stage takes in what the previous one
gave out, and every batch's gold is issued once.  It is a stream (``batches``
yields one batch at a time), so a 50-worker shop's year (about a million weighing
lines) is planned in constant memory.

Workers carry a loss profile (the range of their loss, % of what they took in) and
a speed (a factor on the stage's minutes per piece): the fast filer who files too
much off, the slow careful one, and those in between, as the owner asks about.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .ledger import BURN, RECOVERABLE, Line, Stage
from .weights import QUANTUM, ZERO

GRAMS_PER_PIECE = Decimal("3.75")  # one chỉ of 18K per ring, before losses


@dataclass(frozen=True)
class StageProfile:
    name: str
    loss_type: str
    tolerance_pct: Decimal
    minutes_per_piece: Decimal
    scrap_pct: Decimal = ZERO  # share of the weight in returned as solid scrap


@dataclass(frozen=True)
class WorkerProfile:
    name: str
    stage: str
    loss_pct: tuple[Decimal, Decimal]  # low, high: uniform within
    speed: Decimal = Decimal(1)  # > 1: faster than the stage's minutes per piece


@dataclass(frozen=True)
class StagePlan:
    stage: str
    worker: str
    weight_in: Decimal
    weight_out: Decimal
    scrap: Decimal
    dust: Decimal  # swept up for the refinery (part of the loss, assayed later)
    minutes: Decimal
    abnormal: bool
    trays: int = 1  # the stage's gold weighed in, and out, tray by tray

    @property
    def loss(self):
        return self.weight_in - self.weight_out - self.scrap

    def in_trays(self):
        return split(self.weight_in, self.trays)

    def out_trays(self):
        return split(self.weight_out, self.trays)


def split(grams, trays):
    """``grams`` in ``trays`` parts on the 0.0001 g grid that add up to it exactly."""
    part = (grams / trays).quantize(QUANTUM, rounding=ROUND_DOWN)
    return [part] * (trays - 1) + [grams - part * (trays - 1)]


@dataclass(frozen=True)
class PlannedLine:
    """One weighing of a batch as it is captured: ``stage`` is the index of the stage
    (None for the issue), ``at`` the moment of the capture, ``tray`` which of the
    stage's trays an in or out line weighs."""

    kind: str
    stage: int | None
    grams: Decimal
    worker: str
    at: datetime
    tray: int = 0


@dataclass(frozen=True)
class BatchPlan:
    ref: str
    day: date
    pieces: int
    issued: Decimal
    stages: tuple[StagePlan, ...] = field(default_factory=tuple)

    @property
    def finished(self):
        return self.stages[-1].weight_out if self.stages else self.issued

    def lines(self, fineness=Decimal(750)):
        """The batch's weighing lines (core ``Line``) in capture order."""
        stages = [plan.stage for plan in self.stages]
        return [
            Line(
                line.kind,
                line.grams,
                fineness,
                stage=stages[line.stage or 0],
                employee=None if line.stage is None else line.worker,
            )
            for line in self.captures(datetime(self.day.year, self.day.month, self.day.day))
        ]

    def captures(self, start):
        """The batch's weighings in capture order with their moments (``PlannedLine``):
        the issue at ``start``; each stage weighed in, tray by tray a second apart, when
        it starts; its scrap, dust and weigh-out trays when it ends, its minutes later;
        the next stage starts then."""
        second = timedelta(seconds=1)
        out = [PlannedLine("issue", None, self.issued, self.stages[0].worker, start)]
        moment = start
        for index, plan in enumerate(self.stages):
            for tray, grams in enumerate(plan.in_trays()):
                at = moment + tray * second
                out.append(PlannedLine("in", index, grams, plan.worker, at, tray))
            moment += timedelta(minutes=float(plan.minutes))
            for kind, grams in (("scrap", plan.scrap), ("dust", plan.dust)):
                if grams > ZERO:
                    out.append(PlannedLine(kind, index, grams, plan.worker, moment))
            for tray, grams in enumerate(plan.out_trays()):
                at = moment + tray * second
                out.append(PlannedLine("out", index, grams, plan.worker, at, tray))
            moment += (plan.trays - 1) * second
        return out

    def core_stages(self, profiles):
        by_name = {p.name: p for p in profiles}
        return [
            Stage(
                s.stage,
                loss_type=by_name[s.stage].loss_type,
                tolerance_pct=by_name[s.stage].tolerance_pct,
            )
            for s in self.stages
        ]


DEFAULT_STAGES = (
    StageProfile("Casting", BURN, Decimal("2.0"), Decimal("0.6"), scrap_pct=Decimal("8")),
    StageProfile("Filing", RECOVERABLE, Decimal("3.5"), Decimal("6")),
    StageProfile("Setting", RECOVERABLE, Decimal("0.5"), Decimal("4")),
    StageProfile("Polishing", RECOVERABLE, Decimal("1.5"), Decimal("3")),
    StageProfile("Inspection", BURN, Decimal("0.1"), Decimal("0.5")),
)


def default_workers(count=None):
    """The demo's workers: three filers the owner asks about (fast at 4.0–4.6 % loss,
    slow at 1.9–2.1 %, one near 3 %) and steady workers at the other stages; ``count``
    adds more of the steady kind, round-robin over the stages, up to that many."""
    d = Decimal
    workers = [
        WorkerProfile("Caster A", "Casting", (d("1.2"), d("1.8"))),
        WorkerProfile("Filer Fast", "Filing", (d("4.0"), d("4.6")), speed=d("1.6")),
        WorkerProfile("Filer Slow", "Filing", (d("1.9"), d("2.1")), speed=d("0.7")),
        WorkerProfile("Filer Mid", "Filing", (d("2.8"), d("3.2"))),
        WorkerProfile("Setter A", "Setting", (d("0.2"), d("0.4"))),
        WorkerProfile("Polisher A", "Polishing", (d("0.8"), d("1.2"))),
        WorkerProfile("Inspector A", "Inspection", (d("0.00"), d("0.05"))),
    ]
    stages = [s.name for s in DEFAULT_STAGES]
    index = 0
    while count is not None and len(workers) < count:
        stage = DEFAULT_STAGES[index % len(stages)]
        low = stage.tolerance_pct * d("0.3")
        high = stage.tolerance_pct * d("0.8")
        workers.append(WorkerProfile(f"{stage.name} {index + 2}", stage.name, (low, high)))
        index += 1
    return workers[:count] if count else workers


def _q(value):
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def _uniform(rng, low, high):
    """A Decimal uniform in [low, high] on a 0.0001 grid (exact, reproducible)."""
    steps = int((high - low) / QUANTUM)
    return low + QUANTUM * rng.randint(0, max(steps, 0))


def batches(
    *,
    days=30,
    batches_per_day=2,
    workers=None,
    stages=DEFAULT_STAGES,
    start=date(2026, 11, 1),
    seed=1,
    abnormal_every=0,
    trays=1,
) -> Iterator[BatchPlan]:
    """Yield the plan's batches day by day.  Each stage of a batch goes to one of that
    stage's workers in turn.  ``abnormal_every`` > 0 doubles the tolerance's worth of
    loss on every n-th batch's filing, so a few abnormal stages appear.  ``trays``: each
    stage's gold is weighed in and out in that many trays."""
    if trays < 1:
        raise ValueError("a stage is weighed in one tray at least")
    workers = list(workers or default_workers())
    by_stage = {s.name: [w for w in workers if w.stage == s.name] for s in stages}
    missing = [name for name, found in by_stage.items() if not found]
    if missing:
        raise ValueError(f"no worker for the stage(s) {', '.join(missing)}")
    rng = random.Random(seed)
    number = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        for _ in range(batches_per_day):
            number += 1
            pieces = rng.choice((10, 20, 50, 100))
            issued = _q(GRAMS_PER_PIECE * pieces)
            plans, weight = [], issued
            for profile in stages:
                crew = by_stage[profile.name]
                worker = crew[number % len(crew)]
                pct = _uniform(rng, *worker.loss_pct)
                if abnormal_every and number % abnormal_every == 0 and profile.name == "Filing":
                    pct = profile.tolerance_pct * 2
                loss = _q(weight * pct / 100)
                scrap = _q(weight * profile.scrap_pct / 100)
                dust = _q(loss * Decimal("0.6")) if profile.loss_type == RECOVERABLE else ZERO
                out = weight - loss - scrap
                minutes = _q(profile.minutes_per_piece * pieces / worker.speed)
                plans.append(
                    StagePlan(
                        profile.name,
                        worker.name,
                        weight,
                        out,
                        scrap,
                        dust,
                        minutes,
                        pct > profile.tolerance_pct,
                        trays,
                    )
                )
                weight = out
            yield BatchPlan(f"GEN/{number:06d}", day, pieces, issued, tuple(plans))


def by_day(plan):
    """Yield (day, [batches of that day]) from a stream of batches, keeping one day in
    memory (the plan of a year is never held whole)."""
    day, batches_of_day = None, []
    for batch in plan:
        if batches_of_day and batch.day != day:
            yield day, batches_of_day
            batches_of_day = []
        day = batch.day
        batches_of_day.append(batch)
    if batches_of_day:
        yield day, batches_of_day


def lines_per_batch(stages=DEFAULT_STAGES, trays=1):
    """Weighing lines one batch makes (issue, in/out trays at each stage, scrap, dust)."""
    return 1 + sum(2 * trays + (s.scrap_pct > ZERO) + (s.loss_type == RECOVERABLE) for s in stages)


def size_for(lines, days, stages=DEFAULT_STAGES, trays=1):
    """Batches per day for about ``lines`` weighing lines over ``days``."""
    return max(1, round(lines / days / lines_per_batch(stages, trays)))

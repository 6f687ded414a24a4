"""Custody through a working day, and handover disputes."""

from decimal import Decimal as D

import pytest
from gold_mes.core import (
    Line,
    NegativeWeightError,
    Stage,
    handover_difference,
    order_balance_from_lines,
    worker_balances,
)

F = D("750")
STAGES = [Stage("casting"), Stage("filing", "recoverable"), Stage("polishing", "recoverable")]


def held(lines, closed=None):
    return {e: b.held for e, b in worker_balances(lines, closed).items()}


def test_custody_through_a_day():
    day = [Line("issue", D("375"), F, "casting")]  # to the batch tray: nobody's yet
    assert held(day) == {}

    # 07:30 An takes the batch to casting
    day.append(Line("in", D("375"), F, "casting", "An"))
    assert held(day) == {"An": D("375")}

    # 09:00 An weighs out the castings: the stage closes, his loss is recorded
    day.append(Line("out", D("367.5"), F, "casting", "An"))
    an = worker_balances(day)["An"]
    assert (an.received, an.passed_on, an.loss, an.held) == (D(375), D("367.5"), D("7.5"), 0)

    # 09:15 Binh takes them to filing, and hands 100 g over to Chi
    day.append(Line("in", D("367.5"), F, "filing", "Binh"))
    day.append(Line("handover_out", D("100"), F, "filing", "Binh"))
    day.append(Line("handover_in", D("99.999"), F, "filing", "Chi"))
    assert held(day) == {"An": 0, "Binh": D("267.5"), "Chi": D("99.999")}
    assert handover_difference(D("100"), D("99.999")).status == "dispute"
    assert handover_difference(D("100"), D("99.999"), D("0.001")).status == "ok"

    # 12:00 both weigh out their part, Binh returns a block of filings
    day.append(Line("out", D("97"), F, "filing", "Chi"))
    day.append(Line("out", D("259.25"), F, "filing", "Binh"))
    day.append(Line("scrap", D("1"), F, "filing", "Binh"))
    balances = worker_balances(day)
    assert balances["Binh"].returned == D("1")
    assert (balances["Binh"].loss, balances["Chi"].loss) == (D("7.25"), D("2.999"))
    assert held(day) == {"An": 0, "Binh": 0, "Chi": 0}
    filing = order_balance_from_lines(day, STAGES).stages[1]
    # the stage loss is both workers' loss plus the disputed handover difference
    assert filing.loss == D("7.25") + D("2.999") + D("0.001") == D("10.25")

    # 13:00 Chi polishes; at the end of the day the batch is still with her
    day.append(Line("in", D("356.25"), F, "polishing", "Chi"))
    end_of_day = worker_balances(day)["Chi"]
    assert (end_of_day.held, end_of_day.fine_held) == (D("356.25"), D("267.1875"))

    # next morning she weighs out; a wrong weigh-out is reversed and redone
    day.append(Line("out", D("325.2"), F, "polishing", "Chi", ref=11))
    day.append(Line("reversal", D("325.2"), F, "polishing", "Chi", reverses="out", ref=12))
    day.append(Line("out", D("352.5"), F, "polishing", "Chi", ref=13))
    chi = worker_balances(day)["Chi"]
    assert (chi.loss, chi.held, chi.fine_held) == (D("2.999") + D("3.75"), 0, 0)
    # explicit closed stages override the weigh-out rule: open polishing -> held again
    # with polishing declared open (explicit closed stages) her 3.75 g is still held
    assert held(day, {"casting", "filing"})["Chi"] == D("3.75")


def test_issue_straight_to_a_worker_and_return_to_the_safe():
    lines = [
        Line("issue", D("50"), F, employee="Dung"),
        Line("return", D("20"), F, employee="Dung"),
    ]
    dung = worker_balances(lines)["Dung"]
    assert (dung.received, dung.returned, dung.loss, dung.held) == (D(50), D(20), 0, D(30))
    assert dung.fine_held == D("22.5")


def test_handover_difference_signs_and_refusals():
    check = handover_difference(D("10"), D("10.0002"), D("0.0001"))
    assert (check.status, check.difference) == ("dispute", D("-0.0002"))
    assert handover_difference(D("10"), D("10.0001")).status == "ok"
    with pytest.raises(NegativeWeightError):
        handover_difference(D("-1"), D("0"))


def test_ledger_custody_hands_a_stage_without_weigh_in_to_its_first_worker():
    from gold_mes.core import custody_lines, implicit_weigh_ins, ledger_custody  # noqa: PLC0415

    stages = [Stage("casting"), Stage("filing", "recoverable")]
    batch = [
        Line("issue", D("375"), F, "casting"),
        Line("in", D("375"), F, "casting", "An"),
        Line("out", D("367.5"), F, "casting", "An"),
        # filing: no weigh-in; Binh's first line there is a scrap, then his weigh-out
        Line("scrap", D("1"), F, "filing", "Binh"),
        Line("out", D("360"), F, "filing", "Binh"),
    ]
    implicit = implicit_weigh_ins(batch, stages)
    assert [(ln.kind, ln.grams, ln.stage, ln.employee) for ln in implicit] == [
        ("in", D("367.5"), "filing", "Binh")
    ]
    # a second batch (stage keys are work orders: never shared between batches)
    other = [Line("issue", D("10"), F, "casting 2"), Line("in", D("10"), F, "casting 2", "Chi")]
    ledger = [(1, line) for line in batch] + [(2, line) for line in other]
    stages_of = {1: stages, 2: [Stage("casting 2"), Stage("filing 2")]}
    lines = custody_lines(ledger, stages_of)
    assert len(lines) == len(batch) + len(other) + 1
    balances = ledger_custody(ledger, stages_of)
    assert balances == worker_balances(lines)
    assert (balances["Binh"].received, balances["Binh"].loss) == (D("367.5"), D("6.5"))
    assert balances["Chi"].held == D("10")


def test_ledger_custody_of_a_batch_that_does_not_add_up_has_no_implicit_line():
    from gold_mes.core import implicit_weigh_ins  # noqa: PLC0415

    stages = [Stage("casting"), Stage("filing")]
    # returned more than weighed out at casting: the batch's stages do not balance
    broken = [
        Line("issue", D("10"), F, "casting"),
        Line("out", D("5"), F, "casting", "An"),
        Line("return", D("6"), F, "casting"),
        Line("out", D("4"), F, "filing", "Binh"),
    ]
    assert implicit_weigh_ins(broken, stages) == []

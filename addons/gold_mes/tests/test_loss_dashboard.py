from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..core import control_limits, workshop_plan

START = date(2026, 9, 1)
DAYS = 30
SEED = 3
PREFIX = "Dash "
PERIOD = {"date_from": "2026-09-01", "date_to": "2026-09-30"}
Q4 = Decimal("0.0001")
Q2 = Decimal("0.01")


def D(value):
    return Decimal(repr(value))


def logged_minutes(plan):
    """The stage's minutes as Odoo logs them: its start and end kept to the second
    (each filing starts on a whole minute: casting takes whole minutes), the duration
    to 0.01 min."""
    seconds = int(plan.minutes * 60)
    return (Decimal(seconds) / 60).quantize(Q2, rounding=ROUND_HALF_UP)


def expected_figures(stages):
    """Pieces per logged hour and loss % weighted by the gold in, from the plan."""
    pieces = sum((Decimal(pieces) for pieces, _stage in stages), Decimal(0))
    hours = sum((logged_minutes(stage) for _p, stage in stages), Decimal(0)) / 60
    gold_in = sum((stage.weight_in for _p, stage in stages), Decimal(0))
    loss = sum((stage.loss for _p, stage in stages), Decimal(0))
    return {
        "speed": (pieces / hours).quantize(Q2, rounding=ROUND_HALF_UP),
        "loss_pct": (loss * 100 / gold_in).quantize(Q4, rounding=ROUND_HALF_UP),
        "stages": len(stages),
        "pieces": pieces,
    }


@tagged("post_install", "-at_install")
class TestLossDashboard(TransactionCase):
    """The owner's dashboard on a generated month of the three filers (fast at 4.0-4.6 %
    loss, slow near 2 %, one near 3 %, against a 3.5 % tolerance)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("mrp.group_mrp_routings")
        cls.env["gold.workshop.generator"]._generate(
            days=DAYS, batches_per_day=1, seed=SEED, prefix=PREFIX, abnormal_every=0, start=START
        )
        cls.plan = list(
            workshop_plan.batches(
                days=DAYS, batches_per_day=1, seed=SEED, abnormal_every=0, start=START
            )
        )
        cls.filing = cls.env["mrp.workcenter"].search([("name", "=", PREFIX + "Filing")])
        cls.filers = {
            name: cls.env["hr.employee"].search([("name", "=", PREFIX + name)])
            for name in ("Filer Fast", "Filer Slow", "Filer Mid")
        }
        groups = "gold_mes.gold_weighing_group_%s"
        cls.owner = new_test_user(cls.env, "dash_owner", groups=groups % "accountant")
        cls.operator = new_test_user(cls.env, "dash_operator", groups=groups % "operator")
        cls.dashboard = cls.env["gold.loss.dashboard"].with_user(cls.owner)

    def _planned_filings(self):
        """{worker name: [(pieces, filing StagePlan)]} in plan order."""
        by_worker = defaultdict(list)
        for batch in self.plan:
            filing = next(stage for stage in batch.stages if stage.stage == "Filing")
            by_worker[filing.worker].append((batch.pieces, filing))
        return by_worker

    def _get(self, **kwargs):
        return self.dashboard.get_dashboard(**PERIOD, **kwargs)

    def test_scatter_figures_are_the_plans_exactly(self):
        data = self._get(workcenter_id=self.filing.id)
        self.assertEqual(data["workcenter_id"], self.filing.id)
        scatter = data["scatter"]
        planned = self._planned_filings()
        self.assertEqual(len(scatter["points"]), 3)
        self.assertFalse(scatter["unplaced"])
        for point in scatter["points"]:
            name = point["name"].removeprefix(PREFIX)
            expected = expected_figures(planned[name])
            self.assertEqual(D(point["speed"]), expected["speed"], name)
            self.assertEqual(D(point["loss_pct"]), expected["loss_pct"], name)
            self.assertEqual(point["stages"], expected["stages"], name)
            self.assertEqual(D(point["pieces"]), expected["pieces"], name)
            self.assertEqual(point["employee_id"], self.filers[name].id)
        centre = expected_figures([row for rows in planned.values() for row in rows])
        self.assertEqual(D(scatter["mean_speed"]), centre["speed"])
        self.assertEqual(D(scatter["mean_loss"]), centre["loss_pct"])
        self.assertEqual(scatter["stages"], DAYS)
        self.assertEqual(D(scatter["tolerance"]), Decimal("3.5"))

    def test_the_fast_wasteful_and_the_slow_careful_filer_land_in_their_quadrants(self):
        scatter = self._get(workcenter_id=self.filing.id)["scatter"]
        by_name = {p["name"].removeprefix(PREFIX): p for p in scatter["points"]}
        fast, slow, mid = by_name["Filer Fast"], by_name["Filer Slow"], by_name["Filer Mid"]
        self.assertEqual(fast["quadrant"], "fast_wasteful")
        self.assertEqual(fast["quadrant_label"], "Fast and wasteful")
        self.assertTrue(fast["over_tolerance"])
        self.assertEqual(slow["quadrant"], "slow_careful")
        self.assertEqual(slow["quadrant_label"], "Slow and careful")
        self.assertFalse(slow["over_tolerance"])
        self.assertFalse(mid["over_tolerance"])
        # the rule, from the figures: faster / lossier than the centre, strictly
        fast_side = mid["speed"] > scatter["mean_speed"]
        wasteful = mid["loss_pct"] > scatter["mean_loss"]
        self.assertEqual(
            mid["quadrant"],
            {
                (True, True): "fast_wasteful",
                (True, False): "fast_careful",
                (False, True): "slow_wasteful",
                (False, False): "slow_careful",
            }[(fast_side, wasteful)],
        )
        self.assertGreater(fast["speed"], scatter["mean_speed"])
        self.assertLess(slow["speed"], scatter["mean_speed"])

    def test_default_centre_is_the_one_with_most_workers(self):
        data = self._get()
        self.assertEqual(data["workcenter_id"], self.filing.id)
        first = data["workcenters"][0]
        self.assertEqual((first["id"], first["workers"], first["stages"]), (self.filing.id, 3, 30))
        self.assertEqual({w["id"] for w in data["employees"]}, {e.id for e in self.filers.values()})

    def test_limits_hold_each_stage_to_the_stages_before_it(self):
        limits = self._get(workcenter_id=self.filing.id)["limits"]
        points = limits["points"]
        self.assertEqual(len(points), DAYS)
        self.assertTrue(limits["enough"])
        self.assertFalse(limits["message"])
        planned = [
            (batch, next(s for s in batch.stages if s.stage == "Filing")) for batch in self.plan
        ]
        values = [
            (stage.loss * 100 / stage.weight_in).quantize(Q4, rounding=ROUND_HALF_UP)
            for _batch, stage in planned
        ]
        for index, (point, value) in enumerate(zip(points, values, strict=True)):
            batch, stage = planned[index]
            self.assertEqual(D(point["value"]), value)
            self.assertEqual(point["date"], batch.day.isoformat())
            self.assertEqual(point["worker"], PREFIX + stage.worker)
            self.assertEqual(D(point["tolerance"]), Decimal("3.5"))
            if index < 5:  # nothing drawn before five earlier stages
                self.assertEqual(point["flag"], "over_tolerance" if value > 3.5 else "insufficient")
                self.assertIsNone(point["mean"])
                self.assertIsNone(point["ucl"])
                continue
            expected = control_limits(values[max(0, index - 20) : index])
            self.assertEqual(D(point["mean"]), expected.mean, index)
            self.assertEqual(D(point["ucl"]), expected.ucl, index)
            self.assertEqual(D(point["lcl"]), expected.lcl, index)
        fast = [p for p in points if p["worker"] == PREFIX + "Filer Fast"]
        self.assertEqual({p["flag"] for p in fast}, {"over_tolerance"})
        self.assertTrue(all(p["beyond"] for p in fast))
        self.assertIn("over the stage's tolerance of 3.50", fast[0]["reason"])
        self.assertEqual(fast[0]["flag_label"], "Over Tolerance")
        slow = [p for p in points if p["worker"] == PREFIX + "Filer Slow"]
        self.assertFalse(any(p["flag"] == "over_tolerance" for p in slow))
        for point in points:
            self.assertTrue(point["reason"])
            self.assertEqual(point["beyond"], point["flag"] not in ("ok", "insufficient"))

    def test_the_first_stage_of_a_period_is_judged_by_the_stages_before_it(self):
        data = self.dashboard.get_dashboard(
            date_from="2026-09-11", date_to="2026-09-30", workcenter_id=self.filing.id
        )
        points = data["limits"]["points"]
        self.assertEqual(len(points), 20)
        self.assertEqual(points[0]["date"], "2026-09-11")
        values = [
            (stage.loss * 100 / stage.weight_in).quantize(Q4, rounding=ROUND_HALF_UP)
            for batch in self.plan
            for stage in batch.stages
            if stage.stage == "Filing"
        ]
        self.assertEqual(D(points[0]["mean"]), control_limits(values[:10]).mean)
        self.assertEqual(D(points[-1]["ucl"]), control_limits(values[9:29]).ucl)

    def test_a_worker_is_judged_against_their_own_past(self):
        slow = self.filers["Filer Slow"]
        data = self._get(workcenter_id=self.filing.id, employee_id=slow.id)
        self.assertEqual(data["employee_id"], slow.id)
        limits = data["limits"]
        self.assertEqual(len(limits["points"]), 10)
        self.assertEqual(limits["basis"], "this worker's own past")
        self.assertEqual({p["worker"] for p in limits["points"]}, {slow.name})
        self.assertIsNone(limits["points"][4]["mean"])
        self.assertIsNotNone(limits["points"][5]["mean"])
        self.assertIn("this worker's own past", limits["points"][5]["reason"])
        # the scatter still places every filer of the centre
        self.assertEqual(len(data["scatter"]["points"]), 3)

    def test_too_few_points_draws_no_limits_and_says_so(self):
        data = self.dashboard.get_dashboard(
            date_from="2026-09-01", date_to="2026-09-04", workcenter_id=self.filing.id
        )
        limits = data["limits"]
        self.assertEqual(len(limits["points"]), 4)
        self.assertFalse(limits["enough"])
        self.assertTrue(all(p["mean"] is None for p in limits["points"]))
        self.assertIn("Too few points: 4 stages in all", limits["message"])
        self.assertIn("limits need 5 earlier ones", limits["message"])
        empty = self.dashboard.get_dashboard(date_from="2026-08-01", date_to="2026-08-31")
        self.assertFalse(empty["workcenter_id"])
        self.assertEqual(empty["scatter"]["points"], [])
        self.assertTrue(empty["scatter"]["message"])
        self.assertTrue(empty["limits"]["message"])

    def test_a_click_opens_that_workers_stages(self):
        fast = self.filers["Filer Fast"]
        action = self.dashboard.action_open_stages(fast.id, self.filing.id, *PERIOD.values())
        self.assertEqual(action["res_model"], "gold.worker.performance")
        self.assertIn(fast.name, action["name"])
        rows = self.env["gold.worker.performance"].with_user(self.owner).search(action["domain"])
        self.assertEqual(len(rows), 10)
        self.assertEqual(rows.employee_id, fast)
        self.assertEqual(rows.workcenter_id, self.filing)

    def test_bad_filters_are_refused_in_words(self):
        with self.assertRaisesRegex(UserError, "after its end"):
            self.dashboard.get_dashboard(date_from="2026-09-30", date_to="2026-09-01")
        with self.assertRaisesRegex(UserError, "two dates"):
            self.dashboard.get_dashboard(date_from="September", date_to="2026-09-30")
        with self.assertRaisesRegex(UserError, "No work centre"):
            self.dashboard.get_dashboard(**PERIOD, workcenter_id="Filing")
        with self.assertRaisesRegex(UserError, "no longer exists"):
            self.dashboard.get_dashboard(**PERIOD, workcenter_id=10**9)
        with self.assertRaisesRegex(UserError, "No worker"):
            self.dashboard.action_open_stages(False, self.filing.id, *PERIOD.values())
        # a centre without stages in the period gives way to the default, in words
        other = self.env["mrp.workcenter"].create({"name": "Dash idle bench"})
        data = self._get(workcenter_id=other.id)
        self.assertEqual(data["workcenter_id"], self.filing.id)
        self.assertIn("Dash idle bench has no closed gold stage", data["notice"])

    def test_the_dashboard_reads_with_the_users_rights(self):
        with self.assertRaises(AccessError):
            self.env["gold.loss.dashboard"].with_user(self.operator).get_dashboard(**PERIOD)

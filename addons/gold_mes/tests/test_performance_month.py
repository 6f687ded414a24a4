from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .test_recovery import ArticleMixin

Q4 = Decimal("0.0001")
IN_G = Decimal("37.5")  # one lượng per batch of 10 rings
# loss % of each filer's eight batches and their logged hours per batch
PROFILES = {
    "fast": ([4.0, 4.3, 4.6, 4.1, 4.5, 4.2, 4.4, 4.0], Decimal("1.0")),
    "slow": ([1.9, 2.0, 2.1, 2.0, 1.95, 2.05, 1.9, 2.1], Decimal("2.5")),
    "steady": ([2.9, 3.0, 3.1, 3.05, 2.95, 3.0, 3.1, 2.9], Decimal("1.6")),
}


def D(value):
    return Decimal(repr(value))


@tagged("post_install", "-at_install")
class TestPerformanceMonth(ArticleMixin, TransactionCase):
    """A generated month of filing by three filers against a 3.5 % tolerance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.wc_file = cls.env["mrp.workcenter"].create({"name": "Filing bench"})
        cls.filing_bom = cls._make_bom(
            [("Filing", cls.wc_file, "recoverable", 3.5, True)], product_qty=10, gold_luong=1
        )
        cls.filers = {
            name: cls.env["hr.employee"].create({"name": f"Filer {name}"}) for name in PROFILES
        }
        cls.env["stock.quant"]._update_available_quantity(cls.raw_gold, cls.stock_location, 40)

    def _batch(self, filer, pct, hours, day):
        production = self._make_production(self.filing_bom, qty=10)
        (filing,) = self._stages(production)
        self._capture("issue", IN_G, production=production, employee_id=filer.id)
        self._capture("in", IN_G, workorder=filing, employee_id=filer.id)
        filing.button_start()
        out = (IN_G * (100 - Decimal(str(pct))) / 100).quantize(Q4)
        self._capture("out", out, workorder=filing, employee_id=filer.id)
        if pct > 3.5:
            filing.gold_loss_explanation = "Filed fast"
        filing.button_finish()
        end = fields.Datetime.now() - timedelta(days=30 - day)
        filing.time_ids.write({"date_start": end - timedelta(hours=float(hours)), "date_end": end})
        filing.write({"date_start": end - timedelta(hours=float(hours)), "date_finished": end})
        return filing, IN_G - out

    def _month(self):
        losses = {name: [] for name in PROFILES}
        for index in range(8):
            for offset, (name, (pcts, hours)) in enumerate(PROFILES.items()):
                _wo, loss = self._batch(self.filers[name], pcts[index], hours, index * 3 + offset)
                losses[name].append(loss)
        return losses

    def test_month_flags_the_wasteful_filer_only(self):
        losses = self._month()
        report = self.env["gold.worker.performance"].with_user(self.user_supervisor)
        rows = report.search([("workcenter_id", "=", self.wc_file.id)])
        self.assertEqual(len(rows), 24)
        by_filer = {
            name: rows.filtered(lambda r, e=e: r.employee_id == e)
            for name, e in self.filers.items()
        }
        self.assertEqual(set(by_filer["fast"].mapped("loss_flag")), {"over_tolerance"})
        for name in ("slow", "steady"):
            self.assertLessEqual(
                set(by_filer[name].mapped("loss_flag")), {"ok", "insufficient"}, name
            )
            self.assertLessEqual(
                set(by_filer[name].mapped("own_flag")), {"ok", "insufficient"}, name
            )
        for row in rows:
            self.assertTrue(row.loss_reason, row.workorder_id.name)
            if row.loss_flag == "insufficient":
                self.assertFalse(row.loss_has_limits)
        fast = by_filer["fast"].sorted("date")[-1]
        self.assertIn("over the stage's tolerance of 3.50", fast.loss_reason)
        self.assertTrue(fast.loss_has_limits)
        # weighted per worker, exactly
        groups = report.read_group(
            [("workcenter_id", "=", self.wc_file.id)],
            ["pieces", "duration_h", "pieces_per_hour", "loss_pct", "loss_g", "abnormal"],
            ["employee_id"],
        )
        self.assertEqual(len(groups), 3)
        for group in groups:
            name = next(n for n, e in self.filers.items() if e.id == group["employee_id"][0])
            _pcts, hours = PROFILES[name]
            total_loss = sum(losses[name], Decimal(0))
            expected_pct = (total_loss * 100 / (IN_G * 8)).quantize(Q4)
            self.assertEqual(D(group["loss_pct"]).quantize(Q4), expected_pct, name)
            self.assertEqual(D(group["loss_g"]).quantize(Q4), total_loss, name)
            self.assertEqual(D(group["pieces"]), Decimal(80), name)
            self.assertEqual(D(group["duration_h"]).quantize(Q4), (hours * 8).quantize(Q4))
            self.assertEqual(
                D(group["pieces_per_hour"]).quantize(Decimal("0.01")),
                (Decimal(80) / (hours * 8)).quantize(Decimal("0.01")),
                name,
            )
            self.assertEqual(group["abnormal"], 8 if name == "fast" else 0, name)

    def test_pieces_once_per_batch_and_hours_only_from_logged_time(self):
        production, (casting, filing, polishing) = self._run_article()
        filing.time_ids.sudo().unlink()  # nobody logged the filing's time
        end = fields.Datetime.now()
        casting.time_ids.write({"date_start": end - timedelta(hours=2), "date_end": end})
        report = self.env["gold.worker.performance"].with_user(self.user_supervisor)
        rows = report.search([("production_id", "=", production.id)])
        by_stage = {row.workorder_id: row for row in rows}
        self.assertFalse(by_stage[filing].time_logged)
        self.assertEqual(by_stage[filing].duration_h, 0)
        self.assertEqual(by_stage[filing].pieces_per_hour, 0)
        self.assertFalse(by_stage[polishing].time_logged)  # still running: no closed time
        self.assertEqual(by_stage[filing].untimed, 1)
        self.assertEqual(by_stage[casting].duration_h, 2.0)  # logged, not planned
        self.assertEqual(by_stage[casting].pieces_per_hour, 50.0)
        (group,) = report.read_group(
            [("production_id", "=", production.id)],
            ["pieces", "loss_pct", "untimed", "pieces_per_hour", "duration_h"],
            ["employee_id"],
        )
        self.assertEqual(group["pieces"], 100)  # one batch of 100 rings, three stages
        self.assertEqual(group["untimed"], 2)
        self.assertEqual((group["duration_h"], group["pieces_per_hour"]), (2.0, 50.0))
        # 22.5 g lost of 375 + 367.5 + 356.25 g that went in
        expected = (Decimal("22.5") * 100 / Decimal("1098.75")).quantize(Q4)
        self.assertEqual(D(group["loss_pct"]).quantize(Q4), expected)

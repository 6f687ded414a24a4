from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import LUONG, GoldMesFixture


def D(value):
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


class ArticleMixin(GoldMesFixture):
    def _run_article(self, employees=None):
        """10 lượng of 18K for 100 rings: casting 9.8, filing 9.5, polishing 9.4 lượng."""
        caster, filer, polisher = employees or (self.employee,) * 3
        production = self._make_production()
        casting, filing, polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production, employee_id=caster.id)
        self._capture("in", 10 * LUONG, workorder=casting, employee_id=caster.id)
        casting.with_user(self.user_operator).button_start()
        self._capture("out", Decimal("9.8") * LUONG, workorder=casting, employee_id=caster.id)
        casting.with_user(self.user_operator).button_finish()
        filing.with_user(self.user_operator).button_start()
        self._capture("out", Decimal("9.5") * LUONG, workorder=filing, employee_id=filer.id)
        filing.with_user(self.user_operator).button_finish()
        polishing.with_user(self.user_operator).button_start()
        self._capture("out", Decimal("9.4") * LUONG, workorder=polishing, employee_id=polisher.id)
        return production, (casting, filing, polishing)

    def _recovery(self, assay_g, **vals):
        workcenters = self.wc_casting | self.wc_filing | self.wc_polishing
        vals = {
            "workcenter_ids": [Command.set(workcenters.ids)],
            "gross_g": 500.0,
            "assay_g": assay_g,
            "assay_fineness": 750.0,
            **vals,
        }
        return self.env["gold.recovery"].with_user(self.user_supervisor).create(vals)


@tagged("post_install", "-at_install")
class TestRecovery(ArticleMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()

    def _assert_lines_sum(self, recovery):
        lines = recovery.line_ids
        for field in ("recovered_g", "unexplained_g", "burn_g", "loss_g"):
            total = sum((D(v) for v in lines.mapped(field)), Decimal(0))
            expected = {
                "recovered_g": D(recovery.recovered_g) - D(recovery.excess_g),
                "unexplained_g": D(recovery.unexplained_g),
                "burn_g": D(recovery.burn_g),
                "loss_g": D(recovery.total_loss_g),
            }[field]
            self.assertEqual(total, expected, field)
        fine = sum((D(v) for v in lines.mapped("fine_recovered_g")), Decimal(0))
        self.assertEqual(fine + D(recovery.fine_excess_g), D(recovery.fine_recovered_g))
        for line in lines:
            self.assertEqual(
                D(line.loss_g), D(line.burn_g) + D(line.recovered_g) + D(line.unexplained_g)
            )

    def test_article_recovery_leaves_02_luong_unexplained(self):
        _production, (casting, filing, polishing) = self._run_article()
        recovery = self._recovery(float(Decimal("0.2") * LUONG))  # 0.2 lượng of 18K back
        recovery.action_compute()
        self.assertEqual(D(recovery.fine_recovered_g), Decimal("5.6250"))
        self.assertEqual(D(recovery.total_loss_g), Decimal("0.6") * LUONG)
        self.assertEqual(D(recovery.burn_g), Decimal("0.2") * LUONG)
        self.assertEqual(D(recovery.recoverable_g), Decimal("0.4") * LUONG)
        self.assertEqual(D(recovery.recovered_g), Decimal("0.2") * LUONG)
        self.assertEqual(D(recovery.unexplained_g), Decimal("0.2") * LUONG)
        self.assertEqual(D(recovery.fine_unexplained_g), Decimal("5.6250"))
        self.assertAlmostEqual(recovery.efficiency_pct, 50.0, places=2)
        by_stage = {line.workorder_id: line for line in recovery.line_ids}
        self.assertEqual(set(by_stage), {casting, filing, polishing})
        self.assertEqual(D(by_stage[casting].burn_g), Decimal("7.5000"))
        self.assertEqual(D(by_stage[casting].recovered_g), Decimal("0.0000"))
        # proportional to recoverable loss: 0.3 and 0.1 lượng -> 3/4 and 1/4 of 0.2
        self.assertEqual(D(by_stage[filing].recovered_g), Decimal("5.6250"))
        self.assertEqual(D(by_stage[filing].unexplained_g), Decimal("5.6250"))
        self.assertEqual(D(by_stage[polishing].recovered_g), Decimal("1.8750"))
        self.assertEqual(D(by_stage[polishing].unexplained_g), Decimal("1.8750"))
        self._assert_lines_sum(recovery)

    def test_stock_dust_in_and_refined_gold_back(self):
        self._run_article()
        recovery = self._recovery(7.5)
        quant = self.env["stock.quant"]
        dust = self.env.ref("gold_mes.product_gold_dust")
        refined = self.env.ref("gold_mes.product_gold_refined")
        dust_location = self.env.ref("gold_mes.stock_location_gold_dust")
        # what the stock held before (the demo's own dust and refined gold, if loaded)
        dust_before = quant._get_available_quantity(dust, dust_location)
        refined_before = quant._get_available_quantity(refined, self.stock_location)
        recovery.action_collect()
        self.assertEqual(recovery.state, "collected")
        self.assertAlmostEqual(
            quant._get_available_quantity(dust, dust_location), dust_before + 500.0
        )
        recovery.action_confirm()
        self.assertEqual(recovery.state, "confirmed")
        self.assertAlmostEqual(quant._get_available_quantity(dust, dust_location), dust_before)
        self.assertAlmostEqual(
            quant._get_available_quantity(refined, self.stock_location),
            refined_before + 5.625,
            places=4,
        )
        self.assertEqual(len(recovery.move_ids), 3)
        self.assertEqual(set(recovery.move_ids.mapped("state")), {"done"})

    def test_confirmed_allocation_is_immutable_and_not_reallocated(self):
        self._run_article()
        recovery = self._recovery(7.5)
        recovery.action_collect()
        recovery.action_confirm()
        line = recovery.line_ids[:1]
        with self.assertRaises(UserError):
            line.write({"recovered_g": 1.0})
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            recovery.write({"assay_g": 10.0})
        with self.assertRaises(UserError):
            recovery.unlink()
        again = self._recovery(1.0)
        again.action_compute()
        self.assertFalse(again.line_ids, "a stage is allocated by one recovery only")
        self.assertEqual(D(again.fine_excess_g), D(again.fine_recovered_g))

    def test_uneven_allocation_sums_exactly(self):
        self._run_article()
        for assay, rule in (
            ("7.0003", "proportional"),
            ("0.0007", "equal"),
            ("30", "proportional"),
        ):
            with self.subTest(assay=assay, rule=rule):
                recovery = self._recovery(float(assay), rule=rule)
                recovery.action_compute()
                self._assert_lines_sum(recovery)
                recoverable = recovery.line_ids.filtered(lambda ln: ln.loss_type == "recoverable")
                for line in recoverable:
                    self.assertLessEqual(D(line.recovered_g), D(line.loss_g))
        self.assertGreater(D(recovery.excess_g), 0)  # 30 g back against 15 g lost: a gain

    def test_results_are_computed_not_typed(self):
        self._run_article()
        recovery = self._recovery(7.5)
        recovery.action_compute()
        with self.assertRaises(UserError):
            recovery.write({"unexplained_g": 0.0})
        with self.assertRaises(UserError):
            recovery.write({"state": "confirmed"})
        with self.assertRaises(UserError):
            recovery.line_ids[:1].write({"unexplained_g": 0.0})
        with self.assertRaises(UserError):
            self.env["gold.recovery.line"].with_user(self.user_supervisor).create(
                {"recovery_id": recovery.id, "recovered_g": 1.0}
            )

    def test_operator_cannot_allocate(self):
        with self.assertRaises(AccessError):
            self.env["gold.recovery"].with_user(self.user_operator).create({"gross_g": 1.0})

    def test_stage_handed_over_is_allocated_per_worker(self):
        """A files 3.75 g away before handing over, B 7.5 g after: each answers for
        their own part of the filing loss, and the parts still sum exactly."""
        production = self._make_production()
        casting, filing, _polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", Decimal("9.8") * LUONG, workorder=casting)
        casting.button_finish()
        filing.button_start()
        self._capture("handover_out", "363.75", workorder=filing)
        self._capture("handover_in", "363.75", workorder=filing, employee_id=self.employee_b.id)
        self._capture("out", "356.25", workorder=filing, employee_id=self.employee_b.id)
        recovery = self._recovery(7.5)  # 5.625 g fine = 7.5 g of 18K back
        recovery.action_compute()
        self.assertEqual(D(recovery.unexplained_g), Decimal("3.7500"))
        lines = recovery.line_ids.filtered(lambda ln: ln.workorder_id == filing)
        by_worker = {line.employee_id: line for line in lines}
        self.assertEqual(set(by_worker), {self.employee, self.employee_b})
        a, b = by_worker[self.employee], by_worker[self.employee_b]
        self.assertEqual(
            (D(a.loss_g), D(a.recovered_g), D(a.unexplained_g)),
            (Decimal("3.7500"), Decimal("2.5000"), Decimal("1.2500")),
        )
        self.assertEqual(
            (D(b.loss_g), D(b.recovered_g), D(b.unexplained_g)),
            (Decimal("7.5000"), Decimal("5.0000"), Decimal("2.5000")),
        )
        self.assertEqual(D(a.fine_loss_g) + D(b.fine_loss_g), Decimal("8.4375"))
        self._assert_lines_sum(recovery)

from decimal import Decimal

from odoo.addons.gold_units.models.uom_uom import to_decimal
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAlloyCalculator(TransactionCase):
    def _calculator(self, purity, total, scrap=None):
        form = Form(self.env["gold.alloy.calculator"])
        form.target_purity_id = self.env.ref(f"gold_units.gold_purity_{purity}")
        form.total_grams = total
        if scrap:
            with form.line_ids.new() as line:
                line.name, line.kind, line.fineness, line.available_grams = scrap
        return form.save()

    def test_18k_from_fine_gold_and_alloy(self):
        calc = self._calculator("750", 100.0)
        self.assertEqual(calc.target_fineness, 750.0)
        calc.action_compute()
        used = [to_decimal(line.result_grams) for line in calc.line_ids]
        self.assertEqual(sum(used), Decimal("100"))
        fineness = to_decimal(calc.result_fineness)
        self.assertGreaterEqual(fineness, Decimal("750"))
        self.assertLessEqual(fineness, Decimal("752"))
        fine = sum(to_decimal(line.result_fine_grams) for line in calc.line_ids)
        self.assertEqual(fine, to_decimal(calc.result_fine_grams))

    def test_scrap_is_used_first(self):
        calc = self._calculator("585", 50.0, scrap=("old 14K rings", "scrap", 585.0, 20.0))
        calc.action_compute()
        scrap = calc.line_ids.filtered(lambda line: line.kind == "scrap")
        self.assertEqual(to_decimal(scrap.result_grams), Decimal("20"))

    def test_impossible_melt_is_refused_and_nothing_changes(self):
        calc = self._calculator("750", 100.0)
        calc.line_ids.filtered(lambda line: line.kind == "fine").available_grams = 10.0
        with self.assertRaisesRegex(UserError, "No melt is possible"):
            calc.action_compute()
        self.assertFalse(calc.solved)
        self.assertFalse(any(calc.line_ids.mapped("result_grams")))

    def test_fineness_agrees_with_the_figures_shown(self):
        """100 g of 18K: 75.1000 g fine gold shown, so 751.00 ‰, not 750.99 ‰."""
        calc = self._calculator("750", 100.0)
        calc.action_compute()
        fine = to_decimal(calc.result_fine_grams)
        self.assertEqual(fine, Decimal("75.1"))
        self.assertEqual(to_decimal(calc.result_fineness), Decimal("751"))
        shown = sum(to_decimal(line.result_fine_grams) for line in calc.line_ids)
        self.assertEqual(shown, fine)

    def test_available_column_says_what_it_is(self):
        field = self.env["gold.alloy.calculator.line"]._fields["available_grams"]
        self.assertEqual(field.string, "Available to Use (g)")
        self.assertIn("Leave 0", field.help)

import re
from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from ..core import check_conservation, workshop_plan

START = date(2026, 10, 5)
PLAN = {"days": 2, "batches_per_day": 2, "seed": 5, "abnormal_every": 3, "start": START, "trays": 2}


@tagged("post_install", "-at_install")
class TestWorkshopGeneratorBulk(TransactionCase):
    """The bulk path writes, column by column, the ledger rows capture() writes for the
    same plan; they close, and the seal chain over them holds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("mrp.group_mrp_routings")
        generator = cls.env["gold.workshop.generator"]
        cls.captured = generator._generate(prefix="Cap ", **PLAN)
        cls.bulk = generator._generate(prefix="Bulk ", bulk=True, **PLAN)

    def _rows(self, orders, prefix):
        """The orders' ledger rows as stored, ids of other records replaced by what
        they name (the two runs made their own orders, stages and workers)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT * FROM gold_weighing WHERE production_id IN %s ORDER BY id",
                tuple(orders.ids),
            )
        )
        rows = self.env.cr.dictfetchall()
        browse = self.env.__getitem__
        for row in rows:
            order = browse("mrp.production").browse(row.pop("production_id"))
            workorder = browse("mrp.workorder").browse(row.pop("workorder_id") or [])
            row["order"] = order.origin
            row["stage"] = workorder.operation_id.name
            row["workcenter"] = browse("mrp.workcenter").browse(row.pop("workcenter_id")).name
            row["operation"] = browse("mrp.routing.workcenter").browse(row.pop("operation_id")).name
            row["employee"] = browse("hr.employee").browse(row.pop("employee_id")).name
            self.assertTrue(row["idempotency_key"].startswith(f"gen-5-{prefix}GEN/"), row)
            row["idempotency_key"] = row["idempotency_key"].replace(prefix, "", 1)
            if workorder:
                suffix = f"-{workorder.id}-{row['kind']}"
                self.assertIn(suffix, row["idempotency_key"], row)
                row["idempotency_key"] = row["idempotency_key"].replace(suffix, f"-{row['kind']}")
            for key in ("workcenter", "employee"):
                self.assertTrue((row[key] or prefix).startswith(prefix), row)
                row[key] = (row[key] or "").removeprefix(prefix)
        return rows

    def test_bulk_rows_equal_captured_rows_column_by_column(self):
        captured = self._rows(self.captured, "Cap ")
        bulk = self._rows(self.bulk, "Bulk ")
        plan = list(workshop_plan.batches(**PLAN))
        self.assertEqual(len(bulk), sum(len(batch.lines()) for batch in plan))
        self.assertEqual(len(captured), len(bulk))
        for expected, found in zip(captured, bulk, strict=True):
            ids = expected.pop("id"), found.pop("id")
            names = expected.pop("name"), found.pop("name")
            self.assertEqual(found, expected)
            for name in names:
                self.assertRegex(name, r"^GW/\d{4}/\d{6}$")
            self.assertLess(*ids)
        numbers = [int(re.sub(r"\D", "", row["name"])) for row in self.bulk.gold_weighing_ids]
        self.assertEqual(len(set(numbers)), len(numbers))

    def test_bulk_orders_close_and_their_stages_match_captured(self):
        fields = ["gold_in", "gold_out", "gold_scrap", "gold_dust", "gold_loss"]
        fields += ["gold_loss_status", "gold_needs_approval", "gold_loss_approved_g"]
        for captured, bulk in zip(self.captured, self.bulk, strict=True):
            self.assertEqual(bulk.origin, captured.origin)
            self.assertIsNone(check_conservation(bulk._gold_balance(), raise_error=False))
            self.assertEqual(bulk._gold_balance().finished, captured._gold_balance().finished)
            for one, other in zip(
                captured.workorder_ids.sorted("id"), bulk.workorder_ids.sorted("id"), strict=True
            ):
                self.assertEqual(other.read(fields)[0] | {"id": 0}, one.read(fields)[0] | {"id": 0})
                self.assertEqual(bool(other.gold_loss_approved_by), bool(one.gold_loss_approved_by))
        self.assertTrue(self.bulk.workorder_ids.filtered("gold_loss_approved_by"))

    def test_integrity_check_seals_and_accepts_the_bulk_lines(self):
        supervisor = new_test_user(
            self.env,
            login="bulk_supervisor",
            groups="mrp.group_mrp_user,gold_mes.gold_weighing_group_supervisor",
        )
        check = self.env["gold.integrity.check"].with_user(supervisor).create({})
        check.action_seal_and_check()
        self.assertEqual(check.state, "ok", check.message)
        self.assertFalse(self.bulk.gold_weighing_ids.filtered(lambda line: not line.seal_hash))
        self.assertGreaterEqual(check.checked_count, len(self.bulk.gold_weighing_ids))

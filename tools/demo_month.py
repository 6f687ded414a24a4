"""A month of filing by three filers on the demo database, for the performance screens.

Run inside ``odoo shell -d DB < tools/demo_month.py`` on a database with the demo data:
one fast filer (4.0-4.6 % loss), one slow and careful (1.9-2.1 %), one near 3 %, against
the demo filing tolerance of 3.5 %, each batch 10 rings from 1 lượng with logged hours.
"""

from datetime import timedelta
from decimal import Decimal

from odoo import Command, fields

env = env  # noqa: F821,PLW0127  (given by odoo shell)
PROFILES = {
    "Phạm Văn Nhanh": ([4.0, 4.3, 4.6, 4.1, 4.5, 4.2, 4.4, 4.0], 1.0),
    "Hoàng Thị Kỹ": ([1.9, 2.0, 2.1, 2.0, 1.95, 2.05, 1.9, 2.1], 2.5),
    "Đỗ Văn Đều": ([2.9, 3.0, 3.1, 3.05, 2.95, 3.0, 3.1, 2.9], 1.6),
}
IN_G = Decimal("37.5")
ref = env.ref
filing_wc = ref("gold_mes.mrp_workcenter_filing_demo")
bom = env["mrp.bom"].create(
    {
        "product_tmpl_id": ref("gold_mes.product_ring_18k_demo").product_tmpl_id.id,
        "product_qty": 10,
        "bom_line_ids": [
            Command.create(
                {
                    "product_id": ref("gold_mes.product_gold_18k_demo").id,
                    "product_qty": 1,
                    "product_uom_id": ref("gold_units.uom_luong").id,
                }
            )
        ],
        "operation_ids": [
            Command.create(
                {
                    "name": "Filing",
                    "workcenter_id": filing_wc.id,
                    "gold_loss_kind": "recoverable",
                    "gold_loss_tolerance_pct": 3.5,
                    "gold_weigh_in_required": True,
                    "gold_weigh_out_required": True,
                }
            )
        ],
    }
)
scale = ref("gold_mes.gold_scale_bench_demo")
filers = {name: env["hr.employee"].create({"name": name}) for name in PROFILES}
weighing = env["gold.weighing"]
for index in range(8):
    for offset, (name, (pcts, hours)) in enumerate(PROFILES.items()):
        filer = filers[name]
        production = env["mrp.production"].create(
            {
                "product_id": bom.product_tmpl_id.product_variant_id.id,
                "bom_id": bom.id,
                "product_qty": 10,
            }
        )
        production.action_confirm()
        wo = production.workorder_ids
        key = f"demo-month-{index}-{offset}"
        common = {"employee_id": filer.id, "reason": "Demo month", "scale_id": scale.id}
        weighing.capture(
            {
                "kind": "issue",
                "production_id": production.id,
                "weight_g": str(IN_G),
                "idempotency_key": key + "-issue",
                **common,
            }
        )
        weighing.capture(
            {
                "kind": "in",
                "workorder_id": wo.id,
                "weight_g": str(IN_G),
                "idempotency_key": key + "-in",
                **common,
            }
        )
        wo.button_start()
        out = (IN_G * (100 - Decimal(str(pcts[index]))) / 100).quantize(Decimal("0.0001"))
        weighing.capture(
            {
                "kind": "out",
                "workorder_id": wo.id,
                "weight_g": str(out),
                "idempotency_key": key + "-out",
                **common,
            }
        )
        if pcts[index] > 3.5:
            wo.gold_loss_explanation = "Filed in a hurry"
        wo.button_finish()
        end = fields.Datetime.now() - timedelta(days=30 - index * 3 - offset)
        wo.time_ids.write({"date_start": end - timedelta(hours=hours), "date_end": end})
        wo.write({"date_start": end - timedelta(hours=hours), "date_finished": end})
env.cr.commit()
print("generated", len(PROFILES) * 8, "filing stages")

"""Generated workshop history, recorded through the ledger's own paths.

``core.workshop_plan`` plans the batches; this model turns each planned batch into
a confirmed manufacturing order whose stages are weighed through
``gold.weighing.capture()``, started and finished as the kiosk would, abnormal
losses explained and approved by a supervisor, time logged on each stage (and the
stage dated) as planned, and the order marked done.  Nothing is written around the
ledger, so every generated figure passes the same checks as a weighed one.

Server-side only (no public method): used by the demo's month of history, by the
benchmarks and by ``tools/gen_workshop.py``.  The capture time of each line is the
plan's day (the field's default is set for the duration of one batch, in this
process only).
"""

import contextlib
from datetime import datetime, time, timedelta
from decimal import Decimal

from odoo import Command, api, models

from ..core import workshop_plan

REASON = "Generated workshop history"


class GoldWorkshopGenerator(models.AbstractModel):
    _name = "gold.workshop.generator"
    _description = "Generated Gold Workshop History"

    @api.model
    def _generate(self, days=30, batches_per_day=2, worker_count=None, seed=1, **kw):
        """Plan and record the history; return the generated orders."""
        workers = workshop_plan.default_workers(worker_count)
        stages = workshop_plan.DEFAULT_STAGES
        setup = self._prepare_workshop(stages, workers, kw.get("prefix", ""))
        plan = workshop_plan.batches(
            days=days,
            batches_per_day=batches_per_day,
            workers=workers,
            seed=seed,
            start=kw.get("start") or (datetime.now().date() - timedelta(days=days)),
            abnormal_every=kw.get("abnormal_every", 9),
        )
        orders = self.env["mrp.production"]
        for batch in plan:
            orders |= self._record_batch(batch, setup, seed)
        return orders

    # --- the workshop --------------------------------------------------------
    def _prepare_workshop(self, stages, workers, prefix):
        env = self.env
        purity = env.ref("gold_units.gold_purity_750")
        luong = env.ref("gold_units.uom_luong")
        name = f"{prefix}Ring 18K (generated)".strip()
        raw = env["product.product"].create(
            {
                "name": f"{prefix}Gold 18K grain (generated)".strip(),
                "is_storable": True,
                "uom_id": luong.id,
                "uom_po_id": luong.id,
                "gold_is_gold": True,
                "gold_purity_id": purity.id,
            }
        )
        ring = env["product.product"].create(
            {"name": name, "is_storable": True, "gold_is_gold": True, "gold_purity_id": purity.id}
        )
        centre = env["mrp.workcenter"]
        centres = {
            s.name: centre.search([("name", "=", prefix + s.name)], limit=1)
            or centre.create({"name": prefix + s.name})
            for s in stages
        }
        per_piece = workshop_plan.GRAMS_PER_PIECE / Decimal("37.5")
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": ring.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": raw.id,
                            "product_qty": float(per_piece),
                            "product_uom_id": luong.id,
                        }
                    )
                ],
                "operation_ids": [
                    Command.create(
                        {
                            "name": s.name,
                            "workcenter_id": centres[s.name].id,
                            "sequence": 10 * (i + 1),
                            "gold_loss_kind": s.loss_type,
                            "gold_loss_tolerance_pct": float(s.tolerance_pct),
                            "gold_weigh_in_required": True,
                            "gold_weigh_out_required": True,
                        }
                    )
                    for i, s in enumerate(stages)
                ],
            }
        )
        employee = env["hr.employee"]
        people = {
            w.name: employee.search([("name", "=", prefix + w.name)], limit=1)
            or employee.create({"name": prefix + w.name})
            for w in workers
        }
        return {"ring": ring, "bom": bom, "employees": people}

    # --- one batch -------------------------------------------------------------
    @contextlib.contextmanager
    def _captured_on(self, moment):
        field = self.env["gold.weighing"]._fields["captured_at"]
        default = field.default
        field.default = lambda _model: moment
        try:
            yield
        finally:
            field.default = default

    def _record_batch(self, batch, setup, seed):
        order = self.env["mrp.production"].create(
            {
                "product_id": setup["ring"].id,
                "bom_id": setup["bom"].id,
                "product_qty": batch.pieces,
                "origin": batch.ref,
                "date_start": datetime.combine(batch.day, time(7, 0)),
            }
        )
        order.action_confirm()
        moment = datetime.combine(batch.day, time(7, 30))
        people = setup["employees"]
        capture = self.env["gold.weighing"].capture
        key = f"gen-{seed}-{batch.ref}"
        with self._captured_on(moment):
            first = people[batch.stages[0].worker]
            capture(
                self._vals(
                    order, None, "issue", grams=batch.issued, employee=first, key=f"{key}-issue"
                )
            )
        stages = order.workorder_ids.sorted(lambda wo: (wo.operation_id.sequence, wo.id))
        for wo, plan in zip(stages, batch.stages, strict=True):
            who = people[plan.worker]
            start = moment
            moment += timedelta(minutes=float(plan.minutes))
            with self._captured_on(start):
                capture(
                    self._vals(
                        order, wo, "in", grams=plan.weight_in, employee=who, key=f"{key}-{wo.id}-in"
                    )
                )
            wo.button_start()
            with self._captured_on(moment):
                for kind in ("scrap", "dust", "out"):
                    grams = {"scrap": plan.scrap, "dust": plan.dust, "out": plan.weight_out}[kind]
                    if kind == "out" or grams > 0:
                        vals = self._vals(
                            order, wo, kind, grams=grams, employee=who, key=f"{key}-{wo.id}-{kind}"
                        )
                        capture(vals)
            if wo.gold_needs_approval:
                wo.gold_loss_explanation = f"{plan.worker}: {REASON.lower()}"
                wo.action_gold_approve_loss()
            wo.button_finish()
            wo.time_ids.write({"date_start": start, "date_end": moment})
            # the stage ran on the plan's day, not on the day the history was generated
            # (the worker figures date each stage by its finish); as it ran, not as the
            # work centre's calendar would plan it
            wo.with_context(bypass_duration_calculation=True).write(
                {"date_start": start, "date_finished": moment}
            )
        order.qty_producing = batch.pieces
        order.with_context(skip_backorder=True, skip_immediate=True).button_mark_done()
        return order

    @api.model
    def _vals(self, order, workorder, kind, *, grams, employee, key):
        vals = {
            "kind": kind,
            "weight_g": str(grams),
            "employee_id": employee.id,
            "reason": REASON,
            "idempotency_key": key,
        }
        if workorder:
            vals["workorder_id"] = workorder.id
        else:
            vals["production_id"] = order.id
        return vals

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
        """Plan and record the history; return the generated orders.

        ``bulk=True`` writes the same ledger rows set-based instead, for the benchmarks'
        year (``models/gold_workshop_generator_bulk.py``); ``progress``: a callable
        given (day, orders so far) after each day of the plan."""
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
            trays=kw.get("trays", 1),
        )
        if kw.get("bulk"):
            return self._record_bulk(plan, setup, seed, kw.get("progress"))
        orders, progress = self.env["mrp.production"], kw.get("progress")
        for day, batches in workshop_plan.by_day(plan):
            for batch in batches:
                orders |= self._record_batch(batch, setup, seed)
            if progress:
                progress(day, len(orders))
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
        return {"ring": ring, "bom": bom, "employees": people, "prefix": prefix}

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

    @api.model
    def _prepare_order_vals(self, batch, setup):
        return {
            "product_id": setup["ring"].id,
            "bom_id": setup["bom"].id,
            "product_qty": batch.pieces,
            "origin": batch.ref,
            "date_start": datetime.combine(batch.day, time(7, 0)),
        }

    @api.model
    def _first_capture_at(self, batch):
        return datetime.combine(batch.day, time(7, 30))

    @api.model
    def _line_key(self, setup, seed, batch, workorder, line):
        """The line's idempotency key: two generated shops (prefixes) never share one."""
        key = f"gen-{seed}-{setup['prefix']}{batch.ref}"
        if not workorder:
            return f"{key}-{line.kind}"
        tray = f"-{line.tray}" if line.tray else ""
        return f"{key}-{workorder.id}-{line.kind}{tray}"

    @api.model
    def _order_stages(self, order):
        return order.workorder_ids.sorted(lambda wo: (wo.operation_id.sequence, wo.id))

    def _record_batch(self, batch, setup, seed):
        order = self.env["mrp.production"].create(self._prepare_order_vals(batch, setup))
        order.action_confirm()
        people = setup["employees"]
        capture = self.env["gold.weighing"].capture
        lines = batch.captures(self._first_capture_at(batch))
        stages = self._order_stages(order)

        def record(line, wo=None):
            with self._captured_on(line.at):
                vals = self._vals(
                    order,
                    wo,
                    line.kind,
                    grams=line.grams,
                    employee=people[line.worker],
                    key=self._line_key(setup, seed, batch, wo, line),
                )
                capture(vals)

        record(lines[0])
        for index, (wo, plan) in enumerate(zip(stages, batch.stages, strict=True)):
            stage_lines = [line for line in lines if line.stage == index]
            for line in stage_lines[: plan.trays]:  # the trays weighed in
                record(line, wo)
            wo.button_start()
            for line in stage_lines[plan.trays :]:
                record(line, wo)
            if wo.gold_needs_approval:
                self._approve_stage(wo, plan)
            wo.button_finish()
            start, end = stage_lines[0].at, stage_lines[-1].at
            wo.time_ids.write({"date_start": start, "date_end": end})
            # the stage ran on the plan's day, not on the day the history was generated
            # (the worker figures date each stage by its finish); as it ran, not as the
            # work centre's calendar would plan it
            wo.with_context(bypass_duration_calculation=True).write(
                {"date_start": start, "date_finished": end}
            )
        order.qty_producing = batch.pieces
        order.with_context(skip_backorder=True, skip_immediate=True).button_mark_done()
        return order

    @api.model
    def _approve_stage(self, workorder, plan):
        workorder.gold_loss_explanation = f"{plan.worker}: {REASON.lower()}"
        workorder.action_gold_approve_loss()

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

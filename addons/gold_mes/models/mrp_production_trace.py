"""Traceability of a batch (mrp.production): the piece's story, stage by stage.

``_gold_trace_story`` gathers what the trace report prints for one batch: the finished
lots, the gold issued from the safe, the casting mix (the recorded mix, planned
against weighed per component, its resulting fineness and the assay of the cast; and
the order's components with their weights and the fineness they make), every stage in
production order with its in, out, scrap, dust and loss against the tolerance, its
status, approver, worker and times, the readings with their balance and signature, and
the handovers with both confirmations.
"""

from decimal import ROUND_HALF_UP, Decimal

from odoo import _, api, fields, models

from ..core.weights import ZERO, field_grams, fine_grams, percent_of

PROMILLE = Decimal("0.01")


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    gold_handover_ids = fields.One2many("gold.handover", "production_id", string="Chain of Custody")
    gold_handover_count = fields.Integer(compute="_compute_gold_handover_count")
    gold_recovery_line_ids = fields.One2many(
        "gold.recovery.line", "production_id", string="Recovered Gold"
    )

    @api.depends("gold_handover_ids")
    def _compute_gold_handover_count(self):
        for production in self:
            production.gold_handover_count = len(production.gold_handover_ids)

    # ------------------------------------------------------------------ actions
    def _gold_trace_title(self):
        return _("Gold Trace: %(names)s", names=", ".join(self.mapped("name")))

    def action_gold_trace(self):
        """The story of these batches on screen (one page per batch, printable); opened
        from a stage (``gold_trace_workorder_id`` in the context), that stage is marked."""
        workorder = (
            self.env["mrp.workorder"]
            .browse(self.env.context.get("gold_trace_workorder_id") or [])
            .exists()
        )
        report = self.env.ref("gold_mes.gold_trace_report_action_html")
        # with data, the client puts no ids in the report's URL: they travel in data
        data = {"ids": self.ids, "marked_workorder_id": workorder.id or False}
        action = report.report_action(self, data=data, config=False)
        title = self._gold_trace_title()
        if workorder:
            title = _("%(title)s (from %(stage)s)", title=title, stage=workorder.name)
        action.update(name=title, display_name=title)
        return action

    def action_gold_trace_readings(self):
        """Every reading of these batches in the order it was weighed."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gold_mes.gold_weighing_action_trace"
        )
        title = _("Readings: %(names)s", names=", ".join(self.mapped("name")))
        action.update(domain=[("production_id", "in", self.ids)], name=title, display_name=title)
        return action

    def action_gold_handovers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gold_mes.gold_handover_action")
        action["domain"] = [("production_id", "=", self.id)]
        action["context"] = {"default_workorder_id": self.workorder_ids[:1].id}
        return action

    # ------------------------------------------------------------------ the story
    def _gold_trace_story(self, marked_workorder_id=None):
        """What the trace prints for this batch (plain values, weights as Decimal)."""
        self.ensure_one()
        production = self.sudo()
        lots = production.lot_producing_id | production.move_finished_ids.move_line_ids.lot_id
        weighings = production.gold_weighing_ids.sorted(lambda w: (w.captured_at, w.id))
        return {
            "production": production,
            "lots": ", ".join(lots.mapped("name")),
            "fmt": production._gold_format,
            "batch_lines": [
                self._gold_trace_reading(w)
                for w in weighings.filtered(lambda w: not w.workorder_id)
            ],
            "mix": production._gold_trace_mix(),
            # the mix the caster weighed (gold.casting.mix), with the assay of the cast
            "casting": production._gold_trace_casting(),
            "stages": [
                production._gold_trace_stage(wo, marked_workorder_id)
                for wo in production._gold_stage_workorders()
            ],
            "handovers": [
                production._gold_trace_handover(h)
                for h in production.gold_handover_ids.sorted("id")
            ],
        }

    def _gold_trace_mix(self):
        """The components the batch consumes (or will), their weights, and the fineness
        they make together: sum of fine gold over sum of weight."""
        rows = []
        for move in self.move_raw_ids.filtered(lambda m: m.state != "cancel"):
            qty = move.quantity if move.picked or move.state == "done" else move.product_uom_qty
            grams = self._gold_trace_move_grams(move, qty)
            fineness = (
                move.product_id.gold_purity_id.gold_fineness()
                if move.product_id.gold_purity_id
                else ZERO
            )
            rows.append(
                {
                    "product": move.product_id.display_name,
                    "qty": qty,
                    "uom": move.product_uom.name,
                    "consumed": bool(move.picked or move.state == "done"),
                    "grams": grams,
                    "fineness": fineness,
                    "fine": fine_grams(grams, fineness) if grams is not None else None,
                }
            )
        weighed = [row for row in rows if row["grams"] is not None]
        total = sum((row["grams"] for row in weighed), ZERO)
        fine = sum((row["fine"] for row in weighed), ZERO)
        result = (fine * 1000 / total).quantize(PROMILLE, ROUND_HALF_UP) if total else None
        return {"rows": rows, "grams": total, "fine": fine, "fineness": result}

    def _gold_trace_move_grams(self, move, qty):
        """Grams in ``qty`` of a component move, or None when it has no weight."""
        product = move.product_id
        if move.product_uom.gold_unit_code or product.gold_is_gold:
            return product.gold_grams(qty, move.product_uom)
        weight_uom = self.env.ref("uom.product_uom_gram", raise_if_not_found=False)
        if weight_uom and move.product_uom.category_id == weight_uom.category_id:
            return field_grams(move.product_uom._compute_quantity(qty, weight_uom, round=False))
        return None

    def _gold_trace_stage(self, workorder, marked_workorder_id=None):
        tolerance = Decimal(repr(workorder.gold_loss_tolerance_pct or 0.0))
        gold_in = field_grams(workorder.gold_in)
        loss = field_grams(workorder.gold_loss)
        minutes = sum(workorder.time_ids.filtered("date_end").mapped("duration"))
        readings = workorder.gold_weighing_ids.sorted(lambda w: (w.captured_at, w.id))
        carried = gold_in > 0 and not readings.filtered(lambda w: w.kind == "in")
        return {
            "workorder": workorder,
            "marked": workorder.id == marked_workorder_id,
            "worker": workorder.gold_employee_id.name or "",
            "workers": ", ".join(readings.employee_id.mapped("name")),
            "start": workorder.date_start,
            "finish": workorder.date_finished if workorder.state == "done" else False,
            # under a minute is a start and a finish pressed together: no time logged
            "hours": Decimal(repr(minutes / 60)).quantize(PROMILLE, ROUND_HALF_UP)
            if minutes >= 1
            else None,
            "in": gold_in,
            "in_carried": carried,
            "out": field_grams(workorder.gold_out),
            "scrap": field_grams(workorder.gold_scrap),
            "dust": field_grams(workorder.gold_dust),
            "loss": loss,
            "loss_pct": percent_of(loss, gold_in),
            "tolerance": tolerance,
            "over": percent_of(loss, gold_in) > tolerance,
            "status": workorder.gold_loss_status or "open",
            "status_label": workorder._gold_status_label(),
            "approver": workorder.gold_loss_approved_by.name or "",
            "approved_on": workorder.gold_loss_approved_date,
            "explanation": workorder.gold_loss_explanation or "",
            "readings": [self._gold_trace_reading(w) for w in readings],
        }

    @api.model
    def _gold_trace_reading(self, weighing):
        kinds = dict(weighing._fields["kind"]._description_selection(self.env))
        return {
            "time": weighing.captured_at,
            "ref": weighing.name,
            "kind": kinds.get(weighing.kind, weighing.kind),
            "grams": field_grams(weighing.net_g),
            "worker": weighing.employee_id.name or "",
            "balance": weighing.scale_id.name or _("Manual Entry"),
            "signed": weighing.signed,
            "approver": weighing.approver_id.name or "",
        }

    @api.model
    def _gold_trace_handover(self, handover):
        states = dict(handover._fields["state"]._description_selection(self.env))
        given, received = handover.out_weighing_id, handover.in_weighing_id
        return {
            "ref": handover.name,
            "stage": handover.workorder_id.name,
            "from": handover.from_employee_id.name,
            "to": handover.to_employee_id.name,
            "state": states.get(handover.state, handover.state),
            "given": field_grams(given.net_g) if given else None,
            "given_at": given.captured_at if given else None,
            "given_by": given.employee_id.name if given else "",
            "received": field_grams(received.net_g) if received else None,
            "received_at": received.captured_at if received else None,
            "received_by": received.employee_id.name if received else "",
            "difference": field_grams(handover.difference_g),
        }

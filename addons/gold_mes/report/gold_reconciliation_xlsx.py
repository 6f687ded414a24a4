"""The gold reconciliation for accountants, one workbook for the selected batches.

Gathers plain rows from the ledger (``mrp.production._gold_balance``), the stages, the
confirmed recovery allocations and the gold price, and hands them to
``core.xlsx_layout`` (Summary, Stages, Ledger, Workers).

Loss split per stage: a confirmed ``gold.recovery.line`` gives burn, recovered and
unexplained; a stage without one counts its loss as burn (burn stage) or unexplained
(recoverable stage, nothing back yet).  A batch's unexplained loss is what its total
loss (transit variances included) leaves after burn and recovered, so the identity
loss = burn + recovered + unexplained holds exactly on every row.
"""

from collections import defaultdict
from decimal import Decimal

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..core.ledger import BURN
from ..core.weights import ZERO, to_grams
from ..core.xlsx_layout import (
    BatchRow,
    LedgerRow,
    StageRow,
    WorkerRow,
    money_format,
    reconciliation_spec,
    write_workbook,
)


def grams(value):
    return to_grams(value or 0, allow_negative=True)


class ReportGoldReconciliationXlsx(models.AbstractModel):
    _name = "report.gold_mes.gold_reconciliation_xlsx"
    _inherit = "report.gold_mes.abstract_xlsx"
    _description = "Gold Reconciliation (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        write_workbook(self._gold_reconciliation_spec(objs), workbook)

    # ------------------------------------------------------------------ gathering
    def _gold_reconciliation_spec(self, productions):
        productions = productions.sorted(lambda p: (p.name or "", p.id))
        company = productions.company_id[:1] or self.env.company
        now = fields.Datetime.now()
        notes = []
        price_note = self._gold_price_note(company, now)
        if price_note:
            notes.append(price_note)
        batches, stage_rows, splits = [], [], []
        for production in productions:
            batch, stages, stage_splits = self._gold_batch(production, company, now)
            batches.append(batch)
            stage_rows.extend(stages)
            splits.extend(stage_splits)
        pending = [split for split in splits if split["pending"]]
        worker_notes = []
        if pending:
            worker_notes.append(
                self.env._(
                    "Recoverable loss of stages without a confirmed recovery counts as "
                    "unexplained until the dust is allocated."
                )
            )
            notes.append(worker_notes[0])
        if any(
            batch.loss != sum_stage
            for batch, sum_stage in self._batch_stage_losses(batches, splits)
        ):
            worker_notes.append(
                self.env._(
                    "Transit variances (gold missing between two weighings) are in the "
                    "batches' unexplained loss, not in any worker's."
                )
            )
        return reconciliation_spec(
            batches,
            stage_rows,
            self._gold_ledger_rows(productions),
            self._gold_worker_rows(splits, company),
            subtitle=self.env._(
                "%(company)s · printed %(date)s · %(count)s batch(es)",
                company=company.name,
                date=self._gold_local(now, company).strftime("%Y-%m-%d %H:%M"),
                count=len(productions),
            ),
            notes=notes,
            worker_notes=worker_notes,
            money_format=self._gold_money_format(company.currency_id),
            translate=self._gold_translate,
        )

    @staticmethod
    def _batch_stage_losses(batches, splits):
        by_batch = defaultdict(lambda: ZERO)
        for split in splits:
            by_batch[split["batch"]] += split["loss"]
        return [(batch, by_batch[batch.name]) for batch in batches]

    def _gold_batch(self, production, company, now):
        """(BatchRow, [StageRow], [stage split dicts]) of one production."""
        balance = production._gold_balance()
        fmt = self._gold_formatter(company)
        if balance is None:
            return BatchRow(**self._prepare_gold_batch_vals(production, None, [])), [], []
        workorders = {wo.id: wo for wo in production._gold_stage_workorders()}
        recovered = self._gold_confirmed_allocations(workorders)
        stage_rows, splits = [], []
        for stage in balance.stages:
            wo = workorders.get(stage.key)
            if wo is None:
                continue
            split = self._gold_stage_split(production, wo, stage, recovered.get(wo.id))
            splits.append(split)
            stage_rows.append(
                StageRow(
                    batch=production.name,
                    stage=wo.name,
                    workcenter=wo.workcenter_id.name or "",
                    worker=wo.gold_employee_id.name or "",
                    loss_type=stage.loss_type,
                    weight_in=stage.weight_in,
                    weight_out=stage.weight_out,
                    scrap=stage.scrap,
                    loss=stage.loss,
                    tolerance_pct=Decimal(repr(wo.operation_id.gold_loss_tolerance_pct or 0.0)),
                    allowed_loss=stage.allowed_loss,
                    status=stage.status,
                    approved_by=wo.gold_loss_approved_by.name or "",
                    loss_units=fmt(stage.loss),
                )
            )
        vals = self._prepare_gold_batch_vals(production, balance, splits)
        vals["loss_value"] = self._gold_loss_value(balance.fine_total_loss, company, now)
        return BatchRow(**vals), stage_rows, splits

    def _prepare_gold_batch_vals(self, production, balance, splits):
        fmt = self._gold_formatter(production.company_id or self.env.company)
        vals = {
            "name": production.name,
            "product": production.product_id.display_name or "",
            "purity": production.product_id.gold_purity_id.display_name or "",
        }
        if balance is None:
            return vals
        burn = sum((split["burn"] for split in splits), ZERO)
        recovered = sum((split["recovered"] for split in splits), ZERO)
        vals.update(
            issued=balance.issued,
            finished=balance.finished,
            in_process=balance.in_process,
            scrap=balance.scrap,
            returned=balance.returned,
            burn=burn,
            recovered=recovered,
            unexplained=balance.total_loss - burn - recovered,
            fine_issued=balance.fine_issued,
            fine_finished=balance.fine_finished,
            fine_in_process=balance.fine_in_process,
            fine_scrap=balance.fine_scrap,
            fine_returned=balance.fine_returned,
            fine_loss=balance.fine_total_loss,
            issued_units=fmt(balance.issued),
            loss_units=fmt(balance.total_loss),
        )
        return vals

    def _gold_confirmed_allocations(self, workorders):
        """{work order id: gold.recovery.line recordset} of confirmed recoveries."""
        lines = self.env["gold.recovery.line"]
        if not workorders or not lines.has_access("read"):
            return {}
        found = lines.search(
            [
                ("workorder_id", "in", list(workorders)),
                ("recovery_id.state", "=", "confirmed"),
            ]
        )
        result = defaultdict(lambda: lines)
        for line in found:
            result[line.workorder_id.id] |= line
        return result

    def _gold_stage_split(self, production, workorder, stage, lines):
        """{batch, worker, loss, burn, recovered, unexplained, pending} of one stage."""
        split = {
            "batch": production.name,
            "worker": workorder.gold_employee_id,
            "loss": stage.loss,
            "pending": False,
        }
        if lines:
            burn = sum((grams(v) for v in lines.mapped("burn_g")), ZERO)
            recovered = sum((grams(v) for v in lines.mapped("recovered_g")), ZERO)
        elif stage.loss_type == BURN:
            burn, recovered = stage.loss, ZERO
        else:
            burn, recovered = ZERO, ZERO
            split["pending"] = stage.loss > 0
        split.update(burn=burn, recovered=recovered, unexplained=stage.loss - burn - recovered)
        return split

    def _gold_worker_rows(self, splits, company):
        fmt = self._gold_formatter(company)
        totals = {}
        for split in splits:
            worker = split["worker"]
            if not worker and not split["loss"]:
                continue  # a stage nobody has worked at yet
            row = totals.setdefault(
                worker.id,
                {
                    "worker": worker,
                    "stages": 0,
                    "burn": ZERO,
                    "recovered": ZERO,
                    "unexplained": ZERO,
                },
            )
            row["stages"] += 1
            for key in ("burn", "recovered", "unexplained"):
                row[key] += split[key]
        no_worker = self.env._("(no worker)")
        rows = [
            WorkerRow(
                worker=row["worker"].name or no_worker,
                stages=row["stages"],
                burn=row["burn"],
                recovered=row["recovered"],
                unexplained=row["unexplained"],
                loss_units=fmt(row["burn"] + row["recovered"] + row["unexplained"]),
            )
            for row in totals.values()
        ]
        return sorted(rows, key=lambda row: row.worker)

    def _gold_ledger_rows(self, productions):
        weighing = self.env["gold.weighing"]
        lines = weighing.search([("production_id", "in", productions.ids)], order="captured_at, id")
        kinds = dict(weighing._fields["kind"]._description_selection(self.env))
        sources = dict(weighing._fields["source"]._description_selection(self.env))
        company = productions.company_id[:1] or self.env.company
        rows = []
        for line in lines:
            kind = kinds.get(line.kind, line.kind)
            if line.kind == "reversal" and line.reversal_of_id:
                kind = f"{kind}: {kinds.get(line.reversal_of_id.kind)} {line.reversal_of_id.name}"
            rows.append(
                LedgerRow(
                    time=self._gold_local(line.captured_at, company),
                    batch=line.production_id.name or "",
                    stage=line.workorder_id.name or "",
                    kind=kind,
                    worker=line.employee_id.name or "",
                    scale=line.scale_id.display_name or "",
                    source=sources.get(line.source, line.source or ""),
                    stable=line.stable,
                    signed=line.signed,
                    net=grams(line.net_g),
                    fineness=Decimal(repr(line.fineness or 0.0)),
                    fine=grams(line.fine_g),
                    reason=line.reason or "",
                    approver=line.approver_id.name or "",
                )
            )
        return rows

    # ------------------------------------------------------------------ words, money, units, time
    def _gold_translate(self, text):
        """A label of the layout in the user's language (module gold_mes)."""
        return self.env._(text)

    def _gold_price_note(self, company, now):
        """A note when the loss cannot be valued (no gold price), else None."""
        try:
            self.env["gold.price"]._get_price(at=now, company=company)
        except (UserError, AccessError) as error:
            return self.env._(
                "Loss value left empty: %(error)s", error=getattr(error, "args", [error])[0]
            )
        return None

    def _gold_loss_value(self, fine_loss, company, now):
        """The fine gold lost at the gold price of the day, or None without a price."""
        try:
            return self.env["gold.price"]._get_value(fine_loss, 1000, at=now, company=company)
        except (UserError, AccessError):
            return None

    @staticmethod
    def _gold_money_format(currency):
        if not currency:
            return money_format()
        return money_format(
            currency.symbol or currency.name, currency.decimal_places, currency.position
        )

    def _gold_formatter(self, company):
        lang = self.env.lang
        return lambda weight: company._gold_format_weight(weight, lang) if weight else ""

    def _gold_local(self, when, company):
        """A naive UTC datetime as naive local time (the user's, else the company's)."""
        if not when:
            return None
        record = self.with_context(
            tz=self.env.context.get("tz") or self.env.user.tz or company.partner_id.tz
        )
        return fields.Datetime.context_timestamp(record, when).replace(tzinfo=None)

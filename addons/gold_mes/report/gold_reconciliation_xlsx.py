"""The gold reconciliation for accountants, on OCA ``report_xlsx``.

``report.gold_mes.gold_reconciliation_xlsx`` prints the batches chosen in the Print menu
of manufacturing orders; ``report.gold_mes.gold_period_xlsx`` (gold_period_xlsx.py)
prints a period from the wizard.  Both gather plain rows here and hand them to
``core.xlsx_reconciliation``; the workbook is written in xlsxwriter's constant-memory
mode and the Audit sheet streams the ledger from SQL in chunks.

Loss split per stage: a confirmed ``gold.recovery.line`` gives burn, recovered and
unexplained; a stage without one counts its loss as burn (burn stage) or unexplained
(recoverable stage, nothing back yet).  A batch's unexplained loss is what its total
loss (transit variances included) leaves after burn and recovered, so the identity
loss = burn + recovered + unexplained holds exactly on every row.
"""

import tempfile
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytz
import xlsxwriter
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core.ledger import BURN
from ..core.weights import ZERO, to_decimal, to_grams
from ..core.xlsx_layout import money_format, workbook_options, write_workbook
from ..core.xlsx_reconciliation import (
    BatchRow,
    Header,
    StageRow,
    reconciliation_spec,
)

REPORT_GROUPS = ("gold_weighing_group_accountant", "gold_weighing_group_supervisor")


def grams(value):
    return to_grams(value or 0, allow_negative=True)


class ReportGoldReconciliationXlsx(models.AbstractModel):
    _name = "report.gold_mes.gold_reconciliation_xlsx"
    _inherit = ["report.report_xlsx.abstract", "report.gold_mes.gold_reconciliation_rows"]
    _description = "Gold Reconciliation (Excel)"

    # ------------------------------------------------------------------ report_xlsx hooks
    def get_workbook_options(self):
        return workbook_options()

    def create_xlsx_report(self, docids, data):
        stream, _size = self._gold_xlsx_file(docids, data)
        with stream:
            return stream.read(), "xlsx"

    def _gold_xlsx_file(self, docids, data):
        """(open temporary file at its start, size): the workbook, written to disk
        rather than memory (controllers/xlsx_stream.py streams it to the browser)."""
        objs = self._get_objs_for_report(docids, data)
        stream = tempfile.TemporaryFile()
        try:
            workbook = xlsxwriter.Workbook(stream, self.get_workbook_options())
            self.generate_xlsx_report(workbook, data, objs)
            workbook.close()
        except Exception:
            stream.close()
            raise
        size = stream.tell()
        stream.seek(0)
        return stream, size

    def _get_objs_for_report(self, docids, data):
        """The records to print, read with the caller's rights; only accountants and
        gold supervisors print the ledger's values (an operator sees their own lines)."""
        self._gold_check_report_access()
        objs = super()._get_objs_for_report(docids, data).exists()
        objs.check_access("read")
        return objs

    @api.model
    def _gold_check_report_access(self):
        user = self.env.user
        if self.env.su or any(user.has_group(f"gold_mes.{group}") for group in REPORT_GROUPS):
            return
        raise AccessError(
            self.env._("Only accountants and gold supervisors may export the gold ledger.")
        )

    def generate_xlsx_report(self, workbook, data, objs):
        productions = objs.sorted(lambda p: (p.name or "", p.id))
        company = productions.company_id[:1] or self.env.company
        write_workbook(self._gold_spec(company, productions), workbook)

    # ------------------------------------------------------------------ the workbook
    def _gold_spec(self, company, productions, window=None, filters=None):
        """The WorkbookSpec of ``productions``; ``window``: (start, end) naive UTC of a
        period and its local dates, or None for the batches' whole ledger."""
        filters = filters or {}
        tz = self._gold_user_tz(company)
        now = fields.Datetime.now()
        at = window["end"] if window else now
        price, price_text = self._gold_price(company, min(at, now), tz)
        currency = company.currency_id
        batches, stages, splits = self._gold_batches(productions, company, price, filters)
        pending = any(split["pending"] for split in splits)
        notes = []
        if pending:
            notes.append(
                self.env._(
                    "Recoverable loss of stages without a confirmed recovery counts as "
                    "unexplained until the dust is allocated."
                )
            )
        header = Header(
            title=self.env._("Gold reconciliation"),
            lines=self._gold_header_lines(company, productions, window, tz, now),
            price=price,
            price_text=price_text,
            money_decimals=currency.decimal_places if currency else 2,
            notes=tuple(notes),
        )
        lots, allocations = self._gold_recovery_rows(company, productions, window)
        return reconciliation_spec(
            batches,
            stages,
            self._gold_audit_rows(productions, window, filters, tz),
            self._gold_custody_rows(company, productions, window, filters),
            header=header,
            day_closes=self._gold_day_close_rows(company, window, filters),
            lots=lots,
            allocations=allocations,
            custody_notes=self._gold_custody_notes(window),
            money_format=self._gold_money_format(currency),
            units=self._gold_formatter(company),
            translate=self._gold_translate,
            workers=self._gold_workers_sheet(company, productions, window, filters),
        )

    def _gold_header_lines(self, company, productions, window, tz, now):
        local_now = self._gold_local(now, tz).strftime("%Y-%m-%d %H:%M")
        if window:
            scope = self.env._(
                "%(company)s · period %(start)s to %(end)s · %(count)s batch(es)",
                company=company.name,
                start=window["date_from"],
                end=window["date_to"],
                count=len(productions),
            )
        else:
            scope = self.env._(
                "%(company)s · %(count)s batch(es)", company=company.name, count=len(productions)
            )
        when = self.env._(
            "Every time in this workbook is in %(tz)s · printed %(date)s",
            tz=tz.zone,
            date=local_now,
        )
        return (scope, when)

    # ------------------------------------------------------------------ batches and stages
    def _gold_batches(self, productions, company, price, filters):
        """([BatchRow], [StageRow], [stage split dicts]) of ``productions``."""
        balances = productions._gold_balances()
        workcenters = filters.get("workcenters")
        employees = filters.get("employees")
        fmt = self._gold_formatter(company)
        # the work orders with a stage-moving line from the ledger's aggregate, not
        # from every weighing record of every batch
        _totals, moving, _readabilities = productions._gold_ledger_totals()
        workorder = self.env["mrp.workorder"]
        staged = {
            production.id: production._gold_stage_workorders(
                workorder.browse(moving.get(production.id, ()))
            )
            for production in productions
        }
        all_workorders = self.env["mrp.workorder"].union(*staged.values())
        recovered = self._gold_confirmed_allocations(all_workorders)
        batches, stage_rows, all_splits = [], [], []
        for production in productions:
            balance = balances.get(production.id)
            splits = []
            workorders = {wo.id: wo for wo in staged[production.id]}
            for stage in balance.stages if balance else ():
                wo = workorders.get(stage.key)
                if wo is None:
                    continue
                split = self._gold_stage_split(production, wo, stage, recovered.get(wo.id))
                splits.append(split)
                if (workcenters and wo.workcenter_id not in workcenters) or (
                    employees and wo.gold_employee_id not in employees
                ):
                    continue
                stage_rows.append(self._gold_stage_row(production, wo, stage, split, fmt))
            all_splits.extend(splits)
            vals = self._prepare_gold_batch_vals(production, balance, splits, fmt)
            if balance is not None and price is not None:
                vals["loss_value"] = self._gold_money(balance.fine_total_loss * price, company)
            batches.append(BatchRow(**vals))
        return batches, stage_rows, all_splits

    def _gold_stage_row(self, production, wo, stage, split, fmt):
        return StageRow(
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
            burn=split["burn"],
            recovered=split["recovered"],
            unexplained=split["unexplained"],
            fine_loss=stage.fine_loss,
        )

    def _prepare_gold_batch_vals(self, production, balance, splits, fmt):
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
                ("workorder_id", "in", workorders.ids),
                ("recovery_id.state", "=", "confirmed"),
            ]
        )
        result = defaultdict(lambda: lines)
        for line in found:
            result[line.workorder_id.id] |= line
        return result

    def _gold_stage_split(self, production, workorder, stage, lines):
        """{batch, worker, loss, burn, recovered, unexplained, pending, lines}."""
        split = {
            "batch": production.name,
            "worker": workorder.gold_employee_id,
            "loss": stage.loss,
            "pending": False,
            "lines": lines,
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

    # ------------------------------------------------------------------ words, money, units, time
    def _gold_translate(self, text):
        """A label of the layout in the user's language (module gold_mes)."""
        return self.env._(text)  # pylint: disable=translation-not-lazy

    def _gold_price(self, company, at, tz):
        """(price per gram of fine gold as Decimal, the sentence saying which) or
        (None, why there is none); times in the user's zone."""
        local = self._gold_local(at, tz).strftime("%Y-%m-%d %H:%M")
        try:
            price = self.env["gold.price"]._get_price(at=at, company=company)
        except (UserError, AccessError):
            return None, self.env._(
                "No gold price in %(currency)s on or before %(date)s: the loss value is "
                "left empty. Enter one under Gold › Gold Prices.",
                currency=company.currency_id.name,
                date=local,
            )
        return to_decimal(price.price_per_gram), self.env._(
            "%(currency)s per gram of fine gold, entered for %(date)s, the price in force "
            "on %(at)s.",
            currency=price.currency_id.name,
            date=self._gold_local(price.date, tz).strftime("%Y-%m-%d %H:%M"),
            at=local,
        )

    @staticmethod
    def _gold_money(value, company):
        digits = company.currency_id.decimal_places if company.currency_id else 2
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)

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

    def _gold_user_tz(self, company):
        """The user's time zone (context, user, else the company's), every time in it."""
        name = self.env.context.get("tz") or self.env.user.tz or company.partner_id.tz
        try:
            return pytz.timezone(name or "UTC")
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    @staticmethod
    def _gold_local(when, tz):
        """A naive UTC datetime as naive local time in ``tz``."""
        if not when:
            return None
        return pytz.utc.localize(when).astimezone(tz).replace(tzinfo=None)

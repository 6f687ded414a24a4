"""The gold ledger: one immutable line per movement of gold.

Every line enters through :meth:`GoldWeighing.capture`; ``create`` refuses anything
else, ``write`` and ``unlink`` refuse everyone (superuser included) and a trigger in
PostgreSQL refuses UPDATE of any column (but the seal, set once), DELETE and TRUNCATE.
"""

import json
import logging
from collections import namedtuple

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, clean_context, mute_logger
from odoo.tools.sql import create_index
from psycopg2 import errors as pg_errors
from psycopg2 import sql as pg_sql

from ..core.weights import QUANTUM, fine_grams, to_fineness, to_grams

_logger = logging.getLogger(__name__)

STAGE_KINDS = ("in", "out", "scrap", "dust", "handover_out", "handover_in")
ORDER_KINDS = ("issue", "return")
# kinds a work order accepts in each of its states
WORKORDER_STATE_KINDS = {
    "in": ("pending", "waiting", "ready", "progress"),
    "out": ("progress",),
    "scrap": ("progress",),
    "dust": ("progress", "done"),
    "handover_out": ("progress",),
    "handover_in": ("progress",),
}
ORDER_STATES = ("confirmed", "progress", "to_close")
# kinds a ledger summary adds up (reversals count against the kind they reverse)
SUMMARY_KINDS = ("issue", "in", "out", "scrap", "dust", "return", "handover_out", "handover_in")
NONCE_CONSTRAINT = "gold_scale_nonce_scale_nonce_uniq"
# the only columns an UPDATE may set, once, from NULL (models/gold_weighing_seal.py);
# the database trigger refuses a change of any other column, the ones a later version
# adds included (such a version fills its new column with the trigger disabled)
SEAL_COLUMNS = ("seal_sequence", "seal_hash")
# create() only accepts calls carrying this object in the context: an RPC client can
# send any JSON in its context, never this Python object.
_CAPTURE_TOKEN = object()

Capture = namedtuple(
    "Capture",
    "kind workorder production company employee scale reading weight gross tare "
    "reason key reversal_of purity override_calibration flagged trusted",
)
# the columns each check reads, fetched with the record's existence check in one query
# instead of an exists() and then whole rows (bench/bench_capture.py)
CAPTURE_FIELDS = {
    "mrp.workorder": [
        "production_id",
        "workcenter_id",
        "operation_id",
        "sequence",
        "state",
        "name",
        "gold_needs_approval",
        "gold_is_stage",
        "gold_in",
    ],
    "mrp.production": ["state", "company_id", "name", "product_id"],
    "hr.employee": ["active", "company_id", "name"],
    "gold.scale": [
        "name",
        "active",
        "company_id",
        "workcenter_id",
        "capacity_g",
        "readability_g",
        "calibration_due",
        "serial",
        "proxy_balance_id",
    ],
}
# columns read as superuser in that same query, the user's record rules still deciding
# whether the record is found: the balance's signing secret, which every signed reading
# is checked with, instead of a second query for it (bench/bench_capture.py)
CAPTURE_SUDO_FIELDS = {"gold.scale": ["secret"]}


def _on_grid(grams):
    """True when ``grams`` has no figure below 0.1 mg."""
    return grams == grams.quantize(QUANTUM)


class GoldWeighing(models.Model):
    _name = "gold.weighing"
    _description = "Gold Weighing"
    _order = "captured_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, index=True)
    kind = fields.Selection(
        [
            ("issue", "Issue (safe → batch)"),
            ("in", "Weigh-in"),
            ("out", "Weigh-out"),
            ("scrap", "Scrap Returned"),
            ("dust", "Dust Collected"),
            ("handover_out", "Handover Out"),
            ("handover_in", "Handover In"),
            ("return", "Return (batch → safe)"),
            ("reversal", "Reversal"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        string="Work Order",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    workcenter_id = fields.Many2one(
        "mrp.workcenter",
        string="Work Centre",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    gross_g = fields.Float(string="Gross (g)", digits="Gold Weight", readonly=True)
    tare_g = fields.Float(string="Tare (g)", digits="Gold Weight", readonly=True)
    net_g = fields.Float(string="Net (g)", digits="Gold Weight", readonly=True, required=True)
    purity_id = fields.Many2one("gold.purity", readonly=True, ondelete="restrict")
    fineness = fields.Float(digits=(7, 2), readonly=True, help="Fineness (‰) at capture.")
    fine_g = fields.Float(string="Fine Gold (g)", digits="Gold Weight", readonly=True)
    scale_id = fields.Many2one("gold.scale", string="Balance", readonly=True, ondelete="restrict")
    stable = fields.Boolean(readonly=True)
    signed = fields.Boolean(string="Signed Reading", readonly=True)
    raw_reading = fields.Text(readonly=True)
    source = fields.Selection(
        [("scale", "Balance"), ("manual", "Manual Entry")],
        required=True,
        readonly=True,
    )
    reason = fields.Text(readonly=True)
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, ondelete="restrict"
    )
    calibration_override = fields.Boolean(readonly=True)
    reversal_of_id = fields.Many2one(
        "gold.weighing",
        string="Reverses",
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    reversed_kind = fields.Selection(related="reversal_of_id.kind", string="Reversed Kind")
    idempotency_key = fields.Char(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    captured_at = fields.Datetime(
        string="Time", required=True, readonly=True, default=fields.Datetime.now
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    # stored so that the ledger summary groups by stage without joining the work orders
    operation_id = fields.Many2one(
        "mrp.routing.workcenter",
        related="workorder_id.operation_id",
        store=True,
    )

    _sql_constraints = [
        (
            "idempotency_key_uniq",
            "unique(company_id, idempotency_key)",
            "This idempotency key was already used for another weighing.",
        ),
        ("net_g_positive", "CHECK(net_g > 0)", "A weighing must weigh more than zero."),
        (
            "reversal_has_original",
            "CHECK((kind = 'reversal') = (reversal_of_id IS NOT NULL))",
            "A reversal, and only a reversal, names the line it reverses.",
        ),
        ("reversal_once", "unique(reversal_of_id)", "This line has already been reversed."),
    ]

    # ------------------------------------------------------------------ database guard
    def init(self):
        """Refuse UPDATE of any column but a seal set once, DELETE and TRUNCATE in
        PostgreSQL itself; index the ledger by company and time for the period
        summaries."""
        # a month's summary filters on both (bench/bench_balance.py, EXPLAIN in its output)
        create_index(
            self.env.cr,
            "gold_weighing_company_captured_at_index",
            self._table,
            ["company_id", "captured_at"],
        )
        # Raw DDL, measured by bench/bench_balance.py: planner statistics for the two
        # ledger aggregates. Without the group counts of the summary columns taken
        # together, PostgreSQL expects ~600,000 groups for a month and sorts a million
        # lines on disk instead of hashing ~4,000 groups (2.3 s -> 0.9 s); a finer
        # sample of production_id keeps a skewed ledger (few orders with many lines)
        # from hiding the small orders and scanning the whole table for them.
        self.env.cr.execute(
            SQL("ALTER TABLE gold_weighing ALTER COLUMN production_id SET STATISTICS 1000")
        )
        self.env.cr.execute(
            SQL(
                "CREATE STATISTICS IF NOT EXISTS gold_weighing_summary_stat (ndistinct) "
                "ON operation_id, workcenter_id, employee_id, purity_id, kind, "
                "reversal_of_id, (date_trunc('day', captured_at)) FROM gold_weighing"
            )
        )
        seal = pg_sql.SQL(", ").join(pg_sql.Literal(c) for c in SEAL_COLUMNS)
        sealed_once = pg_sql.SQL(" AND ").join(
            pg_sql.SQL(
                "(OLD.{c} IS NULL OR OLD.{c} IS NOT DISTINCT FROM NEW.{c}) AND NEW.{c} IS NOT NULL"
            ).format(c=pg_sql.Identifier(c))
            for c in SEAL_COLUMNS
        )
        unsealed = pg_sql.SQL(" AND ").join(
            pg_sql.SQL("NEW.{} IS NULL").format(pg_sql.Identifier(c)) for c in SEAL_COLUMNS
        )
        # whole rows compared as jsonb: every column is covered, not a list of them
        self.env.cr.execute(
            pg_sql.SQL("""
            CREATE OR REPLACE FUNCTION gold_weighing_immutable() RETURNS trigger AS $body$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF {unsealed} THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'gold.weighing lines are sealed after capture, not before'
                        USING ERRCODE = 'restrict_violation';
                END IF;
                IF TG_OP = 'UPDATE' THEN
                    IF (to_jsonb(OLD) - ARRAY[{seal}]) = (to_jsonb(NEW) - ARRAY[{seal}])
                       AND ({unchanged} OR ({sealed_once})) THEN
                        RETURN NEW;
                    END IF;
                END IF;
                RAISE EXCEPTION 'gold.weighing lines are immutable (% refused)', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END;
            $body$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS gold_weighing_immutable_row ON gold_weighing;
            CREATE TRIGGER gold_weighing_immutable_row
                BEFORE INSERT OR UPDATE OR DELETE ON gold_weighing
                FOR EACH ROW EXECUTE FUNCTION gold_weighing_immutable();
            DROP TRIGGER IF EXISTS gold_weighing_immutable_truncate ON gold_weighing;
            CREATE TRIGGER gold_weighing_immutable_truncate
                BEFORE TRUNCATE ON gold_weighing
                FOR EACH STATEMENT EXECUTE FUNCTION gold_weighing_immutable();
        """).format(
                seal=seal,
                sealed_once=sealed_once,
                unsealed=unsealed,
                unchanged=pg_sql.SQL("(to_jsonb(OLD) = to_jsonb(NEW))"),
            )
        )

    # ------------------------------------------------------------------ ORM guard
    # write/unlink/copy refuse for everyone, superuser included: a confirmed line is
    # corrected by a reversal, never changed (hence no super() call in them).
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("gold_weighing_capture") is not _CAPTURE_TOKEN:
            raise UserError(_("Gold weighings are recorded through capture() only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "A confirmed gold weighing cannot be changed. Record a reversal with a "
                "reason and a supervisor's approval instead."
            )
        )

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "A confirmed gold weighing cannot be deleted. Record a reversal with a "
                "reason and a supervisor's approval instead."
            )
        )

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(_("Gold weighings cannot be duplicated; capture a new one."))

    # ------------------------------------------------------------------ capture
    @api.model
    def capture(self, vals):
        """Record one weighing, or raise and record nothing.

        ``vals``: ``workorder_id`` (or ``production_id`` for issue/return), ``kind``,
        ``weight_g`` (net grams, number or decimal string), ``employee_id``, and
        optionally ``scale_id``, ``reading`` (a balance reading dict, signed by the
        proxy), ``reason``, ``idempotency_key``, ``reversal_of_id`` (for a reversal),
        ``purity_id``, ``override_calibration``.  The same idempotency key twice
        returns the first line.  Returns a dict: weighing_id, name, status, ...
        """
        cap = self._capture_resolve(vals)
        if cap.key:
            done = self._capture_find_key(cap.company, cap.key)
            if done:
                done._check_capture_replay(cap)
                return done._capture_result(replayed=True)
        cap = self._capture_trust(cap)  # after the key: a retry's signature may be stale
        self._capture_check(cap)
        # the nonce is recorded with the line, after the key: a retry racing its first
        # call meets the key first and ends with the first line (_capture_create)
        nonce = cap.reading.get("nonce") if cap.trusted else None
        line = self._capture_create(self._prepare_capture_vals(cap), nonce=nonce)
        line._capture_after(flagged_before=cap.flagged)
        return line._capture_result()

    # --- resolution -------------------------------------------------------------
    @api.model
    def _capture_resolve(self, vals):
        vals = self._capture_clean(vals)  # models/gold_weighing_input.py
        kind = vals["kind"]
        reversal_of = self._capture_browse("gold.weighing", vals.get("reversal_of_id"))
        if kind == "reversal" and not reversal_of:
            raise ValidationError(_("A reversal must name the line it reverses."))
        workorder, production = self._capture_documents(vals, kind, reversal_of)
        # the employee is read as superuser (a worker's record is HR's), as the checks do
        employee = self._capture_browse("hr.employee", vals.get("employee_id"), sudo=True)
        if not employee:
            raise ValidationError(_("Say who weighs: an employee is required."))
        scale = self._capture_browse("gold.scale", vals.get("scale_id"))
        reading = vals["reading"]
        weight, gross, tare = self._capture_weights(vals, reading, reversal_of)
        return Capture(
            kind=kind,
            workorder=workorder,
            production=production,
            company=production.company_id,
            employee=employee,
            scale=scale,
            reading=reading,
            weight=weight,
            gross=gross,
            tare=tare,
            reason=vals["reason"],
            key=vals["idempotency_key"],
            reversal_of=reversal_of,
            purity=self._capture_browse("gold.purity", vals.get("purity_id")),
            override_calibration=vals["override_calibration"],
            flagged=bool(workorder.gold_needs_approval),
            trusted=False,  # _capture_trust
        )

    @api.model
    def _capture_trust(self, cap):
        """``cap`` with ``trusted``: its reading is signed with its balance's secret."""
        trusted = bool(cap.reading and cap.scale and cap.scale._gold_reading_trusted(cap.reading))
        return cap._replace(trusted=trusted)

    @api.model
    def _capture_browse(self, model, record_id, sudo=False):
        """The record ``record_id`` of ``model``, or a ValidationError when it does not
        exist.  For the models of CAPTURE_FIELDS, one query checks its existence (archived
        records included), the user's read access (unless ``sudo``) and reads the columns
        the checks need (and those of CAPTURE_SUDO_FIELDS)."""
        if not record_id:  # ids are checked ints in range (_capture_clean)
            return self.env[model]
        fnames = CAPTURE_FIELDS.get(model)
        if fnames is None:
            record = self.env[model].browse(record_id).exists()
        else:
            records = self.env[model].with_context(active_test=False)
            records = records.sudo() if sudo else records
            extra = CAPTURE_SUDO_FIELDS.get(model)
            if extra and not sudo:
                # search_fetch() as the user, the extra columns fetched as superuser
                query = records._search([("id", "=", record_id)], order="id")
                fetch = records.sudo()._determine_fields_to_fetch(fnames + extra)
                found = records.sudo()._fetch_query(query, fetch)
            else:
                found = records.search_fetch([("id", "=", record_id)], fnames, order="id")
            record = self.env[model].browse(found.ids)
            if not found and not sudo:
                # not visible to the user: forbidden if it exists, as reading it would be
                record = self.env[model].browse(record_id).exists()
                if record:
                    record.check_access("read")
        if not record:
            raise ValidationError(_("%(model)s %(id)s does not exist.", model=model, id=record_id))
        return record

    @api.model
    def _capture_documents(self, vals, kind, reversal_of):
        if reversal_of:
            return reversal_of.workorder_id, reversal_of.production_id
        workorder = self._capture_browse("mrp.workorder", vals.get("workorder_id"))
        production = workorder.production_id or self._capture_browse(
            "mrp.production", vals.get("production_id")
        )
        if kind in STAGE_KINDS and not workorder:
            raise ValidationError(
                _("A %(kind)s weighing needs a work order.", kind=self._kind_label(kind))
            )
        if not production:
            raise ValidationError(_("A weighing needs a manufacturing order."))
        # as the user: the order's existence was checked, this checks its record rules
        # and reads the columns the checks need in one query
        production.fetch(CAPTURE_FIELDS["mrp.production"])
        production.check_access("read")
        return workorder, production

    @api.model
    def _capture_weights(self, vals, reading, reversal_of):
        """(net, gross, tare) as Decimal grams; the reading's net wins when both agree."""
        if reversal_of:
            return to_grams(reversal_of.net_g), False, False
        if reading and reading.get("unit") != "g":
            raise ValidationError(
                _(
                    "The balance reading is in %(unit)r, not in grams; it cannot be captured.",
                    unit=reading.get("unit"),
                )
            )
        # plain decimals already (_capture_clean)
        weight, parsed = vals["weight_g"], vals["reading_weights"]
        read = parsed["grams"]
        gross, tare = parsed["gross"] or False, parsed["tare"] or False
        if weight is None and read is None:
            raise ValidationError(_("No weight given (weight_g)."))
        if weight is not None and read is not None and weight != read:
            raise ValidationError(
                _(
                    "The weight %(weight)s g differs from the balance reading %(read)s g.",
                    weight=weight,
                    read=read,
                )
            )
        return (weight if weight is not None else read), gross, tare

    @api.model
    def _kind_label(self, kind):
        return dict(self._fields["kind"]._description_selection(self.env)).get(kind, kind)

    # --- replay -----------------------------------------------------------------
    @api.model
    def _capture_find_key(self, company, key):
        return (
            self.sudo()
            .search([("company_id", "=", company.id), ("idempotency_key", "=", key)], limit=1)
            .sudo(False)
        )

    def _check_capture_replay(self, cap):
        """The same key must come back with the same weighing, not another one."""
        self.ensure_one()
        same = (
            self.kind == cap.kind
            and self.production_id == cap.production
            and self.workorder_id == cap.workorder
            and to_grams(self.net_g) == to_grams(cap.weight)
        )
        if not same:
            raise ValidationError(
                _(
                    "Idempotency key %(key)s was already used for weighing %(name)s "
                    "(%(kind)s, %(net)s g).",
                    key=cap.key,
                    name=self.name,
                    kind=self._kind_label(self.kind),
                    net=to_grams(self.net_g),
                )
            )

    # --- checks -----------------------------------------------------------------
    @api.model
    def _capture_check(self, cap):
        self._check_capture_state(cap)
        if cap.workorder and cap.kind != "reversal":
            cap.workorder._gold_check_holds_gold(cap.kind)  # models/mrp_workorder_guard.py
        self._check_capture_weight(cap)
        self._check_capture_employee(cap)
        self._check_capture_day_open(cap)  # models/gold_weighing_day.py
        self._check_capture_reversal(cap)
        self._check_capture_scale(cap)
        self._check_capture_reading(cap)

    @api.model
    def _is_gold_supervisor(self):
        return self.env.su or self.env.user.has_group("gold_mes.gold_weighing_group_supervisor")

    @api.model
    def _check_capture_state(self, cap):
        production, workorder = cap.production, cap.workorder
        if production.state not in ORDER_STATES:
            raise UserError(
                _(
                    "Manufacturing order %(mo)s is %(state)s: it takes no weighing.",
                    mo=production.name,
                    state=production._gold_state_label(),
                )
            )
        if cap.kind in ORDER_KINDS or cap.kind == "reversal" or not workorder:
            return
        allowed = WORKORDER_STATE_KINDS[cap.kind]
        if workorder.state not in allowed:
            raise UserError(
                _(
                    "Work order %(wo)s is %(state)s: a %(kind)s cannot be recorded now.",
                    wo=workorder.display_name,
                    state=workorder._gold_state_label(),
                    kind=self._kind_label(cap.kind),
                )
            )

    @api.model
    def _check_capture_weight(self, cap):
        weight = cap.weight
        if weight <= 0:
            raise ValidationError(_("The weight must be positive (got %(w)s g).", w=weight))
        if not _on_grid(weight):
            raise ValidationError(
                _("%(w)s g is finer than 0.1 mg; the ledger keeps 4 decimals of a gram.", w=weight)
            )
        if cap.kind != "reversal":
            self._check_capture_bound(cap)  # models/gold_weighing_input.py
        scale = cap.scale
        if not scale:
            return
        readability = to_grams(scale.readability_g)
        if readability > 0 and weight % readability != 0:
            raise ValidationError(
                _(
                    "%(w)s g is not a reading of balance %(scale)s (readability %(r)s g).",
                    w=weight,
                    scale=scale.name,
                    r=readability,
                )
            )

    @api.model
    def _check_capture_employee(self, cap):
        employee = cap.employee.sudo()
        # the fields the check and the audit note need, not the employee's hundred
        # columns with an access check each (bench/bench_capture.py)
        employee.fetch(["active", "company_id", "name"])
        if not employee.active:
            raise UserError(_("Employee %(name)s is archived.", name=employee.name))
        if employee.company_id and employee.company_id != cap.company:
            raise UserError(
                _(
                    "Employee %(name)s does not work for %(company)s.",
                    name=employee.name,
                    company=cap.company.name,
                )
            )
        allowed = cap.workorder.workcenter_id.sudo().gold_employee_ids
        if allowed and employee not in allowed:
            raise UserError(
                _(
                    "Employee %(name)s may not weigh gold at %(wc)s.",
                    name=employee.name,
                    wc=cap.workorder.workcenter_id.name,
                )
            )

    @api.model
    def _check_capture_reversal(self, cap):
        if cap.kind != "reversal":
            return
        if not cap.reason:
            raise ValidationError(_("A reversal needs a reason."))
        if not self._is_gold_supervisor():
            raise AccessError(_("Only a gold supervisor may approve a reversal."))
        original = cap.reversal_of
        if original.kind == "reversal":
            raise ValidationError(
                _("A reversal cannot itself be reversed; capture the weighing again.")
            )
        if self.sudo().search_count([("reversal_of_id", "=", original.id)]):
            raise ValidationError(_("Weighing %(name)s is already reversed.", name=original.name))

    @api.model
    def _check_capture_scale(self, cap):
        scale = cap.scale
        self._check_capture_manual(cap)  # models/gold_weighing_input.py
        if not scale:
            if cap.reading:
                raise ValidationError(_("A balance reading must name its balance."))
            return
        if not scale.active or scale.company_id != cap.company:
            raise UserError(
                _(
                    "Balance %(scale)s is not in use at %(company)s.",
                    scale=scale.name,
                    company=cap.company.name,
                )
            )
        workcenter = cap.workorder.workcenter_id
        if scale.workcenter_id and workcenter and scale.workcenter_id != workcenter:
            raise UserError(
                _(
                    "Balance %(scale)s belongs to %(wc)s, not %(here)s.",
                    scale=scale.name,
                    wc=scale.workcenter_id.name,
                    here=workcenter.name,
                )
            )
        if scale._is_calibration_valid():
            return
        if not (cap.override_calibration and self._is_gold_supervisor() and cap.reason):
            raise UserError(
                _(
                    "Balance %(scale)s was due for calibration on %(due)s. A supervisor may "
                    "override with a reason.",
                    scale=scale.name,
                    due=scale.calibration_due,
                )
            )

    @api.model
    def _check_capture_reading(self, cap):
        reading = cap.reading
        if not reading:
            return
        if reading.get("unit") != "g" or reading.get("grams") in (None, ""):
            raise ValidationError(
                _(
                    "The balance reading is in %(unit)r, not in grams; it cannot be captured.",
                    unit=reading.get("unit"),
                )
            )
        if reading.get("stable") is not True:
            raise ValidationError(_("The balance reading is not stable; wait and weigh again."))
        serial = reading.get("scale")
        if serial and serial not in cap.scale._gold_reading_names():
            raise ValidationError(
                _(
                    "The reading comes from balance %(serial)s, not %(scale)s.",
                    serial=serial,
                    scale=cap.scale.name,
                )
            )

    # --- recording --------------------------------------------------------------
    @api.model
    def _prepare_capture_vals(self, cap):
        purity = (
            cap.purity
            or cap.reversal_of.purity_id
            or cap.production._gold_purity_for(cap.workorder, cap.kind)
        )
        if not cap.reversal_of:
            purity.fetch(["fineness"])  # not its translated name and note
        fineness = to_fineness(
            cap.reversal_of.fineness if cap.reversal_of else (purity.fineness or 0)
        )
        supervisor = self._is_gold_supervisor()
        return {
            "name": self.env["ir.sequence"].sudo()._gold_next_by_code("gold.weighing") or "/",
            "kind": cap.kind,
            "production_id": cap.production.id,
            "workorder_id": cap.workorder.id or False,
            "workcenter_id": cap.workorder.workcenter_id.id or False,
            "employee_id": cap.employee.id,
            "gross_g": float(cap.gross) if cap.gross else float(cap.weight),
            "tare_g": float(cap.tare) if cap.tare else 0.0,
            "net_g": float(cap.weight),
            "purity_id": purity.id or False,
            "fineness": float(fineness),
            "fine_g": float(fine_grams(cap.weight, fineness)),
            "scale_id": cap.scale.id or False,
            "stable": bool(cap.reading.get("stable")) if cap.reading else False,
            "signed": cap.trusted,
            "raw_reading": json.dumps(cap.reading, sort_keys=True, default=str)
            if cap.reading
            else False,
            # a reading counts as weighed only when the balance's secret signed it
            "source": "scale" if cap.trusted else "manual",
            "reason": cap.reason or False,
            "approver_id": self.env.user.id
            if (
                supervisor
                and (cap.kind == "reversal" or cap.override_calibration or not cap.trusted)
            )
            else False,
            "calibration_override": bool(cap.scale and not cap.scale._is_calibration_valid()),
            "reversal_of_id": cap.reversal_of.id or False,
            "idempotency_key": cap.key,
            "company_id": cap.company.id,
        }

    @api.model
    def _capture_create(self, line_vals, nonce=None):
        """Insert the line, then record the signed reading's ``nonce`` (if any); a
        concurrent capture with the same key makes this one retry.

        Two transactions capturing with one key: the second INSERT waits for the first,
        then hits the unique index.  Under Odoo's REPEATABLE READ it cannot see the
        winner's line, so it raises a serialization failure: Odoo's RPC and HTTP layers
        roll back and retry the call, and the retry returns the first line.  The nonce
        comes after the key, so only a signature replayed under another key (or none)
        meets a used nonce: refused, and the line goes with the savepoint.
        """
        # the caller's default_* context keys never fill a ledger column (an RPC client
        # could otherwise backdate the line or name an approver)
        model = self.with_context(
            clean_context(self.env.context), gold_weighing_capture=_CAPTURE_TOKEN
        )
        if not line_vals.get("idempotency_key") and not nonce:
            return model.create(line_vals)
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                line = model.create(line_vals)
                if nonce:
                    line.scale_id._gold_use_nonce(nonce)
                return line
        except pg_errors.UniqueViolation as error:
            if error.diag.constraint_name == NONCE_CONSTRAINT:
                scale = self.env["gold.scale"].browse(line_vals["scale_id"])
                raise UserError(scale._gold_signature_message("replayed")) from None
            if not line_vals.get("idempotency_key"):
                raise
            _logger.info("capture: key %s taken by a concurrent call", line_vals["idempotency_key"])
        winner = self.sudo().search(
            [
                ("company_id", "=", line_vals["company_id"]),
                ("idempotency_key", "=", line_vals["idempotency_key"]),
            ],
            limit=1,
        )
        if winner:
            return winner.sudo(False)
        _logger.info(
            "gold.weighing: key %s captured concurrently; retrying", line_vals["idempotency_key"]
        )
        with mute_logger("odoo.sql_db"):  # expected: Odoo retries the call
            self.env.cr.execute(
                pg_sql.SQL(
                    "DO $$ BEGIN RAISE EXCEPTION 'gold.weighing: idempotency key captured "
                    "concurrently' USING ERRCODE = 'serialization_failure'; END $$"
                )
            )
        raise RuntimeError("unreachable")  # pragma: no cover

    def _capture_after(self, flagged_before=False):
        """Audit trail in the order's chatter and a supervisor activity when needed.

        ``flagged_before``: the stage needed approval before this line; its activity
        was scheduled when it became flagged, so only a change of flag looks it up."""
        self.ensure_one()
        self.production_id._gold_post_weighing(self)
        if (
            self.workorder_id
            and self.kind in ("in", "out", "scrap", "reversal")
            and not flagged_before
        ):
            self.workorder_id._gold_notify_supervisor()

    def _capture_result(self, replayed=False):
        self.ensure_one()
        workorder = self.workorder_id
        if workorder:
            status = workorder.gold_loss_status or "open"
        else:
            status = self.production_id.gold_status or "open"
        return {
            "weighing_id": self.id,
            "name": self.name,
            "kind": self.kind,
            "net_g": str(to_grams(self.net_g)),
            "fine_g": str(to_grams(self.fine_g)),
            "status": status,
            "replayed": replayed,
            "workorder_id": workorder.id or False,
            "production_id": self.production_id.id,
            "gold_in": str(to_grams(workorder.gold_in)) if workorder else False,
            "gold_out": str(to_grams(workorder.gold_out)) if workorder else False,
            "gold_loss": str(to_grams(workorder.gold_loss, allow_negative=True))
            if workorder
            else False,
        }

    def _gold_audit_text(self):
        self.ensure_one()
        text = _(
            "%(name)s: %(kind)s %(net)s g (fine %(fine)s g) by %(employee)s",
            name=self.name,
            kind=self._kind_label(self.kind),
            net=to_grams(self.net_g),
            fine=to_grams(self.fine_g),
            employee=self.employee_id.sudo().name,
        )
        if self.workorder_id:
            text += " — " + self.workorder_id.name
        if self.scale_id:
            text += " — " + _("balance %(scale)s", scale=self.scale_id.name)
        else:
            text += " — " + _("typed by hand")
        if self.reversal_of_id:
            text += " — " + _("reverses %(name)s", name=self.reversal_of_id.name)
        if self.reason:
            text += " — " + _("reason: %(reason)s", reason=self.reason)
        return text

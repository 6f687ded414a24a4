"""Tamper evidence: the ledger's lines sealed in one hash chain per company.

As Odoo seals posted journal entries (an inalterable hash over the entry's fields and
the previous entry's hash), each line gets a place in its company's chain
(``seal_sequence``) and ``seal_hash = sha256(previous hash | canonical line)``
(``core.seal``).  Sealing runs in batches, not in capture(): the cron (and the
integrity check, on demand) takes the company's advisory lock without waiting and
seals its unsealed lines in id order, so captures never queue behind a seal.  The
database trigger (``gold_weighing.init``) lets the two seal columns be set once, from
NULL, and nothing else change.

The seal reads the lines' columns straight from PostgreSQL, as the check does: what is
sealed and checked is what is stored, not what the ORM cache holds.
"""

import logging

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..core.seal import first_break, seal_lines

_logger = logging.getLogger(__name__)

# the columns a seal covers, fixed for the chain's life: a column added later is not
# part of the seals made before it (seal_sequence is added to them by core.seal)
SEALED_COLUMNS = (
    "id",
    "name",
    "kind",
    "production_id",
    "workorder_id",
    "workcenter_id",
    "employee_id",
    "gross_g",
    "tare_g",
    "net_g",
    "purity_id",
    "fineness",
    "fine_g",
    "scale_id",
    "stable",
    "signed",
    "raw_reading",
    "source",
    "reason",
    "approver_id",
    "calibration_override",
    "reversal_of_id",
    "idempotency_key",
    "company_id",
    "captured_at",
    "user_id",
    "operation_id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
)
SEAL_BATCH = 5000


class GoldWeighingSeal(models.Model):
    _inherit = "gold.weighing"

    seal_sequence = fields.Integer(
        string="Seal Position", readonly=True, copy=False, help="Place in the company's chain."
    )
    seal_hash = fields.Char(string="Seal", readonly=True, copy=False)

    _sql_constraints = [
        (
            "seal_sequence_uniq",
            "unique(company_id, seal_sequence)",
            "Two ledger lines cannot hold the same place in a company's seal chain.",
        ),
    ]

    def init(self):
        result = super().init()
        # the cron looks for a company's unsealed lines in id order
        create_index(
            self.env.cr,
            "gold_weighing_unsealed_index",
            self._table,
            ["company_id", "id"],
            where="seal_hash IS NULL",
        )
        return result

    @api.model
    def _prepare_capture_vals(self, cap):
        """The stored stage of the line in its INSERT: computed after it, it would be an
        UPDATE, which the trigger refuses as it refuses every change of a line."""
        vals = super()._prepare_capture_vals(cap)
        vals.setdefault("operation_id", cap.workorder.operation_id.id or False)
        return vals

    # ------------------------------------------------------------------ sealing
    @api.model
    def _gold_seal(self, company, limit=None):
        """Seal the unsealed lines of ``company`` (at most ``limit``) in id order after
        its chain; returns how many.  When another transaction holds the company's
        seal lock, returns 0: that one is sealing them."""
        cr = self.env.cr
        self.flush_model()
        cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", f"gold_mes.seal:{company.id}")
        )
        if not cr.fetchone()[0]:
            return 0
        position, previous = self._gold_seal_tail(company)
        cr.execute(
            SQL(
                "SELECT %s FROM gold_weighing WHERE company_id = %s AND seal_hash IS NULL "
                "ORDER BY id LIMIT %s",
                self._gold_sealed_columns(),
                company.id,
                limit,
            )
        )
        rows = cr.dictfetchall()
        sealed = seal_lines(previous, position + 1, rows)
        for start in range(0, len(rows), 1000):
            chunk = [
                SQL("(%s, %s, %s)", row["id"], sequence, digest)
                for row, (sequence, digest) in zip(
                    rows[start : start + 1000], sealed[start : start + 1000], strict=True
                )
            ]
            # one UPDATE per thousand lines instead of one per line
            cr.execute(
                SQL(
                    "UPDATE gold_weighing AS line SET seal_sequence = v.seq, seal_hash = v.digest "
                    "FROM (VALUES %s) AS v(id, seq, digest) "
                    "WHERE line.id = v.id AND line.seal_hash IS NULL",
                    SQL(", ").join(chunk),
                )
            )
        self.invalidate_model(["seal_sequence", "seal_hash"])
        if rows:
            _logger.info("gold.weighing: sealed %s lines of %s", len(rows), company.name)
        return len(rows)

    @api.model
    def _gold_seal_tail(self, company):
        """(position, hash) of the company's last sealed line; (0, '') before any."""
        self.env.cr.execute(
            SQL(
                "SELECT seal_sequence, seal_hash FROM gold_weighing "
                "WHERE company_id = %s AND seal_sequence IS NOT NULL "
                "ORDER BY seal_sequence DESC LIMIT 1",
                company.id,
            )
        )
        row = self.env.cr.fetchone()
        return (row[0], row[1]) if row else (0, "")

    @api.model
    def _gold_sealed_columns(self):
        return SQL(", ").join(SQL.identifier(name) for name in SEALED_COLUMNS)

    @api.model
    def _gold_unsealed_count(self, company):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM gold_weighing WHERE company_id = %s AND seal_hash IS NULL",
                company.id,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _cron_gold_seal(self):
        """Seal a batch of every company's new lines; ask to run again while some wait."""
        done = 0
        for company in self._gold_unsealed_companies():
            done += self._gold_seal(company, limit=SEAL_BATCH)
        self.env.cr.execute(SQL("SELECT count(*) FROM gold_weighing WHERE seal_hash IS NULL"))
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _gold_unsealed_companies(self):
        self.env.cr.execute(
            SQL("SELECT DISTINCT company_id FROM gold_weighing WHERE seal_hash IS NULL")
        )
        return self.env["res.company"].sudo().browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------ checking
    @api.model
    def _gold_chain_rows(self, company, counter):
        """(id, position, stored hash, {column: value}) of the company's sealed lines in
        chain order, read in pages; ``counter[0]`` counts them."""
        cr = self.env.cr
        after = 0
        while True:
            cr.execute(
                SQL(
                    "SELECT seal_sequence, seal_hash, %s FROM gold_weighing "
                    "WHERE company_id = %s AND seal_sequence > %s "
                    "ORDER BY seal_sequence LIMIT %s",
                    self._gold_sealed_columns(),
                    company.id,
                    after,
                    SEAL_BATCH,
                )
            )
            rows = cr.dictfetchall()
            if not rows:
                return
            for row in rows:
                position, stored = row.pop("seal_sequence"), row.pop("seal_hash")
                counter[0] += 1
                yield row["id"], position, stored, row
            after = position

    @api.model
    def _gold_check_chain(self, company):
        """The company's chain checked from its first line: {'checked': lines read,
        'break': core.seal.Break or None, 'unsealed': lines not sealed yet}."""
        self.flush_model()
        counter = [0]
        found = first_break(self._gold_chain_rows(company, counter))
        return {
            "checked": counter[0],
            "break": found,
            "unsealed": self._gold_unsealed_count(company),
        }

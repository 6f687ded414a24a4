"""The ledger's sequence looked up once per registry, not searched at every capture."""

from odoo import api, models, tools

# the columns that decide which sequence next_by_code finds for a code
LOOKUP_FIELDS = {"code", "company_id", "active"}


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _gold_next_by_code(self, code):
        """``next_by_code(code)`` with its search cached: the same sequence (for the
        user's current company, else the shared one), the same ``_next()`` (prefix,
        padding, date ranges, no-gap), one query less and no domain to parse at each
        capture (bench/bench_capture.py).  As superuser only: the search a user makes
        goes through record rules, which the cache does not know."""
        if not self.env.su:
            return self.next_by_code(code)
        self.browse().check_access("read")
        sequence_id = self._gold_sequence_id(
            code, self.env.company.id, self.env.context.get("active_test", True)
        )
        if not sequence_id:
            return False
        return self.browse(sequence_id)._next()

    @api.model
    @tools.ormcache("code", "company_id", "active_test")
    def _gold_sequence_id(self, code, company_id, active_test):
        """The id of the sequence ``next_by_code`` draws from (False: none)."""
        sequences = (
            self.sudo()
            .with_context(active_test=active_test)
            .search(
                [("code", "=", code), ("company_id", "in", [company_id, False])], order="company_id"
            )
        )
        return sequences[:1].id

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # a new sequence may be the one found for its code
        return super().create(vals_list)

    def write(self, vals):
        if LOOKUP_FIELDS & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

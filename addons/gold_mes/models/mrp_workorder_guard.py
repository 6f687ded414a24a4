"""A stage's stored gold figures are derived from the ledger, never written.

The ORM recomputes stored fields by assigning them in their compute and flushing the
cache (``_write`` at flush), not through ``write()``: refusing the figures in
``write()`` and ``create()`` leaves the computes alone and refuses every user, the
superuser included, over RPC and in code.  Decisions (approval, close, what a stage
may take) re-read the ledger (``_gold_ledger_stage``), not a stored flag.
"""

from odoo import _, api, models
from odoo.exceptions import UserError

from ..core.ledger import stage_balances_from_totals
from ..core.weights import field_grams as grams

# the kinds that take gold out of a stage, or move what it holds between workers
HOLDING_KINDS = ("out", "scrap", "dust", "handover_out", "handover_in")
# internal writers of guarded figures pass this object in the context (RPC cannot)
FIGURES_TOKEN = object()


def guarded_figures(model, names):
    """The stored, computed ``gold_*`` fields of ``model`` among ``names`` (plus the
    model's extra ``_gold_written_figures``) when not written with FIGURES_TOKEN."""
    if model.env.context.get("gold_figures") is FIGURES_TOKEN:
        return []
    fields = model._fields
    extra = model._gold_written_figures()
    return sorted(
        name
        for name in names
        if name in extra
        or (
            name.startswith("gold_")
            and name in fields
            and fields[name].store
            and fields[name].compute
        )
    )


def refuse_figures(model, names):
    guarded = guarded_figures(model, names)
    if guarded:
        raise UserError(
            _(
                "%(fields)s of %(model)s are derived from the gold ledger: they change "
                "only when gold is weighed (or a line is reversed), never by hand.",
                fields=", ".join(guarded),
                model=model._description,
            )
        )


def needs_approval(stage, approved_by, approved_g):
    """The rule of ``gold_needs_approval`` on a ledger StageBalance: flagged (abnormal
    loss, gain, or a transit dispute) and not approved for exactly this loss."""
    flagged = stage.status in ("abnormal", "gain") or stage.transit_status == "dispute"
    approved = bool(approved_by) and grams(approved_g) == stage.loss + stage.transit_variance
    return flagged and not approved


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    @api.model
    def _gold_written_figures(self):
        return ()

    @api.model_create_multi
    def create(self, vals_list):
        refuse_figures(self, {name for vals in vals_list for name in vals})
        return super().create(vals_list)

    def write(self, vals):
        refuse_figures(self, vals)
        return super().write(vals)

    # ------------------------------------------------------------------ the ledger
    def _gold_ledger_stage(self):
        """This stage's StageBalance from the ledger now (None: not a gold stage)."""
        self.ensure_one()
        balance = self.production_id._gold_balance()
        if balance is None:
            return None
        return next((stage for stage in balance.stages if stage.key == self.id), None)

    def _gold_needs_approval_now(self, stage=None):
        """``gold_needs_approval`` decided from the ledger, not from the stored flag."""
        self.ensure_one()
        stage = stage or self._gold_ledger_stage()
        if stage is None:
            return False
        return needs_approval(stage, self.gold_loss_approved_by, self.gold_loss_approved_g)

    def _gold_check_holds_gold(self, kind):
        """No out, scrap, dust or handover on a stage that no gold has reached."""
        self.ensure_one()
        if kind not in HOLDING_KINDS:
            return
        if self.gold_is_stage and grams(self.gold_in) > 0:
            return  # the stored figure (derived only) says so; no need to re-read
        stages, workorders = self._gold_stages_with_self()
        index = next(i for i, wo in enumerate(workorders) if wo == self)
        if stages[index].weight_in > 0:
            return
        if index and not stages[index - 1].closed:
            why = _(
                "the previous stage %(prev)s has not been weighed out",
                prev=workorders[index - 1].name,
            )
        elif not index:
            why = _("no gold has been issued to %(mo)s", mo=self.production_id.name)
        else:
            why = _("nothing was passed on to it")
        raise UserError(
            _(
                "Stage %(wo)s holds no gold yet: %(why)s. Weigh the gold in before "
                "recording a %(kind)s.",
                wo=self.name,
                why=why,
                kind=self.env["gold.weighing"]._kind_label(kind),
            )
        )

    def _gold_stages_with_self(self):
        """(StageBalances, work orders) of the order from its ledger, this work order
        counted as a stage even before it has a line."""
        self.ensure_one()
        production = self.production_id.sudo()
        totals, moving, readabilities = production._gold_ledger_totals()
        workorders = production._gold_stage_workorders(
            self.browse(moving.get(production.id, ())) | self.sudo()
        )
        specs = production._gold_core_stages(workorders, readabilities)
        return stage_balances_from_totals(totals.get(production.id, []), specs), workorders

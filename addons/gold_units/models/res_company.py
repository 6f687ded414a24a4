from odoo import fields, models

from ..core import SYSTEMS


def _selection_display_system(_model):
    return [(code, system.name_en) for code, system in SYSTEMS.items()]


class ResCompany(models.Model):
    _inherit = "res.company"

    gold_display_system = fields.Selection(
        selection=_selection_display_system,
        string="Gold Weight Display",
        default="vn",
        required=True,
        help="How gold weights are shown beside grams: 1 lượng 2 chỉ, 2 tael 3 mace, 1 ozt 3 dwt…",
    )

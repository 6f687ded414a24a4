"""The loss a weight on the pan would make, before anyone taps: the thresholds.

The stage's card carries, once the gold is weighed in, what the page needs to colour
the live weight while the pan settles: loss = in − scrap − weight on the pan, green
up to ``amber`` (a share of the allowed loss), amber up to ``allowed``, red beyond it
or for a gain beyond the balance's readability.  The server gives the figures, the
page only compares (``static/src/kiosk/kiosk_live.js``).
"""

from decimal import Decimal

from odoo import models

from ..core.weights import to_grams

AMBER_SHARE = Decimal("0.8")  # of the allowed loss: "getting close"
QUANTUM = Decimal("0.0001")


class GoldKiosk(models.AbstractModel):
    _inherit = "gold.kiosk"

    def _kiosk_card(self, wo):
        card = super()._kiosk_card(wo)
        card["preview"] = self._kiosk_preview(wo, card)
        return card

    def _kiosk_preview(self, wo, card):
        if "out" not in card["actions"]:
            return False
        allowed = to_grams(wo.gold_allowed_loss or 0)
        scale = self._kiosk_scale(wo)
        readability = to_grams(scale.readability_g or QUANTUM) if scale else QUANTUM
        return {
            "in": str(to_grams(wo.gold_in or 0)),
            "scrap": str(to_grams(wo.gold_scrap or 0)),
            "allowed": str(allowed),
            "amber": str((allowed * AMBER_SHARE).quantize(QUANTUM)),
            "readability": str(readability),
        }

from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        # The web client shows a 'Product Unit of Measure' quantity without the
        # padding zeros that gold's six digits would add to pieces (100.00, not
        # 100.000000); it recognises those fields by this number of digits.
        info["gold_quantity_digits"] = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        return info

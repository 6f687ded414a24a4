from odoo import api, models

from ..core.numbers import shown_places

QUANTITY_PRECISION = "Product Unit of Measure"


class IrQwebFieldFloat(models.AbstractModel):
    """Printed quantities read like the screen's: ``100.00`` pieces, ``46.2751`` g.

    gold_units raises 'Product Unit of Measure' to the digits its units need
    (Odoo stores, rounds and compares every stock quantity with it); a quantity
    is printed with the decimals it has, never fewer than Odoo's usual two.
    """

    _inherit = "ir.qweb.field.float"

    @api.model
    def value_to_html(self, value, options):
        if options.get("decimal_precision") == QUANTITY_PRECISION or options.get("gold_quantity"):
            digits = self.env["decimal.precision"].precision_get(QUANTITY_PRECISION)
            options = {key: item for key, item in options.items() if key != "decimal_precision"}
            options["precision"] = shown_places(value, digits)
        return super().value_to_html(value, options)

    @api.model
    def record_to_html(self, record, field_name, options):
        field = record._fields[field_name]
        if getattr(field, "_digits", None) == QUANTITY_PRECISION and not (
            "precision" in options or "decimal_precision" in options
        ):
            options = dict(options, gold_quantity=True)
        return super().record_to_html(record, field_name, options)

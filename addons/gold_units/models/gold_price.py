from decimal import ROUND_HALF_UP, Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core import fine_weight
from .uom_uom import to_decimal


class GoldPrice(models.Model):
    _name = "gold.price"
    _description = "Gold Price"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    price_per_gram = fields.Monetary(
        string="Price per Gram of Fine Gold",
        currency_field="currency_id",
        required=True,
    )
    source = fields.Selection(
        [("manual", "Manual"), ("import", "Imported")],
        default="manual",
        required=True,
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "price_positive",
            "CHECK(price_per_gram > 0)",
            "A gold price must be positive.",
        ),
        (
            "date_currency_uniq",
            "unique(company_id, currency_id, date)",
            "There is already a gold price for this company and currency at this time.",
        ),
    ]

    @api.constrains("price_per_gram")
    def _check_price_per_gram(self):
        for price in self:
            if price.price_per_gram <= 0:
                raise ValidationError(_("A gold price must be positive."))

    @api.model
    def _get_price(self, at=None, currency=None, company=None):
        """The price record in force at ``at``: the latest one not after it."""
        company = company or self.env.company
        currency = currency or company.currency_id
        at = at or fields.Datetime.now()
        price = self.search(
            [
                ("company_id", "=", company.id),
                ("currency_id", "=", currency.id),
                ("date", "<=", at),
            ],
            limit=1,
        )
        if not price:
            raise UserError(
                _(
                    "No gold price in %(currency)s for %(company)s on or before %(date)s. "
                    "Enter one under Gold › Gold Prices.",
                    currency=currency.name,
                    company=company.name,
                    date=fields.Datetime.to_string(at),
                )
            )
        return price

    @api.model
    def _get_value(self, grams, fineness, at=None, currency=None, company=None):
        """Money value (Decimal, rounded to the currency) of ``grams`` at ``fineness`` ‰."""
        price = self._get_price(at=at, currency=currency, company=company)
        fine = fine_weight(Decimal(str(grams)), Decimal(str(fineness)))
        value = fine * to_decimal(price.price_per_gram)
        digits = Decimal(1).scaleb(-price.currency_id.decimal_places)
        return value.quantize(digits, rounding=ROUND_HALF_UP)

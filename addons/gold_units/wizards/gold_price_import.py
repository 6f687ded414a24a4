import base64
import csv
import io
from decimal import Decimal, InvalidOperation

from odoo import _, fields, models
from odoo.exceptions import UserError


class GoldPriceImport(models.TransientModel):
    _name = "gold.price.import"
    _description = "Import Gold Prices"

    data_file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def _parse_row(self, number, row, currencies):
        date = fields.Datetime.to_datetime((row.get("date") or "").strip() or None)
        if not date:
            raise ValueError(_("line %(line)s: the date is missing or not a date", line=number))
        text = (row.get("price_per_gram") or "").strip().replace(",", ".")
        try:
            price = Decimal(text)
        except InvalidOperation:
            price = Decimal(0)
        if not price.is_finite() or price <= 0:
            raise ValueError(
                _("line %(line)s: %(price)r is not a positive price", line=number, price=text)
            )
        code = (row.get("currency") or self.company_id.currency_id.name).strip().upper()
        currency = currencies.get(code)
        if not currency:
            raise ValueError(_("line %(line)s: unknown currency %(code)s", line=number, code=code))
        return {
            "date": date,
            "price_per_gram": float(price),
            "currency_id": currency.id,
            "company_id": self.company_id.id,
            "source": "import",
        }

    def action_import(self):
        """Import every row or none: any bad row stops the import and names its line."""
        self.ensure_one()
        text = base64.b64decode(self.data_file).decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text))
        missing = {"date", "price_per_gram"} - set(reader.fieldnames or ())
        if missing:
            raise UserError(
                _("The CSV file needs the columns: %(columns)s", columns=", ".join(sorted(missing)))
            )
        currencies = {
            c.name: c for c in self.env["res.currency"].with_context(active_test=False).search([])
        }
        vals_list, errors = [], []
        for number, row in enumerate(reader, start=2):
            try:
                vals_list.append(self._parse_row(number, row, currencies))
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise UserError(_("Nothing was imported:\n%(errors)s", errors="\n".join(errors)))
        if not vals_list:
            raise UserError(_("The CSV file holds no prices."))
        prices = self.env["gold.price"].create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": _("Imported Gold Prices"),
            "res_model": "gold.price",
            "view_mode": "list",
            "domain": [("id", "in", prices.ids)],
        }

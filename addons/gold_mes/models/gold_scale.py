import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from ..hw_scale.signing import SignatureError, verify_signed_reading

_logger = logging.getLogger(__name__)
SIGNATURE_MAX_AGE_S = 300.0


class GoldScale(models.Model):
    _name = "gold.scale"
    _description = "Precision Balance"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    serial = fields.Char(string="Serial Number", required=True)
    protocol = fields.Char(
        help="Protocol code understood by the scale proxy (mt_sics, and, sartorius, "
        "ohaus, kern, shimadzu, ...).",
    )
    proxy_url = fields.Char(string="Proxy URL")
    port = fields.Char(help="Serial port on the workstation, e.g. /dev/ttyUSB0 or COM3.")
    capacity_g = fields.Float(string="Capacity (g)", digits="Gold Weight")
    readability_g = fields.Float(string="Readability (g)", digits="Gold Weight", default=0.0001)
    calibration_date = fields.Date()
    calibration_due = fields.Date(string="Calibration Due Date")
    secret = fields.Char(
        string="Signing Secret",
        groups="gold_mes.gold_weighing_group_manager",
        copy=False,
        help="Shared secret with the scale proxy; signed readings are verified with it. "
        "Leave empty only for balances read by the Odoo server itself.",
    )
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Centre", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "serial_company_uniq",
            "unique(company_id, serial)",
            "A balance serial number must be unique per company.",
        ),
    ]

    @api.constrains("capacity_g", "readability_g")
    def _check_capacity_g(self):
        for scale in self:
            if scale.capacity_g < 0 or scale.readability_g < 0:
                raise ValidationError(
                    _("Capacity and readability of %(scale)s cannot be negative.", scale=scale.name)
                )

    def _is_calibration_valid(self, day=None):
        """True when the calibration due date is not past (no due date: valid)."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return not self.calibration_due or self.calibration_due >= day

    def _get_secret(self):
        self.ensure_one()
        return self.sudo().secret or ""

    def _gold_verify_reading(self, reading):
        """Refuse a reading whose proxy signature is bad, missing or replayed.

        Balances without a secret are read by the Odoo server itself and trusted;
        a balance with a secret only accepts readings signed by its proxy, each
        nonce once.
        """
        self.ensure_one()
        secret = self._get_secret()
        if not secret:
            if reading.get("signature"):
                raise UserError(
                    _(
                        "Balance %(scale)s has no signing secret: a signed reading cannot "
                        "be checked.",
                        scale=self.name,
                    )
                )
            return
        if not reading.get("signature"):
            raise UserError(
                _("Balance %(scale)s only accepts readings signed by its proxy.", scale=self.name)
            )
        try:
            verify_signed_reading(
                secret, reading, seen=self._gold_nonce_seen, max_age_s=SIGNATURE_MAX_AGE_S
            )
        except SignatureError as error:
            raise UserError(self._gold_signature_message(error.code)) from None

    def _gold_signature_message(self, code):
        messages = {
            "forged": _("The signature of the reading from %(scale)s is not valid."),
            "stale": _("The signed reading from %(scale)s is too old; weigh again."),
            "replayed": _("This reading from %(scale)s was already used (replayed signature)."),
        }
        message = messages.get(code, _("The signed reading from %(scale)s is malformed."))
        return message % {"scale": self.name}

    def _gold_nonce_seen(self, nonce):
        """True when ``nonce`` was used before; records it otherwise (unique index)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self.env["gold.scale.nonce"].sudo().create({"scale_id": self.id, "nonce": nonce})
        except IntegrityError:
            return True
        return False


class GoldScaleNonce(models.Model):
    _name = "gold.scale.nonce"
    _description = "Used Signed-reading Nonce"
    _log_access = False

    scale_id = fields.Many2one("gold.scale", required=True, ondelete="cascade", index=True)
    nonce = fields.Char(required=True)
    used_at = fields.Datetime(default=fields.Datetime.now)

    _sql_constraints = [
        ("scale_nonce_uniq", "unique(scale_id, nonce)", "This signed reading was already used."),
    ]

import logging
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import config

from ..hw_scale.link import READERS, LinkError, LocalLink, ProxyLink
from ..hw_scale.protocols import PROTOCOLS
from ..hw_scale.signing import SignatureError, verify_signed_reading

_logger = logging.getLogger(__name__)
SIGNATURE_MAX_AGE_S = 300.0
CALIBRATION_WARNING_DAYS = 30


class GoldScale(models.Model):
    _name = "gold.scale"
    _description = "Precision Balance"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    serial = fields.Char(string="Serial Number", required=True)
    model = fields.Char(help="Make and model of the balance, e.g. Mettler Toledo XPR205.")
    protocol = fields.Selection(
        selection="_selection_protocol",
        required=True,
        default="mt_sics",
        help="How the balance talks on its serial line.",
    )
    connection = fields.Selection(
        [
            ("proxy", "Scale proxy on the workshop network"),
            ("local", "Serial port on the Odoo server"),
        ],
        required=True,
        default="proxy",
        help="Proxy: the gold-scale-proxy service on the workstation beside the balance "
        "signs each reading. Local: the balance is plugged into the machine running Odoo, "
        "which reads it and signs the readings itself (threaded server only: with several "
        "workers, use a proxy).",
    )
    proxy_url = fields.Char(string="Proxy URL", help="e.g. http://192.168.1.20:8765")
    proxy_balance_id = fields.Char(
        string="Balance ID on the Proxy",
        help="The id of this balance in the proxy's configuration; the serial number when "
        "left empty.",
    )
    proxy_token = fields.Char(
        groups="gold_mes.gold_weighing_group_manager",
        copy=False,
        help="Bearer token of the scale proxy.",
    )
    port = fields.Char(
        string="Serial Port",
        help="Serial port on the Odoo server for a local balance, e.g. /dev/ttyUSB0, or a "
        "pyserial URL such as socket://host:port.",
    )
    capacity_g = fields.Float(string="Capacity (g)", digits="Gold Weight")
    readability_g = fields.Float(string="Readability (g)", digits="Gold Weight", default=0.0001)
    calibration_date = fields.Date()
    calibration_due = fields.Date(string="Calibration Due Date")
    calibration_reference = fields.Char(string="Calibration Certificate")
    calibration_state = fields.Selection(
        [("valid", "Calibrated"), ("soon", "Due Soon"), ("expired", "Expired")],
        compute="_compute_calibration_state",
    )
    secret = fields.Char(
        string="Signing Secret",
        groups="gold_mes.gold_weighing_group_manager",
        copy=False,
        help="Shared secret with the scale proxy; signed readings are verified with it. "
        "Generated with the balance and shown once, to be copied into the proxy's "
        "configuration; a local balance's readings are signed by Odoo itself.",
    )
    secret_shown = fields.Boolean(
        copy=False,
        readonly=True,
        help="The signing secret was shown once; generate a new one to see one again.",
    )
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Centre", index=True)
    at_safe = fields.Boolean(
        string="At the Safe",
        help="The kiosk's safe screen (issue and return) and its day close weigh on this balance.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    link_online = fields.Boolean(string="Online", compute="_compute_link_status")
    link_status = fields.Char(string="Status", compute="_compute_link_status")
    link_weight = fields.Char(string="Current Weight", compute="_compute_link_status")

    _sql_constraints = [
        (
            "serial_company_uniq",
            "unique(company_id, serial)",
            "A balance serial number must be unique per company.",
        ),
    ]

    @api.model
    def _selection_protocol(self):
        return [(protocol.name, protocol.label) for protocol in PROTOCOLS.values()]

    @api.depends("calibration_due")
    def _compute_calibration_state(self):
        today = fields.Date.context_today(self)
        for scale in self:
            if not scale.calibration_due:
                scale.calibration_state = "valid"
            elif scale.calibration_due < today:
                scale.calibration_state = "expired"
            elif scale.calibration_due < today + timedelta(days=CALIBRATION_WARNING_DAYS):
                scale.calibration_state = "soon"
            else:
                scale.calibration_state = "valid"

    @api.depends_context("uid")
    def _compute_link_status(self):
        """Ask the balance now (form view only: this goes to the port or the proxy)."""
        for scale in self:
            try:
                state = scale._gold_status()
            except LinkError as error:
                scale.link_online = False
                scale.link_status = scale._gold_link_message(error)
                scale.link_weight = False
                continue
            scale.link_online = state["online"]
            scale.link_status = _("Online") if state["online"] else _("Offline")
            if state["last_error"] and not state["online"]:
                scale.link_status += f" — {state['last_error']}"
            scale.link_weight = scale._gold_format_reading(state["latest"])

    @api.constrains("capacity_g", "readability_g")
    def _check_capacity_g(self):
        for scale in self:
            if scale.capacity_g < 0 or scale.readability_g < 0:
                raise ValidationError(
                    _("Capacity and readability of %(scale)s cannot be negative.", scale=scale.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("secret"):  # every balance has one (issue 10)
                vals["secret"] = secrets.token_hex(32)
                vals["secret_shown"] = False
        return super().create(vals_list)

    def write(self, vals):
        if {"port", "protocol", "connection", "active"} & set(vals):
            self._gold_release_ports()
        result = super().write(vals)
        if "secret" in vals or "connection" in vals:
            self._gold_ensure_secret()
        return result

    def unlink(self):
        self._gold_release_ports()
        return super().unlink()

    def _is_calibration_valid(self, day=None):
        """True when the calibration due date is not past (no due date: valid)."""
        self.ensure_one()
        if not self.calibration_due:
            return True  # before today: asking for it reads the user's time zone
        day = day or fields.Date.context_today(self)
        return self.calibration_due >= day

    def _get_secret(self):
        self.ensure_one()
        scale = self.sudo()
        scale.fetch(["secret"])  # every capture asks: the secret, not the rest of the row
        return scale.secret or ""

    def _gold_reading_trusted(self, reading):
        """True when ``reading`` is signed with this balance's secret and fresh; False
        when it carries no signature (a weight typed by hand, then); a bad or stale
        signature is refused.  The nonce is recorded with the line (_gold_use_nonce).
        """
        self.ensure_one()
        if not reading.get("signature"):
            return False
        secret = self._get_secret()
        if not secret:
            raise UserError(
                _(
                    "Balance %(scale)s has no signing secret: a signed reading cannot be checked.",
                    scale=self.name,
                )
            )
        try:
            verify_signed_reading(secret, reading, max_age_s=SIGNATURE_MAX_AGE_S)
        except SignatureError as error:
            raise UserError(self._gold_signature_message(error.code)) from None
        return True

    def _gold_signature_message(self, code):
        messages = {
            "forged": _("The signature of the reading from %(scale)s is not valid."),
            "stale": _("The signed reading from %(scale)s is too old; weigh again."),
            "replayed": _("This reading from %(scale)s was already used (replayed signature)."),
        }
        message = messages.get(code, _("The signed reading from %(scale)s is malformed."))
        return message % {"scale": self.name}

    def _gold_use_nonce(self, nonce):
        """Record ``nonce`` as used; a used one raises UniqueViolation (the caller's
        savepoint: capture() records it with its line)."""
        self.ensure_one()
        self.env["gold.scale.nonce"].sudo().create({"scale_id": self.id, "nonce": nonce})

    def _gold_reading_names(self):
        """The names a reading from this balance may carry in its ``scale`` key."""
        self.ensure_one()
        return {name for name in (self.serial, self.proxy_balance_id) if name}

    # ------------------------------------------------------------------ the link
    def _gold_ensure_secret(self):
        """Every balance has a secret: a new one where there is none."""
        for scale in self.sudo():
            if not scale.secret:
                scale.write({"secret": secrets.token_hex(32), "secret_shown": False})

    @api.model
    def _gold_fill_missing_secrets(self):
        """Upgrade: a secret for every balance that has none (migrations/18.0.1.1.0)."""
        scales = self.sudo().with_context(active_test=False).search([("secret", "=", False)])
        scales._gold_ensure_secret()
        return scales

    def _gold_release_ports(self):
        for scale in self.sudo():
            if scale.connection == "local" and scale.port:
                READERS.release(scale.port)

    def _gold_link(self):
        """A :mod:`hw_scale.link` object for this balance (local port or proxy)."""
        self.ensure_one()
        scale = self.sudo()
        if scale.connection == "local":
            if config["workers"]:
                raise LinkError(
                    "config",
                    "a balance on the Odoo server needs the threaded server (workers = 0); "
                    "with several workers, reach it through a scale proxy",
                )
            scale._gold_ensure_secret()
            return LocalLink(scale.port, scale.protocol, scale.serial, scale.secret)
        return ProxyLink(
            scale.proxy_url or "", scale.proxy_balance_id or scale.serial, scale.proxy_token
        )

    def _gold_status(self):
        self.ensure_one()
        return self._gold_link().status()

    def _gold_latest(self):
        self.ensure_one()
        return self._gold_link().latest()

    def _gold_capture_signed(self, timeout=5.0):
        """The next stable reading in grams, signed (by the proxy, or here for a local one)."""
        self.ensure_one()
        return self._gold_link().capture(timeout)

    def _gold_command(self, name):
        self.ensure_one()
        if name not in ("tare", "zero"):
            raise LinkError("config", f"unknown balance command {name!r}")
        return self._gold_link().command(name)

    def _gold_link_message(self, error):
        """A translated sentence for a :class:`LinkError` (detail in English after it)."""
        self.ensure_one()
        messages = {
            "offline": _("Balance %(scale)s is offline."),
            "timeout": _("Balance %(scale)s did not answer in time."),
            "unstable": _("Balance %(scale)s is not stable; wait and weigh again."),
            "wrong_unit": _("Balance %(scale)s is not set to grams; set it to g."),
            "no_unit": _("Balance %(scale)s sent no unit; its reading cannot be used."),
            "overload": _("Balance %(scale)s is overloaded."),
            "underload": _("Balance %(scale)s is below zero; zero it."),
            "no_weight": _("Balance %(scale)s sent no weight."),
            "balance_error": _("Balance %(scale)s refused the command."),
            "unauthorised": _("The scale proxy of %(scale)s refused the token."),
            "not_found": _("The scale proxy does not know balance %(scale)s."),
            "config": _("Balance %(scale)s is not configured to be read."),
            "proxy_error": _("The scale proxy of %(scale)s answered with an error."),
        }
        message = messages.get(error.code, _("Balance %(scale)s cannot be read."))
        return f"{message % {'scale': self.name}} ({error.message})"

    @api.model
    def _gold_format_reading(self, reading):
        if not reading:
            return False
        text = f"{reading.get('net')} {reading.get('unit') or ''}".strip()
        if reading.get("overload"):
            return _("Overload")
        if reading.get("underload"):
            return _("Underload")
        return text if reading.get("stable") else _("%(weight)s (unstable)", weight=text)

    def action_test_connection(self):
        """Ask the balance for its state and say it in a notification."""
        self.ensure_one()
        try:
            state = self._gold_status()
        except LinkError as error:
            return self._gold_notify(self._gold_link_message(error), "danger")
        if not state["online"]:
            error = LinkError("offline", state["last_error"] or "no answer")
            return self._gold_notify(self._gold_link_message(error), "danger")
        weight = self._gold_format_reading(state["latest"]) or _("no reading yet")
        return self._gold_notify(
            _("Balance %(scale)s answers: %(weight)s.", scale=self.name, weight=weight), "success"
        )

    def _gold_notify(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Test connection"),
                "message": message,
                "type": kind,
                "sticky": kind == "danger",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_generate_secret(self):
        """A new signing secret, shown once (copy it into the proxy's configuration)."""
        self.ensure_one()
        self._gold_check_secret_keeper()
        self.sudo().write({"secret": secrets.token_hex(32), "secret_shown": False})
        return self.action_show_secret()

    def action_show_secret(self):
        """Show the signing secret, once: in a notification to copy into the proxy."""
        self.ensure_one()
        self._gold_check_secret_keeper()
        scale = self.sudo()
        if scale.secret_shown:
            raise UserError(
                _(
                    "The secret of %(scale)s was already shown; generate a new one (and "
                    "put it into the proxy's configuration) if it was lost.",
                    scale=self.name,
                )
            )
        scale.secret_shown = True
        message = _(
            "Signing secret of %(scale)s (shown once; copy it into the scale proxy's "
            "configuration now): %(secret)s",
            scale=self.name,
            secret=scale.secret,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Signing secret"),
                "message": message,
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _gold_check_secret_keeper(self):
        if not (self.env.su or self.env.user.has_group("gold_mes.gold_weighing_group_manager")):
            raise AccessError(_("Only a gold manager may see or change a balance's secret."))


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

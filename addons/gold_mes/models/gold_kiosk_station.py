"""A kiosk station: a tablet beside a balance that runs the kiosk from a token URL.

No backend login on the tablet: the URL carries the station's access token
(``/gold_mes/kiosk/<token>``, like hr_attendance's kiosk URL), the page runs the same
kiosk screens, and every call goes through the station's controller
(``controllers/kiosk_station.py``), which lets through only ``gold.kiosk``'s
``kiosk_*`` methods and the kiosk's scale actions, as the station's own technical
user (created with the station, gold operator of the station's company only), with
the worker who identified by badge or PIN recorded on every line.

Failed badges and PINs count per station (its user is the ``user`` scope of
``gold.identify.attempt``) as well as per worker.
"""

import secrets
import uuid

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from werkzeug.urls import url_join

SCREENS = ("stages", "safe", "handover", "casting", "day_close")
STATION_GROUPS = ("gold_mes.gold_weighing_group_operator", "mrp.group_mrp_routings")


def _new_token():
    return secrets.token_urlsafe(24)


class GoldKioskStation(models.Model):
    _name = "gold.kiosk.station"
    _description = "Gold Kiosk Station"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    access_token = fields.Char(
        required=True, copy=False, readonly=True, default=lambda self: _new_token(), index=True
    )
    url = fields.Char(string="Station URL", compute="_compute_url")
    workcenter_ids = fields.Many2many(
        "mrp.workcenter",
        string="Work Centres",
        domain="[('company_id', 'in', (company_id, False))]",
        help="The stages of these work centres are offered at the station; empty: every "
        "work centre of the company.",
    )
    scale_id = fields.Many2one(
        "gold.scale",
        string="Balance",
        domain="[('company_id', '=', company_id)]",
        help="The balance beside the tablet: every weighing at the station is read from it.",
    )
    screen_stages = fields.Boolean(string="Stages", default=True)
    screen_safe = fields.Boolean(string="Safe")
    screen_handover = fields.Boolean(string="Handover")
    screen_casting = fields.Boolean(string="Casting")
    screen_day_close = fields.Boolean(string="Day Close")
    idle_timeout = fields.Integer(
        string="Idle Timeout (s)",
        default=120,
        help="Seconds without a touch before the station signs the worker out and asks "
        "'who are you' again.",
    )
    live_mode = fields.Selection(
        [
            ("proxy_sse", "From the scale proxy straight to the page"),
            ("bus", "Through Odoo's bus (Odoo reads the balance)"),
            ("outbound", "Pushed by the proxy to Odoo (Odoo outside the workshop)"),
        ],
        required=True,
        default="proxy_sse",
        help="How the live weight reaches the page. Proxy: the tablet's browser opens the "
        "proxy's live stream with a short-lived ticket (the proxy must list this Odoo's "
        "address in its cors_origins). Bus: Odoo reads the balance and pushes each "
        "change on its bus. Pushed by the proxy: for an Odoo hosted outside the workshop, "
        "the proxy posts its signed readings to Odoo (push_url), which relays them.",
    )
    proxy_public_url = fields.Char(
        string="Proxy URL for the Tablet",
        help="The scale proxy's address as the tablet's browser reaches it, when it "
        "differs from the balance's Proxy URL as Odoo reaches it.",
    )
    lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Language",
        default=lambda self: self.env.lang or "en_US",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Station User",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The technical user the station acts as (no password, no login): gold "
        "operator of the station's company only.",
    )

    _sql_constraints = [
        ("access_token_uniq", "unique(access_token)", "A station's access token is unique."),
    ]

    @api.depends("access_token")
    def _compute_url(self):
        base = self.get_base_url()
        for station in self:
            station.url = url_join(base, f"/gold_mes/kiosk/{station.access_token}")

    @api.constrains("idle_timeout")
    def _check_idle_timeout(self):
        for station in self:
            if station.idle_timeout < 5:
                raise ValidationError(
                    _(
                        "The idle timeout of %(station)s must be 5 seconds or more.",
                        station=station.name,
                    )
                )

    @api.constrains("scale_id", "company_id", "live_mode")
    def _check_scale_id(self):
        for station in self:
            scale = station.scale_id
            if scale and scale.company_id != station.company_id:
                raise ValidationError(
                    _(
                        "The balance of %(station)s belongs to another company.",
                        station=station.name,
                    )
                )
            if station.live_mode == "proxy_sse" and scale and scale.connection != "proxy":
                raise ValidationError(
                    _(
                        "%(scale)s is plugged into the Odoo server: the page cannot reach it "
                        "straight; choose Odoo's bus for %(station)s.",
                        scale=scale.name,
                        station=station.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        stations = super().create(vals_list)
        for station in stations:
            station.sudo().user_id = station._create_station_user()
        return stations

    def write(self, vals):
        result = super().write(vals)
        if {"company_id", "name", "active"} & set(vals):
            for station in self.sudo():
                station.user_id.write(station._prepare_station_user_vals())
        return result

    def _prepare_station_user_vals(self):
        self.ensure_one()
        return {
            "name": _("Kiosk station %(name)s", name=self.name),
            "company_id": self.company_id.id,
            "company_ids": [Command.set(self.company_id.ids)],
        }

    def _create_station_user(self):
        """The station's own user: inactive (nobody logs in as it), no password."""
        self.ensure_one()
        groups = [self.env.ref(xmlid).id for xmlid in STATION_GROUPS]
        vals = dict(
            self._prepare_station_user_vals(),
            login=f"gold.kiosk.station.{uuid.uuid4().hex}",
            active=False,
            groups_id=[Command.set(groups)],
        )
        users = self.env["res.users"].sudo().with_context(no_reset_password=True)
        return users.create(vals)

    def action_regenerate_token(self):
        """A new access token: the old URL stops working at once (a lost tablet)."""
        for station in self:
            station.access_token = _new_token()
        return True

    # ------------------------------------------------------------------ the page
    def _station_screens(self):
        self.ensure_one()
        return [screen for screen in SCREENS if self[f"screen_{screen}"]]

    def _station_info(self):
        """What the page needs to start (no secret in it)."""
        self.ensure_one()
        return {
            "token": self.access_token,
            "name": self.name,
            "company": self.company_id.name,
            "screens": self._station_screens(),
            "idle_timeout": self.idle_timeout,
            "live_mode": self.live_mode,
            "scale": {"id": self.scale_id.id, "name": self.scale_id.name}
            if self.scale_id
            else False,
        }

    def _station_context(self, employee_id=None):
        """The context the station's calls run in (``gold_kiosk_at_station.py``)."""
        self.ensure_one()
        context = {
            "gold_kiosk_station_id": self.id,
            "allowed_company_ids": self.company_id.ids,
            "lang": self.lang or "en_US",
        }
        if employee_id:
            context["gold_kiosk_employee_id"] = employee_id
        return context

    def _station_employees(self):
        """The station's gold workers: of its company, with a badge or a PIN, and
        allowed at one of its work centres when those name their operators."""
        self.ensure_one()
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    "|",
                    ("barcode", "!=", False),
                    ("pin", "!=", False),
                ],
                order="name",
            )
        )
        restricted = self.workcenter_ids.filtered("gold_employee_ids")
        if restricted and restricted == self.workcenter_ids:
            employees &= restricted.gold_employee_ids
        return employees

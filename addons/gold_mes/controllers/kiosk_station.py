"""The kiosk station: the kiosk on a tablet from a token URL, without a backend login.

``GET  /gold_mes/kiosk/<token>``                     the kiosk page (its own bundle)
``JSON /gold_mes/kiosk/<token>/call``                ``{method, args, kwargs}``: one
                                                     ``gold.kiosk.kiosk_*`` method
``JSON /gold_mes/kiosk/<token>/scale/<id>/<action>`` the station's balance: status,
                                                     read, weigh, tare, zero
``JSON /gold_mes/kiosk/<token>/live``                how the page gets the live weight
``JSON /gold_mes/kiosk/<token>/signout``             the worker leaves
``JSON /gold_mes/scale/push``                        a scale proxy pushes a signed reading

Everything runs as the station's user (gold operator of the station's company only)
with the station in the context, so ``gold.kiosk`` applies the station's rules
(``models/gold_kiosk_at_station.py``) and the record rules apply to the rest.  The
worker who identified is kept in the HTTP session for the station's idle timeout; a
call that acts for a worker needs one, and acts for that one only.  Nothing else is
reachable through a station: no other model, no method but ``kiosk_*``, no other
balance, no other company, no screen the station does not offer.
"""

import logging
import time

from odoo import _, http
from odoo.addons.bus.websocket import WebsocketConnectionHandler
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..hw_scale.signing import SignatureError, verify_signed_reading
from .scale import GoldScaleController, _error, _timeout

_logger = logging.getLogger(__name__)

# the calls of "who are you": every other one needs a worker who identified
WHO_METHODS = ("kiosk_employees", "kiosk_display_table", "kiosk_identify")
SCALE_ACTIONS = ("status", "read", "capture", "weigh", "tare", "zero")
SESSION_KEY = "gold_kiosk_station"
PUSH_MAX_AGE_S = 30.0
PUSHED_WEIGH_MAX_AGE_S = 10.0


class GoldKioskStationController(http.Controller):
    # ------------------------------------------------------------------ plumbing
    def _station(self, token):
        station = request.env["gold.kiosk.station"].sudo()
        if isinstance(token, str) and token:
            station = station.search([("access_token", "=", token)], limit=1)
        if not station or not station.user_id:
            raise AccessError(
                _("This station's address is not valid: ask a supervisor for the new one.")
            )
        return station

    def _signed_in(self, station):
        """The employee id of the worker signed in at this station (idle timeout kept)."""
        entry = (request.session.get(SESSION_KEY) or {}).get(str(station.id))
        now = time.time()
        if not entry or now - entry["seen"] > station.idle_timeout:
            self._sign_out(station)
            raise UserError(_("Choose who you are."))
        self._remember(station, entry["employee"], now)
        return entry["employee"]

    def _remember(self, station, employee_id, now=None):
        entries = dict(request.session.get(SESSION_KEY) or {})
        entries[str(station.id)] = {"employee": employee_id, "seen": now or time.time()}
        request.session[SESSION_KEY] = entries

    def _sign_out(self, station):
        entries = dict(request.session.get(SESSION_KEY) or {})
        if entries.pop(str(station.id), None) is not None:
            request.session[SESSION_KEY] = entries

    def _station_env(self, station, employee_id=None):
        """``request.env`` as the station's user, in its company and language."""
        context = dict(request.env.context, **station._station_context(employee_id))
        request.update_env(user=station.user_id.id, context=context)
        return request.env

    # ------------------------------------------------------------------ the page
    @http.route("/gold_mes/kiosk/<string:token>", type="http", auth="public", sitemap=False)
    def station_page(self, token, **kwargs):
        station = (
            request.env["gold.kiosk.station"].sudo().search([("access_token", "=", token)], limit=1)
        )
        if not station or not station.user_id:
            return request.not_found()
        lang = station.lang or "en_US"
        return request.render(
            "gold_mes.gold_kiosk_station_page",
            {
                "station_info": station._station_info(),
                "station_lang": lang.replace("_", "-"),
                # what Odoo's bus needs in the page (its worker's version), nothing more
                "session_info": {"websocket_worker_version": WebsocketConnectionHandler._VERSION},
            },
        )

    # ------------------------------------------------------------------ calls
    @http.route("/gold_mes/kiosk/<string:token>/call", type="json", auth="public")
    def station_call(self, token, method=None, args=None, kwargs=None, **rest):
        station = self._station(token)
        kiosk_class = type(request.env["gold.kiosk"])
        if (
            not isinstance(method, str)
            or not method.startswith("kiosk_")
            or not callable(getattr(kiosk_class, method, None))
        ):
            raise AccessError(_("A station can only do what the kiosk does."))
        args = list(args or []) if isinstance(args, (list, tuple, type(None))) else None
        kwargs = kwargs or {}
        if args is None or not isinstance(kwargs, dict):
            raise UserError(_("The kiosk sent a malformed request."))
        employee_id = None if method in WHO_METHODS else self._signed_in(station)
        env = self._station_env(station, employee_id)
        env["gold.kiosk"]._kiosk_check_screen(method)
        result = getattr(env["gold.kiosk"], method)(*args, **kwargs)
        if method == "kiosk_identify":
            self._remember(station, result["id"])
        return result

    @http.route("/gold_mes/kiosk/<string:token>/signout", type="json", auth="public")
    def station_signout(self, token, **kwargs):
        self._sign_out(self._station(token))
        return True

    @http.route("/gold_mes/kiosk/<string:token>/live", type="json", auth="public")
    def station_live(self, token, **kwargs):
        station = self._station(token)
        self._signed_in(station)
        return station._live_info()

    # ------------------------------------------------------------------ balance
    @http.route(
        "/gold_mes/kiosk/<string:token>/scale/<int:scale_id>/<string:action>",
        type="json",
        auth="public",
    )
    def station_scale(self, token, scale_id, action, **params):
        station = self._station(token)
        employee_id = self._signed_in(station)
        if action not in SCALE_ACTIONS or scale_id != station.scale_id.id:
            return _error("not_found", _("This station has no balance %(id)s.", id=scale_id))
        env = self._station_env(station, employee_id)
        controller = GoldScaleController()
        if action == "capture" and station.live_mode == "outbound":
            return self._capture_pushed(params.get("reading"), params.get("timeout"))
        if action == "capture":  # a screen's weighing: the signed reading, handed back
            return controller.scale_capture(scale_id, timeout=params.get("timeout"))
        if action != "weigh":
            return getattr(controller, f"scale_{action}")(scale_id)
        if params.get("employee_id") not in (None, employee_id):
            raise AccessError(
                _("Only the worker who signed in at this station may do this: sign in again.")
            )
        env["gold.kiosk"]._kiosk_check_screen("kiosk_stage")  # a stage's weighing
        env["gold.kiosk"]._kiosk_workorder(params.get("workorder_id"))  # the station's rules
        params = {k: v for k, v in params.items() if k != "production_id"}
        params["employee_id"] = employee_id
        if station.live_mode == "outbound":
            answer = self._weigh_pushed(controller, station.scale_id, params)
        else:
            answer = controller.scale_weigh(scale_id, **params)
        if answer.get("ok"):  # the stage as it is now: the page needs no second call
            answer["card"] = env["gold.kiosk"].kiosk_stage(params["workorder_id"])
        return answer

    def _capture_pushed(self, signed, timeout):
        """``capture`` when Odoo cannot ask the proxy: the signed stable reading the
        proxy pushed, as fresh as a weighing's (the screen's method checks the rest)."""
        if not isinstance(signed, dict) or not signed.get("signature"):
            return _error("timeout", _("No reading came from the balance yet: weigh again."))
        age = time.time() - (signed.get("signed_at_ms") or 0) / 1000
        if age > min(_timeout(timeout), PUSHED_WEIGH_MAX_AGE_S):
            return _error("timeout", _("The balance's last reading is too old: weigh again."))
        if not signed.get("capturable"):
            code = signed.get("refusal") or "unstable"
            return _error(code, _("The balance refused: weigh again."), signed)
        return {"ok": True, "grams": signed.get("grams"), "signed": signed}

    def _weigh_pushed(self, controller, scale, params):
        """Odoo outside the workshop cannot ask the proxy: the page sends back the signed
        stable reading the proxy pushed; capture() checks its signature and nonce."""
        scale = request.env["gold.scale"].browse(scale.id)
        kind = params.get("kind")
        done = controller._weighed_already(scale, kind, params.get("idempotency_key"))
        if done:
            weighing = done._capture_result(replayed=True)
            return {"ok": True, "scale_id": scale.id, "reading": None, "weighing": weighing}
        signed = params.get("reading")
        if not isinstance(signed, dict) or not signed.get("signature"):
            return _error("timeout", _("No reading came from the balance yet: weigh again."))
        age = time.time() - (signed.get("signed_at_ms") or 0) / 1000
        if age > min(_timeout(params.get("timeout")), PUSHED_WEIGH_MAX_AGE_S):
            return _error("timeout", _("The balance's last reading is too old: weigh again."))
        if not signed.get("capturable"):
            code = signed.get("refusal") or "unstable"
            return _error(code, _("The balance refused: weigh again."), signed)
        vals = controller._prepare_weigh_vals(scale, signed, kind, params["employee_id"], params)
        try:
            with request.env.cr.savepoint():
                result = request.env["gold.weighing"].capture(vals)
        except UserError as capture_error:
            return _error("refused", str(capture_error), signed)
        return {"ok": True, "scale_id": scale.id, "reading": signed, "weighing": result}

    # ------------------------------------------------------------------ proxy push
    @http.route("/gold_mes/scale/push", type="json", auth="public")
    def scale_push(self, reading=None, **kwargs):
        """A proxy's signed reading, relayed on the bus to the stations of its balance."""
        if not isinstance(reading, dict) or not reading.get("signature"):
            return {"ok": False, "error": "bad_request"}
        name = str(reading.get("scale") or "")
        scales = (
            request.env["gold.scale"]
            .sudo()
            .search(
                [
                    "|",
                    ("proxy_balance_id", "=", name),
                    "&",
                    ("proxy_balance_id", "=", False),
                    ("serial", "=", name),
                ]
            )
        )
        for scale in scales:
            try:
                verify_signed_reading(scale._get_secret(), reading, max_age_s=PUSH_MAX_AGE_S)
            except SignatureError:
                continue
            stations = request.env["gold.kiosk.station"]._live_send(
                scale, reading, modes=("outbound",)
            )
            return {"ok": True, "stations": len(stations)}
        _logger.info("pushed reading for %r refused: no balance's secret signed it", name)
        return {"ok": False, "error": "forged"}

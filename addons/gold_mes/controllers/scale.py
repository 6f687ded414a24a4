"""The scale-proxy controller: the kiosk reads a balance through Odoo.

A balance is reached the way its ``gold.scale`` record says: on a serial port of the
Odoo server (``local``: Odoo runs one :class:`~..hw_scale.reader.BalanceReader` per
port and signs the readings with the balance's secret) or through a scale proxy on
the workshop network (``proxy``: the proxy signs, Odoo passes its signature through
unchanged).  Either way the signed reading is checked again by
``gold.weighing.capture()``.

Routes (JSON-RPC, ``auth="user"``, operators of the balance's company only)::

    /gold_mes/scale/<id>/status   {"ok", "scale_id", "name", "connection", "online",
                                   "last_error", "calibration_state", "calibration_due",
                                   "reading"}
    /gold_mes/scale/<id>/read     {"ok", "scale_id", "reading"}   latest reading
    /gold_mes/scale/<id>/capture  {"ok", "scale_id", "grams", "signed"}
                                   (params: timeout) next stable reading in grams
    /gold_mes/scale/<id>/tare     {"ok", "scale_id", "confirmed", "detail"}
    /gold_mes/scale/<id>/zero     idem
    /gold_mes/scale/<id>/weigh    {"ok", "scale_id", "reading", "weighing"}
                                   (params: workorder_id or production_id, kind,
                                   employee_id, idempotency_key, timeout, reason,
                                   override_calibration): capture and record in one call

A refusal is ``{"ok": false, "error": <code>, "message": <sentence>, "reading": ...}``
with ``error`` one of ``not_found``, ``access_denied``, ``offline``, ``timeout``,
``unstable``, ``wrong_unit``, ``no_unit``, ``overload``, ``underload``, ``no_weight``,
``balance_error``, ``unauthorised``, ``config``, ``proxy_error``, ``bad_request``,
``refused`` (capture() said no); nothing is recorded then.

The routes block while they wait for a stable reading (``timeout``, at most
:data:`MAX_TIMEOUT` seconds).  Local balances need Odoo's threaded server
(``workers = 0``): prefork workers would each open the same port.  With workers,
put a scale proxy beside the balance.
"""

import logging

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from ..hw_scale.link import LinkError

_logger = logging.getLogger(__name__)

MAX_TIMEOUT = 30.0
DEFAULT_TIMEOUT = 5.0
OPERATOR_GROUP = "gold_mes.gold_weighing_group_operator"


def _error(code, message, reading=None):
    return {"ok": False, "error": code, "message": message, "reading": reading}


def _timeout(value):
    try:
        seconds = float(DEFAULT_TIMEOUT if value is None else value)
    except (TypeError, ValueError):
        return DEFAULT_TIMEOUT
    return min(max(seconds, 0.1), MAX_TIMEOUT)


class GoldScaleController(http.Controller):
    # ------------------------------------------------------------------ plumbing
    def _scale(self, scale_id):
        """The balance if this user may weigh on it, else ``(None, error dict)``."""
        env = request.env
        if not env.user.has_group(OPERATOR_GROUP):
            return None, _error("access_denied", _("Only gold operators may use a balance."))
        scale = env["gold.scale"].browse(scale_id).exists()
        if scale:
            try:
                scale.check_access("read")
            except UserError:  # AccessError: another company's balance looks unknown
                scale = env["gold.scale"]
        if not scale or not scale.active:
            return None, _error("not_found", _("There is no balance %(id)s.", id=scale_id))
        return scale, None

    def _run(self, scale_id, call):
        """``call(scale)`` on an allowed balance; a LinkError becomes a refusal."""
        scale, error = self._scale(scale_id)
        if error:
            return error
        try:
            result = call(scale)
        except LinkError as link_error:
            _logger.info("balance %s: %s (%s)", scale.name, link_error.code, link_error.message)
            return _error(link_error.code, scale._gold_link_message(link_error), link_error.reading)
        return dict(result, ok=True, scale_id=scale.id)

    # ------------------------------------------------------------------ routes
    @http.route("/gold_mes/scale/<int:scale_id>/status", type="json", auth="user")
    def scale_status(self, scale_id, **kwargs):
        def call(scale):
            try:
                state = scale._gold_status()
            except LinkError as link_error:
                if link_error.code not in ("offline", "timeout"):
                    raise
                state = {"online": False, "last_error": link_error.message, "latest": None}
            return {
                "name": scale.name,
                "connection": scale.connection,
                "online": state["online"],
                "last_error": state["last_error"],
                "calibration_state": scale.calibration_state,
                "calibration_due": scale.calibration_due or False,
                "reading": state["latest"],
            }

        return self._run(scale_id, call)

    @http.route("/gold_mes/scale/<int:scale_id>/read", type="json", auth="user")
    def scale_read(self, scale_id, **kwargs):
        return self._run(scale_id, lambda scale: {"reading": scale._gold_latest()})

    @http.route("/gold_mes/scale/<int:scale_id>/capture", type="json", auth="user")
    def scale_capture(self, scale_id, timeout=None, **kwargs):
        def call(scale):
            signed = scale._gold_capture_signed(_timeout(timeout))
            return {"grams": signed.get("grams"), "signed": signed}

        return self._run(scale_id, call)

    @http.route("/gold_mes/scale/<int:scale_id>/tare", type="json", auth="user")
    def scale_tare(self, scale_id, **kwargs):
        return self._run(scale_id, lambda scale: scale._gold_command("tare"))

    @http.route("/gold_mes/scale/<int:scale_id>/zero", type="json", auth="user")
    def scale_zero(self, scale_id, **kwargs):
        return self._run(scale_id, lambda scale: scale._gold_command("zero"))

    @http.route("/gold_mes/scale/<int:scale_id>/weigh", type="json", auth="user")
    def scale_weigh(self, scale_id, kind=None, employee_id=None, timeout=None, **kwargs):
        """Capture a signed stable reading and record it through capture() at once."""
        scale, error = self._scale(scale_id)
        if error:
            return error
        if not kind or not employee_id:
            return _error("bad_request", _("Say what is weighed (kind) and by whom (employee)."))
        done = self._weighed_already(scale, kind, kwargs.get("idempotency_key"))
        if done:  # a retry of a call whose answer was lost: no second reading
            weighing = done._capture_result(replayed=True)
            return {"ok": True, "scale_id": scale.id, "reading": None, "weighing": weighing}
        try:
            signed = scale._gold_capture_signed(_timeout(timeout))
        except LinkError as link_error:
            message = scale._gold_link_message(link_error)
            return _error(link_error.code, message, link_error.reading)
        vals = self._prepare_weigh_vals(scale, signed, kind, employee_id, kwargs)
        try:
            with request.env.cr.savepoint():
                result = request.env["gold.weighing"].capture(vals)
        except UserError as capture_error:  # ValidationError and AccessError included
            return _error("refused", str(capture_error), signed)
        return {"ok": True, "scale_id": scale.id, "reading": signed, "weighing": result}

    def _weighed_already(self, scale, kind, key):
        """The line an earlier call with this idempotency key recorded on this balance."""
        if not key:
            return request.env["gold.weighing"]
        done = request.env["gold.weighing"]._capture_find_key(scale.company_id, str(key).strip())
        return done if done.kind == kind and done.scale_id == scale else done.browse()

    def _prepare_weigh_vals(self, scale, signed, kind, employee_id, params):
        vals = {
            "kind": kind,
            "employee_id": employee_id,
            "scale_id": scale.id,
            "reading": signed,
            "weight_g": signed.get("grams"),
        }
        for key in ("workorder_id", "production_id", "idempotency_key", "reason", "purity_id"):
            if params.get(key):
                vals[key] = params[key]
        if params.get("override_calibration"):
            vals["override_calibration"] = True
        return vals

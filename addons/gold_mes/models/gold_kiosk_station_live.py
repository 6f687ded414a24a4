"""The live weight of a station's balance, pushed to its page (never polled).

Three roads, as the station says (``live_mode``):

``proxy_sse``  the page opens the scale proxy's SSE stream itself, with a stream
               ticket from Odoo (:func:`..hw_scale.signing.stream_ticket`: a MAC with
               the balance's secret over its id and an expiry, checked by the proxy
               alone); the proxy's CORS allow-list must hold this Odoo's origin.
``bus``        Odoo reads the balance (a port of this server, or a proxy it reaches)
               in a relay thread and sends each change on its bus to the station's
               channel; the page subscribes over Odoo's websocket.
``outbound``   the proxy pushes its signed readings to ``/gold_mes/scale/push`` (an
               Odoo outside the workshop cannot reach in); Odoo checks the signature
               with the balance's secret and relays them on the bus the same way.

A bus message is ``gold_mes.reading`` ``{"scale_id", "reading"}``; the channel is
``(station, "gold_mes_live")``, which a page subscribes to by sending
``gold_mes.station:<token>`` (``ir_websocket.py`` checks the token).
"""

import logging
import queue
import threading
import time

from odoo import SUPERUSER_ID, api, models

from ..hw_scale.link import READERS
from ..hw_scale.live import Throttle, sse_events
from ..hw_scale.signing import stream_ticket

_logger = logging.getLogger(__name__)
CHANNEL_PREFIX = "gold_mes.station:"
SUBCHANNEL = "gold_mes_live"
TICKET_TTL_S = 300
RELAY_IDLE_S = 600  # a relay nobody asked for in this long stops
_RELAYS = {}
_RELAYS_LOCK = threading.Lock()


class GoldKioskStation(models.Model):
    _inherit = "gold.kiosk.station"

    def _live_info(self):
        """What the page needs to receive the live weight (a ticket, or a channel)."""
        self.ensure_one()
        scale = self.scale_id
        if not scale:
            return {"mode": "none"}
        if self.live_mode == "proxy_sse":
            scale = scale.sudo()
            base = (self.proxy_public_url or scale.proxy_url or "").rstrip("/")
            balance = scale.proxy_balance_id or scale.serial
            ticket = stream_ticket(scale._get_secret(), balance, ttl_s=TICKET_TTL_S)
            return {
                "mode": "proxy_sse",
                "url": f"{base}/balances/{balance}/stream?ticket={ticket}",
                "ttl": TICKET_TTL_S,
            }
        if self.live_mode == "bus":
            self._live_relay_touch()
        return {"mode": "bus", "channel": CHANNEL_PREFIX + self.access_token}

    @api.model
    def _live_send(self, scale, reading, modes=("bus", "outbound")):
        """Send ``reading`` on the bus to the stations of ``scale`` in these modes."""
        stations = self.sudo().search([("scale_id", "=", scale.id), ("live_mode", "in", modes)])
        bus = self.env["bus.bus"].sudo()
        payload = {"scale_id": scale.id, "reading": reading}
        for station in stations:
            bus._sendone((station, SUBCHANNEL), "gold_mes.reading", payload)
        return stations

    # ------------------------------------------------------------------ bus relay
    def _live_relay_touch(self):
        """Start (or keep alive) the relay thread of this station's balance."""
        self.ensure_one()
        key = (self.env.cr.dbname, self.scale_id.id)
        with _RELAYS_LOCK:
            relay = _RELAYS.get(key)
            if relay is None or not relay.is_alive():
                relay = _Relay(self.env.registry, self.scale_id.sudo())
                _RELAYS[key] = relay
                relay.start()
            relay.touched = time.monotonic()
        return relay


def stop_relays():
    with _RELAYS_LOCK:
        relays = list(_RELAYS.values())
        _RELAYS.clear()
    for relay in relays:
        relay.stop()


class _Relay(threading.Thread):
    """Read one balance (its local reader, or the proxy's stream) and send each
    change on the bus, until nobody asked for it for :data:`RELAY_IDLE_S`."""

    def __init__(self, registry, scale):
        super().__init__(name=f"gold-live-{scale.id}", daemon=True)
        self.registry = registry
        self.scale_id = scale.id
        self.connection = scale.connection
        self.port, self.protocol = scale.port, scale.protocol
        self.url = (scale.proxy_url or "").rstrip("/")
        self.balance = scale.proxy_balance_id or scale.serial
        self.token = scale.proxy_token or ""
        self.throttle = Throttle()
        self.touched = time.monotonic()
        self._stop_event = threading.Event()

    def stop(self):
        self._stop_event.set()

    def _done(self):
        return self._stop_event.is_set() or time.monotonic() - self.touched > RELAY_IDLE_S

    def run(self):
        while not self._done():
            try:
                for reading in self._readings():
                    if self._done():
                        return
                    if self.throttle.forward(reading):
                        self._send(reading)
            except Exception:  # the relay retries, whatever broke
                _logger.info("live relay of balance %s: retrying", self.scale_id, exc_info=True)
            self._stop_event.wait(1.0)

    def _readings(self):
        if self.connection == "local":
            reader = READERS.get(self.port, self.protocol)
            events = reader.subscribe()
            try:
                while not self._done():
                    try:
                        event = events.get(timeout=1.0)
                    except queue.Empty:
                        continue
                    if event.get("type") == "reading":
                        yield event["reading"].to_dict()
            finally:
                reader.unsubscribe(events)
            return
        headers = {"Authorization": f"Bearer {self.token}"}
        for event, data in sse_events(f"{self.url}/balances/{self.balance}/stream", headers):
            if event == "reading":
                yield data

    def _send(self, reading):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            scale = env["gold.scale"].browse(self.scale_id)
            env["gold.kiosk.station"]._live_send(scale, reading, modes=("bus",))

"""A station page (public, no login) subscribes to its station's live weight."""

from odoo import models

from .gold_kiosk_station_live import CHANNEL_PREFIX, SUBCHANNEL


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        channels = list(channels)  # do not alter the caller's list
        return super()._build_bus_channel_list(channels + self._gold_station_channels(channels))

    def _gold_station_channels(self, channels):
        """``(station, SUBCHANNEL)`` for each ``gold_mes.station:<token>`` with a valid
        token: the token is what lets a page without a login listen to a station."""
        stations = self.env["gold.kiosk.station"].sudo()
        found = []
        for channel in channels:
            if isinstance(channel, str) and channel.startswith(CHANNEL_PREFIX):
                token = channel[len(CHANNEL_PREFIX) :]
                station = token and stations.search([("access_token", "=", token)], limit=1)
                if station:
                    found.append((station, SUBCHANNEL))
        return found

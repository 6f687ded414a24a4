"""A station page (public, no login) subscribes to its station's live weight."""

from odoo import models

from .gold_kiosk_station_live import CHANNEL_PREFIX, SUBCHANNEL


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        channels = list(channels)  # do not alter the caller's list
        stations = self.env["gold.kiosk.station"].sudo()
        for channel in list(channels):
            if isinstance(channel, str) and channel.startswith(CHANNEL_PREFIX):
                token = channel[len(CHANNEL_PREFIX) :]
                station = token and stations.search([("access_token", "=", token)], limit=1)
                if station:
                    channels.append((station, SUBCHANNEL))
        return super()._build_bus_channel_list(channels)

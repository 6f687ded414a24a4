from . import kiosk_station, scale, xlsx_stream

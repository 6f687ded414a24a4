from . import scale, xlsx_stream

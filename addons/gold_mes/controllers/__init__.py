from . import scale, xlsx

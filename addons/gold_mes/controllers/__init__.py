from . import scale

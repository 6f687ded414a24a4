"""Make the pure packages of the add-ons importable without Odoo.

``addons/<module>/__init__.py`` imports ``odoo``; the pure sub-packages
(``core``, ``hw_scale``) must not need it.  Importing this module registers
each add-on as a bare package whose ``__path__`` is its folder, so
``import gold_units.core`` runs ``core/__init__.py`` but never the add-on's
own ``__init__.py``.  Used by tests/conftest.py, bench/ and the scale proxy.
"""

import sys
import types
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"


def register_addon_packages():
    for name in ("gold_units", "gold_mes"):
        if name in sys.modules:
            continue
        pkg = types.ModuleType(name)
        pkg.__path__ = [str(ADDONS / name)]
        sys.modules[name] = pkg


register_addon_packages()

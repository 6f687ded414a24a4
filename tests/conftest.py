"""pytest set-up: make the add-ons' pure packages importable without Odoo."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import pure_path  # noqa: F401  (registers gold_units / gold_mes as bare packages)

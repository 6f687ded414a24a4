"""gold_units.core: the public API the Odoo layer calls, and its purity (no odoo)."""

import ast
import subprocess
import sys
from pathlib import Path

from gold_units import core

CORE = Path(core.__file__).resolve().parent
PUBLIC = {
    "UNITS",
    "get_unit",
    "convert",
    "convert_exact",
    "to_grams",
    "from_grams",
    "format_compound",
    "parse_weight",
    "parse_quantity",
    "SYSTEMS",
    "PURITIES",
    "parse_purity",
    "fineness_to_karat",
    "karat_to_fineness",
    "fineness_to_tuoi",
    "fine_weight",
    "solve_alloy",
    "Metal",
    "AlloyResult",
    "GoldUnitsError",
    "UnknownUnitError",
    "InvalidWeightError",
    "WeightParseError",
    "PurityError",
    "AlloyImpossibleError",
}


def test_public_names_are_exported_and_documented():
    assert PUBLIC <= set(core.__all__)
    for name in core.__all__:
        assert hasattr(core, name), name
    for name in PUBLIC:
        assert name in core.__doc__, name


def test_errors_form_one_valueerror_hierarchy():
    for name in ("UnknownUnitError", "InvalidWeightError", "WeightParseError", "PurityError"):
        assert issubclass(getattr(core, name), core.GoldUnitsError)
    assert issubclass(core.AlloyImpossibleError, core.GoldUnitsError)
    assert issubclass(core.GoldUnitsError, ValueError)


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


def test_core_imports_only_the_standard_library_and_itself_relatively():
    allowed = {"dataclasses", "decimal", "fractions", "itertools", "math", "re", "unicodedata"}
    for path in CORE.glob("*.py"):
        for module, level in _imports(path):
            if level:
                continue
            assert module.split(".")[0] in allowed, f"{path.name} imports {module}"


def test_core_runs_where_odoo_is_absent():
    repo = CORE.parents[2]
    code = (
        "import sys; sys.modules['odoo'] = None; sys.path.insert(0, 'tools');"
        "import pure_path; import gold_units.core as c;"
        "assert c.parse_weight('1 lượng') == 37.5"
    )
    subprocess.run([sys.executable, "-c", code], cwd=repo, check=True)

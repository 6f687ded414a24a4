#!/usr/bin/env python3
"""Re-export a module's .pot from an Odoo database and refill its vi.po from it.

Odoo loads ``vi.po`` by the occurrences each entry carries (``#: code:``,
``#: model:``...), which only an export gives; so after adding or changing a
user-facing string: export the template, keep every Vietnamese text already
written (matched on msgid), and list the terms still missing one. Usage:

    python tools/i18n_refresh.py DB [MODULE ...] [--fill FILE.po ...]

DB must have the modules installed (and up to date: ``odoo -u``). ``--fill``
reads extra translations (msgid → msgstr) from other .po files first, e.g. a
branch's new terms. Exit status 1 when a term has no Vietnamese text.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_tests import ADDONS, MODULES, addons_path, find_odoo, oca_addons


def export_pot(python, package_dir, db, module, target):
    paths = addons_path(package_dir, filter(None, [oca_addons(python)]))
    cmd = [python, "-m", "odoo", f"--addons-path={paths}", "-d", db]
    cmd += [f"--i18n-export={target}", f"--modules={module}", "--stop-after-init"]
    subprocess.run(cmd, check=True, capture_output=True)


def known_texts(paths):
    texts = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                texts.setdefault(entry.msgid, entry.msgstr)
    return texts


def refresh(python, package_dir, db, module, extra):
    folder = ADDONS / module / "i18n"
    vi_path = folder / "vi.po"
    with tempfile.TemporaryDirectory() as tmp:
        pot_file = Path(tmp) / f"{module}.pot"
        export_pot(python, package_dir, db, module, pot_file)
        pot = polib.pofile(str(pot_file))
    texts = known_texts([*extra, vi_path] if vi_path.exists() else extra)
    old = polib.pofile(str(vi_path)) if vi_path.exists() else None
    vi = polib.POFile(wrapwidth=pot.wrapwidth)
    vi.metadata = dict(old.metadata if old else pot.metadata)
    vi.metadata["Language"] = "vi"
    vi.header = old.header if old else pot.header
    missing = []
    for entry in pot:
        copy = polib.POEntry(
            msgid=entry.msgid,
            msgstr=texts.get(entry.msgid, ""),
            occurrences=entry.occurrences,
            comment=entry.comment,
            flags=entry.flags,
        )
        if not copy.msgstr:
            missing.append(entry.msgid)
        vi.append(copy)
    pot.save(str(folder / f"{module}.pot"))
    vi.save(str(vi_path))
    print(f"{module}: {len(pot)} terms, {len(missing)} without Vietnamese")
    for msgid in missing:
        print(f"    {msgid!r}")
    return not missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    parser.add_argument("--fill", nargs="*", default=[], type=Path)
    args = parser.parse_args(argv)
    found = find_odoo()
    if not found[0]:
        sys.exit("no Odoo 18 found: " + "; ".join(found[1]))
    python, _version, package_dir, _how = found
    ok = [refresh(python, package_dir, args.db, m, args.fill) for m in args.modules]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every user-facing string ships in Vietnamese: each add-on's vi.po translates
every entry of its .pot (the module's own export), and keeps the placeholders."""

import re
from pathlib import Path

import polib
import pytest

ADDONS = Path(__file__).resolve().parent.parent / "addons"
MODULES = ("gold_units", "gold_mes")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]")


def catalogues(module):
    folder = ADDONS / module / "i18n"
    return polib.pofile(str(folder / f"{module}.pot")), polib.pofile(str(folder / "vi.po"))


@pytest.mark.parametrize("module", MODULES)
def test_every_exported_string_has_a_vietnamese_translation(module):
    pot, po = catalogues(module)
    translated = {entry.msgid: entry.msgstr for entry in po if entry.msgstr}
    missing = [entry.msgid for entry in pot if entry.msgid and entry.msgid not in translated]
    assert len(pot) > 50
    assert missing == []


@pytest.mark.parametrize("module", MODULES)
def test_translations_keep_their_placeholders(module):
    _pot, po = catalogues(module)
    broken = [
        entry.msgid
        for entry in po
        if entry.msgstr
        and sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))
    ]
    assert broken == []

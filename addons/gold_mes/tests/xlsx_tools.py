"""LibreOffice headless for the workbook tests: recalculate every formula, print to PDF."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# a LibreOffice profile that recalculates every formula of an .xlsx on load (its default
# trusts the cached values that xlsxwriter wrote)
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


def _convert(content, target, suffix):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory(prefix="gold_lo_") as name:
        folder = Path(name)
        profile = folder / "profile" / "user"
        profile.mkdir(parents=True)
        (profile / "registrymodifications.xcu").write_text(RECALC_PROFILE)
        source = folder / "book.xlsx"
        source.write_bytes(content)
        out = folder / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
        return (out / f"book.{suffix}").read_bytes()


def recalculate(content):
    """The workbook as LibreOffice saves it after recalculating every formula, or None
    when LibreOffice is not installed."""
    return _convert(content, "xlsx:Calc MS Excel 2007 XML", "xlsx")


def to_pdf(content):
    return _convert(content, "pdf", "pdf")


def pdf_pages(content, keep=None):
    """[(width, height)] in points of every page LibreOffice prints; ``keep``: a path
    where the PDF is also written (GOLD_XLSX_PDF in the tests, for screenshots)."""
    pdf = to_pdf(content)
    if keep:
        Path(keep).write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    sizes = [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]
    return sizes[:pages] if len(sizes) >= pages else sizes

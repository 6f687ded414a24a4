"""Screenshots of the backend for the README, in headless Chromium.

Needs a running Odoo with the add-ons, Playwright's Python package and a
Chromium (``pip install playwright``; Debian's ``chromium``).  Usage:

    python tools/screenshots.py URL DB SHOT ...

where each SHOT is ``name=/odoo/...`` (a web client path), optionally followed by
``|click:SELECTOR``, ``|fill:SELECTOR=TEXT``, ``|select:SELECTOR=OPTION LABEL``,
``|press:KEY``, ``|wait:SELECTOR`` or
``|scroll:SELECTOR`` (bring that element to the top of the picture)
steps run before the picture.  Files land in docs/screenshots/<name>.png.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def run_step(page, step):
    verb, _, arg = step.partition(":")
    if verb == "click":
        page.click(arg, timeout=30_000)
    elif verb == "fill":
        selector, _, text = arg.partition("=")
        page.fill(selector, text, timeout=30_000)
    elif verb == "select":
        selector, _, label = arg.rpartition("=")
        page.select_option(selector, label=label, timeout=30_000)
    elif verb == "press":
        page.keyboard.press(arg)
    elif verb == "wait":
        page.wait_for_selector(arg, timeout=30_000)
    elif verb == "scroll":
        page.locator(arg).first.evaluate("(node) => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)


def main(url, db, shots, *, login="admin", password="admin"):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{url}/web/login?db={db}")
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar", timeout=60_000)
        for name, spec in shots:
            path, *steps = spec.split("|")
            page.goto(url + path)
            page.wait_for_selector(".o_action_manager > *", timeout=60_000)
            page.wait_for_timeout(1000)
            for step in steps:
                run_step(page, step)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / f"{name}.png"))
            print(OUT / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    target, database, *rest = sys.argv[1:]
    main(target, database, [tuple(item.split("=", 1)) for item in rest])

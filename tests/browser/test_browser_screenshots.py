"""Screenshots of the main pages, desktop and phone, for docs/screenshots/.

Not part of the ordinary run (it skips unless SCREENSHOTS_DIR is set): ``make screenshots``
regenerates them, with the seed data, in headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import PHONE

SHOTS = [
    # (file name, address, what to scroll to on the phone or None)
    ("home", "/", None),
    ("search", "/documents/?q=dao+tao+boi+duong", None),
    ("list-filtered", "/documents/?locality=ha-noi&type=ke_hoach", None),
    ("document", "/documents/34-da-tu-2023/", None),
    ("document-targets", "/documents/34-da-tu-2023/", "#targets-h"),
    ("document-graph", "/documents/34-da-tu-2023/graph/", None),
    ("place", "/places/ha-noi/", None),
    ("targets", "/targets/", None),
    ("document-en", "/en/documents/34-da-tu-2023/", None),
]
DESKTOP_MAX_HEIGHT = 2200


@pytest.fixture
def shots_dir():
    where = os.environ.get("SCREENSHOTS_DIR")
    if not where:
        pytest.skip("screenshots are made by `make screenshots` (SCREENSHOTS_DIR not set)")
    path = Path(where)
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_screenshots_of_the_main_pages(open_page, shots_dir):
    desktop = open_page()
    phone = open_page(**PHONE)
    made = []
    for name, address, anchor in SHOTS:
        if anchor is None:  # the whole page (up to a limit) on the desktop
            desktop.goto(address)
            desktop.evaluate("document.fonts.ready")
            height = min(desktop.evaluate("document.documentElement.scrollHeight"),
                         DESKTOP_MAX_HEIGHT)
            target = shots_dir / f"{name}-desktop.png"
            desktop.screenshot(path=target, full_page=True,
                               clip={"x": 0, "y": 0, "width": 1280, "height": height})
            made.append(target)
        phone.goto(address)
        phone.evaluate("document.fonts.ready")
        if anchor:
            phone.locator(anchor).evaluate("el => el.scrollIntoView()")
        target = shots_dir / f"{name}-phone.png"
        phone.screenshot(path=target)
        made.append(target)
    for target in made:
        assert target.stat().st_size > 10_000, target
    print("\n".join(str(t) for t in made))

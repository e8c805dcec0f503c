"""Render the print sheet of a map view as PDF or PNG in the headless Chromium.

The sheet (templates/pages/print.html) is an ordinary page of this site: Chromium opens it
with the user's session cookie, waits until every layer is drawn and the county is fitted
(GP.printReady), then prints it (PDF) or takes a screenshot (PNG, twice the pixels).
"""

import time
from dataclasses import dataclass

from django.conf import settings

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Paper:
    name: str  # CSS and Chromium's paper name
    width_mm: int  # landscape
    height_mm: int
    side_px: int  # legend and totals column
    title_pt: int

    @property
    def width_px(self) -> int:
        return round(self.width_mm / 25.4 * 96)

    @property
    def height_px(self) -> int:
        return round(self.height_mm / 25.4 * 96)


PAPERS = {
    "a4": Paper("A4", 297, 210, 250, 15),
    "a3": Paper("A3", 420, 297, 320, 20),
}
FORMATS = {"pdf": "application/pdf", "png": "image/png"}


@dataclass(frozen=True)
class Rendered:
    body: bytes
    seconds: float
    county_in_frame: bool


def render(
    url: str, *, cookies: list[dict], paper: Paper, fmt: str, locale: str
) -> Rendered:
    """Open `url` (the print sheet) in Chromium and return it as PDF or PNG bytes."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    executable = getattr(settings, "CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(
                locale=locale,
                viewport={"width": paper.width_px, "height": paper.height_px},
                device_scale_factor=2 if fmt == "png" else 1,
            )
            context.add_cookies(cookies)
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(
                "window.GP && GP.printReady", timeout=READY_TIMEOUT_MS
            )
            in_frame = page.evaluate("GP.countyInFrame()")
            if fmt == "pdf":
                body = page.pdf(
                    format=paper.name,
                    landscape=True,
                    print_background=True,
                    margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                )
            else:
                body = page.screenshot(full_page=False, type="png")
        finally:
            browser.close()
    return Rendered(body, time.perf_counter() - started, in_frame)

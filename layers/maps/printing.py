"""Render the print sheet of a map view as PDF or PNG in the headless Chromium.

The sheet (templates/pages/print.html) is an ordinary page of this site: Chromium opens it
with the user's session cookie, waits until every layer is drawn and the county is fitted
(GP.printReady), then prints it (PDF) or takes a screenshot (PNG, twice the pixels).
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

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
    villages: int  # villages drawn on the sheet (the user's scope)


class RenderError(RuntimeError):
    """The sheet could not be rendered; the message says why, for the person waiting."""


def render(
    url: str, *, cookies: list[dict], paper: Paper, fmt: str, locale: str
) -> Rendered:
    """Open `url` (the print sheet) in Chromium and return it as PDF or PNG bytes."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return render_here(url, cookies=cookies, paper=paper, fmt=fmt, locale=locale)
    # Playwright's sync API refuses a thread that runs an event loop: use another one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            render_here, url, cookies=cookies, paper=paper, fmt=fmt, locale=locale
        ).result()


def render_here(
    url: str, *, cookies: list[dict], paper: Paper, fmt: str, locale: str
) -> Rendered:
    """Render in this thread (it must not run an event loop)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
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
            answer = page.goto(url)
            landed = urlsplit(page.url).path
            if landed != urlsplit(url).path:
                # Sent to the login page: the server did not take the worker's session.
                raise RenderError(
                    _(
                        "The print sheet sent the worker to {path}: the web server did"
                        " not accept its session (do the server and the job worker"
                        " share DJANGO_SECRET_KEY?)."
                    ).format(path=landed)
                )
            if answer is None or answer.status != 200:
                status = answer.status if answer is not None else "-"
                raise RenderError(
                    _("The print sheet answered {status}.").format(status=status)
                )
            page.wait_for_function(
                "window.GP && GP.printReady", timeout=READY_TIMEOUT_MS
            )
            in_frame = page.evaluate("GP.countyInFrame()")
            villages = page.evaluate(
                "(() => { let n = 0; GP.eachVillage(() => { n += 1; }); return n; })()"
            )
            if fmt == "pdf":
                body = page.pdf(
                    format=paper.name,
                    landscape=True,
                    print_background=True,
                    margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                )
            else:
                body = page.screenshot(full_page=False, type="png")
        except PlaywrightTimeout:
            raise RenderError(
                _("The map did not finish drawing within {seconds} s.").format(
                    seconds=READY_TIMEOUT_MS // 1000
                )
            ) from None
        except PlaywrightError as error:
            raise RenderError(
                _("The browser could not render the sheet: {reason}").format(
                    reason=str(error).splitlines()[0]
                )
            ) from error
        finally:
            browser.close()
    return Rendered(body, time.perf_counter() - started, in_frame, villages)

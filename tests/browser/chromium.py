"""Start Debian's Chromium (never a downloaded browser) the one way the tests and the
map benchmark both use: headless, no sandbox, no GPU, nothing phoning home."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """Return a headless Chromium browser; each new context gets a fresh profile."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )

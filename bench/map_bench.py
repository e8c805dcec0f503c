"""Time the map pages in Debian's Chromium: navigation → every visible layer drawn.

Run against a running server (make run, or gunicorn) with a user who may see the pages:

    .venv/bin/python bench/map_bench.py --base-url http://127.0.0.1:8000 \
        --user admin --password ... [--runs 5]

For each page it reports the median and worst time from navigation start until the page's
feeds are fetched and drawn (GP.idleAt, performance.now() when nothing is pending), the
time to switch every other overlay on (cleared sites clustered and as a heat map, service
centres, paired villages) and draw them, the page's HTML bytes (uncompressed, and as sent)
and the feed bytes sent on the first (cold) visit. Prints a Markdown table for
bench/README.md.
"""

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.chromium import launch  # noqa: E402  (the browser the tests use)

SWITCH_ON_ALL = """() => {
    const started = performance.now();
    document.querySelectorAll('.leaflet-control-layers-overlays input:not(:checked)')
        .forEach(input => input.click());
    return GP.idle().then(() => [GP.idleAt - started, GP.summary()]);
}"""


def login(page, base: str, user: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("#gp-login-submit")
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit("login failed: check --user and --password")


def first_links(page, base: str) -> list[str]:
    """Return the county page, its first township and that township's first village."""
    page.goto(base + "/")
    township = page.get_attribute("#gp-township-table tbody a", "href").split("?")[0]
    page.goto(base + township)
    village = page.get_attribute("#gp-village-table tbody a", "href").split("?")[0]
    return ["/", township, village]


def measure(page, url: str) -> dict:
    """Open `url` in `page` and return its timings and byte counts."""
    feeds = []
    page.on("requestfinished", lambda r: feeds.append(r) if "/api/" in r.url else None)
    response = page.goto(url, wait_until="domcontentloaded")
    summary = page.evaluate("GP.idle()")
    drawn_ms = page.evaluate("GP.idleAt")
    html_ms = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
    feed_sent = sum(r.sizes()["responseBodySize"] for r in feeds)
    all_ms, all_summary = page.evaluate(SWITCH_ON_ALL)
    return {
        "drawn_ms": drawn_ms,
        "html_ms": html_ms,
        "all_on_ms": all_ms,
        "html_bytes": len(response.body()),
        "html_sent": response.request.sizes()["responseBodySize"],
        "features": summary,
        "all_features": all_summary,
        "feed_sent": feed_sent,
        "all_feed_sent": sum(r.sizes()["responseBodySize"] for r in feeds),
        "errors": page.evaluate("GP.errors"),
    }


def cold_and_warm(browser, state, url: str) -> tuple[dict, dict]:
    """Measure a first visit (empty cache) and a second one in the same context."""
    context = browser.new_context(
        storage_state=state, locale="zh-CN", viewport={"width": 1400, "height": 900}
    )
    cold = measure(context.new_page(), url)
    warm = measure(context.new_page(), url)
    context.close()
    return cold, warm


def report(path: str, cold: list[dict], warm: list[dict]) -> str:
    def median(runs, key):
        return statistics.median(r[key] for r in runs)

    first = cold[0]
    features = ", ".join(f"{k} {v}" for k, v in sorted(first["all_features"].items()))
    return (
        f"| `{path}` | {median(cold, 'html_ms'):.0f} | {median(cold, 'drawn_ms'):.0f} | "
        f"{max(r['drawn_ms'] for r in cold):.0f} | {median(warm, 'drawn_ms'):.0f} | "
        f"{median(cold, 'all_on_ms'):.0f} | {first['html_bytes']:,} ({first['html_sent']:,}) | "
        f"{first['feed_sent']:,} | {first['all_feed_sent']:,} | {features} |"
    )


HEADER = (
    "| page | HTML received, ms | drawn, cold, median ms | drawn, cold, worst ms "
    "| drawn, warm, median ms | all overlays on, ms | HTML bytes (sent) "
    "| feed bytes sent, first view | feed bytes sent, all on | features, all on |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    base = options.base_url.rstrip("/")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        login(page, base, options.user, options.password)
        paths = first_links(page, base)
        state = context.storage_state()
        context.close()
        print(HEADER)
        for path in paths:
            pairs = [
                cold_and_warm(browser, state, base + path) for _ in range(options.runs)
            ]
            cold, warm = [p[0] for p in pairs], [p[1] for p in pairs]
            errors = [e for r in cold + warm for e in r["errors"]]
            print(report(path, cold, warm) + (f" errors: {errors}" if errors else ""))
        browser.close()


if __name__ == "__main__":
    main()

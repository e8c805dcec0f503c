"""Time "打印/导出图片": the server renders the county view as PDF/PNG at A4/A3 landscape.

Run against a running server (make run, or gunicorn) with a user who may see the pages:

    .venv/bin/python bench/print_bench.py --base-url http://127.0.0.1:8000 \
        --user admin --password ... [--runs 3]

Each request is one whole render on the server: Chromium starts, opens the print sheet
with the user's session, waits until every layer is drawn and the county fitted, prints
or screenshots, and closes. Reports the median and worst wall time per paper and format
as the client sees it, the server's own render time (X-Render-Seconds) and the file size.
Prints a Markdown table for bench/README.md.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.chromium import launch  # noqa: E402  (the browser the tests use)

CASES = [("a4", "pdf"), ("a4", "png"), ("a3", "pdf"), ("a3", "png")]


def login(page, base: str, user: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("#gp-login-submit")
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit("login failed: check --user and --password")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="", help="the view, e.g. year=2022&weak=1")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    rows = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context(locale="zh-CN").new_page()
        login(page, base, args.user, args.password)
        for paper, fmt in CASES:
            walls, renders, sizes = [], [], []
            for _run in range(args.runs):
                url = f"{base}/county/print.file?paper={paper}&as={fmt}"
                if args.query:
                    url += "&" + args.query
                started = time.perf_counter()
                response = page.request.get(url, timeout=120_000)
                walls.append(time.perf_counter() - started)
                if response.status != 200:
                    raise SystemExit(
                        f"{url}: {response.status} {response.text()[:300]}"
                    )
                renders.append(float(response.headers["x-render-seconds"]))
                sizes.append(len(response.body()))
                if response.headers.get("x-county-in-frame") != "yes":
                    raise SystemExit(f"{url}: the county is not inside the frame")
            rows.append(
                (
                    f"{paper.upper()} {fmt.upper()}",
                    statistics.median(walls),
                    max(walls),
                    statistics.median(renders),
                    statistics.median(sizes) / 1024,
                )
            )
        browser.close()
    print("| sheet | median s | worst s | server render s | size KiB |")
    print("|---|---|---|---|---|")
    for name, median, worst, render, size in rows:
        print(f"| {name} | {median:.2f} | {worst:.2f} | {render:.2f} | {size:.0f} |")


if __name__ == "__main__":
    main()

"""Time "打印/导出图片": the page queues the view, the job worker renders PDF/PNG at A4/A3.

Run against a running server and its job worker (make run starts both) with a user who
may see the pages:

    .venv/bin/python bench/print_bench.py --base-url http://127.0.0.1:8000 \
        --user admin --password ... [--runs 3] [--query "year=2022&weak=1"]

For each paper and format it measures, as the person printing sees it:
- submit: the POST /county/print/jobs request alone (what holds a web worker; it only
  checks the parameters and queues the job);
- ready: from sending the submit to the job's status answering "done" (polled every
  100 ms through /api/jobs/<id>), i.e. queue wait + Chromium render + storing the file;
- render: the worker's own render time (the job's result);
then downloads the file once to check it is there. A view is printed once per run with a
distinct centre, so the dedupe key never hands back an earlier job. Prints a Markdown
table for bench/README.md.
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
POLL_S = 0.1
GIVE_UP_S = 300


def login(page, base: str, user: str, password: str) -> str:
    """Sign in; return the CSRF token the submit needs."""
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("#gp-login-submit")
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit("login failed: check --user and --password")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies["csrftoken"]


def print_once(page, base: str, csrf: str, form: dict) -> tuple[float, float, dict]:
    """Submit one print, wait for it; return (submit s, ready s, job result)."""
    started = time.perf_counter()
    answer = page.request.post(
        base + "/county/print/jobs",
        form=form,
        headers={"X-CSRFToken": csrf, "Referer": base + "/"},
    )
    submitted = time.perf_counter() - started
    if answer.status != 202:
        raise SystemExit(f"submit {form}: {answer.status} {answer.text()[:300]}")
    status_url = base + answer.json()["status_url"]
    while True:
        job = page.request.get(status_url).json()
        if job["status"] == "done":
            return submitted, time.perf_counter() - started, job["result"]
        if job["status"] == "failed":
            raise SystemExit(f"print {form} failed: {job['error']}")
        if time.perf_counter() - started > GIVE_UP_S:
            raise SystemExit(f"print {form}: not done after {GIVE_UP_S} s (worker?)")
        time.sleep(POLL_S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="", help="the view, e.g. year=2022&weak=1")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    view = dict(p.split("=", 1) for p in args.query.split("&") if "=" in p)
    rows = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context(locale="zh-CN").new_page()
        csrf = login(page, base, args.user, args.password)
        stamp = int(time.time()) % 100_000
        for paper, fmt in CASES:
            submits, readies, renders, sizes = [], [], [], []
            for run in range(args.runs):
                # A centre of its own per run: a fresh job, never a deduplicated one.
                centre = f"35.{stamp:05d},114.{run:05d}"
                form = {**view, "paper": paper, "as": fmt, "c": centre, "z": "11"}
                submit, ready, result = print_once(page, base, csrf, form)
                if not result["county_in_frame"]:
                    raise SystemExit(f"{form}: the county is not inside the frame")
                body = page.request.get(base + result["url"]).body()
                submits.append(submit)
                readies.append(ready)
                renders.append(result["seconds"])
                sizes.append(len(body))
            rows.append(
                (
                    f"{paper.upper()} {fmt.upper()}",
                    statistics.median(submits) * 1000,
                    max(submits) * 1000,
                    statistics.median(readies),
                    max(readies),
                    statistics.median(renders),
                    statistics.median(sizes) / 1024,
                )
            )
        browser.close()
    print(
        "| sheet | submit median ms | submit worst ms | submit→file ready median s"
        " | worst s | worker render s | size KiB |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, sub, sub_worst, ready, ready_worst, render, size in rows:
        print(
            f"| {name} | {sub:.0f} | {sub_worst:.0f} | {ready:.2f} | {ready_worst:.2f}"
            f" | {render:.2f} | {size:.0f} |"
        )


if __name__ == "__main__":
    main()

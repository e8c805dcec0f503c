"""The planner in Debian's Chromium: offline map, pick villages by click, plan, review."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def browser_page(chromium_browser):
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.errors, page.remote = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "request",
        lambda r: (
            page.remote.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:"))
            else None
        ),
    )
    yield page
    context.close()


def log_in(page, base: str) -> None:
    from accounts.roles import Role
    from accounts.services import role_grant
    from inspections.models import InspectionGroup

    planner = get_user_model().objects.create_user("planner", password="planner-pass-1")
    group = InspectionGroup.objects.order_by(
        "pk"
    ).first() or InspectionGroup.objects.create(name="第一督导组", leader="组长")
    role_grant(user=planner, role=Role.INSPECTOR, inspection_group=group)
    page.goto(f"{base}/accounts/login/?next=/routes/")
    page.fill("input[name=username]", "planner")
    page.fill("input[name=password]", "planner-pass-1")
    page.click("#gp-login-submit")
    page.wait_for_url(f"{base}/routes/")


def test_planner_picks_villages_on_the_map_and_plans(
    live_server, transactional_db, grid_villages, browser_page, worker
):
    page = browser_page
    log_in(page, live_server.url)
    page.wait_for_selector("path.leaflet-interactive")  # unvisited villages drawn
    # A click that lands while the map still settles (zoom animation) picks nothing,
    # as it would for a person: wait for the map, click again if it did.
    for _attempt in range(3):
        page.evaluate(
            "() => new Promise(r => { const m = Object.values(window)"
            ".find(v => v && v._leaflet_id && v.getZoom);"
            " (m && m._animatingZoom) ? m.once('zoomend', r) : r(); })"
        )
        page.locator("path.leaflet-interactive").first.click()
        if page.input_value("#gp-villages").strip():
            break
        page.wait_for_timeout(500)
    assert page.input_value("#gp-villages").strip().startswith("410527")
    page.uncheck("#r-unvisited")
    page.uncheck("#r-open")
    page.fill("#p-groups", "1")
    page.fill("#p-days", "1")
    page.click("#gp-plan-submit")
    page.wait_for_url(
        "**/routes/plans/*/", timeout=60_000
    )  # via the job's progress page
    page.wait_for_selector(".leaflet-marker-icon")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "routing-plan.png"))
    assert page.locator(".gp-route-table tbody tr").count() == 3  # base, stop, base
    assert page.errors == []
    assert [url for url in page.remote if "tile" not in url and "amap" not in url] == []

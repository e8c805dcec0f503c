"""An inspection group's day on a phone (390×844, touch, emulated GPS), end to end.

The inspector walks today's route: checks in, records a problem with two photos, finishes
the visit; then, without a connection, checks in at the next village and records a problem
with a photo, which wait on the phone and are sent once the connection returns. A township
cadre reports the rectification with a photo; the inspector ticks it off; the ledger and
the coverage / unvisited-villages feeds show it.
"""

import pytest
from django.utils import timezone

from tests.browser.conftest import Tab
from tests.inspections.field_fixtures import PASSWORD, jpeg_bytes, make_user, route_for

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "permissions": ["geolocation"],
}


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(
        **PHONE, geolocation={"latitude": 0, "longitude": 0, "accuracy": 15}
    )
    yield context
    context.close()


@pytest.fixture
def day(county):
    """Return a group's route for today over three villages, and its users."""
    from accounts.roles import Role
    from inspections.models import InspectionGroup
    from layers.models import Village

    group = InspectionGroup.objects.create(name="第九督导组")
    villages = list(Village.objects.select_related("township").order_by("code")[20:23])
    route_for(group, villages, timezone.localdate())
    return {
        "group": group,
        "villages": villages,
        "inspector": make_user("inspector9", Role.INSPECTOR, inspection_group=group),
        "cadre": make_user(
            "cadre9", Role.TOWNSHIP_CADRE, township=villages[0].township
        ),
    }


def photo(name: str, **exif) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": jpeg_bytes(**exif)}


def stand_at(context, village):
    point = village.label_point
    context.set_geolocation({"latitude": point.y, "longitude": point.x, "accuracy": 15})


def login(tab, user):
    tab.login(user.username, PASSWORD)


def wait_sent(page, sent: int, timeout=20000):
    """Wait until the page has had `sent` writes accepted and none waits."""
    page.wait_for_function(
        "([n]) => { const q = document.getElementById('gp-queue').dataset;"
        " return q.waiting === '0' && +q.sent === n; }",
        arg=[sent],
        timeout=timeout,
    )


def record_problem(page, stop, text, photos):
    page.click(f"{stop} .gp-problem-form summary")
    page.select_option(f"{stop} .gp-category", "environment")
    page.fill(f"{stop} .gp-description", text)
    page.set_input_files(f"{stop} .gp-photos", photos)
    page.click(f"{stop} .gp-add-problem")


def test_inspector_day_offline_visit_cadre_rectifies_inspector_ticks_off(
    phone, live_server, day
):
    from inspections.models import Problem, Visit

    first, second, _third = day["villages"]
    tab = Tab(phone, live_server.url)
    page = tab.page
    login(tab, day["inspector"])
    page.goto(live_server.url + "/field/")
    assert first.short_name in page.inner_text("#gp-next-name")
    assert "coordinate=gaode" in page.get_attribute("#gp-nav-amap", "href")
    assert page.get_attribute("#gp-nav-geo", "href").startswith("geo:")
    assert page.locator(".gp-stop").count() == 3

    # Check in at the first village, standing in it.
    stand_at(phone, first)
    page.click("#stop-1 .gp-check-in")
    wait_sent(page, 1)
    page.wait_for_function(
        "document.querySelector('#stop-1 .gp-checkin-info').textContent.includes('距村')"
    )
    visit = Visit.objects.get(village=first, group=day["group"])
    assert visit.checked_in_at and visit.distance_m == 0 and not visit.far

    # A problem with two photos; the visit's notice is raised with it.
    record_problem(
        page,
        "#stop-1",
        "村口垃圾堆未清理",
        [
            photo("a.jpg", gps=(first.label_point.x, first.label_point.y)),
            photo("b.jpg", orientation=6),
        ],
    )
    wait_sent(page, 4)
    problem = Problem.objects.get(notice__visit=visit)
    assert problem.description == "村口垃圾堆未清理" and problem.photos.count() == 2
    assert problem.photos.filter(gps__isnull=False).count() == 1
    page.fill("#stop-1 .gp-findings", "党员活动室整洁")
    page.click("#stop-1 .gp-finish")
    wait_sent(page, 5)
    assert Visit.objects.get(pk=visit.pk).done_at is not None

    # The page is opened again while there is signal: the service worker keeps a copy.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()

    # No signal at the second village: everything waits on the phone.
    phone.set_offline(True)
    stand_at(phone, second)
    page.click("#stop-2 .gp-check-in")
    record_problem(page, "#stop-2", "道路两侧杂物堆放", [photo("c.jpg")])
    page.wait_for_function(
        "document.getElementById('gp-queue').dataset.waiting === '3'"
    )
    assert "待发送" in page.inner_text("#gp-queue")
    assert not Visit.objects.filter(village=second, group=day["group"]).exists()
    tab.screenshot("field-offline")
    # Opened again without signal: the kept copy, and the writes still waiting.
    reopened = page.reload()
    assert reopened.from_service_worker
    page.wait_for_function(
        "document.getElementById('gp-queue').dataset.waiting === '3'"
    )
    phone.set_offline(False)
    wait_sent(page, 3, timeout=40000)
    offline_visit = Visit.objects.get(village=second, group=day["group"])
    offline_problem = Problem.objects.get(notice__visit=offline_visit)
    assert offline_problem.photos.count() == 1
    assert Visit.objects.filter(village=second, group=day["group"]).count() == 1
    page.reload()
    assert page.get_attribute("#stop-1", "data-state") == "done"
    assert page.get_attribute("#stop-2", "data-state") == "checked_in"
    tab.screenshot("field-today")
    assert tab.errors == [] and tab.external_requests() == []
    page.close()
    phone.clear_cookies()

    # The township cadre reports the rectification with a photo.
    cadre = Tab(phone, live_server.url)
    login(cadre, day["cadre"])
    cadre.page.goto(live_server.url + "/field/problems/")
    cadre.page.click(f"a[href='/field/problems/{problem.pk}/']")
    cadre.page.fill("#gp-rectify textarea[name=note]", "已清运，拍照留存")
    cadre.page.set_input_files("#gp-rectify input[type=file]", [photo("after.jpg")])
    cadre.page.click("#gp-rectify button[type=submit]")
    cadre.page.wait_for_selector("#gp-problem-status[data-status=awaiting_check]")
    assert cadre.page.locator(".gp-photo[data-stage=after]").count() == 1
    assert cadre.page.locator(".gp-gps").count() == 0  # a cadre sees no photo GPS
    assert cadre.errors == []
    cadre.page.close()
    phone.clear_cookies()

    # The inspector ticks it off; the ledger and the map feeds show it.
    back = Tab(phone, live_server.url)
    login(back, day["inspector"])
    back.page.goto(f"{live_server.url}/field/problems/{problem.pk}/")
    assert back.page.locator(".gp-gps").count() == 1  # the inspector does
    back.page.click("#gp-accept")
    back.page.wait_for_selector("#gp-problem-status[data-status=closed]")
    history = back.page.inner_text("#gp-history")
    assert "closed" in history and "awaiting_check" in history
    township = first.township.code
    back.page.goto(
        f"{live_server.url}/inspections/ledger/?township={township}&status=closed"
    )
    row = back.page.locator(
        f"#gp-ledger tr:has(a[href='/field/problems/{problem.pk}/'])"
    )
    assert (
        "已销号" in row.inner_text()
        and "3" in row.locator(".gp-photo-link").inner_text()
    )
    today = timezone.localdate().isoformat()
    coverage = back.page.request.get(
        f"{live_server.url}/api/inspections/coverage?from={today}&to={today}&township={township}"
    ).json()
    assert coverage["total"]["visited"] >= 1
    unvisited = back.page.request.get(
        f"{live_server.url}/api/inspections/unvisited.geojson?from={today}&to={today}"
    ).json()
    codes = {f["properties"]["code"] for f in unvisited["features"]}
    assert first.code not in codes and second.code not in codes
    assert _third.code in codes
    assert back.errors == []
    back.page.close()

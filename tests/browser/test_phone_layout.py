"""Every page at 390 px (issue 11, item 6): no page-level horizontal scroll, no control
covering another.

Each page is opened in a 390×844 touch viewport as a county administrator (who sees every
page, the admin included) and measured: `document.documentElement.scrollWidth <= 390`, and
no two visible controls (links, buttons, inputs, selects, text areas, summaries) overlap
by more than a pixel, a control inside another (an input in its label) excepted. Controls
clipped out of sight by a box that scrolls are measured where they are drawn; markers on a
map (Leaflet's map pane) are map content, not controls, and are left out.
"""

import json

import pytest
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS, Tab
from tests.inspections.field_fixtures import PASSWORD, make_user, route_for

WIDTH = 390
MEASURE = """() => {
  const SELECTOR = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  function visible(el) {
    if (el.closest(".leaflet-map-pane")) return null;  // markers on the map, not controls
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return null;
    const closed = el.closest("details:not([open])");
    if (closed && !el.closest("summary")) return null;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || +style.opacity === 0) return null;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.display === "none") return null;
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX + s.overflowY)) {
        const c = p.getBoundingClientRect();
        box = { left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
                right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom) };
        if (box.right - box.left < 1 || box.bottom - box.top < 1) return null;
      }
    }
    return box;
  }
  function name(el) {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.title || "").trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${text}"`;
  }
  const controls = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    const box = visible(el);
    if (box) controls.push([el, box]);
  }
  const overlaps = [];
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const [a, ra] = controls[i], [b, rb] = controls[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) overlaps.push(`${name(a)} × ${name(b)}`);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, overlaps: overlaps.slice(0, 8) };
}"""


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": WIDTH, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    yield context
    context.close()


@pytest.fixture
def site(county):
    """Return the paths of every page of item 6, with the rows they need."""
    from accounts.roles import Role
    from inspections.field_services import problem_record, visit_check_in
    from inspections.models import InspectionGroup
    from layers.models import ClearedSite, Village

    admin = make_user("phoneadmin", Role.COUNTY_ADMIN)
    group = InspectionGroup.objects.create(name="第九督导组")
    villages = list(Village.objects.select_related("township").order_by("code")[:3])
    route = route_for(group, villages, timezone.localdate())
    point = villages[0].label_point
    visit, _ = visit_check_in(
        group=group,
        village=villages[0],
        at=timezone.now(),
        lon=point.x,
        lat=point.y,
        accuracy_m=10,
        client_id="6c1f3f6e-0000-4000-8000-000000000001",
        user=None,
    )
    problem, _ = problem_record(
        visit=visit,
        category="environment",
        description="村口垃圾堆未清理",
        lon=None,
        lat=None,
        client_id="6c1f3f6e-0000-4000-8000-000000000002",
        user=None,
    )
    cleared = (
        ClearedSite.objects.filter(village=villages[0]).first()
        or ClearedSite.objects.first()
    )
    return {
        "admin": admin,
        "group": group.pk,
        "paths": {
            "county": "/",
            "township": f"/township/{county.township}/",
            "village": f"/village/{county.village}/",
            "planner": "/routes/",
            "plan": f"/routes/plans/{route.plan_id}/",
            "ledger": "/inspections/ledger/",
            "admin": "/admin/",
            "admin problems": "/admin/inspections/problem/",
            "admin villages": "/admin/layers/village/",
            "field": f"/field/?group={group.pk}",
            "field problems": "/field/problems/",
            "field problem": f"/field/problems/{problem.pk}/",
            "field site": f"/field/sites/{cleared.code}/",
        },
    }


def measure(tab, path: str) -> dict:
    tab.page.goto(tab.base_url + path)
    tab.page.wait_for_load_state("networkidle")
    if tab.page.evaluate("typeof GP !== 'undefined' && !!GP.idle"):
        tab.idle()
    return tab.page.evaluate(MEASURE)


def misfits(phone, live_server, site, names) -> dict:
    tab = Tab(phone, live_server.url)
    tab.login(site["admin"].username, PASSWORD)
    found = {}
    for name in names:
        result = measure(tab, site["paths"][name])
        if result["scrollWidth"] > WIDTH or result["overlaps"]:
            found[name] = result
        tab.screenshot("phone-" + name.replace(" ", "-"))
    tab.page.close()
    return found


def test_top_bar_collapses_to_one_row_with_a_menu(phone, live_server, site):
    tab = Tab(phone, live_server.url)
    tab.login(site["admin"].username, PASSWORD)
    tab.page.goto(live_server.url + "/field/")
    bar = tab.page.locator("#gp-topbar").bounding_box()
    assert bar["height"] < 60
    assert not tab.page.is_visible("#gp-sections")
    tab.page.click("#gp-nav-toggle")
    assert tab.page.is_visible("#gp-sections a[href='/inspections/ledger/']")
    tab.page.click("#gp-sections a[href='/inspections/ledger/']")
    assert tab.page.url.endswith("/inspections/ledger/")
    tab.page.close()


def test_every_page_fits_390_px_without_overlapping_controls(phone, live_server, site):
    found = misfits(phone, live_server, site, list(site["paths"]))
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


# Where a control sits, and whether a tap on its centre reaches it (nothing drawn over it).
REACHABLE = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return { found: false };
  el.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const what = hit ? hit.tagName.toLowerCase() + (hit.id ? "#" + hit.id : "") + "." + hit.className : "";
  return { found: true, left: r.left, right: r.right, width: r.width, hit: what,
           reached: !!hit && (hit === el || el.contains(hit)) };
}"""


def assert_reachable(tab, selector: str) -> None:
    spot = tab.page.evaluate(REACHABLE, selector)
    assert spot["found"], selector
    assert spot["left"] >= 0 and spot["right"] <= WIDTH, f"{selector}: {spot}"
    assert spot["reached"], f"{selector}: {spot}"


def assert_fits(tab, what: str) -> None:
    result = tab.page.evaluate(MEASURE)
    assert result["scrollWidth"] <= WIDTH, (what, result)
    assert not result["overlaps"], (what, result)


def test_county_panels_in_use_fit_390_px(phone, live_server, county):
    """One page load at 390×844: the ranking, the year-on-year table once a year is
    chosen, a print job's progress and its download line, and the village card with
    its photos fit, overlap nothing, and their controls can be tapped."""
    from accounts.roles import Role
    from jobs.models import Job
    from jobs.services import job_finish
    from tests.browser.test_card_photos import photo_taken_at_a_village

    village = photo_taken_at_a_village()
    user = make_user("phonecounty", Role.COUNTY_ADMIN)
    tab = Tab(phone, live_server.url)
    tab.login(user.username, PASSWORD)
    latest, earlier = county.years[-1], county.years[0]
    tab.open_map(f"/?year={latest}")
    # Ranking: the table scrolls in its box, its download and township links reachable.
    assert_reachable(tab, "#gp-ranking-xlsx")
    assert_reachable(tab, "#gp-ranking-table tbody:not([hidden]) tr a")
    # Year-on-year: choosing the year to compare with draws the table.
    tab.page.select_option("#gp-from", str(earlier))
    tab.page.wait_for_selector("#gp-change:not([hidden]) #gp-change-table tbody tr")
    assert_reachable(tab, "#gp-from")
    assert_fits(tab, "ranking and year-on-year")
    # Print: every button tappable; a queued job's line, then its download line, fit.
    for sheet in ("a4-pdf", "a4-png", "a3-pdf", "a3-png"):
        assert_reachable(tab, f"#gp-print-menu button[data-print='{sheet}']")
    tab.page.click("#gp-print-menu button[data-print='a3-png']")
    tab.page.wait_for_selector("#gp-print-jobs li[data-job]")
    assert_fits(tab, "print queued")
    job = Job.objects.get(kind="county_print")
    long_name = f"全县地图_{latest}年_A3_20261206_" + "很长的文件名" * 6 + ".png"
    job_finish(
        job,
        result={"url": f"/county/print/jobs/{job.pk}/file", "name": long_name},
    )
    tab.page.wait_for_selector("#gp-print-jobs a.gp-print-download")
    assert_reachable(tab, "#gp-print-jobs a.gp-print-download")
    assert_fits(tab, "print done")
    # The village card with its photo: inside the screen, the photo and links tappable.
    point = village.label_point
    tab.page.evaluate(
        "([code, lat, lon]) => GP.openCard(code, L.latLng(lat, lon))",
        [village.code, point.y, point.x],
    )
    card = f".gp-card[data-code='{village.code}']"
    tab.page.wait_for_selector(f"{card} .gp-card-photos img")
    tab.page.wait_for_function(
        "document.querySelector('.leaflet-popup') &&"
        " !document.querySelector('.leaflet-map-pane').classList.contains("
        "'leaflet-pan-anim')"
    )
    box = tab.page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    assert_reachable(tab, f"{card} .gp-card-photos a")
    assert_reachable(tab, f"{card} a.gp-card-link")
    assert_reachable(tab, ".leaflet-popup-close-button")
    assert_fits(tab, "village card")
    tab.page.screenshot(path=str(SCREENSHOTS / "phone-county-card.png"))
    tab.screenshot("phone-county-in-use")
    assert tab.errors == []
    tab.page.close()

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

from tests.browser.conftest import Tab
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

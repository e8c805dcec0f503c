"""The county, township and village pages on a 390 px phone (issue 12, 9): no page-level
horizontal scroll, no map control covering another, the card fits, tables scroll inside
their box."""

import pytest

OVERLAPS = """() => {
    const boxes = Array.from(document.querySelectorAll(
        '.leaflet-control-container .leaflet-control'))
        .filter(el => el.offsetParent !== null)
        .map(el => [el.className.split(' ')[0], el.getBoundingClientRect()]);
    const out = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, p] = boxes[i], [b, q] = boxes[j];
        if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
            out.push(a + ' × ' + b);
    }
    return out;
}"""
PAGE_SCROLL = (
    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture
def phone(chromium_browser, live_server):
    from tests.browser.conftest import Tab

    context = chromium_browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    tab = Tab(context, live_server.url)
    yield tab
    tab.settle()
    context.close()


def test_map_pages_fit_a_390px_phone(phone, county):
    tab = phone
    tab.login()
    for path in ("/", f"/township/{county.township}/", f"/village/{county.village}/"):
        tab.open_map(path)
        assert tab.page.evaluate(PAGE_SCROLL) <= 0, path
        assert tab.page.evaluate(OVERLAPS) == [], path
        for table in tab.page.locator("table.gp-sortable").all():
            box = table.locator("xpath=..").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 391, path
        tab.screenshot("phone" + path.replace("/", "-"))
    # The card fits the screen.
    tab.open_map("/")
    code = tab.page.evaluate(
        "GP.feeds.filter(f => f.kind === 'villages')[0].layer.getLayers()[0].feature.properties.code"
    )
    tab.page.evaluate(f"GP.showVillage('{code}')")
    tab.page.wait_for_selector(f".gp-card[data-code='{code}']", timeout=10000)
    tab.idle()
    tab.page.wait_for_timeout(400)  # the popup pans into view
    box = tab.page.locator(".leaflet-popup").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert tab.page.evaluate(PAGE_SCROLL) <= 0
    tab.screenshot("phone-card")
    assert tab.errors == []

"""The county overview in headless Chromium: drawn offline, filters, card, layer toggles."""

from playwright.sync_api import TimeoutError as PlaywrightTimeout

VILLAGE_PATHS = ".leaflet-gp-villages-pane path"
FILLS = f"Array.from(document.querySelectorAll('{VILLAGE_PATHS}')).map(p => p.getAttribute('fill'))"


def test_county_map_draws_every_village_offline_in_chinese(tab, county):
    tab.login()
    drawn = tab.open_map("/")
    assert drawn["villages"] == county.villages
    assert tab.page.locator(VILLAGE_PATHS).count() == county.villages
    assert drawn["townships"] >= 1 and drawn["outline"] == 1
    assert "全县创建目标完成情况" in tab.page.inner_text("#gp-totals")
    assert "五星" in tab.page.inner_text("#gp-legend")
    tab.screenshot("county")
    assert tab.errors == []
    assert tab.external_requests() == []


def test_changing_year_or_star_filter_recolours_villages(tab, county):
    tab.login()
    tab.open_map("/")
    before = tab.page.evaluate(FILLS)
    tab.page.select_option("#gp-year", str(county.years[0]))
    tab.idle()
    after_year = tab.page.evaluate(FILLS)
    assert len(after_year) == county.villages
    assert after_year != before
    assert tab.page.evaluate("GP.state.year") == county.years[0]
    visible = tab.page.locator("#gp-township-table tbody:visible")
    assert visible.get_attribute("data-year-section") == str(county.years[0])
    assert f"?year={county.years[0]}&" in tab.page.url  # the whole view follows it
    assert f"· {county.years[0]}年" in tab.page.inner_text("#gp-totals")
    tab.page.select_option("#gp-star", "civility")
    tab.idle()
    after_star = tab.page.evaluate(FILLS)
    assert after_star != after_year
    assert "#ffffff" in after_star  # villages without the star are blanked
    tab.screenshot("county-filtered-civility")
    assert tab.errors == []


def click_village(tab) -> str:
    """Click the uncovered village nearest the map's centre and return its code."""
    code, x, y = tab.page.evaluate(
        """() => {
            const layers = [];
            GP.feeds.filter(f => f.kind === 'villages')[0].layer.eachLayer(l => layers.push(l));
            const box = GP.map.getContainer().getBoundingClientRect();
            const centre = GP.map.getSize().divideBy(2);
            const at = l => GP.map.latLngToContainerPoint(l.getBounds().getCenter());
            layers.sort((a, b) => at(a).distanceTo(centre) - at(b).distanceTo(centre));
            for (const layer of layers) {
                const p = at(layer);
                const x = box.left + p.x, y = box.top + p.y;
                if (document.elementFromPoint(x, y) === layer._path) {
                    return [layer.feature.properties.code, x, y];
                }
            }
            return [null, 0, 0];
        }"""
    )
    assert code, "no village uncovered on the map"
    tab.page.mouse.click(x, y)
    return code


def open_a_village_card(tab) -> str:
    """Click a village until its card opens: a click that lands while the map still
    settles (quarter-step zoom animation) hits nothing, as it would for a person."""
    for _attempt in range(3):
        tab.page.evaluate(
            "() => new Promise(r => GP.map._animatingZoom ? GP.map.once('zoomend', r) : r())"
        )
        code = click_village(tab)
        try:
            tab.page.wait_for_selector(f".gp-card[data-code='{code}']", timeout=8000)
            return code
        except PlaywrightTimeout:
            continue
    raise AssertionError("no village card opened after three clicks")


def test_clicking_a_village_opens_its_card(tab, county):
    tab.login()
    tab.open_map("/")
    code = open_a_village_card(tab)
    tab.idle()
    card = tab.page.inner_text(".gp-card")
    assert "历年评星" in card and "村集体收入" in card and "最近党群服务中心" in card
    link = tab.page.get_attribute(".gp-card a.gp-card-link", "href")
    year = tab.page.evaluate("GP.state.year")
    assert link == f"/village/{code}/?year={year}"  # the page's year travels along
    tab.screenshot("county-card")
    assert tab.errors == []


def toggle(tab, label: str):
    tab.page.locator(".leaflet-control-layers label", has_text=label).locator(
        "input"
    ).click()
    return tab.idle()


def test_layer_toggles_show_and_hide_layers(tab, county):
    tab.login()
    tab.open_map("/")
    drawn = toggle(tab, "EOD点位")
    assert drawn["eod"] == county.eod_sites
    assert tab.page.locator(".awesome-marker").count() > 0
    assert tab.page.locator(".gp-legend-section[data-feed=eod]").is_visible()
    drawn = toggle(tab, "清理点位（聚合）")
    assert drawn["sites"] == county.sites
    assert tab.page.locator(".gp-cluster").count() > 0
    assert tab.page.locator(".gp-legend-section[data-feed=sites]").is_visible()
    drawn = toggle(tab, "清理点位（热力图）")
    assert drawn["heat"] == county.sites
    assert tab.page.locator("canvas.leaflet-heatmap-layer").count() == 1
    toggle(tab, "党群服务中心")
    assert tab.page.locator(".gp-icon-centre").count() > 0
    year, pairings = max(county.pairings.items(), key=lambda item: item[1])
    tab.page.select_option("#gp-year", str(year))
    drawn = toggle(tab, "包联村")
    assert drawn["pairings"] == pairings
    tab.screenshot("county-all-layers")
    toggle(tab, "行政村星级")
    assert tab.page.locator(VILLAGE_PATHS).count() == 0
    toggle(tab, "清理点位（热力图）")
    assert tab.page.locator("canvas.leaflet-heatmap-layer").count() == 0
    assert tab.errors == []
    assert tab.external_requests() == []

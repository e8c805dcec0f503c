"""The township and village pages in headless Chromium."""

VILLAGE_PATHS = ".leaflet-gp-villages-pane path"


def test_township_page_zooms_to_its_villages_with_a_sortable_table(tab, county):
    tab.login()
    drawn = tab.open_map(f"/township/{county.township}/")
    assert drawn["villages"] == county.township_villages
    assert tab.page.locator(VILLAGE_PATHS).count() == county.township_villages
    rows = tab.page.locator("#gp-village-table tbody tr")
    assert rows.count() == county.township_villages
    tab.page.click("#gp-village-table th:nth-child(2)")
    levels = [
        int(v)
        for v in rows.evaluate_all("rows => rows.map(r => r.cells[1].dataset.value)")
    ]
    assert levels == sorted(levels)
    assert tab.page.locator("svg.gp-progress [data-level-row]").count() == 6
    assert tab.page.locator("#gp-site-count-table tbody tr").count() == 5
    downloads = tab.page.locator("#gp-exports a").evaluate_all(
        "a => a.map(x => x.href)"
    )
    assert any("format=kml" in href for href in downloads)
    assert any("coverage.xlsx" in href for href in downloads)
    tab.screenshot("township")
    assert tab.errors == []
    assert tab.external_requests() == []


def test_township_downloads_answer(tab, county):
    tab.login()
    tab.page.goto(f"{tab.base_url}/township/{county.township}/")
    for href in tab.page.locator("#gp-exports a").evaluate_all(
        "a => a.map(x => x.href)"
    ):
        response = tab.page.request.get(href)
        assert response.status == 200, href


def test_village_page_outlines_the_village_and_lists_its_history(tab, county):
    tab.login()
    drawn = tab.open_map(f"/village/{county.village}/")
    assert drawn["villages"] == county.township_villages
    assert county.village_name in tab.page.inner_text("#gp-title")
    assert tab.page.locator("#gp-history tbody tr").count() == len(county.years)
    outlined = tab.page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-gp-villages-pane path'))"
        ".filter(p => p.getAttribute('stroke-width') === '4').length"
    )
    assert outlined == 1
    tab.screenshot("village")
    assert tab.errors == []
    assert tab.external_requests() == []


def test_township_year_form_keeps_the_maps_filters(tab, county):
    new, old = county.years[-1], county.years[0]
    tab.login()
    tab.open_map(f"/township/{county.township}/?year={new}")
    tab.page.check("#gp-weak")
    tab.idle()
    tab.page.select_option("#gp-page-year", str(old))
    tab.page.wait_for_function(
        f"location.search.includes('year={old}') && window.GP && GP.started",
        timeout=20000,
    )
    tab.page.wait_for_load_state()
    tab.idle()
    assert tab.page.evaluate("GP.state.year") == old
    assert tab.page.evaluate("GP.state.weak") is True
    assert tab.page.is_checked("#gp-weak")
    assert tab.errors == []

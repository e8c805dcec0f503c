"""The county page as a leader uses it (issue 12): a copied link reproduces the view,
search flies to a village and opens its card, filters, townships ranked against the
targets (order checked against SQL, colouring toggle, xlsx), legend and notices."""

import io
from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from openpyxl import load_workbook

from layers.maps.search import initials
from layers.models import StarRating, Village

VIEW = """() => ({
    state: Object.assign({}, GP.state),
    layers: GP.shownLayers().sort(),
    base: GP.shownBase(),
    centre: [GP.map.getCenter().lat, GP.map.getCenter().lng],
    zoom: GP.map.getZoom(),
    matching: GP.matchCount(),
    card: (document.querySelector('.gp-card[data-code]') || {dataset: {}}).dataset.code || null,
})"""


def settled(tab, quiet_ms: int = 400) -> None:
    """Wait until the map stopped moving and the address stopped changing.

    Parts of the card arrive after it opened (photos, star tasks) and may pan the map
    once more; the address is written 50 ms after the last move."""
    last = None
    for _ in range(40):
        tab.page.wait_for_function(
            "() => !(GP.map._panAnim && GP.map._panAnim._inProgress)"
        )
        tab.page.wait_for_timeout(quiet_ms)
        if tab.page.url == last:
            return
        last = tab.page.url
    raise AssertionError("the map never settled")


def wait_card(tab, code):
    tab.page.wait_for_selector(f".gp-card[data-code='{code}']", timeout=10000)
    tab.idle()


def test_a_copied_link_reproduces_the_view_in_a_new_page(tab, county, chromium):
    old = county.years[-2]
    village = Village.objects.order_by("code")[7]
    tab.login()
    tab.open_map("/")
    tab.page.select_option("#gp-year", str(old))
    tab.page.select_option("#gp-missing", "civility")
    tab.page.check("#gp-weak")
    tab.page.locator(".leaflet-control-layers label", has_text="EOD点位").locator(
        "input"
    ).click()
    tab.page.fill("#gp-search", village.short_name)
    tab.page.press("#gp-search", "Enter")
    wait_card(tab, village.code)
    settled(tab)
    seen = tab.page.evaluate(VIEW)
    query = parse_qs(urlsplit(tab.page.url).query)
    assert query["year"] == [str(old)] and query["missing"] == ["civility"]
    assert query["weak"] == ["1"] and query["v"] == [village.code]
    assert "eod" in query["layers"][0].split(",")
    assert seen["card"] == village.code
    assert (
        seen["matching"]
        == Village.objects.filter(
            ratings__year=old, ratings__civility=False, ratings__is_weak_branch=True
        ).count()
    )

    copied = chromium.new_page()
    try:
        copied.goto(tab.page.url)
        copied.evaluate("GP.idle()")
        copied.wait_for_selector(f".gp-card[data-code='{village.code}']", timeout=10000)
        again = copied.evaluate(VIEW)
    finally:
        copied.close()
    # The address keeps the centre to 5 decimals and Leaflet snaps it to whole pixels:
    # the same view is the same centre within a pixel.
    pixel = 360 / (256 * 2 ** seen["zoom"])
    for a, b in zip(again.pop("centre"), seen.pop("centre"), strict=True):
        assert abs(a - b) < pixel
    assert again == seen
    # The card's link to the village page keeps the year and the filters.
    link = tab.page.get_attribute(".gp-card a.gp-card-link", "href")
    assert link.startswith(f"/village/{village.code}/?")
    assert parse_qs(urlsplit(link).query)["year"] == [str(old)]
    # So do the township table's links.
    href = tab.page.locator("#gp-township-table tbody:visible a").first.get_attribute(
        "href"
    )
    assert parse_qs(urlsplit(href).query) == {
        "year": [str(old)],
        "missing": ["civility"],
        "weak": ["1"],
    }
    assert tab.errors == []


def test_search_by_name_code_or_initials_flies_to_the_village_and_opens_its_card(
    tab, county
):
    village = Village.objects.order_by("-code").first()
    tab.login()
    tab.open_map("/")
    short = initials(village.short_name)
    tab.page.fill("#gp-search", short)
    results = tab.page.locator("#gp-search-results li[data-code]")
    results.first.wait_for()
    assert village.code in results.evaluate_all("els => els.map(e => e.dataset.code)")
    tab.page.fill("#gp-search", village.code)
    tab.page.click(f"#gp-search-results li[data-code='{village.code}']")
    wait_card(tab, village.code)
    layer_in_view = tab.page.evaluate(
        f"GP.map.getBounds().contains(GP.villageLayer('{village.code}').getBounds())"
    )
    assert layer_in_view
    assert village.short_name in tab.page.inner_text(".gp-card h3")
    tab.page.fill("#gp-search", "不存在的村名")
    assert "没有找到" in tab.page.inner_text("#gp-search-results")
    assert tab.errors == []


def test_level_quasi_and_weak_filters_count_against_sql(tab, county):
    year = county.years[-1]
    tab.login()
    tab.open_map(f"/?year={year}")
    tab.page.select_option("#gp-level", "3")
    tab.idle()
    assert (
        tab.page.evaluate("GP.matchCount()")
        == StarRating.objects.filter(year=year, level=3).count()
    )
    tab.page.select_option("#gp-level", "")
    tab.page.check("#gp-quasi")
    tab.idle()
    assert (
        tab.page.evaluate("GP.matchCount()")
        == StarRating.objects.filter(year=year, is_quasi_five_star=True).count()
    )
    assert "符合条件" in tab.page.inner_text("#gp-filter")
    assert tab.errors == []


def ranking_from_sql(year: int) -> list[str]:
    """Rank the townships by the cumulative completion, from the tables themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.township_id, r.level, count(*) FROM layers_starrating r"
            " JOIN layers_village v ON v.id = r.village_id WHERE r.year = %s"
            " GROUP BY 1, 2",
            [year],
        )
        counts = defaultdict(dict)
        for township, level, n in cursor.fetchall():
            counts[township][level] = n
        cursor.execute(
            "SELECT township_id, level, count FROM layers_creationtarget"
            " WHERE year = %s AND township_id IS NOT NULL",
            [year],
        )
        targets = defaultdict(dict)
        for township, level, n in cursor.fetchall():
            targets[township][level] = n
        cursor.execute("SELECT id, code FROM layers_township")
        codes = dict(cursor.fetchall())
    scored = []
    for township, code in codes.items():
        reached = wanted = 0
        for level in range(1, 6):
            at_least = sum(counts[township].get(n, 0) for n in range(level, 6))
            target = sum(targets[township].get(n, 0) for n in range(level, 6))
            if target:
                reached += min(at_least, target)
                wanted += target
        share = round(100.0 * reached / wanted, 1) if wanted else None
        scored.append((share is None, -(share or 0), code))
    return [code for *_key, code in sorted(scored)]


def test_townships_are_ranked_by_completion_as_the_data_says(tab, county):
    year = county.years[-1]
    tab.login()
    tab.open_map(f"/?year={year}")
    shown = tab.page.locator("#gp-ranking-table tbody:visible tr").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert shown == ranking_from_sql(year)
    # The map toggle fills the townships by completion, following the year.
    tab.page.locator(
        ".leaflet-control-layers label", has_text="乡镇目标完成率"
    ).locator("input").click()
    tab.idle()
    fills = tab.page.evaluate("GP.rankingFills()")
    assert len(fills) == len(shown) and len(set(fills.values())) > 1
    assert tab.page.locator(".gp-legend-section[data-feed=ranking]").is_visible()
    # The table downloads as xlsx in Chinese, for the page's year.
    tab.page.select_option("#gp-year", str(county.years[-2]))
    tab.idle()
    with tab.page.expect_download() as info:
        tab.page.click("#gp-ranking-xlsx")
    download = info.value
    assert f"{county.years[-2]}年" in download.suggested_filename
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["排名", "乡镇（街道）", "乡镇代码"]
    codes = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ranking_from_sql(county.years[-2])
    assert tab.errors == []


def test_every_layer_has_a_legend_and_empty_layers_and_basemaps_say_so(tab, county):
    empty_year = next((y for y in county.years if not county.pairings.get(y)), None)
    tab.login()
    tab.open_map("/")
    for label, feed in [
        ("党群服务中心", "centres"),
        ("清理点位（热力图）", "heat"),
        ("包联村", "pairings"),
    ]:
        tab.page.locator(".leaflet-control-layers label", has_text=label).locator(
            "input"
        ).click()
        tab.idle()
        assert tab.page.locator(f".gp-legend-section[data-feed={feed}]").is_visible(), (
            feed
        )
    if empty_year is not None:
        tab.page.select_option("#gp-year", str(empty_year))
        tab.idle()
        assert f"{empty_year}年没有数据" in tab.page.inner_text("#gp-notice")
    # OpenStreetMap cannot be reached (the test refuses every outside request).
    tab.page.locator(
        ".leaflet-control-layers-base label", has_text="OpenStreetMap"
    ).locator("input").click()
    tab.page.wait_for_function(
        "document.getElementById('gp-notice').textContent.includes('无法加载')",
        timeout=10000,
    )
    assert "base=osm" in tab.page.url or tab.page.evaluate("GP.shownBase()") == "osm"


def changes_from_sql(year_from: int, year_to: int) -> dict[str, int]:
    """Count the county's upgrades, downgrades, new ratings and new weak branches."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT
                count(*) FILTER (WHERE a.id IS NOT NULL AND b.level > a.level),
                count(*) FILTER (WHERE a.id IS NOT NULL AND b.level < a.level),
                count(*) FILTER (WHERE a.id IS NULL AND b.id IS NOT NULL),
                count(*) FILTER (WHERE b.is_weak_branch
                                 AND NOT COALESCE(a.is_weak_branch, false))
            FROM layers_village v
            LEFT JOIN layers_starrating a ON a.village_id = v.id AND a.year = %s
            LEFT JOIN layers_starrating b ON b.village_id = v.id AND b.year = %s""",
            [year_from, year_to],
        )
        up, down, new, weak = cursor.fetchone()
    return {"up": up, "down": down, "new": new, "weak": weak}


def test_year_on_year_layer_and_table_count_as_sql_says(tab, county):
    new, old = county.years[-1], county.years[-2]
    tab.login()
    tab.open_map(f"/?year={new}")
    tab.page.select_option("#gp-from", str(old))
    tab.idle()
    for year_from, year_to in [(old, new), (new, old)]:
        if tab.page.evaluate("GP.state.year") != year_to:
            tab.page.select_option("#gp-year", str(year_to))
            tab.page.select_option("#gp-from", str(year_from))
            tab.idle()
        expected = changes_from_sql(year_from, year_to)
        total = tab.page.locator("#gp-change-table tfoot tr")
        shown = {
            kind: int(total.locator(f"td[data-kind={kind}]").inner_text())
            for kind in expected
        }
        assert shown == expected, (year_from, year_to)
        title = tab.page.inner_text("#gp-change .gp-change-title")
        assert f"{year_from}年" in title and f"{year_to}年" in title
        drawn = tab.page.evaluate(
            """() => { const n = {up: 0, down: 0, new: 0, weak: 0};
                GP.feeds.filter(f => f.kind === 'change')[0].layer.eachLayer(l => {
                    const p = l.feature.properties;
                    if (p.change !== 'same') n[p.change] += 1;
                    if (p.newly_weak) n.weak += 1; });
                return n; }"""
        )
        assert drawn == expected
    assert tab.page.locator(".gp-legend-section[data-feed=change]").is_visible()
    assert f"from={new}" in tab.page.url  # the last comparison (from the newer year)
    assert tab.errors == []

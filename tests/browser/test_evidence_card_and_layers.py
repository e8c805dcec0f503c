"""The evidence on the maps (issue 14): the card's star tasks and a work layer, in Chromium."""

import pytest

from tests.browser.test_county_page import open_a_village_card, toggle

INCOME_FILLS = {"#de2d26", "#fdae6b", "#31a354"}


@pytest.fixture
def evidence(county):
    from evidence.demo import demo_is_loaded, evidence_demo_load

    if not demo_is_loaded():
        evidence_demo_load()
    return county


def test_village_card_lists_each_stars_tasks(tab, evidence):
    tab.login()
    tab.open_map("/")
    code = open_a_village_card(tab)
    tab.page.wait_for_selector(
        f".gp-card[data-code='{code}'] .gp-evidence-star", timeout=10000
    )
    stars = tab.page.locator(".gp-card .gp-evidence-star")
    assert stars.count() == 5
    text = tab.page.inner_text(".gp-card .gp-evidence-tasks")
    assert "星级任务" in text and "建议星级" in text
    tab.page.locator(".gp-card .gp-evidence-star[data-star='industry'] summary").click()
    industry = tab.page.inner_text(".gp-card .gp-evidence-star[data-star='industry']")
    assert "集体经济收入" in industry and ("清五目标" in industry)
    tab.screenshot("evidence-card")
    assert tab.errors == []
    assert tab.external_requests() == []


def test_income_band_layer_draws_with_its_legend(tab, evidence):
    tab.login()
    tab.open_map(f"/township/{evidence.township}/")
    tab.page.hover(".leaflet-control-layers")  # a folded layer list opens on hover
    toggle(tab, "集体经济收入分档")
    drawn = tab.idle()
    assert drawn["evidence_income"] == evidence.township_villages
    fills = set(
        tab.page.evaluate(
            "Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))"
            ".map(p => p.getAttribute('fill'))"
        )
    )
    assert fills & INCOME_FILLS
    legend = tab.page.locator(
        "#gp-legend .gp-legend-section[data-feed='evidence_income']"
    )
    assert legend.is_visible()
    assert "清五" in legend.inner_text()
    tab.screenshot("evidence-income-layer")
    assert tab.errors == []


@pytest.mark.parametrize(
    "path",
    ["/evidence/rollup/", "/evidence/differences/", "/evidence/villages/{code}/"],
)
def test_evidence_pages_fit_a_phone(chromium, tab, evidence, path):
    tab.login()
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.page.goto(tab.base_url + path.format(code=evidence.village))
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert tab.errors == []

"""Every script, stylesheet, image and font a map page needs is a local static file."""

import re
from pathlib import Path

import pytest
from folium.elements import JSCSSMixin

from layers.maps import assets
from layers.maps.assets import RemoteAsset, local_links

STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.mark.parametrize("path", [*assets.JS.values(), *assets.CSS.values()])
def test_every_named_asset_is_a_static_file(path):
    """Each asset is found by the static-file finders (the project's or an app's static/)."""
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    assert found and Path(found).is_file()


def test_vendored_css_points_only_at_files_beside_it():
    missing = []
    for css in STATIC.glob("vendor/**/*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            url = url.strip("'\"").split("?")[0].split("#")[0]
            if url.startswith("data:"):
                continue
            assert not url.startswith(("http:", "https:", "//")), (css, url)
            if not (css.parent / url).resolve().exists():
                missing.append((css.name, url))
    assert missing == []


def test_folium_default_assets_are_all_mapped_or_knowingly_left_out():
    import folium
    from folium.plugins import MarkerCluster

    names = [name for name, _ in folium.Map.default_js + folium.Map.default_css]
    names += [name for name, _ in MarkerCluster.default_js + MarkerCluster.default_css]
    unmapped = set(names) - set(assets.JS) - set(assets.CSS) - assets.UNUSED
    assert unmapped == set()


def test_local_links_replace_cdn_urls_with_static_urls():
    links = local_links([("leaflet", "https://cdn.example/npm/leaflet.js")], assets.JS)
    assert links == [("leaflet", "/static/vendor/leaflet/1.9.4/leaflet.js")]


def test_local_links_refuse_an_asset_without_a_local_copy():
    with pytest.raises(RemoteAsset, match="antpath"):
        local_links([("antpath", "https://cdn.example/ant.js")], assets.JS)


def test_localise_never_touches_foliums_own_lists():
    import folium

    before = list(folium.Map.default_js)
    element = folium.Map(tiles=None)
    assets.localise(element)
    assert folium.Map.default_js == before
    assert all(url.startswith("/static/") for _, url in element.default_js)
    assert isinstance(element, JSCSSMixin)

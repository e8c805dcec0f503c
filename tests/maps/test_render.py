"""Maps built from plain facts render with local assets only, and say what to preload."""

import pytest
from folium.plugins import Fullscreen

from layers.maps import builders
from layers.maps.assets import RemoteAsset
from layers.maps.plugins import with_query
from layers.maps.render import map_parts

FEEDS = {
    name: f"/api/{name}/?limit=10000"
    for name in [
        "villages",
        "townships",
        "eod_sites",
        "cleared_sites",
        "service_centres",
        "pairings",
    ]
}


def facts(**extra) -> builders.MapFacts:
    return builders.MapFacts(
        feeds=FEEDS,
        years=[2022, 2023],
        year=2023,
        locale="zh-hans",
        page_urls={
            "villageDetail": "/api/villages/__code__/",
            "villagePage": "/v/__code__/",
        },
        **extra,
    )


def test_county_map_links_only_static_files_and_draws_no_feature():
    parts = map_parts(builders.county_map(facts(), totals={}))
    assert "/static/vendor/leaflet/1.9.4/leaflet.js" in parts.head
    assert "cdn" not in parts.head and "http" not in parts.head
    assert '"type": "Feature' not in parts.script


def test_county_map_opens_with_villages_and_townships_per_year():
    parts = map_parts(builders.county_map(facts(), totals={}))
    assert parts.preloads == [
        "/api/villages/?limit=10000&year=2023",
        "/api/townships/?limit=10000",
    ]


def test_township_map_preloads_its_sites_and_centres_too():
    parts = map_parts(builders.township_map(facts(), "410527101"))
    assert "/api/cleared_sites/?limit=10000" in parts.preloads
    assert "/api/service_centres/?limit=10000" in parts.preloads
    assert "/api/eod_sites/?limit=10000" in parts.preloads
    assert not any("pairings" in url for url in parts.preloads)


def test_a_plugin_without_a_local_copy_stops_the_render():
    m = builders.county_map(facts(), totals={})
    Fullscreen().add_to(m)
    with pytest.raises(RemoteAsset, match="Control.FullScreen"):
        map_parts(m)


def test_with_query_sets_a_parameter_in_place():
    assert with_query("/a/?year=2022&limit=5", year=2023) == "/a/?year=2023&limit=5"
    assert with_query("/a/", year=2023) == "/a/?year=2023"

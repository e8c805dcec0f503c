"""Vector tiles: what a tile holds, bad tile addresses, freshness after a write."""

import math

import pytest
from django.contrib.gis.gdal import DataSource

from layers.tiles import tile_bounds
from tests.api.conftest import A, village_code

pytestmark = pytest.mark.django_db


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def decoded(content, tmp_path):
    """Return {layer name: [feature properties]} read back by GDAL's MVT driver."""
    path = tmp_path / "tile.mvt"
    path.write_bytes(content)
    source = DataSource(str(path))
    return {
        layer.name: [{f: feature.get(f) for f in layer.fields} for feature in layer]
        for layer in source
    }


def test_tile_bounds_of_the_world_tile():
    west, _, east, north = tile_bounds(0, 0, 0)
    assert (west, east) == (-180, 180) and north == pytest.approx(85.0511, abs=1e-4)


def test_village_tile_carries_the_years_level(api, world, tmp_path):
    z, x, y = tile_of(114.805, 35.86, 12)
    response = api.get(
        f"/tiles/villages/{z}/{x}/{y}.mvt", {"year": 2022, "township": A}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    villages = decoded(response.content, tmp_path)["villages"]
    levels = {v["code"]: v["level"] for v in villages}
    assert levels[village_code("A1")] == 5


def test_site_tile_filters_like_the_feed(api, world, tmp_path):
    z, x, y = tile_of(114.805, 35.86, 12)
    response = api.get(
        f"/tiles/cleared-sites/{z}/{x}/{y}.mvt", {"township": A, "kind": "garbage"}
    )
    sites = decoded(response.content, tmp_path)["cleared_sites"]
    assert [s["code"] for s in sites] == ["T-A2-1"]


def test_tile_far_away_is_empty(api, world):
    response = api.get("/tiles/villages/12/0/0.mvt", {"township": A})
    assert response.status_code == 200 and response.content == b""


def test_a_write_makes_the_tile_fresh_at_once(api, world):
    z, x, y = tile_of(114.805, 35.86, 12)
    url = f"/tiles/villages/{z}/{x}/{y}.mvt"
    first = api.get(url, {"year": 2022})
    world["A4"].ratings.create(year=2022, branch=True)
    again = api.get(url, {"year": 2022}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.content != first.content
    unchanged = api.get(url, {"year": 2022}, HTTP_IF_NONE_MATCH=again["ETag"])
    assert unchanged.status_code == 304


@pytest.mark.parametrize(
    "path, name",
    [
        ("/tiles/villages/23/0/0.mvt", "z"),
        ("/tiles/villages/3/8/0.mvt", "x"),
        ("/tiles/villages/3/0/8.mvt", "y"),
    ],
)
def test_tile_outside_the_grid_is_400(api, db, path, name):
    response = api.get(path)
    assert response.status_code == 400 and name in response.json()["errors"]


def test_unknown_tile_layer_is_404(api, db):
    assert api.get("/tiles/rivers/1/0/0.mvt").status_code == 404


def test_tilejson_passes_filters_on(api, db):
    body = api.get("/tiles/villages.json", {"year": 2022}).json()
    assert body["tiles"][0].endswith("/tiles/villages/{z}/{x}/{y}.mvt?year=2022")
    assert body["vector_layers"][0]["id"] == "villages"


# --- TileJSON, clustering, style, OGC API - Tiles (issue 13 item 3) -----------------


def test_tilejson_gives_the_datas_bounds_and_a_centre(api, world):
    body = api.get("/tiles/villages.json", {"township": A}).json()
    west, south, east, north = body["bounds"]
    # Township A is grid cells 0..3 × 0..1 (see tests/grid.py): a small box, not the world.
    assert 0 < east - west < 0.1 and 0 < north - south < 0.1
    lon, lat, zoom = body["center"]
    assert west < lon < east and south < lat < north
    assert 9 <= zoom <= 16
    layer = body["vector_layers"][0]
    assert layer["id"] == "villages" and "level" in layer["fields"]


def test_tilejson_has_an_etag_and_answers_304(api, world):
    first = api.get("/tiles/villages.json", {"township": A})
    assert first["ETag"]
    again = api.get(
        "/tiles/villages.json", {"township": A}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    world["A4"].ratings.create(year=2023, branch=True)
    after = api.get(
        "/tiles/villages.json", {"township": A}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_tilejson_refuses_a_bad_filter(api, db):
    response = api.get("/tiles/villages.json", {"level": "nine"})
    assert response.status_code == 400 and "level" in response.json()["errors"]


def test_county_sites_at_low_zoom_are_clustered_within_the_budget(api, db, tmp_path):
    from layers.models import ClearedSite
    from layers.tiles import POINT_BUDGET

    z, x, y = tile_of(114.78, 35.9, 8)
    response = api.get(f"/tiles/cleared-sites/{z}/{x}/{y}.mvt")
    assert response.status_code == 200
    sites = decoded(response.content, tmp_path)["cleared_sites"]
    assert 0 < len(sites) <= POINT_BUDGET
    # Every site of the county is in exactly one cluster.
    assert sum(s["point_count"] for s in sites) == ClearedSite.objects.count()
    assert any(s["point_count"] > 1 for s in sites)
    assert len(response.content) < 100_000  # 368 KB unthinned


def test_a_tile_within_the_budget_keeps_every_site(api, world, tmp_path):
    z, x, y = tile_of(114.805, 35.86, 12)
    response = api.get(f"/tiles/cleared-sites/{z}/{x}/{y}.mvt", {"township": A})
    sites = decoded(response.content, tmp_path)["cleared_sites"]
    assert sites and all(s["point_count"] == 1 and s["code"] for s in sites)


def test_clusters_keep_the_properties_their_sites_share(api, world, tmp_path):
    z, x, y = tile_of(114.78, 35.9, 8)
    response = api.get(
        f"/tiles/cleared-sites/{z}/{x}/{y}.mvt", {"township": A, "kind": "pond"}
    )
    sites = decoded(response.content, tmp_path)["cleared_sites"]
    # Township A's ponds are few: below the budget, so each is itself, kind kept.
    assert sites and {s["kind"] for s in sites} == {"pond"}


def test_style_draws_the_tiles_with_the_map_colours(api, db):
    from layers.maps.styles import LEVEL_COLOURS

    response = api.get("/tiles/style.json", {"year": 2022})
    assert response.status_code == 200 and response["ETag"]
    style = response.json()
    assert style["version"] == 8
    sources = style["sources"]
    assert sources["villages"]["url"].endswith("/tiles/villages.json?year=2022")
    fill = next(layer for layer in style["layers"] if layer["id"] == "villages-level")
    colours = fill["paint"]["fill-color"]
    assert colours[0] == "match" and set(LEVEL_COLOURS.values()) <= set(colours[2:])
    # Every styled layer names a source and a source-layer its TileJSON announces.
    for layer in style["layers"][1:]:
        tilejson = api.get(sources[layer["source"]]["url"].split("testserver")[1])
        ids = {v["id"] for v in tilejson.json()["vector_layers"]}
        assert layer["source-layer"] in ids


def test_style_refuses_a_bad_filter(api, db):
    response = api.get("/tiles/style.json", {"year": "soon"})
    assert response.status_code == 400 and "year" in response.json()["errors"]


def test_ogc_tilesets_describe_the_layers_and_serve_the_same_tiles(api, db):
    listing = api.get("/tiles/").json()
    titles = {s["links"][0]["href"].split("/tiles/")[1] for s in listing["tilesets"]}
    assert {"villages/WebMercatorQuad", "cleared-sites/WebMercatorQuad"} <= titles
    tileset = api.get("/tiles/villages/WebMercatorQuad")
    assert tileset.status_code == 200 and tileset["ETag"]
    body = tileset.json()
    assert body["layers"][0]["id"] == "villages"
    assert body["boundingBox"]["lowerLeft"][0] > 114
    z, x, y = tile_of(114.78, 35.9, 12)
    plain = api.get(f"/tiles/villages/{z}/{x}/{y}.mvt")
    ogc = api.get(f"/tiles/villages/WebMercatorQuad/{z}/{x}/{y}.mvt")
    assert ogc.status_code == 200 and ogc.content == plain.content
    assert api.get("/tiles/villages/WorldCRS84Quad").status_code == 404
    assert api.get(f"/tiles/villages/WorldCRS84Quad/{z}/{x}/{y}.mvt").status_code == 404

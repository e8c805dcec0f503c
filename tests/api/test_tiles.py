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

"""OGC API - Features: documents, items with paging, CRS, datetime; GDAL's client reads it."""

import os
import subprocess

import pytest

from layers.models import Village
from tests.api.conftest import A, village_code

pytestmark = pytest.mark.django_db

ITEMS = "/ogc/collections/villages/items"
EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
EPSG4547 = "http://www.opengis.net/def/crs/EPSG/0/4547"


def test_landing_page_links_the_api_conformance_and_data(api, db):
    rels = {link["rel"]: link for link in api.get("/ogc/").json()["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= set(rels)
    assert (
        rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    )


def test_conformance_declares_core_geojson_oas30_and_crs(api, db):
    classes = api.get("/ogc/conformance").json()["conformsTo"]
    assert any(c.endswith("ogcapi-features-2/1.0/conf/crs") for c in classes)
    assert any(c.endswith("ogcapi-features-1/1.0/conf/oas30") for c in classes)


def test_api_definition_is_openapi_3(api, db):
    response = api.get("/ogc/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert "/collections/villages/items" in response.json()["paths"]


def test_collections_offer_four_crs(api, world):
    found = {c["id"]: c for c in api.get("/ogc/collections").json()["collections"]}
    villages = found["villages"]
    assert EPSG4547 in villages["crs"] and villages["storageCrs"].endswith("CRS84")
    assert (
        found["cleared-sites"]["extent"]["temporal"]["interval"][0][0] <= "2022-05-01"
    )
    assert api.get("/ogc/collections/villages").json()["id"] == "villages"


def test_items_page_with_counts_and_next_link(api, world):
    body = api.get(ITEMS, {"township": A, "limit": 3}).json()
    assert (body["numberMatched"], body["numberReturned"]) == (4, 3)
    assert body["timeStamp"]
    following = next(link for link in body["links"] if link["rel"] == "next")
    assert api.get(following["href"]).json()["numberReturned"] == 1


def test_crs_epsg_4326_answers_latitude_first(api, world):
    response = api.get(ITEMS, {"township": A, "limit": 1, "crs": EPSG4326})
    assert response["Content-Crs"] == f"<{EPSG4326}>"
    first = response.json()["features"][0]["geometry"]["coordinates"][0][0][0]
    assert first == [35.85, 114.8]


def test_crs_epsg_4547_answers_northing_easting_in_metres(api, world):
    body = api.get(ITEMS, {"township": A, "limit": 1, "crs": EPSG4547}).json()
    northing, easting = body["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 3.9e6 < northing < 4.1e6 and 5.0e5 < easting < 6.5e5


def test_bbox_crs_epsg_4326_reads_latitude_first(api, world):
    lonlat = api.get(
        ITEMS, {"township": A, "bbox": "114.815,35.86,114.825,35.861"}
    ).json()
    latlon = api.get(
        ITEMS,
        {"township": A, "bbox": "35.86,114.815,35.861,114.825", "bbox-crs": EPSG4326},
    ).json()
    assert (
        [f["id"] for f in latlon["features"]]
        == [f["id"] for f in lonlat["features"]]
        == [village_code("A2"), village_code("A3")]
    )


def test_datetime_interval_filters_cleared_sites(api, world):
    url = "/ogc/collections/cleared-sites/items"
    inside = api.get(url, {"township": A, "datetime": "2022-04-01/2022-05-31"}).json()
    outside = api.get(
        url, {"township": A, "datetime": "2023-01-01T00:00:00Z/.."}
    ).json()
    assert (inside["numberMatched"], outside["numberMatched"]) == (3, 0)


def test_single_item_with_links(api, world):
    body = api.get(f"{ITEMS}/{village_code('A1')}").json()
    assert body["id"] == village_code("A1") and body["properties"]["township_code"] == A
    assert {link["rel"] for link in body["links"]} == {"self", "collection"}
    assert api.get(f"{ITEMS}/000000000000").status_code == 404
    assert api.get("/ogc/collections/rivers/items").status_code == 404


@pytest.mark.parametrize(
    "params, name",
    [
        ({"crs": "EPSG:9999"}, "crs"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "1e9,1e9,2e9,2e9", "bbox-crs": EPSG4547}, "bbox"),
        ({"datetime": "yesterday"}, "datetime"),
        ({"limit": "0"}, "limit"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_item_parameters_are_400(api, db, params, name):
    response = api.get(ITEMS, params)
    assert response.status_code == 400 and name in response.json()["errors"]


def gdal(*command, token: str | None = None) -> str:
    env = {**os.environ}
    if token:  # how GDAL sends an API token (docs/roles.md)
        env["GDAL_HTTP_HEADERS"] = f"Authorization: Token {token}"
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_gdal_lists_the_collections(server, world, reader_token):
    listing = gdal("ogrinfo", "-ro", "-so", f"OAPIF:{server}/ogc/", token=reader_token)
    for name in [
        "townships",
        "villages",
        "cleared-sites",
        "eod-sites",
        "service-centres",
    ]:
        assert f": {name} (" in listing


def test_gdal_copies_every_village(server, world, tmp_path, reader_token):
    target = tmp_path / "villages.gpkg"
    gdal(
        "ogr2ogr",
        "-f",
        "GPKG",
        str(target),
        f"OAPIF:{server}/ogc/",
        "villages",
        "-oo",
        "PAGE_SIZE=500",
        token=reader_token,
    )
    summary = gdal("ogrinfo", "-ro", "-so", str(target), "villages")
    assert f"Feature Count: {Village.objects.count()}" in summary

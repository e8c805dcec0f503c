"""OGC API - Features Part 3 and the rest of Part 1: queryables, CQL2, sortby, properties.

Every collection is read through OWSLib and GDAL with a server-side filter, a sort and a
property subset, and the rows are compared with plain SQL on the same tables.
"""

import json
import os
import subprocess

import pytest
from django.db import connection
from owslib.ogcapi.features import Features

from layers import catalog, rules
from tests.api.conftest import A

ITEMS = "/ogc/collections/{}/items"
EPSG4547 = "http://www.opengis.net/def/crs/EPSG/0/4547"

# collection → (CQL2 text, sortby, properties, SQL answering the ids in that order)
CASES = {
    "townships": (
        "code LIKE '99900000%' AND village_count BETWEEN 1 AND 10",
        ("village_count", "desc"),
        "code,village_count",
        "SELECT t.code FROM layers_township t WHERE t.code LIKE '99900000%%'"
        " AND (SELECT count(*) FROM layers_village v WHERE v.township_id = t.id)"
        " BETWEEN 1 AND 10 ORDER BY (SELECT count(*) FROM layers_village v"
        " WHERE v.township_id = t.id) DESC, t.code",
    ),
    "villages": (
        f"township_code = '{A}' AND level >= 1 AND NOT is_weak_branch = true",
        ("level", "desc"),
        "code,level",
        "SELECT v.code FROM layers_village v JOIN layers_township t"
        " ON t.id = v.township_id JOIN layers_starrating r ON r.village_id = v.id"
        f" AND r.year = %(year)s WHERE t.code = '{A}' AND r.level >= 1"
        " AND NOT r.is_weak_branch ORDER BY r.level DESC, v.code",
    ),
    "cleared-sites": (
        f"township_code = '{A}' AND kind IN ('pond', 'garbage') AND verified_on IS NULL",
        ("code", "desc"),
        "code,kind",
        "SELECT s.code FROM layers_clearedsite s JOIN layers_village v"
        " ON v.id = s.village_id JOIN layers_township t ON t.id = v.township_id"
        f" WHERE t.code = '{A}' AND s.kind IN ('pond', 'garbage')"
        " AND s.verified_on IS NULL ORDER BY s.code DESC",
    ),
    "eod-sites": (
        "S_INTERSECTS(geometry, BBOX(114.5, 35.5, 115.5, 36.5)) AND code LIKE 'T-%'",
        ("code", "asc"),
        "code,name",
        "SELECT code FROM layers_eodsite WHERE code LIKE 'T-%%' AND geom &&"
        " ST_MakeEnvelope(114.5, 35.5, 115.5, 36.5, 4326) AND ST_Intersects(geom,"
        " ST_MakeEnvelope(114.5, 35.5, 115.5, 36.5, 4326)) ORDER BY code",
    ),
    "service-centres": (
        f"township_code = '{A}' AND built_year >= 2000",
        ("built_year", "desc"),
        "name,built_year",
        "SELECT c.id::text FROM layers_servicecentre c JOIN layers_village v"
        " ON v.id = c.village_id JOIN layers_township t ON t.id = v.township_id"
        f" WHERE t.code = '{A}' AND c.built_year >= 2000"
        " ORDER BY c.built_year DESC, c.id",
    ),
    "pairings": (
        "year = 2022 AND partner LIKE '测试%'",
        ("partner", "asc"),
        "village_code,partner",
        "SELECT p.id::text FROM layers_pairing p WHERE p.year = 2022"
        " AND p.partner LIKE '测试%%' ORDER BY p.partner, p.id",
    ),
}


def expected(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": rules.default_year()})
        return [str(row[0]) for row in cursor.fetchall()]


def test_every_campaign_collection_has_a_case():
    assert set(CASES) == {
        layer.name
        for layer in catalog.layers()
        if layer.selector_path.startswith("layers.")
    }


@pytest.mark.parametrize("name", CASES)
def test_owslib_filters_sorts_and_picks_properties_like_sql(
    name, server, world, reader_token
):
    cql, sortby, properties, sql = CASES[name]
    client = Features(
        f"{server}/ogc/", headers={"Authorization": f"Token {reader_token}"}
    )
    answer = client.collection_items(
        name, filter=cql, sortby=sortby, properties=properties, limit=10000
    )
    ids = [str(feature["id"]) for feature in answer["features"]]
    assert ids == expected(sql) and ids
    for feature in answer["features"]:
        assert set(feature["properties"]) == set(properties.split(","))


def gdal_ids(server, name, token, where, fields) -> list[str]:
    env = {**os.environ, "GDAL_HTTP_HEADERS": f"Authorization: Token {token}"}
    result = subprocess.run(
        [
            "ogr2ogr", "-f", "GeoJSON", "/vsistdout/", f"OAPIF:{server}/ogc/", name,
            "-where", where, "-select", fields, "-oo", "PAGE_SIZE=1000",
        ],  # fmt: skip
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["features"]


@pytest.mark.parametrize("name", CASES)
def test_gdal_reads_each_collection_with_a_where_and_a_field_subset(
    name, server, world, reader_token
):
    cql, _sortby, properties, sql = CASES[name]
    if "S_INTERSECTS" in cql:  # OGR SQL has no spatial predicate: keep the rest
        cql = "code LIKE 'T-%'"
    cql = cql.replace(" AND NOT is_weak_branch = true", " AND is_weak_branch = 0")
    features = gdal_ids(server, name, reader_token, cql, properties)
    rows = expected(sql)
    assert len(features) == len(rows) and rows
    first = properties.split(",")[0]
    assert all(set(f["properties"]) >= {first} for f in features)


def test_queryables_sortables_and_schema_are_json_schema(api, world):
    for layer in catalog.layers():
        base = f"/ogc/collections/{layer.name}"
        queryables = api.get(f"{base}/queryables")
        assert queryables["Content-Type"] == "application/schema+json"
        body = queryables.json()
        assert set(body["properties"]) == {*layer.properties, "geometry"}
        sortables = api.get(f"{base}/sortables").json()
        assert set(sortables["properties"]) == set(layer.ordering)
        schema = api.get(f"{base}/schema").json()
        assert schema["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize(
    "cql, codes",
    [
        (f"township_code = '{A}' AND level BETWEEN 2 AND 5", ["A1", "A2"]),
        (f"township_code = '{A}' AND level IS NULL", ["A4"]),
        (
            f"township_code = '{A}' AND short_name LIKE '测试A_村'",
            ["A1", "A2", "A3", "A4"],
        ),
        ("short_name LIKE '测试%村' AND code LIKE '999000002%'", ["B1", "B2"]),
        (f"township_code IN ('{A}') AND NOT (level >= 1)", []),
        (f"township_code = '{A}' OR code = '999000002001'", None),
    ],
)
def test_cql2_text_operators(api, world, cql, codes):
    response = api.get(ITEMS.format("villages"), {"filter": cql})
    assert response.status_code == 200, response.content
    found = [f["id"] for f in response.json()["features"]]
    if codes is not None:
        assert sorted(found) == sorted(world[c].code for c in codes)
    else:
        assert world["B1"].code in found and world["A1"].code in found


def test_cql2_json_filter(api, world):
    cql = {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "township_code"}, A]},
            {"op": ">=", "args": [{"property": "level"}, 5]},
        ],
    }
    response = api.get(
        ITEMS.format("villages"),
        {"filter": json.dumps(cql), "filter-lang": "cql2-json"},
    )
    assert sorted(f["id"] for f in response.json()["features"]) == sorted(
        world[c].code for c in ("A1", "A2")
    )


@pytest.mark.parametrize(
    "cql",
    [
        "colour = 'red'",
        "level = 'five'",
        "kind = 'pond'",
        "level >",
        "name LIKE 5",
        "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 0 0)))",
        "level = 1; DROP TABLE layers_village",
    ],
)
def test_bad_filters_are_400_naming_filter(api, world, cql):
    response = api.get(ITEMS.format("villages"), {"filter": cql})
    assert response.status_code == 400, response.content
    assert "filter" in response.json()["errors"]


def test_limit_over_the_maximum_is_capped(api, world):
    response = api.get(ITEMS.format("villages"), {"limit": "20000"})
    assert response.status_code == 200


def test_unknown_ogc_paths_answer_json(api, db):
    for path in ["/ogc/nowhere", "/ogc/collections/nothing", "/ogc/collections/x/y/z"]:
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")


def test_no_crs_member_in_projected_answers(api, world):
    response = api.get(ITEMS.format("cleared-sites"), {"crs": EPSG4547, "limit": 5})
    body = response.json()
    assert (
        all("crs" not in f["geometry"] for f in body["features"]) and "crs" not in body
    )


def test_an_easting_first_4547_bbox_is_refused_with_the_reason(api, world):
    # The test world lies near 114.8 E, 35.7 N: easting ~573,000, northing ~3,951,000.
    easting_first = "560000,3940000,590000,3970000"
    response = api.get(
        ITEMS.format("villages"), {"bbox": easting_first, "bbox-crs": EPSG4547}
    )
    assert response.status_code == 400
    assert "swapped" in response.json()["errors"]["bbox"]
    northing_first = "3940000,560000,3970000,590000"
    ok = api.get(
        ITEMS.format("villages"), {"bbox": northing_first, "bbox-crs": EPSG4547}
    )
    assert ok.status_code == 200


def test_conformance_declares_part_3(api, db):
    classes = api.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text" in classes


def test_browsers_get_html_with_a_small_map(api, world):
    browser = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}
    for path in ["/ogc/", "/ogc/collections", "/ogc/collections/villages"]:
        page = api.get(path, **browser)
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    items = api.get(ITEMS.format("villages"), {"limit": 5}, **browser)
    text = items.content.decode()
    assert "vendor/leaflet/1.9.4/leaflet.js" in text and "f=json" in text
    assert "cdn" not in text.lower()
    assert api.get("/ogc/", {"f": "html"})["Content-Type"].startswith("text/html")
    assert api.get("/ogc/")["Content-Type"] == "application/json"

"""Hostile writes through the REST API: 400 naming the field, nothing written, never 500."""

import json
import math
import time

import pytest

from layers.models import ServiceCentre, Village
from tests.hostile.conftest import named

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'


def point(village) -> list[float]:
    return list(village.label_point.coords)


def site(where, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point(where)},
        "properties": {
            "code": "HOSTILE-1",
            "kind": "pond",
            "status": "reported",
            "reported_on": "2023-03-01",
            "village": where.code,
            **properties,
        },
    }


def centre(where, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point(where)},
        "properties": {
            "name": "测试中心",
            "village": where.code,
            "built_year": 2023,
            **properties,
        },
    }


def eod_site(where, **properties) -> dict:
    from layers.models import EODProject

    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point(where)},
        "properties": {
            "code": "HOSTILE-EOD",
            "name": "测试站",
            "project": EODProject.objects.order_by("code").first().code,
            "village": where.code,
            "investment": 1000,
            "status": "building",
            **properties,
        },
    }


def ring(village, vertices: int) -> list[list[float]]:
    """A closed circle of `vertices` points, 50 m round the village's label point."""
    x, y = point(village)
    step = 2 * math.pi / vertices
    coords = [
        [x + 0.0005 * math.cos(i * step), y + 0.0005 * math.sin(i * step)]
        for i in range(vertices)
    ]
    return coords + [coords[0]]


def patch_boundary(client, village, geometry):
    return client.patch(
        f"/api/villages/{village.code}/",
        {"type": "Feature", "geometry": geometry, "properties": {}},
        format="json",
    )


ENDPOINTS = {
    "cleared-sites": (site, "location"),
    "service-centres": (centre, "location"),
    "eod-sites": (eod_site, "geom"),
}


BROKEN_BODIES = [
    '{"type": "Feature", "geometry": ',
    "not json at all",
    '{"type": "Feature"} trailing',
    "\xff\xfe garbage",
]


def test_broken_json_bodies_answer_400(root_api, unchanged):
    for endpoint in ENDPOINTS:
        for body in BROKEN_BODIES:
            response = root_api.post(
                f"/api/{endpoint}/",
                body.encode("latin-1"),
                content_type="application/json",
            )
            assert response.status_code == 400, (endpoint, body, response.content)
            assert "detail" in response.json()
    unchanged()


def test_a_body_that_is_not_a_feature_answers_400(root_api, unchanged):
    for endpoint in ENDPOINTS:
        for body in [[], "a string", 123, None, [{"type": "Feature"}]]:
            response = root_api.post(
                f"/api/{endpoint}/", json.dumps(body), content_type="application/json"
            )
            assert response.status_code == 400, (endpoint, body, response.content)
    unchanged()


BAD_GEOMETRIES = [
    None,
    "POINT(1 2)",
    {"type": "Point"},
    {"type": "Point", "coordinates": "abc"},
    {"type": "Point", "coordinates": [114.8]},
    {"type": "Point", "coordinates": [[114.8, 35.8]]},
    {"type": "Point", "coordinates": ["114.8", {"a": 1}]},
    {"type": "Nonsense", "coordinates": [114.8, 35.8]},
    {"type": "Point", "coordinates": [200.0, 100.0]},
    {"type": "Point", "coordinates": [-1e308, 1e308]},
    {"type": "Point", "coordinates": [116.4, 39.9]},  # Beijing: outside the county
    {"type": "LineString", "coordinates": [[114.8, 35.8], [114.81, 35.81]]},
    {"type": "GeometryCollection", "geometries": []},
    {"type": "Polygon", "coordinates": [[[114.8, 35.8]]]},
    {"type": "MultiPoint", "coordinates": []},
    [1, 2],
]


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_bad_geometries_are_refused_naming_the_field(
    root_api, unchanged, village, endpoint
):
    build, field = ENDPOINTS[endpoint]
    for geometry in BAD_GEOMETRIES:
        feature = build(village)
        feature["geometry"] = geometry
        response = root_api.post(f"/api/{endpoint}/", feature, format="json")
        assert response.status_code == 400, (geometry, response.content[:300])
        assert field in response.json(), (geometry, response.json())
    unchanged()


def test_nan_and_infinity_coordinates_are_refused(root_api, unchanged, village):
    for endpoint, (build, _) in ENDPOINTS.items():
        for literal in ["NaN", "Infinity", "-Infinity"]:
            text = json.dumps(build(village)).replace(
                json.dumps(point(village)), f"[{literal}, 35.8]"
            )
            assert literal in text
            response = root_api.post(
                f"/api/{endpoint}/", text, content_type="application/json"
            )
            assert response.status_code == 400, (endpoint, literal, response.content)
    unchanged()


def test_a_self_intersecting_boundary_is_refused(admin_api, unchanged, village):
    x, y = point(village)
    d = 0.001
    bowtie = [[x - d, y - d], [x + d, y + d], [x + d, y - d], [x - d, y + d]]
    response = patch_boundary(
        admin_api,
        village,
        {"type": "MultiPolygon", "coordinates": [[bowtie + [bowtie[0]]]]},
    )
    named(response, "boundary", "Self-intersection")
    unchanged()


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [114.8, 35.8]},
        {"type": "LineString", "coordinates": [[114.8, 35.8], [114.81, 35.81]]},
        {"type": "Polygon", "coordinates": [[[114.8, 35.8], [114.81, 35.8]]]},
        {"type": "MultiPolygon", "coordinates": [[[["x", "y"]]]]},
    ],
)
def test_wrong_geometry_types_for_a_boundary_are_refused(
    admin_api, unchanged, village, geometry
):
    named(patch_boundary(admin_api, village, geometry), "boundary")
    unchanged()


def test_a_million_vertex_boundary_answers_413_quickly(admin_api, unchanged, village):
    """About 40 MB of JSON: refused by its size before it is read or parsed."""
    geometry = {"type": "Polygon", "coordinates": [ring(village, 10**6)]}
    started = time.monotonic()
    response = patch_boundary(admin_api, village, geometry)
    assert time.monotonic() - started < 10
    assert response.status_code == 413, response.content[:300]
    assert "10485760" in response.json()["detail"]  # the limit, in any language
    unchanged()


@pytest.mark.slow
def test_a_huge_self_intersecting_boundary_under_the_size_limit_is_refused(
    admin_api, unchanged, village
):
    """2 × 10⁵ vertices of zigzag (about 8 MB): parsed, found invalid, 400, in seconds."""
    x, y = point(village)
    n = 2 * 10**5
    zigzag = [[x + 0.001 * i / n, y + (0.0005 if i % 2 else 0)] for i in range(n)]
    zigzag += [[x + 0.0005, y - 0.0005], zigzag[0]]
    started = time.monotonic()
    response = patch_boundary(
        admin_api, village, {"type": "Polygon", "coordinates": [zigzag]}
    )
    named(response, "boundary")
    assert time.monotonic() - started < 20
    unchanged()


def test_a_polygon_boundary_is_taken_as_a_multipolygon(admin_api, village):
    """The one geometry type conversion allowed: Polygon → MultiPolygon."""
    response = patch_boundary(
        admin_api, village, {"type": "Polygon", "coordinates": [ring(village, 64)]}
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["geometry"]["type"] == "MultiPolygon"


WRONG_TYPES = {
    "cleared-sites": [
        ("code", ["a", "b"]),
        ("code", {"a": 1}),
        ("code", "x" * 100_000),
        ("kind", 12),
        ("kind", "volcano"),
        ("status", ["reported"]),
        ("reported_on", "yesterday"),
        ("reported_on", 20230301),
        ("reported_on", True),
        ("village", ["410527"]),
        ("village", {"code": "x"}),
        ("area_m2", "big"),
        ("area_m2", [1]),
        ("area_m2", "NaN"),
        ("note", {"x": 1}),
        ("cleared_on", "2023-02-30"),
    ],
    "service-centres": [
        ("name", ["a"]),
        ("name", "名" * 100_000),
        ("name", ""),
        ("built_year", "abc"),
        ("built_year", 10**12),
        ("built_year", -5),
        ("built_year", 2023.5),
        ("floor_area_m2", "wide"),
        ("floor_area_m2", {"m2": 1}),
        ("floor_area_m2", -1),
        ("village", "999999999999"),
    ],
    "eod-sites": [
        ("name", {"zh": "x"}),
        ("name", "x" * 100_000),
        ("investment", "lots"),
        ("investment", [1, 2]),
        ("investment", -1),
        ("investment", 1e30),
        ("status", "exploded"),
        ("project", "NO-SUCH-PROJECT"),
        ("project", 123),
        ("code", None),
    ],
}


@pytest.mark.parametrize("endpoint", list(WRONG_TYPES))
def test_wrong_types_for_every_field_answer_400_naming_it(
    root_api, unchanged, village, endpoint
):
    build, _ = ENDPOINTS[endpoint]
    for field, value in WRONG_TYPES[endpoint]:
        response = root_api.post(
            f"/api/{endpoint}/", build(village, **{field: value}), format="json"
        )
        named(response, field)
    unchanged()


VILLAGE_PROPERTIES = [
    {"code": 123456789012},
    {"name": ["甲"]},
    {"name": "村" * 10_000},
    {"short_name": {"a": 1}},
    {"committee_type": "mafia"},
    {"township": "../../etc/passwd"},
    {"township": ["410527001"]},
    {"is_schematic": "sometimes"},
    {"code": "410527001"},
]
RATING_FIELDS = [
    ({"village": "x", "year": 2023}, "village"),
    ({"year": "abc"}, "year"),
    ({"year": 10**12}, "year"),
    ({"year": 1800}, "year"),
    ({"branch": "maybe"}, "branch"),
    ({"collective_income": "rich"}, "collective_income"),
    ({"collective_income": -1}, "collective_income"),
    ({"collective_income": 1e20}, "collective_income"),
    ({"transferred_land_mu": [1]}, "transferred_land_mu"),
    ({"note": ["x"]}, "note"),
]


def test_wrong_village_properties_answer_400(admin_api, unchanged, village):
    for properties in VILLAGE_PROPERTIES:
        response = admin_api.patch(
            f"/api/villages/{village.code}/",
            {"type": "Feature", "properties": properties},
            format="json",
        )
        named(response, *properties)
    unchanged()


def test_wrong_rating_fields_answer_400(root_api, unchanged, village):
    for body, field in RATING_FIELDS:
        data = {"village": village.code, "year": 2099, **body}
        named(root_api.post("/api/ratings/", data, format="json"), field)
    unchanged()


def test_a_code_that_already_exists_is_refused(root_api, unchanged, village):
    from layers.models import ClearedSite

    existing = ClearedSite.objects.order_by("code").first()
    response = root_api.post(
        "/api/cleared-sites/", site(village, code=existing.code), format="json"
    )
    named(response, "code")
    unchanged()


def test_script_in_a_name_is_stored_as_plain_data_and_escaped_in_pages(root_api):
    village = Village.objects.exclude(
        pk__in=ServiceCentre.objects.values("village")
    ).first()
    response = root_api.post(
        "/api/service-centres/", centre(village, name=SCRIPT), format="json"
    )
    if response.status_code == 400:  # refused outright is fine too
        assert "name" in response.json()
        return
    assert response.status_code == 201, response.content[:300]
    assert response.json()["properties"]["name"] == SCRIPT
    stored = ServiceCentre.objects.get(name=SCRIPT)
    feed = root_api.get("/api/service-centres/", {"village": village.code})
    names = [f["properties"]["name"] for f in feed.json()["features"]]
    assert SCRIPT in names  # plain data in JSON, not mangled
    for url in [
        f"/village/{village.code}/",
        "/admin/layers/servicecentre/",
        f"/admin/layers/servicecentre/{stored.pk}/change/",
        f"/admin/layers/servicecentre/?q={SCRIPT}",
    ]:
        page = root_api.get(url)
        assert page.status_code == 200, (url, page.status_code)
        assert SCRIPT.encode() not in page.content, url
        assert b"<script>alert" not in page.content, url


def test_script_in_a_village_name_is_escaped_on_its_page(admin_api, village):
    response = admin_api.patch(
        f"/api/villages/{village.code}/",
        {"type": "Feature", "properties": {"short_name": SCRIPT, "name": SCRIPT}},
        format="json",
    )
    if response.status_code == 400:
        return
    assert response.status_code == 200, response.content[:300]
    for url in [
        f"/village/{village.code}/",
        f"/township/{village.township.code}/",
        "/",
        "/admin/layers/village/",
        f"/admin/layers/village/?q={village.code}",
        f"/admin/layers/village/{village.pk}/change/",
    ]:
        page = admin_api.get(url)
        assert page.status_code == 200, (url, page.status_code)
        assert b"<script>alert" not in page.content, url
    detail = admin_api.get(f"/api/villages/{village.code}/")
    assert detail.json()["properties"]["short_name"] == SCRIPT

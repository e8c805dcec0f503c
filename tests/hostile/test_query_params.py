"""Junk query parameters on every feed, OGC, tiles, the route plan API and the pages.

Feeds answer 400 JSON `{"errors": {param: reason}}` naming the parameter; pages answer
their own page with the mistake shown, never a 500; nothing is written.
"""

import json

import pytest

from routing.models import Plan

pytestmark = pytest.mark.django_db

FEEDS = [
    "/api/townships/",
    "/api/villages/",
    "/api/cleared-sites/",
    "/api/eod-sites/",
    "/api/service-centres/",
    "/api/pairings/",
]
COMMON_JUNK = [
    ("bbox", "1,2,3"),
    ("bbox", "115,36,114,35"),
    ("bbox", "NaN,NaN,NaN,NaN"),
    ("bbox", "a,b,c,d"),
    ("bbox", "1e999,0,1,1"),
    ("limit", "-1"),
    ("limit", str(10**12)),
    ("limit", "abc"),
    ("offset", "-5"),
    ("offset", "1e3"),
    ("fields", "unknown"),
    ("precision", "100"),
    ("simplify", "-5"),
    ("format", "exe"),
    ("no-such-parameter", "1"),
]
VILLAGE_JUNK = [
    ("year", "abc"),
    ("year", "99999999999999999999"),
    ("township", "../../etc/passwd"),
    ("township", "'; DROP TABLE layers_village; --"),
    ("near", "114.8,35.8,-5"),
    ("near", "114.8,35.8"),
    ("near", "NaN,35.8,100"),
    ("star", "moon"),
    ("has_star", "perhaps"),
    ("level", "6"),
    ("level_min", "x"),
    ("q", "x" * 5000),
]


def errors_of(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert "json" in response["Content-Type"]
    return response.json()["errors"]


@pytest.mark.parametrize("feed", FEEDS)
def test_junk_parameters_on_every_feed_answer_400_naming_them(
    root_api, unchanged, feed
):
    for name, value in COMMON_JUNK:
        errors = errors_of(root_api.get(feed, {name: value}))
        assert name in errors, (feed, name, value, errors)
    unchanged()


def test_junk_village_filters_answer_400_naming_them(root_api, unchanged):
    for name, value in VILLAGE_JUNK:
        response = root_api.get("/api/villages/", {name: value})
        if name == "q":  # a long search is a search, not an error
            assert response.status_code in (200, 400), response.status_code
            continue
        assert name in errors_of(response), (name, value)
    unchanged()


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/cleared-sites/", {"reported_from": "yesterday"}),
        ("/api/cleared-sites/", {"kind": "<script>"}),
        ("/api/cleared-sites/", {"village": "../../../x"}),
        ("/api/ratings/", {"year": "abc"}),
        ("/api/ratings/", {"level": "-1"}),
        ("/api/eod-projects/", {"status": "exploded"}),
        ("/api/coverage", {"year": "abc"}),
        ("/api/coverage.csv", {"township": "../../etc"}),
        ("/api/coverage.xlsx", {"year": "1e9"}),
        ("/api/pairings/", {"year": "twenty"}),
    ],
)
def test_other_filters_answer_400_naming_them(root_api, url, params):
    (name,) = params
    assert name in errors_of(root_api.get(url, params))


def test_a_bad_village_code_in_the_path_is_404_not_500(root_api):
    for code in ["../../etc/passwd", "x" * 1000, "%00", "410527001001'", "a%00b"]:
        for url in [
            f"/api/villages/{code}/",
            f"/api/cleared-sites/{code}/",
            f"/api/eod-sites/{code}/",
            f"/village/{code}/",
            f"/township/{code}/",
            f"/ogc/collections/villages/items/{code}",
        ]:
            assert root_api.get(url).status_code in (400, 404), url
    assert root_api.get("/api/service-centres/99999999999999999999/").status_code in (
        400,
        404,
    )


OGC_JUNK = [
    ("bbox-crs", "EPSG:9999"),
    ("crs", "junk"),
    ("limit", "0"),
    ("limit", "-3"),
    ("datetime", "bad"),
    ("bbox", "1,2,3"),
    ("offset", "x"),
]


def test_ogc_items_refuse_junk_parameters(root_api):
    collections = root_api.get("/ogc/collections", {"f": "json"}).json()
    ids = [c["id"] for c in collections["collections"]]
    assert ids
    for collection in ids:
        for name, value in OGC_JUNK:
            response = root_api.get(
                f"/ogc/collections/{collection}/items", {name: value, "f": "json"}
            )
            assert 400 <= response.status_code < 500, (collection, name, value)
            assert name in response.content.decode(), (collection, name, value)
    missing = root_api.get("/ogc/collections/../../etc/items")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/tiles/villages/99/0/0.mvt",
        "/tiles/villages/3/9/9.mvt",
        "/tiles/villages/-1/0/0.mvt",
        "/tiles/villages/1/-1/0.mvt",
        "/tiles/villages/a/b/c.mvt",
        "/tiles/villages/99999999999999999999/0/0.mvt",
        "/tiles/nonsense/1/0/0.mvt",
        "/tiles/../../etc/1/0/0.mvt",
        "/tiles/nonsense.json",
    ],
)
def test_bad_tiles_answer_4xx(root_api, url):
    response = root_api.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


PLAN_JUNK = [
    ("{not json", "body"),
    ("[]", "body"),
    ('"a string"', "body"),
    (
        json.dumps(
            {
                "days": -1,
                "start_date": "2024-03-04",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
            }
        ),
        "days",
    ),
    (
        json.dumps(
            {
                "days": "five",
                "start_date": "2024-03-04",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
            }
        ),
        "days",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "tomorrow",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
            }
        ),
        "start_date",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "groups": "many",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
            }
        ),
        "groups",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "groups": 10**9,
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
            }
        ),
        "groups",
    ),
    (
        json.dumps(
            {"days": 1, "start_date": "2024-03-04", "targets": {"rule": "teleport"}}
        ),
        "targets[0].rule",
    ),
    (json.dumps({"days": 1, "start_date": "2024-03-04", "targets": None}), "targets"),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "targets": {
                    "rule": "explicit",
                    "villages": [str(i) for i in range(10**4)],
                },
            }
        ),
        "targets[0].villages",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "targets": {"rule": "explicit", "villages": [1, 2]},
            }
        ),
        "targets[0].villages",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
                "limits": {"day_hours": "NaN"},
            }
        ),
        "limits.day_hours",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
                "limits": {"start_time": "25:99"},
            }
        ),
        "limits.start_time",
    ),
    (
        json.dumps(
            {
                "days": 1,
                "start_date": "2024-03-04",
                "targets": {"rule": "unvisited", "since": "2024-01-01"},
                "time_windows": {"x": ["10:00", "09:00"]},
            }
        ),
        "time_windows.x",
    ),
    ('{"days": NaN}', "days"),
]


def test_the_route_plan_api_refuses_junk_naming_the_field(root_api, unchanged):
    for body, field in PLAN_JUNK:
        response = root_api.post(
            "/api/routes/plan", body, content_type="application/json"
        )
        assert response.status_code == 400, (field, response.content[:300])
        assert field in response.json()["errors"], (field, response.json())
    assert not Plan.objects.exists()
    unchanged()


def test_the_route_plan_api_refuses_wrong_methods_and_types(root_api):
    assert root_api.get("/api/routes/plan").status_code == 405
    response = root_api.post("/api/routes/plan", "days=1", content_type="text/plain")
    assert response.status_code == 400
    assert root_api.get("/api/routes/plans/99999999").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "township=../../etc&group=-1&status=<script>&overdue=maybe&year=abc",
        "year=99999999999999999999",
        "group=1e9",
        "township=" + "9" * 5000,
    ],
)
def test_the_ledger_page_shows_junk_filters_as_errors(root_api, query):
    for url in ["/inspections/ledger/", "/inspections/ledger.xlsx"]:
        response = root_api.get(f"{url}?{query}")
        assert response.status_code in (200, 400), (url, response.status_code)
        assert b"<script>" not in response.content


def test_the_coverage_and_unvisited_feeds_refuse_bad_periods(root_api):
    for url in ["/api/inspections/coverage", "/api/inspections/unvisited.geojson"]:
        for params in [{"from": "yesterday"}, {"to": "2024-13-45"}, {"township": "x"}]:
            response = root_api.get(url, params)
            assert response.status_code == 400, (url, params, response.status_code)
            assert next(iter(params)) in response.content.decode()


def test_the_planner_page_with_junk_answers_its_page(root_api, unchanged):
    response = root_api.get("/routes/?days=-1&groups=<script>&x=" + "%" * 100)
    assert response.status_code == 200
    posted = root_api.post(
        "/routes/", {"days": "-1", "groups": "<script>alert(1)</script>"}
    )
    assert posted.status_code == 400
    assert b"<script>alert(1)</script>" not in posted.content
    unchanged()

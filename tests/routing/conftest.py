"""Fixtures for the routing tests: the hand-made road grid and villages placed on it."""

from pathlib import Path

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from layers.models import Township, Village
from routing.roads.services import roads_import

GRID_OSM = Path(__file__).parent / "fixtures" / "grid.osm"


def square(lon: float, lat: float, half: float = 0.002) -> MultiPolygon:
    """Return a small square around a point, as a village boundary."""
    ring = [
        (lon - half, lat - half),
        (lon + half, lat - half),
        (lon + half, lat + half),
        (lon - half, lat + half),
        (lon - half, lat - half),
    ]
    return MultiPolygon(Polygon(ring), srid=4326)


@pytest.fixture
def grid_osm() -> Path:
    return GRID_OSM


@pytest.fixture
def road_grid(db):
    """Load tests/routing/fixtures/grid.osm as the road network."""
    return roads_import(path=GRID_OSM)


@pytest.fixture
def township(db):
    return Township.objects.create(
        code="410527999",
        name="东庄镇",
        kind="town",
        boundary=MultiPolygon(
            Polygon.from_bbox((114.7, 35.75, 115.0, 36.0)), srid=4326
        ),
        seat=Point(114.85, 35.9, srid=4326),
    )


@pytest.fixture
def make_village(township):
    """Return a function creating a village (code suffix, name, lon, lat) in the township."""

    def make(number: int, name: str, lon: float, lat: float) -> Village:
        return Village.objects.create(
            code=f"410527999{number:03d}",
            name=f"{name}村民委员会",
            short_name=name,
            committee_type="village_committee",
            township=township,
            boundary=square(lon, lat),
            label_point=Point(lon, lat, srid=4326),
        )

    return make


GRID_VILLAGES = [  # (number, name, lon, lat): on or near the grid's junctions
    (1, "北关", 114.90, 35.95),
    (2, "东营", 114.95, 35.925),
    (3, "西街", 114.825, 35.90),
    (4, "南店", 114.85, 35.85),
    (5, "中和", 114.875, 35.90),
    (6, "后寨", 114.80, 35.875),
    (7, "孤岛", 114.965, 35.80),  # snaps to the island road: no path
]


@pytest.fixture
def grid_villages(make_village):
    """Create the villages of GRID_VILLAGES; return them by name."""
    return {
        name: make_village(n, name, lon, lat) for n, name, lon, lat in GRID_VILLAGES
    }


@pytest.fixture
def plan_body():
    """Return a valid plan request naming every grid village explicitly."""
    return {
        "groups": 2,
        "days": 1,
        "start_date": "2026-11-30",
        "targets": {
            "rule": "explicit",
            "villages": [f"410527999{n:03d}" for n, *_ in GRID_VILLAGES],
        },
        "limits": {"day_hours": 8, "start_time": "08:30", "time_limit_s": 1},
    }


def run_queued(response) -> dict:
    """Run the plan job a 202 response names, here and now; return the job's status JSON.

    The job worker's own code path (jobs.services.job_execute) inside this test's
    transaction; tests/browser/test_planner*.py run the real worker process.
    """
    from jobs.selectors import job_get, job_status
    from jobs.services import job_execute

    assert response.status_code == 202, response.content
    job_execute(response.json()["id"])
    return job_status(job_get(pk=response.json()["id"]))


@pytest.fixture
def plan_via_api():
    """Return a function: POST a plan request, run its job, return the saved plan's JSON."""

    def plan(client, body) -> dict:
        response = client.post(
            "/api/routes/plan", body, content_type="application/json"
        )
        job = run_queued(response)
        assert job["status"] == "done", job
        return client.get(job["result"]["api_url"]).json()

    return plan

"""A small known world for the API tests, on the grid of tests/grid.py.

Township A (999000001) is cells (0..3, 0..1): villages A1..A4, one column each.
Township B (999000002) is cells (4..5, 0..1): villages B1, B2.
Each village is 0.01° × 0.02° (about 900 m × 2,220 m); the demo data may be present too, so
tests filter by these townships or codes.

Levels (2022 → 2023): A1 5 → 5, A2 3 (quasi) → 5, A3 0 (weak) → 1, A4 unrated, B1 1 → 0,
B2 2 → 2.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread
from rest_framework.test import APIClient

from layers import models
from tests.grid import cell, centre
from tests.support.stamps import kept  # noqa: F401 (fixture)

A, B = "999000001", "999000002"
STARS_2022 = {
    "A1": "branch industry ecology safety civility",
    "A2": "branch industry ecology",
    "A3": "",
    "B1": "safety",
    "B2": "branch civility",
}
STARS_2023 = {
    "A1": "branch industry ecology safety civility",
    "A2": "branch industry ecology safety civility",
    "A3": "branch",
    "B1": "",
    "B2": "branch civility",
}


def village_code(name: str) -> str:
    township = A if name[0] == "A" else B
    return f"{township}{int(name[1:]):03d}"


def ensure_county():
    """Make sure a county outline exists for the inside-county checks."""
    if not models.County.objects.exists():
        box = Polygon.from_bbox((114.55, 35.60, 115.00, 36.20))
        models.County.objects.create(
            code="410527", name="内黄县", boundary=MultiPolygon(box, srid=4326)
        )


def make_townships():
    townships = {}
    for code, col, cols, name in [(A, 0, 4, "甲乡"), (B, 4, 2, "乙乡")]:
        townships[code] = models.Township.objects.create(
            code=code,
            name=name,
            kind="township",
            boundary=cell(col, 0, cols, 2),
            seat=centre(col, 0),
            is_schematic=True,
        )
    return townships


def make_villages(townships):
    villages = {}
    for index, name in enumerate(["A1", "A2", "A3", "A4", "B1", "B2"]):
        villages[name] = models.Village.objects.create(
            code=village_code(name),
            name=f"测试{name}村村委会",
            short_name=f"测试{name}村",
            committee_type="village_committee",
            township=townships[A if name[0] == "A" else B],
            boundary=cell(index, 0, 1, 2),
            label_point=centre(index, 0),
            is_schematic=True,
        )
    return villages


def make_ratings(villages):
    for year, table in [(2022, STARS_2022), (2023, STARS_2023)]:
        for name, stars in table.items():
            models.StarRating.objects.create(
                village=villages[name],
                year=year,
                **{star: True for star in stars.split()},
                is_quasi_five_star=(year == 2022 and name == "A2"),
                is_weak_branch=(year == 2022 and name == "A3"),
                collective_income=100000 if name == "A1" else None,
            )


def make_sites(villages):
    """Two ponds in A1 (rows 0 and 1), a verified garbage heap in A2, a wall in B1."""
    sites = [
        ("T-A1-1", "pond", "reported", None, None, "A1", (0, 0)),
        ("T-A1-2", "pond", "cleared", dt.date(2022, 6, 1), None, "A1", (0, 1)),
        (
            "T-A2-1",
            "garbage",
            "verified",
            dt.date(2022, 6, 1),
            dt.date(2022, 7, 1),
            "A2",
            (1, 0),
        ),
        ("T-B1-1", "ruined_wall", "reported", None, None, "B1", (4, 1)),
    ]
    for code, kind, status, cleared, verified, name, (col, row) in sites:
        models.ClearedSite.objects.create(
            code=code,
            kind=kind,
            status=status,
            reported_on=dt.date(2022, 5, 1),
            cleared_on=cleared,
            verified_on=verified,
            village=villages[name],
            location=centre(col, row),
            reuse="park" if status == "verified" else "",
        )


def make_facilities(villages):
    models.ServiceCentre.objects.create(
        village=villages["A1"],
        name="测试A1党群服务中心",
        location=centre(0, 0),
        built_year=2022,
    )
    project, _ = models.EODProject.objects.get_or_create(
        sub_project="village_sewage",
        defaults={
            "code": "T-EOD",
            "name": "测试污水",
            "planned_investment": 1000,
            "status": "building",
        },
    )
    models.EODSite.objects.create(
        project=project,
        code="T-EOD-A2",
        name="测试A2污水站",
        village=villages["A2"],
        geom=centre(1, 1),
        investment=500000,
        status="building",
    )
    models.Pairing.objects.create(
        village=villages["A1"], year=2022, partner_kind="leader", partner="测试县领导"
    )
    for level, count in [(5, 1), (3, 2)]:
        models.CreationTarget.objects.create(
            township=villages["A1"].township, year=2022, level=level, count=count
        )


@pytest.fixture
def world(db):
    """Create the known world and return its villages by name."""
    ensure_county()
    villages = make_villages(make_townships())
    make_ratings(villages)
    make_sites(villages)
    make_facilities(villages)
    return villages


def role_user(name: str, role: str, **where):
    """Create a user holding `role` (accounts.services.role_grant)."""
    from accounts.services import role_grant

    user = get_user_model().objects.create_user(name, password="pw")
    role_grant(user=user, role=role, **where)
    return user


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def api(db):
    """A county leader's client: reads every feed, REST and OGC (a session)."""
    client = APIClient()
    client.force_login(role_user("leader", "county_leader"))
    return client


@pytest.fixture
def editor(db):
    """A county administrator's client: reads and writes everything."""
    client = APIClient()
    client.force_login(role_user("editor", "county_admin"))
    return client


@pytest.fixture
def reader_token(db) -> str:
    """A read-only API token of a GIS reader (what QGIS and GDAL send)."""
    from accounts.tokens import token_issue

    return token_issue(user=role_user("gis", "gis_reader"))[1]


def features(response) -> list[dict]:
    """Return the features of a GeoJSON response."""
    assert response.status_code == 200, response.content[:500]
    return response.json()["features"]


def codes(response) -> list[str]:
    return [feature["id"] for feature in features(response)]


class KeepConnectionServer(ThreadedWSGIServer):
    """Serve requests on the test's own connection, leaving it open between requests."""

    def _close_connections(self):
        pass


class SharedConnectionServer(LiveServerThread):
    """A live server that sees the test transaction's rows.

    pytest-django's `live_server` needs committed rows, and its teardown then truncates
    every table, demo data included; sharing the test's connection avoids both.
    """

    server_class = KeepConnectionServer

    def run(self):
        for alias, conn in self.connections_override.items():
            connections[alias] = conn
        try:
            self.httpd = self._create_server(
                connections_override=self.connections_override
            )
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(WSGIHandler())
            self.is_ready.set()
            self.httpd.serve_forever()
        except OSError as error:  # reported to the test through `error`
            self.error = error
            self.is_ready.set()


@pytest.fixture
def keep_connection(db):
    """Keep the test's connection open across requests served outside the test client.

    Django closes "old" connections around each request, and one inside a transaction
    looks old; the test client switches that off for itself, and this does for the rest.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def server(keep_connection):
    """Return the base URL of a live server sharing the test's database connection."""
    conn = connections["default"]
    conn.inc_thread_sharing()
    thread = SharedConnectionServer(
        "127.0.0.1", None, connections_override={"default": conn}
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    conn.dec_thread_sharing()

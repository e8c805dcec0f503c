"""Each role on each surface, on the loaded Neihuang data (17 townships, 532 villages).

The cadre works in 梁庄镇 (410527103) and reads only that township unless
GEOPORTAL_CADRE_READS_ALL is on. List answers are counted by township: a scoped user must
never see a row of another township.
"""

import base64
import csv
import io
from collections import Counter

import pytest
from django.test import Client

from accounts.roles import Role
from accounts.tokens import token_issue
from layers.models import ClearedSite, Township, Village
from tests.accounts.conftest import signed_in

pytestmark = pytest.mark.django_db

OWN = "410527103"  # 梁庄镇


@pytest.fixture
def own(db) -> Township:
    return Township.objects.get(code=OWN)


@pytest.fixture
def other(db) -> Township:
    return Township.objects.exclude(code=OWN).order_by("code").first()


@pytest.fixture
def own_village(own) -> Village:
    return own.villages.order_by("code").first()


@pytest.fixture
def other_village(other) -> Village:
    return other.villages.order_by("code").first()


@pytest.fixture
def clients(make_user, own):
    """One client per role; the GIS reader sends a read-only token."""
    gis = make_user(Role.GIS_READER)
    token = token_issue(user=gis)[1]
    return {
        "leader": signed_in(make_user(Role.COUNTY_LEADER)),
        "admin": signed_in(make_user(Role.COUNTY_ADMIN)),
        "cadre": signed_in(make_user(Role.TOWNSHIP_CADRE, township=own)),
        "inspector": signed_in(make_user(Role.INSPECTOR)),
        "gis": Client(HTTP_AUTHORIZATION=f"Token {token}"),
        "anonymous": Client(),
    }


def township_counts(response, key="township_code") -> Counter:
    assert response.status_code == 200, response.content[:300]
    return Counter(f["properties"][key] for f in response.json()["features"])


def village_township_counts(response) -> Counter:
    assert response.status_code == 200, response.content[:300]
    return Counter(
        (f["properties"]["village_code"] or "")[:9] for f in response.json()["features"]
    )


# Lists, exports, OGC items: counted by township --------------------------------------


def test_cadre_lists_only_the_own_township(clients, own):
    cadre = clients["cadre"]
    villages = township_counts(cadre.get("/api/villages/", {"limit": 10000}))
    assert villages == {OWN: own.villages.count()}
    townships = cadre.get("/api/townships/").json()["features"]
    assert [t["properties"]["code"] for t in townships] == [OWN]
    for feed in ("cleared-sites", "service-centres", "pairings"):
        counts = village_township_counts(cadre.get(f"/api/{feed}/", {"limit": 10000}))
        assert set(counts) <= {OWN}, (feed, counts)
    sites = ClearedSite.objects.filter(village__township=own).count()
    counted = village_township_counts(
        cadre.get("/api/cleared-sites/", {"limit": 10000})
    )
    assert sum(counted.values()) == sites
    eod = village_township_counts(cadre.get("/api/eod-sites/", {"limit": 10000}))
    assert set(eod) <= {OWN, ""}
    ratings = cadre.get("/api/ratings/").json()
    assert ratings and {r["village_code"][:9] for r in ratings} == {OWN}


def test_county_roles_list_every_township(clients):
    for name in ("leader", "admin", "inspector", "gis"):
        counts = township_counts(clients[name].get("/api/villages/", {"limit": 10000}))
        assert len(counts) == 17 and sum(counts.values()) == 532, name


def test_cadre_reads_all_with_the_setting(clients, settings):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    counts = township_counts(clients["cadre"].get("/api/villages/", {"limit": 10000}))
    assert sum(counts.values()) == 532


def test_exports_are_scoped(clients, own):
    response = clients["cadre"].get("/api/villages/", {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert Counter(r["township_code"] for r in rows) == {OWN: own.villages.count()}


def test_ogc_items_are_scoped(clients, own, other_village):
    cadre = clients["cadre"]
    items = cadre.get("/ogc/collections/villages/items", {"limit": 10000})
    assert township_counts(items) == {OWN: own.villages.count()}
    item = cadre.get(f"/ogc/collections/villages/items/{other_village.code}")
    assert item.status_code == 404
    assert (
        clients["gis"]
        .get(f"/ogc/collections/villages/items/{other_village.code}")
        .status_code
        == 200
    )


def test_anonymous_reads_feeds_only_with_public_read(clients, settings):
    anonymous = clients["anonymous"]
    assert anonymous.get("/api/villages/").status_code == 401
    assert anonymous.get("/ogc/collections/villages/items").status_code == 401
    assert anonymous.get("/api/coverage").status_code == 401
    settings.GEOPORTAL_PUBLIC_READ = True
    counts = township_counts(anonymous.get("/api/villages/", {"limit": 10000}))
    assert sum(counts.values()) == 532
    assert anonymous.get("/ogc/collections/villages/items").status_code == 200
    # the ledger is not part of public read
    assert anonymous.get("/api/inspections/coverage").status_code == 401


def test_a_user_without_a_role_reads_nothing(make_user):
    client = signed_in(make_user(None, "norole"))
    assert client.get("/api/villages/").status_code == 403
    assert client.get("/ogc/collections").status_code == 403


# Tokens: header and basic auth ---------------------------------------------------------


def test_token_as_header_and_as_basic_auth(make_user):
    user = make_user(Role.GIS_READER, "qgis")
    token = token_issue(user=user)[1]
    basic = base64.b64encode(f"qgis:{token}".encode()).decode()
    for header in (f"Token {token}", f"Bearer {token}", f"Basic {basic}"):
        client = Client(HTTP_AUTHORIZATION=header)
        assert client.get("/api/villages/", {"limit": 1}).status_code == 200, header
        assert (
            client.get("/ogc/collections/villages/items", {"limit": 1}).status_code
            == 200
        )
    assert (
        Client(HTTP_AUTHORIZATION="Token gp_wrong").get("/api/villages/").status_code
        == 401
    )


# Details: unreadable is missing ---------------------------------------------------------


def test_details_answer_404_outside_the_scope(clients, own_village, other_village):
    cadre = clients["cadre"]
    assert cadre.get(f"/api/villages/{own_village.code}/").status_code == 200
    assert cadre.get(f"/api/villages/{other_village.code}/").status_code == 404
    site = ClearedSite.objects.exclude(village__township__code=OWN).first()
    assert cadre.get(f"/api/cleared-sites/{site.code}/").status_code == 404
    assert clients["leader"].get(f"/api/cleared-sites/{site.code}/").status_code == 200


# Writes ---------------------------------------------------------------------------------


def new_site(village: Village, code: str) -> dict:
    point = village.label_point
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
        "properties": {
            "code": code,
            "kind": "pond",
            "status": "reported",
            "reported_on": "2023-03-01",
            "village": village.code,
        },
    }


def post(client, body):
    return client.post("/api/cleared-sites/", body, content_type="application/json")


def test_writes_by_role(clients, own_village, other_village):
    assert post(clients["cadre"], new_site(own_village, "S-OWN")).status_code == 201
    assert post(clients["cadre"], new_site(other_village, "S-OTHER")).status_code == 403
    assert post(clients["admin"], new_site(other_village, "S-ADMIN")).status_code == 201
    assert post(clients["leader"], new_site(own_village, "S-L")).status_code == 403
    assert post(clients["gis"], new_site(own_village, "S-G")).status_code == 403
    assert post(clients["anonymous"], new_site(own_village, "S-A")).status_code == 401
    assert not ClearedSite.objects.filter(
        code__in=["S-OTHER", "S-L", "S-G", "S-A"]
    ).exists()


def test_cadre_cannot_move_a_row_out_of_the_township(
    clients, own_village, other_village
):
    cadre = clients["cadre"]
    assert post(cadre, new_site(own_village, "S-MOVE")).status_code == 201
    moved = new_site(other_village, "S-MOVE")
    tag = cadre.get("/api/cleared-sites/S-MOVE/")["ETag"]  # a PUT names its version
    response = cadre.put(
        "/api/cleared-sites/S-MOVE/",
        moved,
        content_type="application/json",
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 403
    assert ClearedSite.objects.get(code="S-MOVE").village == own_village


def test_cadre_reading_all_still_writes_only_inside(clients, settings, other_village):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    site = ClearedSite.objects.filter(village__township=other_village.township).first()
    response = clients["cadre"].patch(
        f"/api/cleared-sites/{site.code}/",
        {"properties": {"status": site.status}},
        content_type="application/json",
    )
    assert response.status_code == 403


# Caching --------------------------------------------------------------------------------


def test_answers_are_private_and_vary_by_user(clients):
    leader = clients["leader"].get("/api/villages/", {"limit": 1})
    cadre = clients["cadre"].get("/api/villages/", {"limit": 1})
    assert leader["ETag"] != cadre["ETag"]
    assert "Authorization" in cadre["Vary"] and "Cookie" in cadre["Vary"]
    assert cadre["Cache-Control"].startswith("private")
    again = clients["cadre"].get(
        "/api/villages/", {"limit": 1}, HTTP_IF_NONE_MATCH=leader["ETag"]
    )
    assert again.status_code == 200


# Tiles and coverage ---------------------------------------------------------------------


def tile_of(village: Village, z: int = 14) -> str:
    import math

    point = village.label_point
    n = 2**z
    x = int((point.x + 180) / 360 * n)
    lat = math.radians(point.y)
    y = int((1 - math.asinh(math.tan(lat)) / math.pi) / 2 * n)
    return f"/tiles/villages/{z}/{x}/{y}.mvt"


def test_tiles_of_another_township_are_empty(clients, other_village, own_village):
    url = tile_of(other_village)
    assert len(clients["leader"].get(url).content) > 0
    other = clients["cadre"].get(url)
    assert other.status_code == 200 and len(other.content) < len(
        clients["leader"].get(url).content
    )
    assert len(clients["cadre"].get(tile_of(own_village)).content) > 0
    assert clients["anonymous"].get(url).status_code == 401


def test_coverage_is_scoped_without_the_county_row(clients):
    cadre = clients["cadre"].get("/api/coverage").json()
    assert cadre["county"] is None
    assert [t["code"] for t in cadre["townships"]] == [OWN]
    leader = clients["leader"].get("/api/coverage").json()
    assert leader["county"] is not None and len(leader["townships"]) == 17
    rows = list(
        csv.reader(
            io.StringIO(
                clients["cadre"].get("/api/coverage.csv").content.decode("utf-8-sig")
            )
        )
    )
    assert [r[0] for r in rows[1:]] == ["乡镇（街道）"] and rows[1][1] == OWN
    polygons = clients["cadre"].get("/api/coverage.geojson").json()["features"]
    assert [f["properties"]["code"] for f in polygons] == [OWN]
    assert clients["cadre"].get("/api/coverage.xlsx").status_code == 200


# Pages ----------------------------------------------------------------------------------


def test_pages_by_role(clients, settings, own_village, other_village):
    for name in ("leader", "admin", "cadre", "inspector"):
        assert clients[name].get("/").status_code == 200, name
    assert clients["gis"].get("/").status_code == 403
    assert clients["anonymous"].get("/").status_code == 302
    cadre = clients["cadre"]
    assert cadre.get(f"/township/{OWN}/").status_code == 200
    assert cadre.get(f"/township/{other_village.township.code}/").status_code == 404
    assert cadre.get(f"/village/{own_village.code}/").status_code == 200
    assert cadre.get(f"/village/{other_village.code}/").status_code == 404
    assert clients["leader"].get(f"/village/{other_village.code}/").status_code == 200
    settings.GEOPORTAL_PUBLIC_READ = True
    assert (
        clients["anonymous"].get(f"/village/{other_village.code}/").status_code == 200
    )


def test_county_page_table_shows_only_readable_townships(clients):
    tables = clients["cadre"].get("/").context["tables"]
    assert {row["code"] for rows in tables.values() for row in rows} == {OWN}
    tables = clients["leader"].get("/").context["tables"]
    assert len({row["code"] for rows in tables.values() for row in rows}) == 17


# Ledger and planner ---------------------------------------------------------------------


def test_ledger_by_role(clients):
    leader = clients["leader"].get("/inspections/ledger/")
    cadre = clients["cadre"].get("/inspections/ledger/")
    assert leader.status_code == 200 and cadre.status_code == 200
    assert {r.notice.village.township.code for r in cadre.context["rows"]} <= {OWN}
    assert len(cadre.context["rows"]) <= len(leader.context["rows"])
    assert clients["gis"].get("/inspections/ledger/").status_code == 403
    assert clients["anonymous"].get("/inspections/ledger/").status_code == 302
    assert clients["gis"].get("/api/inspections/coverage").status_code == 403
    coverage = clients["cadre"].get("/api/inspections/coverage").json()
    assert [t["code"] for t in coverage["townships"]] == [OWN]


def plan(client, villages):
    body = {
        "groups": 1,
        "days": 1,
        "start_date": "2026-11-30",
        "targets": {"rule": "explicit", "villages": villages},
        "limits": {"day_hours": 8, "start_time": "08:30", "time_limit_s": 1},
    }
    return client.post("/api/routes/plan", body, content_type="application/json")


def test_planner_api_by_role(clients, own_village):
    assert plan(clients["cadre"], [own_village.code]).status_code == 403
    assert plan(clients["leader"], [own_village.code]).status_code == 403
    assert plan(clients["gis"], [own_village.code]).status_code == 403
    assert plan(clients["anonymous"], [own_village.code]).status_code == 401
    # Plans are solved in the background: 202 with the job, its URL in Location.
    queued = plan(clients["inspector"], [own_village.code])
    assert queued.status_code == 202
    assert queued["Location"] == queued.json()["status_url"]
    assert queued.json()["status_url"].startswith("/")


# Admin ----------------------------------------------------------------------------------


def test_admin_by_role(clients, other_village):
    assert clients["leader"].get("/admin/").status_code == 200
    assert clients["gis"].get("/admin/").status_code == 302
    cadre = clients["cadre"].get(f"/admin/layers/village/{other_village.pk}/change/")
    assert cadre.status_code in (302, 403, 404)

"""/wms: MapServer draws the star levels from PostGIS, under the feeds' roles and tokens."""

import io
import os
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from PIL import Image

from accounts.roles import Role
from accounts.services import role_grant
from accounts.tokens import token_issue
from layers.models import Township

pytestmark = pytest.mark.django_db
WMS_NS = {"wms": "http://www.opengis.net/wms"}
GREY = (217, 217, 217)  # LEVEL_COLOURS[0]: a rated village with no star
FIVE = (189, 0, 38)  # LEVEL_COLOURS[5]


def make_user(role, township=None):
    user = get_user_model().objects.create_user(f"wms-{role}", password="wms-pass-1")
    role_grant(user=user, role=role, township=township)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader(db):
    return client_for(make_user(Role.COUNTY_LEADER))


@pytest.fixture
def township():
    return Township.objects.order_by("code")[0]


@pytest.fixture
def cadre(township):
    return client_for(make_user(Role.TOWNSHIP_CADRE, township))


def county_bbox() -> tuple[float, float, float, float]:
    """Return the county's lon/lat box as (minx, miny, maxx, maxy)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from "
            "(select ST_Extent(boundary)::geometry e from layers_township) q"
        )
        return cursor.fetchone()


def getmap(client, layers="villages", **extra):
    x0, y0, x1, y1 = county_bbox()
    query = {
        "SERVICE": "WMS",
        "VERSION": "1.3.0",
        "REQUEST": "GetMap",
        "LAYERS": layers,
        "STYLES": "",
        "CRS": "EPSG:4326",  # WMS 1.3.0: latitude first
        "BBOX": f"{y0},{x0},{y1},{x1}",
        "WIDTH": "500",
        "HEIGHT": "700",
        "FORMAT": "image/png",
        **extra,
    }
    return client.get("/wms", query)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def colour_count(png: bytes, rgb) -> int:
    found = pixels(png)
    return int(((found[..., :3] == rgb).all(axis=-1) & (found[..., 3] == 255)).sum())


def painted(png: bytes) -> int:
    return int((pixels(png)[..., 3] > 0).sum())


def test_capabilities_list_the_layers_in_chinese(leader):
    response = leader.get("/wms", {"SERVICE": "WMS", "REQUEST": "GetCapabilities"})
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    names = {e.text for e in root.iterfind(".//wms:Layer/wms:Name", WMS_NS)}
    assert {"villages", "townships", "cleared-sites", "eod-sites"} <= names
    assert {"service-centres", "neihuang", "sites"} <= names
    titles = {e.text for e in root.iterfind(".//wms:Layer/wms:Title", WMS_NS)}
    assert "行政村星级" in titles
    online = root.find(".//wms:Service/wms:OnlineResource", WMS_NS)
    assert online.get("{http://www.w3.org/1999/xlink}href") == "http://testserver/wms?"


def test_getmap_draws_the_county_in_the_star_colours(leader):
    response = getmap(leader, "villages,townships")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    png = response.content
    assert painted(png) > 500 * 700 * 0.3  # the county fills the frame
    assert colour_count(png, FIVE) > 100


def test_year_changes_the_colours_as_the_ratings_say(leader):
    with connection.cursor() as cursor:
        cursor.execute(
            "select year, count(*) filter (where level = 0) from layers_starrating "
            "group by year order by year"
        )
        zero = dict(cursor.fetchall())
    grey = {
        year: colour_count(getmap(leader, year=year).content, GREY) for year in zero
    }
    low, high = sorted(zero, key=zero.get)[0], sorted(zero, key=zero.get)[-1]
    assert zero[low] < zero[high] and grey[low] < grey[high]


def test_cadre_sees_only_the_own_township_whatever_scope_is_sent(
    leader, cadre, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    everything = painted(getmap(leader).content)
    own = painted(getmap(cadre, scope="all", SCOPE="all").content)
    assert 0 < own < everything / 5


def test_bad_year_is_a_400_naming_it(leader):
    response = getmap(leader, year="20x3")
    assert response.status_code == 400
    assert b"year" in response.content and b"ServiceException" in response.content


def test_anonymous_caller_is_asked_to_sign_in(client, settings):
    settings.GEOPORTAL_PUBLIC_READ = False
    response = client.get("/wms", {"SERVICE": "WMS", "REQUEST": "GetCapabilities"})
    assert response.status_code == 401


def test_a_token_reads_the_map(db):
    _, raw = token_issue(user=make_user(Role.GIS_READER))
    response = getmap(Client(HTTP_AUTHORIZATION=f"Token {raw}"))
    assert response.status_code == 200 and painted(response.content) > 1000


def test_mapserver_errors_are_4xx_not_500(leader):
    response = getmap(leader, LAYERS="no-such-layer")
    assert response.status_code == 400
    assert (
        b"no-such-layer" in response.content or b"LayerNotDefined" in response.content
    )


def test_feature_info_names_the_village(leader):
    x0, y0, x1, y1 = county_bbox()
    with connection.cursor() as cursor:
        cursor.execute(
            "select v.name, ST_X(v.label_point), ST_Y(v.label_point) "
            "from layers_village v order by v.code limit 1"
        )
        name, lon, lat = cursor.fetchone()
    i = round((lon - x0) / (x1 - x0) * 500)
    j = round((y1 - lat) / (y1 - y0) * 700)
    response = getmap(
        leader,
        REQUEST="GetFeatureInfo",
        QUERY_LAYERS="villages",
        INFO_FORMAT="application/vnd.ogc.gml",
        I=str(i),
        J=str(j),
    )
    assert response.status_code == 200
    assert name in response.content.decode("utf-8")


def test_gdal_wms_driver_fetches_a_styled_map(server, db, tmp_path):
    _, raw = token_issue(user=make_user(Role.GIS_READER))
    x0, y0, x1, y1 = county_bbox()
    url = (
        f"WMS:{server}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=villages"
        f"&CRS=EPSG:4326&BBOX={y0},{x0},{y1},{x1}&FORMAT=image/png"
    )
    out = tmp_path / "villages.png"
    env = {**os.environ, "GDAL_HTTP_HEADERS": f"Authorization: Token {raw}"}
    done = subprocess.run(
        ["gdal_translate", "-q", "-of", "PNG", "-outsize", "400", "0", url, str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    png = out.read_bytes()
    assert colour_count(png, FIVE) > 20


def test_owslib_gets_the_villages_with_the_county_in_frame(server, db):
    from owslib.util import Authentication
    from owslib.wms import WebMapService

    user = make_user(Role.GIS_READER)
    _, raw = token_issue(user=user)
    service = WebMapService(
        f"{server}/wms",
        version="1.3.0",
        auth=Authentication(username=user.username, password=raw),
    )
    assert "villages" in service.contents
    x0, y0, x1, y1 = county_bbox()
    image = service.getmap(
        layers=["villages", "townships"],
        styles=["", ""],
        srs="EPSG:4326",
        bbox=(x0, y0, x1, y1),
        size=(500, 700),
        format="image/png",
    )
    png = image.read()
    assert painted(png) > 500 * 700 * 0.3
    assert colour_count(png, FIVE) > 50

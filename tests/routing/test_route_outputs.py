"""GPX 1.1 and KML downloads: they parse, keep Chinese names, follow roads, open in GDAL."""

import subprocess
from xml.etree import ElementTree as ET

import pytest

GPX = "{http://www.topografix.com/GPX/1/1}"
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture
def plan(admin_client, road_grid, grid_villages, plan_body, plan_via_api):
    plan_body["groups"], plan_body["days"] = 1, 1
    return plan_via_api(admin_client, plan_body)


def fetch(admin_client, url: str, tmp_path, name: str):
    response = admin_client.get(url)
    assert response.status_code == 200
    path = tmp_path / name
    path.write_bytes(response.content)
    return response, path


OTHER_DRIVER = {"KML": "LIBKML", "LIBKML": "KML", "GPX": ""}


def ogrinfo(path, driver: str) -> str:
    """Return ogrinfo's summary, opened by `driver` (GDAL 3.6 has no -if: skip the other)."""
    output = subprocess.run(
        [
            "ogrinfo",
            "--config",
            "OGR_SKIP",
            OTHER_DRIVER[driver],
            "-ro",
            "-al",
            "-so",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"using driver `{driver}' successful" in output
    return output


def test_gpx_is_gpx_1_1_with_stops_route_and_road_track(admin_client, plan, tmp_path):
    route = plan["routes"][0]
    response, _path = fetch(admin_client, route["gpx"], tmp_path, "day.gpx")
    assert response["Content-Type"].startswith("application/gpx+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{GPX}gpx" and root.get("version") == "1.1"
    children = [child.tag.removeprefix(GPX) for child in root]
    assert children == ["metadata"] + ["wpt"] * 6 + ["rte", "trk"]  # schema order
    names = [w.findtext(f"{GPX}name") for w in root.findall(f"{GPX}wpt")]
    assert names[0] == f"1. {route['stops'][0]['name']}"
    assert all(-180 <= float(w.get("lon")) <= 180 for w in root.iter(f"{GPX}trkpt"))
    track = root.findall(f"{GPX}trk/{GPX}trkseg/{GPX}trkpt")
    assert len(track) > len(route["stops"]) + 2  # follows the road bends
    link = root.find(f"{GPX}wpt/{GPX}link").get("href")
    assert "coordinate=wgs84" in link


def test_gpx_opens_in_gdal(admin_client, plan, tmp_path):
    _, path = fetch(admin_client, plan["routes"][0]["gpx"], tmp_path, "day.gpx")
    info = ogrinfo(path, "GPX")
    assert "Layer name: waypoints" in info and "Feature Count: 6" in info
    assert "Layer name: tracks" in info


def test_kml_parses_with_chinese_names_and_the_route_line(admin_client, plan, tmp_path):
    route = plan["routes"][0]
    response, _ = fetch(admin_client, route["kml"], tmp_path, "day.kml")
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(response.content)
    names = [p.findtext(f"{KML}name") for p in root.iter(f"{KML}Placemark")]
    assert names[:-1] == [f"{s['seq']}. {s['name']}" for s in route["stops"]]
    line = root.find(f".//{KML}LineString/{KML}coordinates").text.split()
    lon, lat = map(float, line[0].split(","))
    assert 114.7 < lon < 115 and 35.7 < lat < 36  # lon,lat order, WGS 84


@pytest.mark.parametrize("driver", ["KML", "LIBKML"])
def test_kml_opens_in_gdal(admin_client, plan, tmp_path, driver):
    _, path = fetch(admin_client, plan["routes"][0]["kml"], tmp_path, "day.kml")
    info = ogrinfo(path, driver)
    assert "Feature Count" in info


def test_downloads_answer_404_for_a_missing_day(admin_client, plan):
    assert (
        admin_client.get(f"/routes/plans/{plan['id']}/group/1/day/9.gpx").status_code
        == 404
    )


def test_downloads_need_login(client, plan):
    assert client.get(plan["routes"][0]["kml"]).status_code == 302

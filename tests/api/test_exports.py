"""Downloads of a filtered layer: GeoJSON, CSV (BOM), KML, GeoPackage, zipped GBK Shapefile."""

import csv
import io
import zipfile

import pytest
from django.contrib.gis.gdal import DataSource

from tests.api.conftest import A

pytestmark = pytest.mark.django_db

URL = "/api/villages/"


def download(api, fmt, **params):
    response = api.get(URL, {"township": A, "format": fmt, **params})
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    return response


def test_geojson_download_holds_every_filtered_feature(api, world):
    body = download(api, "geojson").json()
    assert body["numberMatched"] == 4 and len(body["features"]) == 4


def test_csv_has_a_bom_chinese_names_and_wkt(api, world):
    text = download(api, "csv", year=2022).content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["short_name"] for r in rows] == [
        "测试A1村",
        "测试A2村",
        "测试A3村",
        "测试A4村",
    ]
    assert rows[0]["level"] == "5" and rows[0]["wkt"].startswith("MULTIPOLYGON")


def test_kml_is_wgs84_with_chinese_placemark_names(api, world):
    text = download(api, "kml").content.decode("utf-8")
    assert "<name>测试A1村</name>" in text
    assert "114.8,35.85" in text


def test_geopackage_opens_with_every_feature(api, world, tmp_path):
    path = tmp_path / "villages.gpkg"
    path.write_bytes(download(api, "gpkg").content)
    layer = DataSource(str(path))[0]
    assert layer.num_feat == 4 and layer.srs.srid == 4326


def test_shapefile_zip_is_gbk_with_a_cpg(api, world, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(download(api, "shp").content))
    names = set(archive.namelist())
    assert {
        "villages_areas.shp",
        "villages_areas.dbf",
        "villages_areas.cpg",
        "villages_areas.prj",
    } <= names
    assert archive.read("villages_areas.cpg").decode().strip().upper() == "GBK"
    assert "测试A1村".encode("gbk") in archive.read("villages_areas.dbf")
    archive.extractall(tmp_path)
    layer = DataSource(str(tmp_path / "villages_areas.shp"), encoding="gbk")[0]
    assert layer.num_feat == 4


def test_point_layer_exports_points_only(api, world):
    response = api.get("/api/cleared-sites/", {"township": A, "format": "shp"})
    names = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert "cleared_sites_points.shp" in names
    assert not [name for name in names if "areas" in name]


def test_export_keeps_the_filters(api, world):
    body = api.get(
        "/api/cleared-sites/", {"township": A, "kind": "pond", "format": "geojson"}
    ).json()
    assert [f["id"] for f in body["features"]] == ["T-A1-1", "T-A1-2"]

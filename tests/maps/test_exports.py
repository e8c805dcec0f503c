"""Village downloads for readers (issue 12, 7): Chinese headers and values, 是/否, WGS-84
longitude/latitude besides WKT, KML styled by star level with the short name read back by
GDAL, file names with township, year and date, the page's year and filters followed."""

import csv
import io
import json
import subprocess
from urllib.parse import unquote

from django.utils import timezone
from openpyxl import load_workbook

from layers.models import StarRating, Township, Village


def gdal_read(path, *options) -> list[dict]:
    """Read a file with GDAL's ogr2ogr (the features as GeoJSON, WGS-84)."""
    result = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", str(path), *options],
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout)["features"]


def filename(response) -> str:
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=UTF-8''")[1])


def test_csv_has_chinese_headers_yes_no_and_wgs84_coordinates(viewer, county, tmp_path):
    old = county.years[0]
    township = Township.objects.get(code=county.township)
    response = viewer.get(f"/township/{county.township}/villages.csv?year={old}")
    assert response.status_code == 200
    name = filename(response)
    today = timezone.localdate().strftime("%Y%m%d")
    assert name == f"{township.name}_{old}年_行政村星级_{today}.csv"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == county.township_villages
    header = list(rows[0])
    assert (
        "经度（WGS-84，EPSG:4326）" in header and "WKT（WGS-84，EPSG:4326）" in header
    )
    assert (
        "简称" in header and "年度" in header and "软弱涣散党组织" in " ".join(header)
    )
    assert {row["年度"] for row in rows} == {str(old)}
    flags = {
        value
        for row in rows
        for key, value in row.items()
        if "星" in key and key.endswith("星")
    }
    assert flags <= {"是", "否"} and flags
    first = rows[0]
    lon, lat = (
        float(first["经度（WGS-84，EPSG:4326）"]),
        float(first["纬度（WGS-84，EPSG:4326）"]),
    )
    assert 114.5 < lon < 115.3 and 35.6 < lat < 36.2  # Neihuang, degrees not metres
    # GDAL reads the file with its coordinates.
    path = tmp_path / "villages.csv"
    path.write_bytes(response.content)
    features = gdal_read(
        path,
        "-oo",
        "X_POSSIBLE_NAMES=经度*",
        "-oo",
        "Y_POSSIBLE_NAMES=纬度*",
    )
    assert len(features) == county.township_villages
    assert abs(features[0]["geometry"]["coordinates"][0] - lon) < 1e-9


def test_downloads_follow_year_and_filters(viewer, county):
    new = county.years[-1]
    response = viewer.get(
        f"/county/villages.xlsx?year={new}&star=civility&has_star=false&weak=true"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "代码" and "星级名称" in header
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    expected = StarRating.objects.filter(
        year=new, civility=False, is_weak_branch=True
    ).values_list("village__code", flat=True)
    assert sorted(codes) == sorted(expected)
    assert f"{new}年" in filename(response)


def test_kml_is_styled_by_level_and_gdal_reads_the_short_name(viewer, county, tmp_path):
    new = county.years[-1]
    response = viewer.get(f"/township/{county.township}/villages.kml?year={new}")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('<Style id="level-') == 6
    levels = dict(
        StarRating.objects.filter(
            year=new, village__township__code=county.township
        ).values_list("village__code", "level")
    )
    assert f"#level-{max(levels.values())}" in text
    path = tmp_path / "villages.kml"
    path.write_bytes(response.content)
    shorts = {f["properties"]["简称"] for f in gdal_read(path)}
    assert shorts == set(
        Village.objects.filter(township__code=county.township).values_list(
            "short_name", flat=True
        )
    )


def test_bad_download_parameters_are_named(viewer, county):
    response = viewer.get("/county/villages.csv?year=1990&level=9&colour=red")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year", "level", "colour"}
    assert viewer.get("/county/villages.exe").status_code == 404


def test_english_ui_gets_english_headers(viewer, county, settings):
    viewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = viewer.get(f"/township/{county.township}/villages.csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Code,Name,Short name")
    assert "longitude (WGS-84, EPSG:4326)" in header
    assert ",No," in response.content.decode(
        "utf-8-sig"
    ) or ",Yes," in response.content.decode("utf-8-sig")

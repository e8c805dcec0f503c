"""Opening files: each format yields numbered rows, properties, lon/lat geometry."""

import json
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point

from layers.importers.errors import ImportFailed
from layers.importers.sources import open_source
from tests.importers.conftest import INVALID, SAMPLES


def rows(path: Path, **options) -> list:
    return list(open_source(path, **options).read())


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "name, count, crs",
    [
        ("villages.geojson", 6, "EPSG:4326"),
        ("townships.gpkg", 3, "EPSG:4326"),
        ("villages_utf8.shp", 6, "EPSG:4326"),
        ("villages_gbk.zip", 6, "EPSG:4326"),
        ("villages_4547.shp", 6, "EPSG:4547"),
        ("service_centres.kml", 3, "EPSG:4326"),
        ("cleared_sites_gbk.csv", 4, "EPSG:4326 (assumed)"),
        ("eod_sites_wkt.csv", 2, "EPSG:4326 (assumed)"),
        ("ratings.csv", 3, "EPSG:4326 (assumed)"),
    ],
)
def test_each_sample_format_opens_with_its_rows_and_crs(name, count, crs):
    source = open_source(SAMPLES / name)
    features = list(source.read())
    assert source.crs.label == crs
    assert [f.row for f in features] == list(range(1, count + 1))
    assert all(f.geometry is None or f.geometry.srid == 4326 for f in features)


def test_projected_geometry_arrives_as_lon_lat():
    first = rows(SAMPLES / "villages_4547.shp")[0]
    west, south, _east, _north = first.geometry.extent
    assert (west, south) == pytest.approx((114.82, 35.70), abs=1e-7)


def test_kml_extended_data_becomes_properties():
    first = rows(SAMPLES / "service_centres.kml")[0]
    assert first.properties["name"] == "冯庄村党群服务中心"  # read by kmlfile
    assert first.properties["village_code"] == "410527103219"
    assert first.geometry.coords == pytest.approx((114.825, 35.704))


def test_csv_lon_lat_columns_become_points_and_leave_the_properties():
    first = rows(SAMPLES / "cleared_sites_gbk.csv")[0]
    assert "经度" not in first.properties and first.properties["类型"] == "坑塘"
    assert first.geometry.coords == pytest.approx((114.823, 35.703))


@pytest.mark.parametrize(
    "header",
    ["lon,lat", "lng,lat", "longitude,latitude", "x,y", "经度,纬度", "Lon,Lat"],
)
def test_csv_finds_lon_lat_columns_by_any_usual_name(tmp_path, header):
    path = write(tmp_path / "p.csv", f"code,{header}\nA,114.9,35.9\n")
    assert rows(path)[0].geometry.coords == (114.9, 35.9)


def test_csv_wkt_column_with_bom_and_z_is_read_2d(tmp_path):
    path = write(
        tmp_path / "p.csv", 'code,WKT\nA,"POINT Z (114.9 35.9 50)"\n', "utf-8-sig"
    )
    geometry = rows(path)[0].geometry
    assert not geometry.hasz and geometry.coords == (114.9, 35.9)


def test_csv_without_geometry_columns_is_tabular(tmp_path):
    assert (
        rows(write(tmp_path / "t.csv", "village_code,year\n410527103219,2022\n"))[
            0
        ].geometry
        is None
    )


def test_csv_semicolon_and_tab_delimiters_are_sniffed(tmp_path):
    for delimiter in (";", "\t"):
        path = write(tmp_path / "d.csv", f"code{delimiter}name\nA{delimiter}冯庄村\n")
        assert rows(path)[0].properties == {"code": "A", "name": "冯庄村"}


def test_csv_row_numbers_count_blank_lines(tmp_path):
    path = write(tmp_path / "b.csv", "code\nA\n\nC\n")
    assert [(f.row, f.properties["code"]) for f in rows(path)] == [(1, "A"), (3, "C")]


@pytest.mark.parametrize(
    "cells, words",
    [
        ("35.9,114.9", "look swapped"),
        ("114.9,95", "not degrees"),
        ("abc,35.9", "is not a pair of numbers"),
    ],
)
def test_csv_bad_coordinates_become_row_problems(tmp_path, cells, words):
    path = write(tmp_path / "c.csv", f"code,经度,纬度\nA,{cells}\n")
    feature = rows(path)[0]
    assert feature.geometry is None and words in feature.problem


def test_csv_ewkt_srid_must_agree_with_the_crs(tmp_path):
    path = write(tmp_path / "e.csv", 'code,wkt\nA,"SRID=4547;POINT (582657 3819492)"\n')
    assert "use --srs" in rows(path)[0].problem
    moved = rows(path, srs="EPSG:4547")[0].geometry
    assert moved.distance(Point(114.9, 34.5)) < 1e-5


def test_csv_with_only_a_longitude_column_is_refused(tmp_path):
    with pytest.raises(
        ImportFailed, match="longitude or a latitude column but not both"
    ):
        open_source(write(tmp_path / "l.csv", "code,lon\nA,114.9\n"))


def test_geojson_crs_member_is_honoured_and_unknown_ones_refused(tmp_path):
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [582657.2, 3819492.6]},
            }
        ],
    }
    path = write(tmp_path / "c.geojson", json.dumps(collection))
    assert rows(path)[0].geometry.distance(Point(114.9, 34.5)) < 1e-5
    collection["crs"] = None  # old GeoJSON's "no CRS given": the default applies
    assert rows(write(tmp_path / "n.geojson", json.dumps(collection)))[0].problem
    collection["crs"] = {"type": "link", "properties": {"href": "file:///etc/passwd"}}
    with pytest.raises(ImportFailed, match="only a named GeoJSON crs"):
        open_source(write(tmp_path / "l.geojson", json.dumps(collection)))
    collection["crs"] = {"type": "name", "properties": {"name": "EPSG:2383"}}
    with pytest.raises(ImportFailed, match="Unknown or unsupported SRS 'EPSG:2383'"):
        open_source(write(tmp_path / "c.geojson", json.dumps(collection)))


def test_srs_option_overrides_the_file():
    feature = rows(INVALID / "service_centre_wrong_crs.geojson", srs="EPSG:4547")[0]
    assert feature.problem is None
    assert feature.geometry.coords == pytest.approx((114.825, 35.704), abs=1e-7)


def test_geojson_must_be_utf8_and_well_formed(tmp_path):
    with pytest.raises(ImportFailed, match="not UTF-8; GeoJSON must be"):
        open_source(write(tmp_path / "g.geojson", '{"type": "冯庄"}', "gbk"))
    with pytest.raises(
        ImportFailed, match=r"malformed\.geojson is not valid GeoJSON.*line 3"
    ):
        open_source(INVALID / "malformed.geojson")
    with pytest.raises(ImportFailed, match="not a GeoJSON FeatureCollection"):
        open_source(write(tmp_path / "g.geojson", "[1, 2]"))


def test_unknown_suffix_missing_file_and_oversized_file_are_refused(tmp_path, settings):
    with pytest.raises(ImportFailed, match="unknown format '.docx'"):
        open_source(write(tmp_path / "a.docx", "x"))
    with pytest.raises(ImportFailed, match="no such file"):
        open_source(tmp_path / "absent.geojson")
    settings.GEOPORTAL_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFailed, match="the limit is 0.0 MB"):
        open_source(SAMPLES / "villages.geojson")


def test_zip_must_hold_exactly_one_shapefile(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "two.zip", "w") as archive:
        archive.writestr("a.shp", b"")
        archive.writestr("b.shp", b"")
    with pytest.raises(ImportFailed, match="exactly one .shp; it holds 2"):
        open_source(tmp_path / "two.zip")


def test_shapefile_without_dbf_is_refused(tmp_path):
    (tmp_path / "lonely.shp").write_bytes((SAMPLES / "villages_utf8.shp").read_bytes())
    with pytest.raises(ImportFailed, match="no .dbf"):
        open_source(tmp_path / "lonely.shp")

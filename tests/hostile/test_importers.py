"""Hostile import files: each is refused with a clear ImportFailed, nothing written."""

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layers.importers import ImportFailed, import_file

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"


def refused(kind: str, path: Path) -> str:
    """Import `path`; return the message of the ImportFailed or failed report."""
    try:
        report = import_file(kind, path)
    except ImportFailed as failure:
        assert failure.message
        return failure.message
    assert not report.ok, f"{path.name} was imported"
    return "; ".join(str(error) for error in report.errors)


def shapefile_zip(path: Path, names: dict[str, str]) -> Path:
    """Zip the villages_utf8 sample under hostile member names {suffix: name}."""
    with zipfile.ZipFile(path, "w") as archive:
        for suffix, name in names.items():
            archive.write(SAMPLES / f"villages_utf8{suffix}", name)
    return path


@pytest.mark.parametrize(
    "stem",
    ["../../evil", "/tmp/evil_abs", "..\\..\\evil", "a/../../../evil"],
)
def test_a_zip_with_path_tricks_writes_nothing_outside(tmp_path, unchanged, stem):
    work = tmp_path / "work"
    work.mkdir()
    archive = shapefile_zip(
        work / "villages.zip",
        {s: f"{stem}{s}" for s in (".shp", ".shx", ".dbf", ".prj", ".cpg")},
    )
    before = {p for p in tmp_path.rglob("*")}
    try:
        import_file("village", archive, dry_run=True)
    except ImportFailed as failure:
        assert failure.message
    assert {p for p in tmp_path.rglob("*")} == before
    assert not Path("/tmp/evil_abs.shp").exists()
    assert not (tmp_path.parent / "evil.shp").exists()
    unchanged()


def test_a_file_named_with_shell_metacharacters_is_handled(tmp_path, unchanged):
    name = "x; rm -rf ~ && $(touch pwned) `id` |cat > out.geojson"
    path = tmp_path / name
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(ImportFailed) as failure:
        import_file("village", path)
    assert "pwned" not in {p.name for p in Path.cwd().iterdir()}
    assert not (tmp_path / "pwned").exists()
    assert failure.value.message
    with pytest.raises(CommandError):
        call_command("import_layer", "village", str(path), verbosity=0)
    unchanged()


def test_a_truncated_geopackage_is_refused(tmp_path, unchanged):
    data = (SAMPLES / "townships.gpkg").read_bytes()
    for size in (0, 100, len(data) // 2):
        path = tmp_path / f"cut{size}.gpkg"
        path.write_bytes(data[:size])
        assert refused("township", path)
    unchanged()


def test_a_geopackage_that_is_another_sqlite_file_is_refused(tmp_path, unchanged):
    path = tmp_path / "not.gpkg"
    with sqlite3.connect(path) as db:
        db.execute("create table t (x)")
    assert refused("township", path)
    unchanged()


def test_a_csv_with_a_hundred_thousand_columns_is_refused(tmp_path, unchanged):
    path = tmp_path / "wide.csv"
    header = ",".join(f"c{i}" for i in range(10**5))
    path.write_text(header + "\n" + ",".join("1" for _ in range(10**5)) + "\n")
    assert refused("rating", path)
    unchanged()


@pytest.mark.slow
def test_a_csv_with_a_fifty_megabyte_line_is_refused(tmp_path, unchanged):
    path = tmp_path / "long.csv"
    with path.open("w") as out:
        out.write("village_code,year,note\n410527001001,2023,")
        out.write("x" * 50 * 1024 * 1024)
        out.write("\n")
    assert refused("rating", path)
    unchanged()


def test_geojson_nested_a_hundred_thousand_deep_is_refused(tmp_path, unchanged):
    path = tmp_path / "deep.geojson"
    depth = 10**5
    path.write_text(
        '{"type": "FeatureCollection", "features": ' + "[" * depth + "]" * depth + "}"
    )
    assert refused("village", path)
    geometry = tmp_path / "deep_geometry.geojson"
    geometry.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {}, "geometry": {"type": "Polygon", "coordinates": '
        + "[" * depth
        + "]" * depth
        + "}}]}"
    )
    assert refused("village", geometry)
    unchanged()


@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.geojson", ""),
        ("nul.geojson", "\x00" * 100),
        ("list.geojson", "[1, 2, 3]"),
        (
            "nan.geojson",
            (
                '{"type": "FeatureCollection", "features": [{"type": '
                '"Feature", "properties": {}, "geometry": {"type": "Point", '
                '"coordinates": [NaN, Infinity]}}]}'
            ),
        ),
        (
            "crs.geojson",
            (
                '{"type": "FeatureCollection", "crs": {"type": "name", '
                '"properties": {"name": "EPSG:9999"}}, "features": []}'
            ),
        ),
        ("binary.csv", "\xff\xfe\x00garbage\x00"),
        ("evil.exe", "MZ"),
        ("bad.kml", "<kml><Document><Placemark>"),
        (
            "bomb.kml",
            (
                '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                "<kml><Document><name>&lol2;</name></Document></kml>"
            ),
        ),
        ("notzip.zip", "PK not really"),
    ],
)
def test_malformed_files_are_refused_clearly(tmp_path, unchanged, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    kind = "service_centre" if name.endswith(".kml") else "cleared_site"
    assert refused(kind, path)
    unchanged()


def test_json_properties_of_the_wrong_types_fail_rows_not_the_server(
    tmp_path, unchanged
):
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": ["x"],
                "kind": {"a": 1},
                "status": 5,
                "reported_on": True,
                "village": None,
            },
            "geometry": {"type": "Point", "coordinates": [114.9, 35.7]},
        }
    ]
    path = tmp_path / "types.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    assert refused("cleared_site", path)
    unchanged()

"""Checks before writing: geometry, areas, references, uniqueness, rules."""

import json
from decimal import Decimal

import pytest
from django.contrib.gis.geos import LineString, MultiPoint, MultiPolygon, Point, Polygon
from django.db import connection
from django.test.utils import CaptureQueriesContext

from layers.importers import ImportFailed, import_file
from layers.importers.geometry import (
    MAX_VERTICES,
    Area,
    describe,
    shape,
    vertex_problem,
)
from layers.models import County, EODProject, Township, Village
from tests.importers.conftest import INVALID, SAMPLES

POLYGONAL = ("MultiPolygon",)
BOWTIE = Polygon(
    (
        (114.82, 35.70),
        (114.83, 35.71),
        (114.83, 35.70),
        (114.82, 35.71),
        (114.82, 35.70),
    ),
    srid=4326,
)


def metres_north(point: Point, metres: float) -> Point:
    moved = point.transform(4547, clone=True)
    moved.y += metres
    return moved.transform(4326, clone=True)


def geojson(path, features) -> str:
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": properties,
                        "geometry": json.loads(geometry.geojson),
                    }
                    for properties, geometry in features
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def square(west, south, size=0.01) -> Polygon:
    return Polygon.from_bbox((west, south, west + size, south + size))


def test_polygon_becomes_multipolygon_and_single_multipoint_a_point():
    assert (
        shape(square(114.8, 35.8), POLYGONAL, repair=False)[0].geom_type
        == "MultiPolygon"
    )
    assert shape(MultiPoint(Point(1, 2)), ("Point",), repair=False)[0].coords == (1, 2)


def test_wrong_type_and_empty_geometry_are_named():
    assert (
        "LineString where Point is expected"
        in shape(LineString((0, 0), (1, 1)), ("Point",), repair=False)[1]
    )
    assert "empty" in shape(MultiPolygon(), POLYGONAL, repair=False)[1]


def test_self_intersection_is_located_and_repairable():
    geometry, problem, repaired = shape(BOWTIE, POLYGONAL, repair=False)
    assert geometry is None and problem == (
        "self-intersection at 114.825 35.705 (--repair can fix it)"
    )
    geometry, problem, repaired = shape(BOWTIE, POLYGONAL, repair=True)
    assert problem is None and repaired == "self-intersection at 114.825 35.705"
    assert geometry.valid and len(geometry) == 2


def test_describe_keeps_unfamiliar_reasons():
    assert describe("Too few points in geometry component[1 2]") == (
        "too few points in geometry component at 1 2"
    )
    assert describe("Something else") == "something else"


def test_more_than_the_vertex_limit_is_refused():
    ring = [(114.8 + i * 1e-7, 35.8) for i in range(MAX_VERTICES)]
    ring += [(114.8, 35.9), ring[0]]
    assert "at most 200000" in vertex_problem(Polygon(ring))
    assert vertex_problem(square(114.8, 35.8)) is None


def test_area_tolerates_50_metres_and_says_how_far_beyond(county):
    township = Area(MultiPolygon(square(114.80, 35.69, 0.05), srid=4326), "梁庄镇")
    edge = Point(114.825, 35.74, srid=4326)
    assert township.problem(metres_north(edge, 30)) is None
    assert township.problem(metres_north(edge, 300)) == "outside 梁庄镇 (300 m away)"
    crossing = MultiPolygon(square(114.82, 35.735), srid=4326)
    assert township.problem(crossing).startswith(
        "crosses the boundary of 梁庄镇 (up to"
    )


def test_far_outside_the_county_suggests_checking_the_crs(villages):
    report = import_file("cleared_site", INVALID / "cleared_site_outside.geojson")
    reason = report.errors[0].reason
    assert reason.startswith("outside the county (") and reason.endswith(
        "is the CRS right? (--srs)"
    )


def test_without_a_county_only_the_county_kind_can_be_imported(villages):
    County.objects.all().delete()  # inside the test's transaction: rolled back
    with pytest.raises(ImportFailed, match="import the county first"):
        import_file("village", SAMPLES / "villages.geojson")
    # No geometry, so no county needed: the rows are read, checked and would be written.
    report = import_file("rating", SAMPLES / "ratings.csv", dry_run=True)
    assert report.ok and report.rows_read == 3, report.errors


def test_village_must_lie_in_its_surveyed_township(villages, tmp_path):
    Township.objects.filter(code="410527207").update(is_schematic=False)
    path = geojson(
        tmp_path / "v.geojson",
        [({"code": "410527207203", "name": "西沟村村委会"}, square(114.82, 35.70))],
    )
    error = import_file("village", path).errors[0]
    assert (error.field, error.reason.split(" (")[0]) == ("boundary", "outside 宋村乡")


def test_a_schematic_township_outline_never_refuses_a_village(villages, tmp_path):
    path = geojson(
        tmp_path / "v.geojson",
        [
            ({"code": "410527103219", "name": "冯庄村村委会"}, square(114.855, 35.70)),
            ({"code": "410527103204", "name": "齐村村委会"}, square(114.87, 35.70)),
        ],
    )
    report = import_file("village", path, dry_run=True)
    assert report.ok, report.errors
    assert any("schematic" in note and "not refused" in note for note in report.notes)


def test_a_surveyed_township_refuses_a_village_outside_naming_the_distance(
    villages, tmp_path
):
    from layers.models import Township

    Township.objects.filter(code="410527103").update(is_schematic=False)
    path = geojson(
        tmp_path / "v.geojson",
        [({"code": "410527103204", "name": "齐村村委会"}, square(114.87, 35.70))],
    )
    error = import_file("village", path).errors[0]
    assert error.field == "boundary" and "梁庄镇" in error.reason
    assert " m " in error.reason or " km " in error.reason or "m)" in error.reason


def test_label_point_outside_the_village_is_refused(villages, tmp_path):
    path = geojson(
        tmp_path / "v.geojson",
        [
            (
                {
                    "code": "410527103219",
                    "name": "冯庄村村委会",
                    "label_lon": 114.84,
                    "label_lat": 35.705,
                },
                square(114.82, 35.70),
            )
        ],
    )
    error = import_file("village", path).errors[0]
    assert (error.field, error.reason) == (
        "label_point",
        "lies outside the row's own geometry",
    )


def test_township_code_must_belong_to_the_county(county, tmp_path):
    path = geojson(
        tmp_path / "t.geojson",
        [({"code": "410526101", "name": "某镇"}, square(114.80, 35.69, 0.05))],
    )
    error = import_file("township", path).errors[0]
    assert (error.field, error.reason) == (
        "code",
        "410526101 is not a code of county 410527 (official list NBS 2023)",
    )


def test_village_code_and_township_code_must_agree(villages, tmp_path):
    path = geojson(
        tmp_path / "v.geojson",
        [
            (
                {
                    "code": "410527103219",
                    "name": "冯庄村村委会",
                    "township_code": "410527207",
                },
                square(114.82, 35.70),
            )
        ],
    )
    assert (
        "does not match the village code"
        in import_file("village", path).errors[0].reason
    )


def test_sub_project_already_held_by_another_project_is_refused(db):
    # The loaded data give every sub-project a project (EOD-1 holds village_sewage):
    # renamed here, the file's EOD-1 claims a sub-project another code holds.
    EODProject.objects.update_or_create(
        sub_project="village_sewage",
        defaults={
            "code": "EOD-9",
            "name": "x",
            "planned_investment": Decimal(1),
            "status": "planned",
        },
    )
    assert not EODProject.objects.filter(code="EOD-1").exists()
    error = import_file("eod_project", SAMPLES / "eod_projects.csv").errors[0]
    assert (error.row, error.field) == (1, "sub_project")
    assert "already belongs to EOD-9" in error.reason


def test_quasi_five_star_with_five_stars_is_refused(villages, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "village_code,year,branch,industry,ecology,safety,civility,准五星\n"
        "410527103219,2022,1,1,1,1,1,是\n",
        encoding="utf-8",
    )
    assert import_file("rating", path).errors[0].field == "is_quasi_five_star"


def test_model_validators_still_apply(villages, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        f"village_code,year,partner_kind,partner\n410527103219,2022,leader,"
        f"{'长' * 101}\n",
        encoding="utf-8",
    )
    error = import_file("pairing", path).errors[0]
    assert error.field == "partner" and "at most 100" in error.reason


def test_missing_required_column_fails_listing_the_columns(villages, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("村,年度\n410527103219,2022\n", encoding="utf-8")
    with pytest.raises(
        ImportFailed,
        match=r"lacks the column village_code .*columns are: 村, 年度",
    ):
        import_file("rating", path)


def cleared_sites_csv(path, count: int):
    lines = ["code,kind,status,reported_on,village_code,lon,lat"]
    for number in range(count):
        village = "410527103219" if number % 2 else ""
        lines.append(
            f"Q-{number},pond,reported,2023-03-01,{village},"
            f"{114.8205 + number * 1e-5},35.705"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_queries_do_not_grow_with_the_number_of_rows(villages, tmp_path):
    with CaptureQueriesContext(connection) as few:
        assert import_file("cleared_site", cleared_sites_csv(tmp_path / "a.csv", 4)).ok
    with CaptureQueriesContext(connection) as many:
        assert import_file(
            "cleared_site", cleared_sites_csv(tmp_path / "b.csv", 300)
        ).ok
    assert len(many) == len(few)


def test_cleared_sites_without_a_code_get_the_village_containing_them(
    villages, tmp_path
):
    report = import_file("cleared_site", cleared_sites_csv(tmp_path / "a.csv", 4))
    assert report.ok
    from layers.models import ClearedSite

    site = ClearedSite.objects.get(code="Q-0")
    assert site.village.boundary.intersects(site.location)
    if Village.objects.filter(boundary__intersects=site.location).count() == 1:
        assert site.village.code == "410527103219"


@pytest.mark.slow
def test_a_polygon_over_the_vertex_limit_is_a_row_error(villages, tmp_path):
    ring = [(114.82 + i * 4e-8, 35.70) for i in range(MAX_VERTICES)]
    ring += [(114.83, 35.71), ring[0]]
    path = geojson(
        tmp_path / "big.geojson",
        [({"code": "410527103219", "name": "冯庄村村委会"}, Polygon(ring))],
    )
    error = import_file("village", path).errors[0]
    assert (error.row, error.field) == (1, "boundary")
    assert "has 200002 vertices; at most 200000" in error.reason

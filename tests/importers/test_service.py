"""import_file end to end: good samples import, invalid ones are refused cleanly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point

from layers.gcj02 import wgs84_to_gcj02
from layers.importers import ImportFailed, import_file
from layers.models import (
    ClearedSite,
    CreationTarget,
    EODProject,
    EODSite,
    Pairing,
    ServiceCentre,
    StarRating,
    Township,
    Village,
)
from tests.importers.conftest import INVALID, NEIHUANG, SAMPLES

pytestmark = pytest.mark.django_db


def counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


ALL = (
    Township,
    Village,
    StarRating,
    CreationTarget,
    EODProject,
    EODSite,
    ClearedSite,
    ServiceCentre,
    Pairing,
)


def test_county_outline_imports_from_gcj02(db):
    report = import_file("county", NEIHUANG / "county_boundary.geojson", srs="gcj02")
    assert report.ok, report.errors
    assert report.created + report.updated + report.unchanged == 1
    assert report.source_srs == "gcj02"


def test_townships_import_from_geopackage(county):
    report = import_file("township", SAMPLES / "townships.gpkg")
    assert report.ok, report.errors
    assert report.rows_read == 3 and report.created + report.updated == 3
    liangzhuang = Township.objects.get(code="410527103")
    assert (liangzhuang.name, liangzhuang.kind) == ("梁庄镇", "town")
    assert liangzhuang.seat.equals_exact(Point(114.825, 35.715), 1e-9)
    fanyang = Township.objects.get(code="410527001")
    assert fanyang.kind == "subdistrict" and fanyang.boundary.covers(fanyang.seat)
    assert Township.objects.get(code="410527207").kind == "township"


def test_villages_import_from_geojson_with_derived_names(townships, village_names):
    report = import_file("village", SAMPLES / "villages.geojson")
    assert report.ok, report.errors
    assert report.created + report.updated + report.unchanged == 6
    codes = [code for code in village_names if code[:9] in townships]
    imported = {v.code: v for v in Village.objects.filter(code__in=codes)}
    assert len(imported) >= 6
    for code, village in imported.items():
        assert village.name == village_names[code]["name"]
        assert village.short_name == village_names[code]["name_short"]
        assert village.committee_type == village_names[code]["committee_type"]
        assert village.township.code == code[:9]
    fengzhuang = imported["410527103219"]
    assert fengzhuang.label_point.equals_exact(Point(114.8225, 35.7075), 1e-9)
    assert imported["410527001001"].boundary.covers(
        imported["410527001001"].label_point
    )


def test_importing_the_same_file_twice_leaves_rows_unchanged(townships):
    import_file("village", SAMPLES / "villages.geojson")
    again = import_file("village", SAMPLES / "villages.geojson")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


@pytest.mark.parametrize(
    "name",
    [
        "villages_utf8.shp",
        "villages_gbk.shp",
        "villages_gbk_cpg.shp",
        "villages_gbk.zip",
        "villages_4547.shp",
    ],
)
def test_village_shapefiles_read_chinese_names(townships, village_names, name):
    report = import_file("village", SAMPLES / name)
    assert report.ok, report.errors
    assert report.rows_read == 6
    for code in ("410527103219", "410527001001", "410527207203"):
        village = Village.objects.get(code=code)
        assert village.name == village_names[code]["name"]
        assert village.short_name == village_names[code]["name_short"]


def test_service_centres_import_from_kml(villages):
    report = import_file("service_centre", SAMPLES / "service_centres.kml")
    assert report.ok, report.errors
    assert report.created + report.updated == 3
    centre = ServiceCentre.objects.get(village__code="410527103219")
    assert (centre.name, centre.built_year, centre.floor_area_m2) == (
        "冯庄村党群服务中心",
        2021,
        600,
    )
    assert ServiceCentre.objects.get(village__code="410527001238").floor_area_m2 is None
    assert (
        "name" not in report.ignored_columns
        and "description" not in report.ignored_columns
    )


def test_cleared_sites_import_from_gbk_csv_with_chinese_headers(villages):
    report = import_file("cleared_site", SAMPLES / "cleared_sites_gbk.csv")
    assert report.ok, report.errors
    assert report.encoding.startswith("gb18030 (detected: not UTF-8; 100%")
    assert report.created == 4
    pond = ClearedSite.objects.get(code="QL-S-001")
    assert (pond.kind, pond.status, pond.reuse) == ("pond", "verified", "park")
    assert (pond.reported_on, pond.cleared_on, pond.verified_on) == (
        dt.date(2023, 3, 5),
        dt.date(2023, 3, 20),
        dt.date(2023, 4, 2),
    )
    assert (pond.area_m2, pond.note) == (1200, "填平后建小游园")
    for site in ClearedSite.objects.filter(code__in=["QL-S-002", "QL-S-003"]):
        assert site.village.boundary.intersects(site.location)
    assert ClearedSite.objects.get(code="QL-S-004").reuse == "car_park"


def test_eod_projects_and_sites_import_from_csv_and_wkt(villages):
    projects = import_file("eod_project", SAMPLES / "eod_projects.csv")
    assert projects.ok, projects.errors
    sewage = EODProject.objects.get(code="EOD-1")
    assert (sewage.sub_project, sewage.status) == ("village_sewage", "building")
    assert sewage.planned_investment == Decimal("960000000")
    sites = import_file("eod_site", SAMPLES / "eod_sites_wkt.csv")
    assert sites.ok, sites.errors
    assert EODSite.objects.get(code="EOD-1-01").geom.geom_type == "Point"
    area = EODSite.objects.get(code="EOD-4-01")
    assert area.geom.geom_type == "MultiPolygon" and area.investment == 0
    assert area.village.code == "410527207203" and area.status == "planned"


def test_tabular_kinds_import_from_csv(villages):
    for kind, name, expected in [
        ("rating", "ratings.csv", 3),
        ("target", "targets.csv", 3),
        ("pairing", "pairings.csv", 2),
    ]:
        report = import_file(kind, SAMPLES / name)
        assert report.ok, (kind, report.errors)
        assert report.created + report.updated == expected
    fengzhuang = StarRating.objects.get(village__code="410527103219", year=2022)
    assert fengzhuang.level == 5 and fengzhuang.collective_income == Decimal("2000000")
    xigou = StarRating.objects.get(village__code="410527207203", year=2022)
    assert xigou.stars == ["branch", "industry", "ecology"]
    assert xigou.collective_income == Decimal("300000")
    assert CreationTarget.objects.get(township=None, year=2023, level=5).count == 60
    pairing = Pairing.objects.get(village__code="410527207203", year=2022)
    assert (pairing.partner_kind, pairing.partner) == ("department", "县农业农村局")


def test_gcj02_points_land_within_a_metre_of_the_original(villages):
    report = import_file(
        "cleared_site", SAMPLES / "cleared_sites_gcj02.geojson", srs="gcj02"
    )
    assert report.ok, report.errors
    original = Point(114.824, 35.706, srid=4326)  # 冯庄村 cell at (0.4, 0.6)
    imported = ClearedSite.objects.get(code="GCJ-001").location
    assert metres_between(imported, original) < 1.0
    assert (
        metres_between(Point(*wgs84_to_gcj02(114.824, 35.706), srid=4326), original)
        > 400
    )


def test_epsg_4526_points_land_within_a_metre(villages):
    report = import_file(
        "service_centre", SAMPLES / "service_centres_4526.csv", srs="EPSG:4526"
    )
    assert report.ok, report.errors
    centre = ServiceCentre.objects.get(village__code="410527207203")
    assert metres_between(centre.location, Point(114.865, 36.096, srid=4326)) < 1.0


def test_epsg_4547_shapefile_lands_within_a_metre(townships):
    report = import_file("village", SAMPLES / "villages_4547.shp")
    assert report.ok, report.errors
    assert report.source_srs == "EPSG:4547"
    corner = Village.objects.get(code="410527103219").boundary[0][0][0]
    assert (
        metres_between(Point(corner, srid=4326), Point(114.82, 35.70, srid=4326)) < 1.0
    )


def metres_between(a: Point, b: Point) -> float:
    return a.transform(4547, clone=True).distance(b.transform(4547, clone=True))


# Invalid samples: refused with the row and the reason; the database is left as it was.


@pytest.mark.parametrize(
    "kind, name, row, field, words",
    [
        ("village", "village_bowtie.geojson", 1, "boundary", "self-intersection at"),
        (
            "cleared_site",
            "cleared_site_polygon.geojson",
            1,
            "location",
            "MultiPolygon where Point",
        ),
        (
            "village",
            "village_unknown_township.geojson",
            1,
            "code",
            # Named against the official list, not blamed on a missing township.
            "410527999001 is not in the official code list (NBS 2023)",
        ),
        (
            "rating",
            "rating_unknown_village.csv",
            2,
            "village_code",
            "410527103999 is not in the official code list (NBS 2023)",
        ),
        (
            "cleared_site",
            "cleared_site_outside.geojson",
            1,
            "location",
            "outside the county",
        ),
        (
            "service_centre",
            "service_centre_wrong_crs.geojson",
            1,
            "location",
            "EPSG:4547",
        ),
        (
            "cleared_site",
            "cleared_sites_row57.csv",
            57,
            "reported_on",
            "'2023-02-30' is not a date",
        ),
        ("cleared_site", "cleared_sites_swapped.csv", 2, "location", "look swapped"),
        (
            "rating",
            "ratings_duplicate.csv",
            2,
            "village_code, year",
            "the same as row 1",
        ),
        (
            "cleared_site",
            "cleared_sites_dates.csv",
            1,
            "cleared_on",
            "before reported_on",
        ),
        ("cleared_site", "cleared_sites_dates.csv", 2, "kind", "'水坑' is not one of"),
    ],
)
def test_invalid_sample_is_refused_naming_row_and_reason(
    villages, kind, name, row, field, words
):
    before = counts(*ALL)
    report = import_file(kind, INVALID / name)
    assert not report.ok
    assert any(
        e.row == row and e.field == field and words in e.reason for e in report.errors
    ), report.errors
    assert report.created == report.updated == 0
    assert counts(*ALL) == before


def test_outside_the_county_says_how_far_and_asks_about_the_crs(villages):
    error = import_file(
        "cleared_site", INVALID / "cleared_site_outside.geojson"
    ).errors[0]
    assert "km away" in error.reason and "--srs" in error.reason


def test_row_57_bad_leaves_rows_1_to_56_unsaved(villages):
    report = import_file("cleared_site", INVALID / "cleared_sites_row57.csv")
    assert report.rows_read == 60
    assert [error.row for error in report.errors] == [57]
    assert not ClearedSite.objects.filter(code__startswith="QL-R-").exists()


@pytest.mark.parametrize(
    "kind, name, words",
    [
        (
            "pairing",
            "pairings_bad_encoding.csv",
            "not readable as utf-8-sig or gb18030",
        ),
        ("village", "malformed.geojson", "is not valid GeoJSON"),
    ],
)
def test_unreadable_file_fails_naming_file_and_cause(villages, kind, name, words):
    before = counts(*ALL)
    with pytest.raises(ImportFailed) as failure:
        import_file(kind, INVALID / name)
    assert (
        name.split(".")[0] in failure.value.message and words in failure.value.message
    )
    assert counts(*ALL) == before


def test_dry_run_checks_everything_and_writes_nothing(villages):
    before = counts(*ALL)
    report = import_file(
        "cleared_site", SAMPLES / "cleared_sites_gbk.csv", dry_run=True
    )
    assert report.ok and report.dry_run and report.created == 4
    assert counts(*ALL) == before


def test_repair_turns_a_bowtie_into_two_triangles(villages):
    report = import_file("village", INVALID / "village_bowtie.geojson", repair=True)
    assert report.ok, report.errors
    assert report.repaired == 1 and "self-intersection" in report.repairs[0].reason
    boundary = Village.objects.get(code="410527103219").boundary
    assert boundary.valid and len(boundary) == 2
    assert boundary.area == pytest.approx(0.01 * 0.01 / 2)


def test_unknown_kind_srs_and_missing_file_fail_clearly(villages):
    with pytest.raises(ImportFailed, match="Unknown kind 'villag'.*village"):
        import_file("villag", SAMPLES / "villages.geojson")
    with pytest.raises(ImportFailed, match="Accepted: EPSG:4326"):
        import_file(
            "village", SAMPLES / "villages.geojson", srs="+proj=longlat +datum=WGS84"
        )
    with pytest.raises(ImportFailed, match="no such file"):
        import_file("village", SAMPLES / "nothing.geojson")


@pytest.mark.slow
def test_ten_thousand_cleared_sites_import_in_one_go(villages, tmp_path):
    import time

    lines = ["code,kind,status,reported_on,cleared_on,village_code,area_m2,经度,纬度"]
    for number in range(10_000):
        column, row = divmod(number, 100)
        village = "410527103219" if number % 2 else ""  # half found by location
        lines.append(
            f"T{number:05d},垃圾堆,已清理,2023/03/01,2023年3月9日,{village},100,"
            f"{114.8202 + column * 0.000096:.6f},{35.7002 + row * 0.000096:.6f}"
        )
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    started = time.perf_counter()
    report = import_file("cleared_site", path)
    elapsed = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    assert report.created == 10_000
    assert (
        ClearedSite.objects.filter(code__startswith="T", village__isnull=False).count()
        == 10_000
    )
    assert elapsed < 60, f"{elapsed:.1f} s"  # a few seconds on a quiet machine


def test_a_changed_row_is_updated_and_its_stamp_moves(villages, tmp_path):
    assert import_file("rating", SAMPLES / "ratings.csv").ok
    before = StarRating.objects.get(village__code="410527207203", year=2022)
    changed = (SAMPLES / "ratings.csv").read_text(encoding="utf-8")
    changed = changed.replace("300,000.00", "420000").replace(
        "410527207203,2022,√,是,true,,否", "410527207203,2022,√,是,true,是,否"
    )
    path = tmp_path / "ratings.csv"
    path.write_text(changed, encoding="utf-8")
    report = import_file("rating", path)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    after = StarRating.objects.get(pk=before.pk)
    assert after.collective_income == Decimal("420000") and after.level == 4
    assert after.updated_at > before.updated_at

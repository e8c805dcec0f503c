"""The Neihuang data set as loaded through the importer: counts, partitions, the report's figures."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F, Sum

from layers import models

pytestmark = pytest.mark.django_db

# Partition tolerances: generated boundaries are rounded to 6 decimals (~0.1 m).
MAX_OVERLAP_M2 = 5_000  # all pairwise overlaps together, county-wide
MAX_AREA_MISMATCH = 0.001  # union vs outline, as a share of the outline's area
CONTAINMENT_TOLERANCE_M = 5


def scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_seventeen_townships_and_532_villages():
    assert models.Township.objects.count() == 17
    assert models.Village.objects.count() == 532
    assert (
        models.Village.objects.filter(committee_type="residents_committee").count()
        == 13
    )


def test_township_kinds_match_the_statistics_bureau():
    kinds = dict(models.Township.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds == {"subdistrict": 2, "town": 9, "township": 6}


def test_every_generated_boundary_is_marked_schematic():
    assert not models.Township.objects.filter(is_schematic=False).exists()
    assert not models.Village.objects.filter(is_schematic=False).exists()


def test_county_outline_was_shifted_from_gcj02_to_wgs84():
    # AMap's outline is ~510 m east of WGS 84 here; DataV's county-seat point (GCJ-02)
    # 114.904582, 35.953702 must fall inside the converted outline's seat township.
    county = models.County.objects.get(code="410527")
    west, _south, east, _north = county.boundary.extent
    assert 114.5 < west < east < 115.2
    assert (
        1_100
        < scalar("select ST_Area(boundary::geography) / 1e6 from layers_county")
        < 1_200
    )


def test_every_village_lies_inside_its_township():
    outside = scalar(
        """select count(*) from layers_village v join layers_township t on t.id = v.township_id
           where not ST_CoveredBy(v.boundary::geography,
                                  ST_Buffer(t.boundary::geography, %s))""",
        [CONTAINMENT_TOLERANCE_M],
    )
    assert outside == 0


def test_every_township_lies_inside_the_county():
    outside = scalar(
        """select count(*) from layers_township t, layers_county c
           where not ST_CoveredBy(t.boundary::geography, ST_Buffer(c.boundary::geography, %s))""",
        [CONTAINMENT_TOLERANCE_M],
    )
    assert outside == 0


@pytest.mark.parametrize("table", ["layers_township", "layers_village"])
def test_boundaries_cover_the_outline_without_overlaps(table):
    overlap_m2 = scalar(
        f"""select coalesce(sum(ST_Area(ST_Intersection(a.boundary, b.boundary)::geography)), 0)
            from {table} a join {table} b
              on a.id < b.id and ST_Intersects(a.boundary, b.boundary)"""
    )
    mismatch = scalar(
        f"""select ST_Area(ST_SymDifference(c.boundary, u.geom)::geography)
                   / ST_Area(c.boundary::geography)
            from layers_county c, (select ST_Union(boundary) geom from {table}) u"""
    )
    assert overlap_m2 < MAX_OVERLAP_M2
    assert mismatch < MAX_AREA_MISMATCH


def test_label_points_and_seats_lie_inside_their_areas():
    assert not models.Village.objects.exclude(
        boundary__contains=F("label_point")
    ).exists()
    assert not models.Township.objects.exclude(boundary__contains=F("seat")).exists()


def test_2022_ratings_reproduce_the_county_report():
    ratings = models.StarRating.objects.filter(year=2022)
    by_level = dict(ratings.values_list("level").annotate(n=Count("id")))
    assert by_level == {5: 6, 4: 30, 3: 149, 2: 208, 1: 114, 0: 25}
    assert ratings.filter(is_weak_branch=True).count() == 25
    assert ratings.filter(is_quasi_five_star=True).count() == 19
    assert ratings.count() == 532


def test_2023_ratings_show_upgrades():
    levels = dict(
        models.StarRating.objects.filter(year=2023)
        .values_list("level")
        .annotate(n=Count("id"))
    )
    assert sum(levels.values()) == 532
    assert levels[5] > 6 and levels.get(0, 0) < 25


def test_township_targets_sum_to_the_county_targets():
    for year in (2022, 2023):
        county = dict(
            models.CreationTarget.objects.filter(township=None, year=year).values_list(
                "level", "count"
            )
        )
        townships = dict(
            models.CreationTarget.objects.filter(township__isnull=False, year=year)
            .values_list("level")
            .annotate(total=Sum("count"))
        )
        assert townships == county
    assert dict(
        models.CreationTarget.objects.filter(township=None, year=2022).values_list(
            "level", "count"
        )
    ) == {5: 6, 4: 30, 3: 149, 2: 208, 1: 114}


def test_cleared_sites_number_over_eight_thousand_inside_their_villages():
    assert models.ClearedSite.objects.count() > 8_000
    assert not models.ClearedSite.objects.exclude(
        village__boundary__contains=F("location")
    ).exists()


def test_eod_sub_projects_total_344_billion_yuan():
    projects = models.EODProject.objects.all()
    assert projects.count() == 6
    total = projects.aggregate(total=Sum("planned_investment"))["total"]
    assert total == Decimal("3440000000")
    for project in projects:
        assert (
            project.sites.aggregate(t=Sum("investment"))["t"]
            == project.planned_investment
        )


def test_service_centres_and_pairings_match_the_report():
    assert models.ServiceCentre.objects.count() == 342
    pairings = models.Pairing.objects.filter(year=2022)
    assert pairings.values("village").distinct().count() == 288
    partners = dict(
        pairings.values_list("partner_kind").annotate(n=Count("partner", distinct=True))
    )
    assert partners == {"leader": 33, "department": 94}


def test_named_villages_carry_the_report_figures():
    fengzhuang = models.StarRating.objects.get(village__code="410527103219", year=2022)
    assert fengzhuang.village.township.name == "梁庄镇"
    assert fengzhuang.collective_income == 2_000_000
    assert fengzhuang.transferred_land_mu == 1_400
    assert fengzhuang.level == 5
    xigou = models.StarRating.objects.get(village__code="410527207203", year=2022)
    assert xigou.village.township.name == "宋村乡"
    assert (xigou.collective_income, xigou.transferred_land_mu) == (300_000, 500)
    dongchanggu = models.Village.objects.get(code="410527001238")
    sites = dongchanggu.cleared_sites
    assert (
        sites.filter(kind__in=["ruined_wall", "hollow_yard"], status="verified").count()
        >= 33
    )
    assert (
        sites.filter(reuse="park").count() >= 4
        and sites.filter(reuse="car_park").count() >= 3
    )

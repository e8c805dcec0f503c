"""The small facts the pages read: years, totals against targets, tables, the outline."""

import pytest

from layers import pages
from layers.models import StarRating, Village


@pytest.fixture
def world(county_world, db):
    return county_world


def test_rating_years_are_the_rated_ones_oldest_first(world):
    assert pages.rating_years() == [2022, 2023]
    assert pages.chosen_year(2022) == 2022
    assert pages.chosen_year(1999) == 2023


def test_county_totals_put_unrated_villages_under_no_star(world):
    StarRating.objects.filter(year=2023, village__code="410527901001").delete()
    totals = pages.level_totals(pages.coverage_by_year())[2023]
    assert totals["villages"] == 532 and totals["rated"] == 531
    assert sum(row["count"] for row in totals["levels"]) == 532
    five = next(row for row in totals["levels"] if row["level"] == 5)
    assert five["target"] == 6


def test_township_table_lists_every_township_five_stars_first(world):
    rows = pages.county_summary(year=2023)["townships"]
    assert len(rows) == 17
    assert sum(row["villages"] for row in rows) == 532
    assert all(sum(row["levels"]) == row["villages"] for row in rows)
    first = rows[0]
    expected = Village.objects.filter(
        township__code=first["code"], ratings__year=2023, ratings__level=5
    ).count()
    assert first["levels"][0] == expected


def test_township_summary_counts_sites_by_kind_and_status(world):
    summary = pages.township_summary(code="410527901", year=None)
    assert summary["year"] == 2023
    assert sum(row["total"] for row in summary["site_counts"]) == 32 * 2
    assert len(summary["villages"]) == 32
    assert pages.township_summary(code="000000000", year=None) is None


def test_county_outline_is_one_simplified_feature(world):
    outline = pages.county_outline()
    assert outline["type"] == "Feature"
    assert outline["geometry"]["type"] in {"Polygon", "MultiPolygon"}

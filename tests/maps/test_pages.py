"""The small facts the pages read: years, totals against targets, tables, the outline."""

from django.db.models import Count

from layers import pages
from layers.models import CreationTarget, StarRating, Township, Village


def test_rating_years_are_the_rated_ones_oldest_first(county):
    assert pages.rating_years() == county.years
    assert pages.chosen_year(county.years[0]) == county.years[0]
    assert pages.chosen_year(1999) == county.years[-1]


def test_county_totals_put_unrated_villages_under_no_star(county):
    year = county.years[-1]
    StarRating.objects.filter(year=year, village__code=county.village).delete()
    totals = pages.level_totals(pages.coverage_by_year())[year]
    assert totals["villages"] == county.villages
    assert totals["rated"] == county.villages - 1
    assert sum(row["count"] for row in totals["levels"]) == county.villages
    five = next(row for row in totals["levels"] if row["level"] == 5)
    assert (
        five["target"]
        == CreationTarget.objects.get(township=None, year=year, level=5).count
    )


def test_township_table_lists_every_township_five_stars_first(county):
    year = county.years[-1]
    rows = pages.county_summary(year=year)["tables"][year]
    assert len(rows) == Township.objects.count()
    assert sum(row["villages"] for row in rows) == county.villages
    assert all(sum(row["levels"]) == row["villages"] for row in rows)
    levels = dict(
        StarRating.objects.filter(year=year, village__township__code=rows[0]["code"])
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    assert rows[0]["levels"][0] == levels.get(5, 0)


def test_township_summary_counts_sites_by_kind_and_status(county):
    summary = pages.township_summary(code=county.township, year=None)
    assert summary["year"] == county.years[-1]
    sites = Village.objects.filter(township__code=county.township).aggregate(
        n=Count("cleared_sites")
    )["n"]
    assert sum(row["total"] for row in summary["site_counts"]) == sites
    assert len(summary["villages"]) == county.township_villages
    assert pages.township_summary(code="000000000", year=None) is None


def test_village_summary_counts_its_own_sites(county):
    summary = pages.village_summary(code=county.village, year=None)
    assert sum(row["total"] for row in summary["site_counts"]) == county.village_sites
    assert pages.village_summary(code="nope", year=None) is None


def test_county_outline_is_one_simplified_feature(county):
    outline = pages.county_outline()
    assert outline["type"] == "Feature"
    assert outline["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert len(str(outline)) < 30_000

"""The database guards the data: constraints hold whatever code writes the rows."""

import datetime as dt

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import IntegrityError, transaction

from layers import models
from tests.factories import (
    ClearedSiteFactory,
    StarRatingFactory,
    TownshipFactory,
    VillageFactory,
)
from tests.grid import cell, centre

pytestmark = pytest.mark.django_db

BOWTIE = MultiPolygon(
    Polygon(
        (
            (114.80, 35.85),
            (114.81, 35.86),
            (114.81, 35.85),
            (114.80, 35.86),
            (114.80, 35.85),
        )
    ),
    srid=4326,
)


def refused(create):
    """Assert the database refuses what `create` writes."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_level_is_the_number_of_stars_held():
    rating = StarRatingFactory(branch=True, ecology=True, civility=True)
    rating.refresh_from_db()
    assert rating.level == 3
    assert rating.stars == ["branch", "ecology", "civility"]


def test_level_follows_a_changed_star():
    rating = StarRatingFactory(branch=True)
    rating.industry = True
    rating.save()
    rating.refresh_from_db()
    assert rating.level == 2


def test_one_rating_per_village_and_year():
    rating = StarRatingFactory()
    refused(lambda: StarRatingFactory(village=rating.village, year=rating.year))


def test_rating_year_must_be_plausible():
    refused(lambda: StarRatingFactory(year=1949))


def test_quasi_five_star_cannot_already_hold_five_stars():
    refused(
        lambda: StarRatingFactory(
            branch=True,
            industry=True,
            ecology=True,
            safety=True,
            civility=True,
            is_quasi_five_star=True,
        )
    )


def test_negative_collective_income_is_refused():
    refused(lambda: StarRatingFactory(collective_income=-1))


def test_self_intersecting_boundary_is_refused():
    refused(lambda: TownshipFactory(code="900000001", boundary=BOWTIE))


def test_township_code_must_have_nine_digits():
    refused(lambda: TownshipFactory(code="41052710A"))


def test_village_codes_are_unique():
    village = VillageFactory()
    refused(
        lambda: models.Village.objects.create(
            code=village.code,
            name="重复村村委会",
            short_name="重复村",
            committee_type="village_committee",
            township=village.township,
            boundary=cell(1, 1),
            label_point=centre(1, 1),
        )
    )


def test_cleared_site_cannot_be_cleared_without_a_date():
    refused(lambda: ClearedSiteFactory(status="cleared", cleared_on=None))


def test_cleared_site_cannot_be_cleared_before_it_was_reported():
    refused(
        lambda: ClearedSiteFactory(
            status="cleared",
            reported_on=dt.date(2022, 5, 1),
            cleared_on=dt.date(2022, 4, 1),
        )
    )


def test_verified_site_keeps_its_dates_in_order():
    site = ClearedSiteFactory(
        status="verified",
        cleared_on=dt.date(2022, 5, 3),
        verified_on=dt.date(2022, 5, 9),
    )
    assert site.pk


def test_eod_site_must_be_a_point_or_an_area():
    project = models.EODProject.objects.first()
    line = cell(0, 0).boundary  # a MultiLineString
    refused(
        lambda: models.EODSite.objects.create(
            project=project, code="T-EOD-1", name="线", geom=line, status="planned"
        )
    )


def test_county_target_is_unique_per_year_and_level():
    models.CreationTarget.objects.create(township=None, year=2030, level=5, count=1)
    refused(
        lambda: models.CreationTarget.objects.create(
            township=None, year=2030, level=5, count=2
        )
    )

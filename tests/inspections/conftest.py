"""Fixtures for the inspections tests: the county's 17 townships and 532 villages.

The suite loads the Neihuang data set once (tests/conftest.py). Where it is missing, `county`
builds a stand-in: township t (0–16) is a 0.025° column of a band south of the county seat,
its villages 0.004° squares in a row up that column, so every point can be worked out by hand.
"""

import datetime

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from inspections.models import InspectionGroup
from layers.models import Township, Village

TOWNSHIPS, VILLAGES = 17, 532
TODAY = datetime.date(2026, 11, 25)


def box(x0: float, y0: float, x1: float, y1: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((x0, y0, x1, y1)), srid=4326)


def village_counts() -> list[int]:
    """Return how many villages each township gets: 532 spread over 17."""
    base, extra = divmod(VILLAGES, TOWNSHIPS)
    return [base + (1 if t < extra else 0) for t in range(TOWNSHIPS)]


@pytest.fixture
def county(db) -> list[Township]:
    """Return the 17 townships, with their 532 villages (built when not loaded)."""
    if Village.objects.count() == VILLAGES:
        return list(Township.objects.order_by("code"))
    townships, villages = [], []
    for t, count in enumerate(village_counts()):
        x0 = 114.60 + 0.025 * t
        township = Township.objects.create(
            code=f"410527{101 + t:03d}",
            name=f"第{t + 1}乡",
            kind="township",
            boundary=box(x0, 35.70, x0 + 0.025, 35.95),
            seat=Point(x0 + 0.0125, 35.8, srid=4326),
        )
        townships.append(township)
        for v in range(count):
            lon, lat = x0 + 0.0125, 35.705 + 0.0075 * v
            villages.append(
                Village(
                    code=f"{township.code}{v + 1:03d}",
                    name=f"{t + 1}乡{v + 1}村村民委员会",
                    short_name=f"{t + 1}乡{v + 1}村",
                    committee_type="village_committee",
                    township=township,
                    boundary=box(lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002),
                    label_point=Point(lon, lat, srid=4326),
                )
            )
    Village.objects.bulk_create(villages)
    return townships


@pytest.fixture
def group(db) -> InspectionGroup:
    return InspectionGroup.objects.get_or_create(name="测试督导组", leader="测试组长")[
        0
    ]


@pytest.fixture
def today() -> datetime.date:
    return TODAY


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Keep the photos a test stores in its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


from tests.inspections.field_fixtures import (  # noqa: E402,F401
    cadre,
    county_admin,
    field_group,
    inspector,
    other_cadre,
    other_inspector,
    village,
)

"""Users by role on the loaded Neihuang data (the evidence demo is loaded with it)."""

import pytest

from layers.models import StarRating
from tests.support.users import (  # noqa: F401 (fixtures)
    cadre,
    county_admin,
    leader,
    make_user,
    signed_in,
    township_a,
    township_b,
)


@pytest.fixture
def short_of_clear_five(db) -> StarRating:
    """Put one 2022 产业兴旺 holder under 清五 (42,000 yuan): the demo holds none."""
    rating = (
        StarRating.objects.filter(year=2022, industry=True)
        .select_related("village")
        .order_by("village__code")[0]
    )
    StarRating.objects.filter(pk=rating.pk).update(collective_income=42_000)
    rating.refresh_from_db()
    return rating

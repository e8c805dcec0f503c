"""Users by role on the loaded Neihuang data (the evidence demo is loaded with it)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.roles import Role
from accounts.services import role_grant
from layers.models import StarRating, Township

PASSWORD = "evidence-test-pass-1"


@pytest.fixture
def township_a(db) -> Township:
    return Township.objects.order_by("code")[0]


@pytest.fixture
def township_b(db) -> Township:
    return Township.objects.order_by("code")[1]


@pytest.fixture
def make_user(db, township_a):
    def make(role: str | None, username: str | None = None, **membership):
        user = get_user_model().objects.create_user(
            username or f"ev-{role or 'none'}", password=PASSWORD
        )
        if role == Role.TOWNSHIP_CADRE:
            membership.setdefault("township", township_a)
        if role is not None:
            role_grant(user=user, role=role, **membership)
        return get_user_model().objects.get(pk=user.pk)

    return make


@pytest.fixture
def leader(make_user):
    return make_user(Role.COUNTY_LEADER)


@pytest.fixture
def county_admin(make_user):
    return make_user(Role.COUNTY_ADMIN)


@pytest.fixture
def cadre(make_user):
    return make_user(Role.TOWNSHIP_CADRE)


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


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client

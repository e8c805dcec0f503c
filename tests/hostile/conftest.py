"""Hostile input: users who may write, a database fingerprint, the loaded Neihuang data.

Every test here sends something malformed, oversized or hostile and then checks two
things: the answer is a clear 4xx naming what is wrong, and `fingerprint()` of the
tables a write could touch is exactly what it was before.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import role_grant
from layers.models import Village

# Every table a write through a form, the API or an importer could change.
WATCHED = [
    "layers_county",
    "layers_township",
    "layers_village",
    "layers_starrating",
    "layers_creationtarget",
    "layers_eodproject",
    "layers_eodsite",
    "layers_clearedsite",
    "layers_servicecentre",
    "layers_pairing",
    "history_change",
    "inspections_visit",
    "inspections_problem",
    "routing_plan",
    "routing_planroute",
    "routing_planstop",
]


def fingerprint(tables=WATCHED) -> dict[str, tuple[int, int]]:
    """Return each table's row count and a sum of its rows' hashes, in one query."""
    query = " UNION ALL ".join(
        f"SELECT '{table}', count(*), coalesce(sum(hashtext(t::text)::bigint), 0) "
        f"FROM {table} t"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {name: (count, total) for name, count, total in cursor.fetchall()}


@pytest.fixture
def unchanged(db):
    """Yield a checker: call it after the hostile request to prove nothing was written."""
    before = fingerprint()

    def check():
        after = fingerprint()
        changed = [t for t in WATCHED if before[t] != after[t]]
        assert not changed, f"tables changed by refused input: {changed}"

    return check


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """Let every hostile request reach its view: a 429 would hide the real answer."""
    settings.GEOPORTAL_THROTTLE_ANON = "off"
    settings.GEOPORTAL_THROTTLE_USER = "off"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("hostile-root", password="pw-1")


@pytest.fixture
def county_admin(db):
    user = get_user_model().objects.create_user("hostile-admin", password="pw-1")
    role_grant(user=user, role=Role.COUNTY_ADMIN)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def root_api(superuser) -> APIClient:
    client = APIClient()
    client.force_login(superuser)
    return client


@pytest.fixture
def admin_api(county_admin) -> APIClient:
    client = APIClient()
    client.force_login(county_admin)
    return client


@pytest.fixture
def village(db) -> Village:
    return Village.objects.order_by("code").first()


def named(response, *names: str) -> None:
    """Assert a 400 JSON answer whose body names each of `names` somewhere."""
    assert response.status_code == 400, (response.status_code, response.content[:400])
    body = response.content.decode()
    for name in names:
        assert name in body, (name, body[:400])

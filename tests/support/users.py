"""Users in each role on the loaded Neihuang data, for any test folder that needs them.

`township_a` is the first township by code, `township_b` the second; a cadre works in A,
an inspector in the first inspection group. Import the fixtures into a conftest.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.roles import Role
from accounts.services import role_grant
from inspections.models import InspectionGroup
from layers.models import Township, Village

PASSWORD = "role-test-pass-1"


@pytest.fixture
def township_a(db) -> Township:
    return Township.objects.order_by("code")[0]


@pytest.fixture
def township_b(db) -> Township:
    return Township.objects.order_by("code")[1]


@pytest.fixture
def village_a(township_a) -> Village:
    return township_a.villages.order_by("code").first()


@pytest.fixture
def village_b(township_b) -> Village:
    return township_b.villages.order_by("code").first()


@pytest.fixture
def group_1(db) -> InspectionGroup:
    return InspectionGroup.objects.order_by(
        "id"
    ).first() or InspectionGroup.objects.create(name="第一督导组")


@pytest.fixture
def group_2(db, group_1) -> InspectionGroup:
    return InspectionGroup.objects.exclude(pk=group_1.pk).order_by("id").first() or (
        InspectionGroup.objects.create(name="第二督导组")
    )


@pytest.fixture
def make_user(request, db, township_a):
    """Return a function creating a user with the given role (None: no role).

    A cadre works in township A, an inspector in group 1, unless told otherwise.
    """

    def make(role: str | None, username: str | None = None, **membership):
        name = username or f"user-{role or 'none'}"
        user = get_user_model().objects.create_user(name, password=PASSWORD)
        if role == Role.TOWNSHIP_CADRE:
            membership.setdefault("township", township_a)
        if role == Role.INSPECTOR and "inspection_group" not in membership:
            membership["inspection_group"] = request.getfixturevalue("group_1")
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
def inspector(make_user):
    return make_user(Role.INSPECTOR)


@pytest.fixture
def gis_reader(make_user):
    return make_user(Role.GIS_READER)


@pytest.fixture
def nobody(make_user):
    return make_user(None)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client

"""The Neihuang data set (loaded once by tests/conftest.py) and a logged-in client."""

import pytest


@pytest.fixture
def county(db):
    from tests.maps.county import describe, ensure_loaded

    ensure_loaded()
    return describe()


@pytest.fixture
def viewer(db, django_user_model, client):
    """Return a client signed in as a county leader (a role that opens the pages)."""
    from accounts.roles import Role
    from accounts.services import role_grant

    user = django_user_model.objects.create_user("viewer", password="viewer-pass-1")
    role_grant(user=user, role=Role.COUNTY_LEADER)
    client.force_login(user)
    return client

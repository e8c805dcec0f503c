"""The Neihuang data set (loaded once by tests/conftest.py) and a logged-in client."""

import pytest


@pytest.fixture
def county(db):
    from tests.maps.county import describe, ensure_loaded

    ensure_loaded()
    return describe()


@pytest.fixture
def viewer(db, django_user_model, client):
    user = django_user_model.objects.create_user("viewer", password="viewer-pass-1")
    client.force_login(user)
    return client

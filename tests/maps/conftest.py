"""One synthetic county per test module, rolled back at the end of the module."""

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def county_world(django_db_setup, django_db_blocker):
    """Build the 532-village world once for the module; each test still runs in `db`."""
    from tests.maps.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world(sites_per_village=2)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def viewer(db, django_user_model, client):
    user = django_user_model.objects.create_user("viewer", password="viewer-pass-1")
    client.force_login(user)
    return client

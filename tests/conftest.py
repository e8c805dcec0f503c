"""Suite-wide set-up: the test database holds the whole Neihuang data set, loaded once.

It goes in through `load_neihuang`, the same importer path `make run` uses, so every test
sees the real townships, villages and demo facts; each test's own writes are rolled back.
"""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_neihuang", verbosity=0)

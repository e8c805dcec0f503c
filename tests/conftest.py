"""Suite-wide set-up: the test database holds the whole Neihuang data set, loaded once.

It goes in through `load_neihuang`, the same importer path `make run` uses, so every test
sees the real townships, villages and demo facts; each test's own writes are rolled back.
A transactional test's writes are committed; where pytest-django would then empty every
table (leaving the next browser test to load the data set again, ~8 s), the tables it
changed get the session's loaded rows back instead (tests/support/snapshot.py, well under
a second), so every test starts from the same data set.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TransactionTestCase

from tests.support import snapshot

# `worker`: the job worker as its own process, for tests that follow a job end to end.
pytest_plugins = ["tests.support.jobs"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_neihuang", verbosity=0)
        snapshot.take()
    flush = TransactionTestCase._fixture_teardown

    def reset_to_the_loaded_data(self):
        """Instead of the flush after a transactional test, put the loaded rows back."""
        only_default = set(self._databases_names(include_mirrors=False)) == {"default"}
        if (
            self.available_apps is None
            and not self.serialized_rollback
            and only_default
        ):
            snapshot.reset()
        else:
            flush(self)

    TransactionTestCase._fixture_teardown = reset_to_the_loaded_data
    yield
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture(scope="session")
def chromium_browser():
    """Start Debian's headless Chromium once for the whole session (one Playwright per thread)."""
    from tests.browser.chromium import CHROMIUM, launch

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's database calls in
    # fixtures would otherwise refuse to run next to it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def throttle_memory_cleared():
    """Start each test with no throttle counts kept in this process's memory.

    The counts in PostgreSQL roll back with each test; the in-memory batch would not.
    """
    from accounts import throttles

    throttles.forget()
    yield

"""Drive Debian's Chromium (never a downloaded browser) against pytest-django's live_server.

Every browser test is transactional: pytest-django runs it after the other database tests
and empties every table after it, so the `county` fixture loads the Neihuang data set
again (through the importer, ~8 s) whenever the tables are empty. Screenshots go to
tests/screenshots/ (git-ignored).
"""

import os
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
PASSWORD = "browser-pass-1"

# The live server listens on 127.0.0.1 so "nothing leaves 127.0.0.1" can be checked by URL.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium(chromium_browser):
    """A throw-away browser context (fresh profile) on the session's Chromium."""
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture
def county(transactional_db):
    """Load a county-sized data set and a user; return what the tests need to know."""
    from django.contrib.auth import get_user_model

    from accounts.roles import Role
    from accounts.services import role_grant
    from tests.maps.county import describe, ensure_loaded

    ensure_loaded()
    user = get_user_model().objects.create_user("viewer", password=PASSWORD)
    role_grant(user=user, role=Role.COUNTY_LEADER)
    return describe()


class Tab:
    """One browser tab that records console errors and every URL it requests."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda error: self.errors.append(f"pageerror: {error}")
        )
        self.page.on("request", lambda request: self.requests.append(request.url))
        # Nothing may leave 127.0.0.1: such requests are recorded above, then refused.
        self.page.route("**/*", self._route)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _route(self, route):
        if route.request.url.startswith(self.base_url) or route.request.url.startswith(
            "data:"
        ):
            route.continue_()
        else:
            route.abort()

    def external_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(self.base_url) and not url.startswith("data:")
        ]

    def login(self, username: str = "viewer", password: str = PASSWORD):
        self.page.goto(self.base_url + "/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("#gp-login-submit")
        self.page.wait_for_load_state()

    def open_map(self, path: str) -> dict:
        """Open a map page and wait until every visible layer is drawn."""
        self.page.goto(self.base_url + path)
        return self.idle()

    def idle(self) -> dict:
        return self.page.evaluate("GP.idle()")

    def settle(self):
        """Wait until the page has no request in flight, so the tables can be emptied."""
        if self.page.evaluate("typeof GP !== 'undefined' && !!GP.idle"):
            self.idle()
        self.page.wait_for_load_state("networkidle")

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def tab(chromium, live_server):
    """Open a tab on the live server; close it (and forget its cookies) afterwards."""
    opened = Tab(chromium, live_server.url)
    yield opened
    opened.settle()
    opened.page.close()
    chromium.clear_cookies()


@pytest.fixture(scope="session", autouse=True)
def live_server_connections_close():
    """Close each live-server request's connection, so the test database can be dropped."""
    from django.db import connections

    connections.settings["default"]["CONN_MAX_AGE"] = 0

"""Fuzz every operation of both API definitions with schemathesis: no answer is a 5xx.

Bounded: a fixed number of examples per operation keeps the whole run near two minutes.
Requests go through the WSGI app in-process, on the test's transaction, as a county
administrator (so writes are exercised too with authentication on, and rolled back with
the test).
"""

import base64
import os

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
APP = get_wsgi_application()
PLAIN = {"Accept-Encoding": "identity"}  # bodies readable in failure messages


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """Let every generated request through: a 429 would hide what the API answers."""
    settings.GEOPORTAL_THROTTLE_ANON = "off"
    settings.GEOPORTAL_THROTTLE_USER = "off"


@pytest.fixture
def staff_header(db, settings):
    # Basic auth checks the password on every request: a slow hash would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from accounts.services import role_grant

    fuzzer = get_user_model().objects.create_user("fuzzer", password="fuzz-pw-1")
    role_grant(user=fuzzer, role="county_admin")
    token = base64.b64encode(b"fuzzer:fuzz-pw-1").decode()
    return {"Authorization": f"Basic {token}", **PLAIN}


@pytest.fixture
def token_header(staff_header):
    """The fuzzer's API token: the OGC views are plain Django views (token middleware)."""
    from accounts.tokens import token_issue

    fuzzer = get_user_model().objects.get(username="fuzzer")
    return {"Authorization": f"Token {token_issue(user=fuzzer)[1]}", **PLAIN}


# Loaded eagerly: neither document touches the database. (schemathesis' lazy
# `from_fixture` loader does not run under pytest 9.)
# The documents are read while tests are collected, with no database to count requests in.
with override_settings(GEOPORTAL_THROTTLE_ANON="off", GEOPORTAL_THROTTLE_USER="off"):
    rest = schemathesis.openapi.from_wsgi("/api/schema/", APP)
    ogc = schemathesis.openapi.from_wsgi("/ogc/api", APP)
for loaded in (rest, ogc):
    # The coverage phase enumerates every boundary case of every parameter, far past the
    # two-minute budget; random fuzzing with a fixed example count stays inside it.
    loaded.config.phases.update(phases=["examples", "fuzzing"])


def no_server_error(case, response):
    request = f"{case.method} {case.formatted_path} {case.query}"
    assert response.status_code < 500, (
        request,
        response.status_code,
        response.content[:500],
    )
    if response.status_code == 400:
        content_type = {k.lower(): v for k, v in response.headers.items()}.get(
            "content-type"
        )
        assert "json" in str(content_type), (request, response.headers)


@rest.parametrize()
@FUZZ
def test_rest_api_never_answers_5xx(case, world, staff_header, keep_connection):
    no_server_error(case, case.call(headers=staff_header))


@ogc.parametrize()
@FUZZ
def test_ogc_api_never_answers_5xx(case, world, token_header, keep_connection):
    response = case.call(headers=token_header)
    assert response.status_code not in (401, 403), case.formatted_path
    no_server_error(case, response)

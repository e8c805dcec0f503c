"""The replay front: an anonymous reader's repeated request answered from memory."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test.client import RequestFactory

from accounts import throttles
from layers.api import replay
from tests.support.stamps import bump, until

pytestmark = pytest.mark.django_db

TILE = "/tiles/villages/14/13415/6442.mvt"
FEED = "/api/villages/"
QUERY = "year=2023&bbox=114.755,35.855,114.845,35.945"


@pytest.fixture
def public(settings):
    settings.GEOPORTAL_PUBLIC_READ = True
    settings.GEOPORTAL_THROTTLE_ANON = "100000/minute"
    settings.GEOPORTAL_REPLAY = True
    throttles.forget()
    yield
    throttles.forget()


class Counting:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def front(kept, public):
    # As Django's test client does: the test's connection holds its transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    django = Counting()
    yield replay.Front(django), django
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def call(app, path: str, query: str = "", **headers) -> tuple[str, dict, bytes]:
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", **headers
    )
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(response_headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], seen["headers"], body


def test_a_repeated_anonymous_request_never_reaches_django(
    front, django_assert_num_queries
):
    app, django = front
    first = call(app, FEED, QUERY)
    tile = call(app, TILE, "year=2023")
    assert first[0].startswith("200") and django.calls == 2
    with django_assert_num_queries(0):
        again = call(app, FEED, QUERY)
        tile_again = call(app, TILE, "year=2023")
    assert django.calls == 2
    assert again[2] == first[2] and again[1] == first[1]
    assert tile_again == tile and tile[0].startswith("200") and tile[2]
    # Another query is another answer.
    call(app, FEED, QUERY + "&level=5")
    assert django.calls == 3


def test_a_committed_write_drops_every_replay(front):
    app, django = front
    call(app, FEED, QUERY)
    generation = app.cache.generation
    bump("layers_starrating")
    until(lambda: app.cache.generation != generation)
    assert not app.cache.replays
    status, headers, _body = call(app, FEED, QUERY)
    assert status.startswith("200") and django.calls == 2


def test_if_none_match_is_answered_304_from_the_kept_etag(front):
    app, django = front
    _status, headers, _body = call(app, FEED, QUERY)
    status, again, body = call(app, FEED, QUERY, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status.startswith("304") and body == b"" and django.calls == 1
    assert again["ETag"] == headers["ETag"] and "Content-Type" not in again
    assert call(app, FEED, QUERY, HTTP_IF_NONE_MATCH='"other"')[0].startswith("200")
    # If-Modified-Since alone is Django's to answer.
    call(app, FEED, QUERY, HTTP_IF_MODIFIED_SINCE=headers["Last-Modified"])
    assert django.calls == 2


def test_cookies_and_credentials_always_go_to_django(front, client):
    app, django = front
    call(app, FEED, QUERY)
    user = get_user_model().objects.create_user("reader", password="pw-reader-1")
    client.force_login(user)
    cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    call(app, FEED, QUERY, HTTP_COOKIE=cookie)
    call(app, FEED, QUERY, HTTP_AUTHORIZATION="Basic cmVhZGVyOnB3LXJlYWRlci0x")
    assert django.calls == 3
    # A signed-in reader's answer is never kept for anyone.
    app.cache.forget()
    call(app, FEED, QUERY, HTTP_COOKIE=cookie)
    call(app, FEED, QUERY)
    assert django.calls == 5


def test_replayed_requests_count_against_the_throttle_once(front, settings):
    app, django = front
    settings.GEOPORTAL_THROTTLE_ANON = "3/minute"
    statuses = [call(app, TILE, "year=2023")[0][:3] for _ in range(5)]
    assert statuses == ["200", "200", "200", "429", "429"]
    assert django.calls == 3  # the first, then the two refusals
    window = next(iter(throttles._windows.values()))
    assert window.total() == 5


def test_answers_that_vary_otherwise_or_set_cookies_are_not_kept():
    etag = [("ETag", '"x"')]
    assert replay.keepable("200 OK", etag + [("Vary", "Accept-Encoding, Origin")])
    assert not replay.keepable("200 OK", etag + [("Vary", "User-Agent")])
    assert not replay.keepable("200 OK", etag + [("Set-Cookie", "a=b")])
    assert not replay.keepable("404 Not Found", etag)
    assert not replay.keepable("200 OK", [])


def test_off_when_settings_say_so(front, settings):
    app, django = front
    settings.GEOPORTAL_REPLAY = False
    call(app, FEED, QUERY)
    call(app, FEED, QUERY)
    assert django.calls == 2 and not app.cache.replays


# --- compiled statements kept per request (layers/api/listing.py) --------------------


def test_a_repeated_page_is_not_parsed_or_compiled_again(
    kept, public, client, monkeypatch
):
    from layers.api import listing

    compiled = []
    original = listing.collection_statement

    def counting(*args, **kwargs):
        compiled.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(listing, "collection_statement", counting)
    first = client.get(f"{FEED}?{QUERY}")
    again = client.get(f"{FEED}?{QUERY}")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and len(compiled) == 1
    client.get(f"{FEED}?{QUERY}&level=5")
    assert len(compiled) == 2
    generation = kept.generation
    bump("layers_village")
    until(lambda: kept.generation != generation)
    client.get(f"{FEED}?{QUERY}")
    assert len(compiled) == 3


def test_a_kept_ogc_page_still_says_when_it_was_made(kept, public, client):
    url = f"/ogc/collections/villages/items?f=json&{QUERY}"
    first = client.get(url).json()
    time.sleep(1.1)
    again = client.get(url).json()
    assert first["numberReturned"] == again["numberReturned"] > 0
    assert first["timeStamp"].endswith("+00:00")
    assert again["timeStamp"] > first["timeStamp"]

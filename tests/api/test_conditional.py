"""ETag / Last-Modified from change stamps: 304 while unchanged, fresh at once after a write."""

import time

import pytest

from layers.api import conditional as cond
from layers.models import ClearedSite, StarRating
from tests.api.conftest import A, village_code
from tests.pgconn import connect
from tests.support.stamps import bump, until

pytestmark = pytest.mark.django_db


def test_unchanged_feed_answers_304(api, world):
    first = api.get("/api/villages/", {"township": A})
    assert first["ETag"] and first["Last-Modified"]
    again = api.get("/api/villages/", {"township": A}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_weak_etag_from_gzip_still_matches(api, world):
    first = api.get("/api/villages/", {"township": A})
    again = api.get(
        "/api/villages/", {"township": A}, HTTP_IF_NONE_MATCH="W/" + first["ETag"]
    )
    assert again.status_code == 304


def test_a_rating_write_changes_the_villages_etag(api, world):
    first = api.get("/api/villages/", {"township": A, "year": 2022})
    StarRating.objects.filter(village__code=village_code("A4")).delete()
    StarRating.objects.create(village=world["A4"], year=2022, branch=True)
    after = api.get(
        "/api/villages/",
        {"township": A, "year": 2022},
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_a_delete_changes_the_sites_etag(api, world):
    first = api.get("/api/cleared-sites/", {"township": A})
    ClearedSite.objects.filter(code="T-A1-1").delete()
    after = api.get(
        "/api/cleared-sites/", {"township": A}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert after.status_code == 200 and len(after.json()["features"]) == 2


def test_if_modified_since_answers_304(api, world):
    first = api.get("/api/townships/")
    again = api.get("/api/townships/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_gzip_when_asked(api, world):
    response = api.get("/api/villages/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


# --- stamps kept in memory, dropped by the write triggers' NOTIFY (issue 16) ------------

# Neihuang villages, loaded for every test; the year given (the default year is a query).
TILE = "/tiles/villages/14/13415/6442.mvt?year=2023"


@pytest.fixture
def public(client, settings):
    """An anonymous reader of a public deployment: no session or role queries.

    The throttle's count (an UPSERT per request, accounts/throttles.py) is its own
    round trip, apart from what these tests count: it is off here."""
    settings.GEOPORTAL_PUBLIC_READ = True
    settings.GEOPORTAL_THROTTLE_ANON = "off"
    return client


def test_a_hot_tile_is_answered_without_the_database(
    kept, public, django_assert_num_queries
):
    api = public
    first = api.get(TILE)
    assert first.status_code == 200 and first.content
    with django_assert_num_queries(0):
        again = api.get(TILE)
        unchanged = api.get(TILE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert unchanged.status_code == 304


def test_a_committed_write_elsewhere_drops_the_kept_tile(kept, api):
    first = api.get(TILE)
    generation = kept.generation
    bump("layers_starrating")
    until(lambda: kept.generation != generation)
    after = api.get(TILE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_feeds_answer_304_from_kept_stamps(kept, public, django_assert_num_queries):
    api = public
    first = api.get("/api/townships/")
    api.get("/api/townships/", HTTP_IF_NONE_MATCH=first["ETag"])  # keeps the stamps
    with django_assert_num_queries(0):
        again = api.get("/api/townships/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_stamps_read_while_a_notification_arrives_are_not_kept(kept):
    token = kept.token()
    kept.forget()  # a notification between the read and the store
    kept.put(token, ["layers_village"], ("old", None))
    kept.keep(token, "etag", b"old body")
    assert kept.get(["layers_village"]) is None and kept.body("etag") is None


def test_nothing_is_kept_while_the_listener_is_away(kept):
    generation = kept.generation
    admin = connect()
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [kept.backend_pid])
    finally:
        admin.close()
    until(lambda: kept.generation != generation)
    kept.put(kept.token(), ["layers_village"], ("during", None))
    until(lambda: kept.live)  # reconnected, listening again
    assert kept.get(["layers_village"]) is None
    kept.put(kept.token(), ["layers_village"], ("after", None))
    assert kept.get(["layers_village"]) == ("after", None)


def test_tests_and_commands_keep_nothing_unless_enabled(api):
    assert cond.STAMPS.enabled is False
    assert cond.STAMPS.token() is None


# --- connections reused without a per-request health check ---------------------------


def test_an_idle_dead_connection_is_replaced_before_use(db, settings):
    from django.db import connections

    from geoportal import connections as reuse

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is False
    wrapper = connections.create_connection("default")  # outside the test transaction
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        setattr(wrapper, reuse.LAST_USED, time.monotonic())
        outside = connect()
        with outside.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        outside.close()
        reuse.check(wrapper, time.monotonic())  # used just now: not checked
        assert wrapper.connection is not None
        reuse.check(wrapper, time.monotonic() + settings.GEOPORTAL_DB_IDLE_CHECK + 1)
        assert wrapper.connection is None  # found dead after idling: closed
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        wrapper.close()


def test_remembered_values_last_until_a_change(kept):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept.remember("year", compute) == 1
    assert kept.remember("year", compute) == 1 and len(calls) == 1
    generation = kept.generation
    bump("layers_starrating")
    until(lambda: kept.generation != generation)
    assert kept.remember("year", compute) == 2


def test_nothing_is_remembered_when_not_enabled():
    cache = cond.StampCache()
    values = iter([1, 2])
    assert cache.remember("year", lambda: next(values)) == 1
    assert cache.remember("year", lambda: next(values)) == 2


# --- the same across gunicorn workers ------------------------------------------------


@pytest.fixture
def gunicorn(db):
    """Start gunicorn as `make run` does (2 gthread workers) on the test database."""
    from tests.support.gunicorn import gunicorn

    with gunicorn(
        workers=2,
        ready=(200,),
        args=("--worker-class", "gthread", "--threads", "4"),
        GEOPORTAL_PUBLIC_READ="1",
    ) as server:
        yield server.url


def fetch_tile(url: str, etag: str | None = None) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    headers = {"If-None-Match": etag} if etag else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers["ETag"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"]


@pytest.mark.slow
def test_every_worker_drops_its_kept_tile_after_a_commit(gunicorn):
    url = gunicorn + TILE
    # Enough requests that both workers (and their listeners) have the tile kept.
    tags = {fetch_tile(url)[1] for _ in range(40)}
    assert len(tags) == 1
    (old,) = tags
    outside = connect()
    with outside.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [cond.LISTENER],
        )
        assert cursor.fetchone()[0] == 2  # each worker listens
    outside.close()
    bump("layers_village")
    time.sleep(0.5)  # the NOTIFY reaches each worker's listener well within this
    answers = [fetch_tile(url, old) for _ in range(40)]
    assert all(status == 200 for status, _ in answers)
    assert {tag for _, tag in answers} != {old}
    new = answers[0][1]
    assert all(fetch_tile(url, new)[0] == 304 for _ in range(10))


def test_the_default_year_is_kept_with_the_stamps(
    kept, public, django_assert_num_queries
):
    url = TILE.split("?")[0]  # no year: the latest rated year
    first = public.get(url)
    with django_assert_num_queries(0):
        again = public.get(url)
    assert again.status_code == 200 and again["ETag"] == first["ETag"]


def test_a_hot_village_detail_is_answered_without_the_database(
    kept, public, django_assert_num_queries
):
    url = "/api/villages/410527001001/?year=2023"
    first = public.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = public.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    generation = kept.generation
    bump("layers_pairing")
    until(lambda: kept.generation != generation)
    after = public.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_an_ogc_item_has_an_etag_and_answers_304(api, world):
    url = f"/ogc/collections/villages/items/{village_code('A1')}"
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Content-Crs"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    StarRating.objects.filter(village__code=village_code("A1"), year=2023).update(
        is_weak_branch=True
    )
    after = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert api.get("/ogc/collections/villages/items/999999999999").status_code == 404


def test_a_hot_ogc_item_is_answered_without_the_database(
    kept, public, django_assert_num_queries
):
    url = "/ogc/collections/villages/items/410527001001?year=2023"
    first = public.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = public.get(url)
    assert again.content == first.content and again["Content-Crs"]
    other_host = public.get(url, HTTP_HOST="localhost")
    assert other_host["ETag"] != first["ETag"]  # its links name its own host

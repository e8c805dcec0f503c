"""Defects 5 and 6 of issue 9, through a real gunicorn: a chunked body is read (never
silently dropped), and JSON nested at any depth answers 400 with a message."""

import http.client
import json
from urllib.parse import urlparse

import pytest

from layers.models import ClearedSite, StarRating
from tests.support.gunicorn import committed_superuser, gunicorn, restoring_rating

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker):
    """One gunicorn and a committed superuser's token for every test here."""
    with django_db_blocker.unblock():
        with committed_superuser() as (_name, token), gunicorn(workers=1) as server:
            yield server.url, token


def send(base, method, path, body, headers):
    """Send `body` (bytes, or an iterable of chunks: chunked) and return (status, json)."""
    parsed = urlparse(base)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    chunked = not isinstance(body, bytes)
    conn.request(method, path, body=body, headers=headers, encode_chunked=chunked)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw.decode(errors="replace")


def auth(token):
    return {
        "Authorization": f"Token {token}",
        "Content-Type": "application/json",
        "Cookie": "django_language=en",  # the messages are checked in English
    }


def test_issue9_d5_a_chunked_patch_is_read_and_applied(served):
    base, token = served
    rating = StarRating.objects.order_by("-year", "-id").first()
    with restoring_rating(rating.pk) as conn:
        body = json.dumps({"note": "分块传输", "reason": "测试"}).encode()
        chunks = iter([body[:7], body[7:]])
        status, answer = send(
            base,
            "PATCH",
            f"/api/ratings/{rating.pk}/",
            chunks,
            {**auth(token), "Transfer-Encoding": "chunked"},
        )
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT note FROM layers_starrating WHERE id = %s", [rating.pk]
            )
            (note,) = cursor.fetchone()
    assert (status, note) == (200, "分块传输"), (status, answer)


def test_issue9_d5_a_chunked_body_over_the_limit_is_413(served, settings):
    base, token = served
    rating = StarRating.objects.order_by("-year", "-id").first()
    big = (b"x" * 1024 * 1024 for _ in range(12))  # 12 MB, over the 10 MB JSON limit
    status, _answer = send(
        base,
        "PATCH",
        f"/api/ratings/{rating.pk}/",
        big,
        {**auth(token), "Transfer-Encoding": "chunked"},
    )
    assert status == 413


def deep_bodies():
    for depth in (100, 1000, 100_000):
        yield "[" * depth + "]" * depth
        yield '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("path", ["/api/ratings/", "cleared-site"])
def test_issue9_d6_deep_json_is_a_400_with_a_message(served, path):
    base, token = served
    if path == "cleared-site":
        site = ClearedSite.objects.order_by("code").first()
        path, method = f"/api/cleared-sites/{site.code}/", "PATCH"
    else:
        method = "POST"
    for body in deep_bodies():
        status, answer = send(base, method, path, body.encode(), auth(token))
        assert status == 400, (path, len(body), status, str(answer)[:200])
        assert "nested" in json.dumps(answer, ensure_ascii=False), answer


def test_issue9_d6_deep_geometry_inside_a_valid_body_is_a_400(served):
    base, token = served
    site = ClearedSite.objects.order_by("code").first()
    nested = {"type": "Point", "coordinates": [114.9, 35.9]}
    for _ in range(300):
        nested = {"type": "GeometryCollection", "geometries": [nested]}
    body = json.dumps({"type": "Feature", "geometry": nested, "properties": {}})
    status, answer = send(
        base, "PATCH", f"/api/cleared-sites/{site.code}/", body.encode(), auth(token)
    )
    assert status == 400, (status, str(answer)[:300])


def test_issue9_d5_a_chunked_body_a_server_cannot_read_is_411(root_api):
    # Django's own servers do not end the input stream (no wsgi.input_terminated).
    answer = root_api.generic(
        "PATCH",
        "/api/ratings/1/",
        b"",
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert answer.status_code == 411
    assert "Content-Length" in answer.json()["detail"]

"""Defect 4 of issue 9: no lost updates.

A PATCH writes only the fields it names (two PATCHes of different fields of one row at
the same moment both survive, through a real gunicorn); every writable resource sends
an ETag and honours If-Match (412 stale, 428 for a PUT without it); the admin refuses
to save over a newer version.
"""

import json
import threading

import pytest
from django.utils import timezone

from layers.models import ClearedSite, StarRating
from tests.pgconn import connect
from tests.support.gunicorn import committed_superuser, gunicorn

pytestmark = pytest.mark.django_db
ROUNDS = 12


def rating_row(conn, pk):
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT branch, industry, note FROM layers_starrating WHERE id = %s", [pk]
        )
        return cursor.fetchone()


@pytest.mark.slow
def test_issue9_d4_concurrent_patches_of_different_fields_both_survive():
    import urllib.request

    rating = StarRating.objects.order_by("-year", "id").first()
    conn = connect()
    saved = rating_row(conn, rating.pk)
    with conn.cursor() as cursor:
        cursor.execute("SELECT now()")
        (started,) = cursor.fetchone()
    lost = 0
    try:
        with committed_superuser() as (_name, token), gunicorn(workers=3) as server:
            url = f"{server.url}/api/ratings/{rating.pk}/"

            def patch(body, barrier, answers):
                barrier.wait()
                request = urllib.request.Request(
                    url,
                    data=json.dumps({**body, "reason": "并发测试"}).encode(),
                    method="PATCH",
                    headers={
                        "Authorization": f"Token {token}",
                        "Content-Type": "application/json",
                    },
                )
                with urllib.request.urlopen(request, timeout=60) as response:
                    answers.append(response.status)

            for _round in range(ROUNDS):
                with conn.cursor() as cursor:
                    cursor.execute(
                        "UPDATE layers_starrating SET branch = false, industry = false "
                        "WHERE id = %s",
                        [rating.pk],
                    )
                barrier, answers = threading.Barrier(2), []
                threads = [
                    threading.Thread(target=patch, args=(body, barrier, answers))
                    for body in ({"branch": True}, {"industry": True})
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
                assert answers == [200, 200]
                branch, industry, _note = rating_row(conn, rating.pk)
                lost += not (branch and industry)
    finally:
        with conn.cursor() as cursor:
            cursor.execute(
                "UPDATE layers_starrating SET branch = %s, industry = %s, note = %s "
                "WHERE id = %s",
                [*saved, rating.pk],
            )
            # Committed rows other tests would see: this test's audit entries go too.
            cursor.execute(
                "DELETE FROM history_change WHERE table_name = 'layers_starrating' "
                "AND object_id = %s AND at >= %s",
                [str(rating.pk), started],
            )
        conn.close()
    assert lost == 0, f"{lost} of {ROUNDS} rounds lost a change"


@pytest.fixture
def rating(db):
    return StarRating.objects.filter(year=timezone.localdate().year).first() or (
        StarRating.objects.order_by("-year").first()
    )


def test_issue9_d4_ratings_send_an_etag_and_honour_if_match(root_api, rating):
    url = f"/api/ratings/{rating.pk}/"
    first = root_api.get(url)
    tag = first["ETag"]
    assert tag.startswith('"') and tag.endswith('"')
    body = {"note": "if-match", "reason": "测试"}
    stale = root_api.patch(url, body, format="json", HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412 and "If-Match" in stale.json()["errors"]
    rating.refresh_from_db()
    assert rating.note != "if-match"
    ok = root_api.patch(url, body, format="json", HTTP_IF_MATCH=tag)
    assert ok.status_code == 200 and ok["ETag"] not in ("", tag)
    again = root_api.patch(
        url, {"note": "late", "reason": "测试"}, format="json", HTTP_IF_MATCH=tag
    )
    assert again.status_code == 412
    rating.refresh_from_db()
    assert rating.note == "if-match"
    assert root_api.get(url)["ETag"] == ok["ETag"]


def test_issue9_d4_put_without_if_match_is_428(root_api, rating):
    url = f"/api/ratings/{rating.pk}/"
    data = root_api.get(url).json()
    data.pop("level", None)
    answer = root_api.put(url, {**data, "reason": "测试"}, format="json")
    assert answer.status_code == 428
    tag = root_api.get(url)["ETag"]
    answer = root_api.put(
        url, {**data, "reason": "测试"}, format="json", HTTP_IF_MATCH=tag
    )
    assert answer.status_code == 200, answer.content[:300]


def test_issue9_d4_features_take_the_etag_their_get_sent(root_api):
    site = ClearedSite.objects.order_by("code").first()
    url = f"/api/cleared-sites/{site.code}/"
    tag = root_api.get(url)["ETag"]
    ok = root_api.patch(url, {"note": "first"}, format="json", HTTP_IF_MATCH=tag)
    assert ok.status_code == 200, ok.content[:300]
    late = root_api.patch(url, {"note": "second"}, format="json", HTTP_IF_MATCH=tag)
    assert late.status_code == 412
    site.refresh_from_db()
    assert site.note == "first"


def test_issue9_d4_patch_writes_only_the_named_fields(root_api, rating):
    url = f"/api/ratings/{rating.pk}/"
    before = StarRating.objects.get(pk=rating.pk)
    # Someone else changes the note after this client read the row...
    StarRating.objects.filter(pk=rating.pk).update(note="someone else")
    # ...a PATCH naming only `branch` keeps it.
    answer = root_api.patch(
        url, {"branch": not before.branch, "reason": "测试"}, format="json"
    )
    assert answer.status_code == 200
    after = StarRating.objects.get(pk=rating.pk)
    assert after.note == "someone else" and after.branch != before.branch


def test_issue9_d4_admin_refuses_to_save_over_a_newer_version(superuser, rating):
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    client.cookies["django_language"] = "en"  # the message is checked in English
    url = f"/admin/layers/starrating/{rating.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    version = form.initial["row_version"]
    assert version
    StarRating.objects.filter(pk=rating.pk).update(note="newer elsewhere")
    data = {
        "village": rating.village_id,
        "year": rating.year,
        "note": "mine",
        "collective_income": "",
        "transferred_land_mu": "",
        "correction_reason": "测试",
        "row_version": version,
    }
    answer = client.post(url, data)
    assert answer.status_code == 200  # the form again, with the reason
    assert "row_version" in answer.content.decode()
    errors = answer.context["adminform"].form.non_field_errors()
    assert errors and "changed by someone else" in errors[0]
    assert StarRating.objects.get(pk=rating.pk).note == "newer elsewhere"

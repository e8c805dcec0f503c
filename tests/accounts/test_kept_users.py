"""Signed-in users kept in the serving process until users, roles, tokens or sessions
change (accounts/kept.py, the NOTIFY triggers of accounts migration 0004)."""

import time

import pytest
from django.test import Client

from accounts import kept as kept_users
from accounts import tokens
from tests.support.stamps import committed, until
from tests.support.users import signed_in

pytestmark = pytest.mark.django_db

TILE = "/tiles/villages/14/13415/6442.mvt?year=2023"
AUTH_TABLES = [
    "auth_user",
    "auth_user_groups",
    "auth_group",
    "accounts_membership",
    "accounts_apitoken",
    "django_session",
]


@pytest.fixture
def cache(kept):
    return kept


def dropped(cache, statement: str) -> bool:
    generation = cache.auth_generation
    committed(statement)
    until(lambda: cache.auth_generation != generation)
    return not cache.users


def test_a_signed_in_readers_hot_tile_costs_no_statement(
    cache, leader, django_assert_num_queries
):
    client = signed_in(leader)
    assert client.get(TILE).status_code == 200
    assert client.get(TILE).status_code == 200  # the tile is kept from here on
    with django_assert_num_queries(0):
        again = client.get(TILE)
    assert again.status_code == 200 and again.content


def test_every_auth_table_drops_the_kept_users_at_commit(cache, leader):
    client = signed_in(leader)
    for table in AUTH_TABLES:
        client.get(TILE)
        assert cache.users, table
        assert dropped(cache, f"DELETE FROM {table} WHERE false"), table


def test_a_revoked_token_is_refused_once_the_revoke_is_committed(cache, gis_reader):
    token, raw = tokens.token_issue(user=gis_reader)
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get(TILE).status_code == 200
    assert kept_users.kept_token_user(tokens.digest(raw)) is not None
    tokens.token_revoke(token=token)
    # The revoke's commit NOTIFYs (here the test's transaction never commits: the
    # notification is sent from outside, as the trigger would).
    assert dropped(cache, "SELECT pg_notify('geoportal_auth', '')")
    assert api.get(TILE).status_code == 401


def test_an_expired_token_is_refused_though_kept(cache, gis_reader, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    token, raw = tokens.token_issue(
        user=gis_reader, expires_at=timezone.now() + timedelta(seconds=30)
    )
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get(TILE).status_code == 200
    kept_user = kept_users.kept_token_user(tokens.digest(raw))
    kept_user.api_token.expires_at = timezone.now() - timedelta(seconds=1)
    assert api.get(TILE).status_code == 401


def test_a_kept_session_lasts_at_most_keep_seconds(cache, leader, monkeypatch):
    client = signed_in(leader)
    monkeypatch.setattr(kept_users, "KEEP_SECONDS", 0.0)
    client.get(TILE)
    session_key = client.cookies["sessionid"].value
    assert cache.user_for(("session", session_key), time.monotonic()) is None


def test_nothing_is_kept_without_the_listener_or_for_strangers(cache, leader):
    stranger = Client()
    stranger.cookies["sessionid"] = "not-a-session"
    stranger.get(TILE)
    assert not cache.users
    cache.stop()
    signed_in(leader).get(TILE)
    assert not cache.users


def test_the_user_kept_carries_its_roles(cache, cadre):
    client = signed_in(cadre)
    client.get("/api/villages/?limit=1")
    session_key = client.cookies["sessionid"].value
    user = cache.user_for(("session", session_key), time.monotonic())
    assert user is not None and user.pk == cadre.pk
    assert user._geoportal_actor.township_id == cadre.membership.township_id

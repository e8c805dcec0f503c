"""Each role's boundaries on the policy functions every surface calls."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from accounts import policy
from accounts.tokens import credentials, token_issue, token_user
from inspections.models import Problem, Visit
from layers import selectors
from layers.models import ClearedSite, CreationTarget, StarRating, Township, Village

pytestmark = pytest.mark.django_db


def rating(village, year=2023) -> StarRating:
    return StarRating.objects.get(village=village, year=year)


def test_county_leader_reads_every_township_and_writes_nothing(leader, village_a):
    assert policy.readable_villages(leader).count() == 532
    assert policy.readable_township_ids(leader) is None
    assert not policy.can_write(leader, rating(village_a))
    assert policy.can_read_pages(leader) and not policy.is_gis_reader(leader)


def test_county_admin_writes_in_every_township(county_admin, village_a, village_b):
    assert policy.can_write(county_admin, rating(village_a))
    assert policy.can_write(county_admin, rating(village_b), "delete")
    assert policy.can_write(county_admin, village_b.township)
    assert policy.writable(county_admin, StarRating.objects.all()).count() == (
        StarRating.objects.count()
    )


def test_cadre_reads_only_the_own_township_by_default(cadre, township_a, settings):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    villages = policy.readable_villages(cadre)
    assert villages.count() == township_a.villages.count()
    assert set(villages.values_list("township", flat=True)) == {township_a.pk}
    ratings = policy.readable(cadre, StarRating.objects.all())
    assert not ratings.exclude(village__township=township_a).exists()
    sites = policy.readable(cadre, ClearedSite.objects.all())
    assert not sites.exclude(village__township=township_a).exists()
    assert policy.readable_township_ids(cadre) == [township_a.pk]
    assert policy.readable(cadre, Township.objects.all()).get() == township_a


def test_cadre_reads_all_when_the_setting_says_so(cadre, settings):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    assert policy.readable_villages(cadre).count() == 532


def test_cadre_writes_only_inside_the_own_township(
    cadre, village_a, village_b, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    assert policy.can_write(cadre, rating(village_a))
    assert policy.can_write(cadre, StarRating(village=village_a, year=2026), "add")
    assert not policy.can_write(cadre, rating(village_b))
    assert not policy.can_write(cadre, StarRating(village=village_b, year=2026), "add")
    assert policy.can_write_in(cadre, village_a.township)
    assert not policy.can_write_in(cadre, village_b.township)
    # boundaries of the township itself and county targets are the county's
    assert not policy.can_write(cadre, village_a.township)
    assert not policy.can_write(
        cadre, CreationTarget(township=None, year=2026, level=5)
    )
    assert policy.can_write(
        cadre, CreationTarget(township=village_a.township, year=2026, level=5), "add"
    )


def test_cadre_write_scope_limits_lists_and_choices(cadre, township_a):
    ratings = policy.writable(cadre, StarRating.objects.all())
    assert (
        ratings.count()
        == StarRating.objects.filter(village__township=township_a).count()
    )
    assert set(
        policy.choices(cadre, Village.objects.all()).values_list("township", flat=True)
    ) == {township_a.pk}


def test_inspector_records_visits_for_the_own_group_only(
    inspector, group_1, group_2, village_a, village_b
):
    assert policy.readable_villages(inspector).count() == 532
    assert policy.can_write(inspector, Visit(group=group_1, village=village_b), "add")
    assert not policy.can_write(
        inspector, Visit(group=group_2, village=village_a), "add"
    )
    assert not policy.can_write(inspector, rating(village_a))
    problems = policy.writable(inspector, Problem.objects.all())
    assert not problems.exclude(notice__group=group_1).exists()


def test_gis_reader_reads_the_layers_but_not_the_ledger_nor_the_pages(gis_reader):
    assert policy.readable_villages(gis_reader).count() == 532
    assert not policy.readable(gis_reader, Problem.objects.all()).exists()
    assert policy.is_gis_reader(gis_reader)
    assert not policy.can_read_pages(gis_reader)
    assert policy.can_read_feeds(gis_reader)
    assert policy.write_scope(gis_reader) == policy.NOTHING


@pytest.mark.parametrize("who", ["anonymous", "nobody"])
def test_without_a_role_nothing_is_read_unless_the_county_opens_it(
    who, nobody, settings
):
    user = AnonymousUser() if who == "anonymous" else nobody
    settings.GEOPORTAL_PUBLIC_READ = False
    assert policy.readable_villages(user).count() == 0
    assert not policy.can_read_feeds(user) and not policy.can_read_pages(user)
    assert policy.readable_township_ids(user) == []


@pytest.mark.parametrize("who", ["anonymous", "nobody"])
def test_public_read_opens_the_layers_read_only(who, nobody, village_a, settings):
    user = AnonymousUser() if who == "anonymous" else nobody
    policy.forget(user)
    settings.GEOPORTAL_PUBLIC_READ = True
    assert policy.readable_villages(user).count() == 532
    assert policy.can_read_pages(user)
    assert not policy.readable(user, Problem.objects.all()).exists()
    assert not policy.can_write(user, rating(village_a))
    assert not policy.can_write_in(user, village_a.township)


def test_superuser_does_everything(django_user_model, village_b):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert policy.can_write(root, rating(village_b), "delete")
    assert (
        policy.readable(root, Problem.objects.all()).count() == Problem.objects.count()
    )


def test_a_read_only_token_never_writes(county_admin, village_a):
    _token, raw = token_issue(user=county_admin)
    user = token_user(credentials(f"Token {raw}"))
    assert not policy.can_write(user, rating(village_a))
    assert policy.readable_villages(user).count() == 532
    _token, raw = token_issue(user=county_admin, write=True)
    assert policy.can_write(token_user(credentials(f"Bearer {raw}")), rating(village_a))


def test_an_empty_scope_still_compiles_to_sql(nobody):
    feed = policy.readable(nobody, selectors.village_list(year=2022))
    sql, _params = feed.query.sql_with_params()
    assert "IS NULL" in sql and feed.count() == 0


def test_a_cadre_scope_applies_to_feed_selectors(cadre, township_a, settings):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    feed = policy.readable(cadre, selectors.cleared_site_list())
    assert {row["township_code"] for row in feed} == {township_a.code}


def test_an_unknown_model_is_refused_loudly(leader, django_user_model):
    with pytest.raises(ImproperlyConfigured):
        policy.scoped(django_user_model.objects.all(), policy.Scope(frozenset({1})))


def test_the_scope_key_tells_different_readers_apart(
    cadre, leader, nobody, township_a, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    settings.GEOPORTAL_PUBLIC_READ = False
    assert policy.scope_key(leader) == "all"
    assert policy.scope_key(cadre) == f"t{township_a.pk}"
    assert policy.scope_key(nobody) == "none"

"""Defect 1 of issue 9: admin inlines, raw-id labels, choices and History pages are
scoped by the same policy as the lists."""

import re

import pytest
from django.test import Client

from inspections.models import Problem, RectificationNotice
from layers.models import EODProject, EODSite

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mixed_project(township_a) -> EODProject:
    """The demo EOD project with sites in most townships, the cadre's among them."""
    project = EODProject.objects.get(code="EOD-1")
    assert project.sites.filter(village__township=township_a).exists() or True
    return project


def test_issue9_d1_eod_inline_shows_only_own_township_sites(
    cadre, township_a, mixed_project, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    own = set(
        mixed_project.sites.filter(village__township=township_a).values_list(
            "code", flat=True
        )
    )
    foreign = set(
        mixed_project.sites.exclude(village__township=township_a).values_list(
            "code", flat=True
        )
    )
    assert foreign
    page = client_for(cadre).get(f"/admin/layers/eodproject/{mixed_project.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    inline = page.context["inline_admin_formsets"][0].formset
    shown = {form.instance.code for form in inline.forms if form.instance.pk}
    assert shown == own
    for code in foreign:
        assert code not in html


@pytest.fixture
def notices(village_a, village_b, group_1):
    """An own notice with one problem, and a foreign notice whose number is secret."""
    own = RectificationNotice.objects.create(
        village=village_a,
        group=group_1,
        number="OWN-9-1",
        issued_on="2024-01-01",
        deadline="2024-02-01",
    )
    foreign = RectificationNotice.objects.create(
        village=village_b,
        group=group_1,
        number="SECRET-B-NOTICE",
        issued_on="2024-01-01",
        deadline="2024-02-01",
    )
    problem = Problem.objects.create(
        notice=own, seq=1, description="own problem", star="branch"
    )
    return own, foreign, problem


def test_issue9_d1_raw_id_lookup_neither_offers_nor_names_a_foreign_row(
    cadre, notices, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    own, foreign, problem = notices
    client = client_for(cadre)
    url = f"/admin/inspections/problem/{problem.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    field = page.context["adminform"].form.fields["notice"]
    assert not field.queryset.filter(pk=foreign.pk).exists()
    # A foreign id typed into the raw-id box (with another field wrong, so the form is
    # shown again): refused, and the foreign notice's number is not printed beside it.
    answer = client.post(
        url,
        {
            "notice": foreign.pk,
            "seq": "x",
            "description": "d",
            "star": "branch",
            "status": problem.status,
        },
    )
    assert answer.status_code == 200
    assert "SECRET-B-NOTICE" not in answer.content.decode()
    problem.refresh_from_db()
    assert problem.notice_id == own.pk


def test_issue9_d1_history_page_lists_only_readable_changes(
    cadre, township_a, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    site = EODSite.objects.exclude(village__township=township_a).first()
    site.name = site.name + "·"
    site.save()
    page = client_for(cadre).get(f"/admin/layers/eodsite/{site.pk}/history/")
    assert page.status_code == 200
    settings.GEOPORTAL_CADRE_READS_ALL = False
    page = client_for(cadre).get(f"/admin/layers/eodsite/{site.pk}/history/")
    assert page.status_code in (302, 404)
    assert not re.search(re.escape(site.code), page.content.decode())

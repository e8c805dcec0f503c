"""Defect 2 of issue 9: who reads a route plan, on every plan surface.

County leaders and administrators read every plan; inspection group members read their
own group's; a township cadre reads only plans with every stop inside the own township.
"""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.test import Client

from accounts.roles import Role
from routing.models import Plan, PlanRoute, PlanStop

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_plan(author, villages) -> Plan:
    plan = Plan.objects.create(
        created_by=author,
        title="九号问题测试",
        start_date=datetime.date(2024, 5, 6),
        days=1,
        travel_mode="straight",
        travel_note="test",
    )
    route = PlanRoute.objects.create(
        plan=plan,
        group_index=1,
        group_name="第一组",
        day_index=1,
        date=plan.start_date,
        base=Point(114.9, 35.9, srid=4326),
        base_name="县委",
        start_s=8 * 3600,
        end_s=12 * 3600,
        travel_s=3600,
        service_s=3600,
        km=10.0,
    )
    for seq, village in enumerate(villages, start=1):
        PlanStop.objects.create(
            route=route,
            seq=seq,
            kind="village",
            code=village.code,
            name=village.short_name,
            village=village,
            location=village.boundary.point_on_surface,
            arrival_s=9 * 3600 + seq,
            departure_s=9 * 3600 + seq + 1,
        )
    return plan


def surfaces(plan: Plan) -> list[str]:
    base = f"/routes/plans/{plan.pk}"
    return [
        f"{base}/",
        f"{base}/print/",
        f"{base}/group/1/day/1.gpx",
        f"{base}/group/1/day/1.kml",
    ]


@pytest.fixture
def mixed_plan(inspector, village_a, village_b) -> Plan:
    return make_plan(inspector, [village_a, village_b])


def test_issue9_d2_cadre_reads_no_plan_reaching_another_township(
    cadre, mixed_plan, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    client = client_for(cadre)
    for url in surfaces(mixed_plan):
        assert client.get(url).status_code == 404, url
    planner = client.get("/routes/")
    assert mixed_plan not in list(planner.context["plans"])


def test_issue9_d2_cadre_reads_a_plan_inside_the_own_township(
    cadre, inspector, village_a, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    plan = make_plan(inspector, [village_a])
    client = client_for(cadre)
    for url in surfaces(plan):
        assert client.get(url).status_code == 200, url


def test_issue9_d2_inspectors_read_only_their_own_groups_plans(
    make_user, inspector, mixed_plan, group_1, group_2
):
    colleague = make_user(Role.INSPECTOR, "colleague", inspection_group=group_1)
    stranger = make_user(Role.INSPECTOR, "stranger", inspection_group=group_2)
    for url in [*surfaces(mixed_plan), f"/api/routes/plans/{mixed_plan.pk}"]:
        assert client_for(colleague).get(url).status_code == 200, url
        assert client_for(stranger).get(url).status_code == 404, url


def test_issue9_d2_county_roles_read_every_plan(leader, county_admin, mixed_plan):
    for user in (leader, county_admin):
        for url in surfaces(mixed_plan):
            assert client_for(user).get(url).status_code == 200, url

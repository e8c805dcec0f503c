"""Users, a saved route and photo files for the field tests (imported by conftest.py)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import LineString, Point
from PIL import Image

from accounts.roles import Role
from accounts.services import role_grant
from inspections.models import InspectionGroup
from layers.models import Village

PASSWORD = "field-pass-1"


def jpeg_bytes(
    size=(64, 32), *, orientation=None, gps=None, taken="2026:11:25 09:30:00"
) -> bytes:
    """Return a JPEG (red left half, blue right) with the EXIF asked for.

    `gps`: (lon, lat) written as EXIF degrees/minutes/seconds.
    """
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if taken:
        exif[306] = taken
        exif.get_ifd(0x8769)[36867] = taken
    if orientation:
        exif[274] = orientation
    if gps:
        lon, lat = gps
        exif.get_ifd(0x8825).update({1: "N", 2: dms(lat), 3: "E", 4: dms(lon)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def dms(value: float) -> tuple[float, float, float]:
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 4)
    return (float(d), float(m), s)


def make_user(name: str, role: str, **where):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    role_grant(user=user, role=role, **where)
    return user


@pytest.fixture
def field_group(db) -> InspectionGroup:
    return InspectionGroup.objects.create(name="第九督导组", leader="组长")


@pytest.fixture
def village(db) -> Village:
    return Village.objects.select_related("township").order_by("code")[5]


@pytest.fixture
def inspector(field_group):
    return make_user("inspector9", Role.INSPECTOR, inspection_group=field_group)


@pytest.fixture
def other_inspector(db):
    group = InspectionGroup.objects.create(name="第十督导组")
    return make_user("inspector10", Role.INSPECTOR, inspection_group=group)


@pytest.fixture
def cadre(village):
    return make_user("cadre", Role.TOWNSHIP_CADRE, township=village.township)


@pytest.fixture
def other_cadre(village):
    from layers.models import Township

    other = Township.objects.exclude(pk=village.township_id).order_by("code").first()
    return make_user("cadre2", Role.TOWNSHIP_CADRE, township=other)


@pytest.fixture
def county_admin(db):
    return make_user("countyadmin", Role.COUNTY_ADMIN)


def route_for(group, villages, date: datetime.date):
    """Save a one-day plan for `group` visiting `villages` in order on `date`."""
    from routing.models import Plan, PlanRoute, PlanStop

    plan = Plan.objects.create(
        title="测试计划",
        start_date=date,
        days=1,
        travel_mode="straight",
        travel_note="test",
    )
    points = [group.base] + [v.label_point for v in villages] + [group.base]
    route = PlanRoute.objects.create(
        plan=plan,
        group_index=0,
        group=group,
        group_name=group.name,
        day_index=0,
        date=date,
        base=group.base,
        base_name=group.base_name,
        start_s=8 * 3600,
        end_s=17 * 3600,
        travel_s=3600,
        service_s=3600,
        km=42.0,
        geom=LineString([p.coords for p in points], srid=4326),
    )
    for seq, v in enumerate(villages, start=1):
        PlanStop.objects.create(
            route=route,
            seq=seq,
            kind="village",
            code=v.code,
            name=v.short_name,
            township_name=v.township.name,
            village=v,
            location=Point(v.label_point.x, v.label_point.y, srid=4326),
            arrival_s=9 * 3600 + seq * 1800,
            departure_s=9 * 3600 + seq * 1800 + 900,
        )
    return route

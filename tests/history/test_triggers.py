"""The history triggers record every write: ORM, bulk, import; who, from where, what."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from history import triggers
from history.context import acting, current
from history.models import Change
from history.selectors import object_history
from inspections.models import InspectionGroup, Problem, RectificationNotice
from layers.importers import import_file
from layers.models import ClearedSite, Pairing, StarRating, Village

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("history-editor", password="x")


@pytest.fixture
def village(db) -> Village:
    return Village.objects.order_by("code").first()


def test_every_audited_table_has_its_three_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = "
            "t.tgrelid WHERE t.tgname LIKE 'history\\_%%' AND NOT t.tgisinternal "
            "AND t.tgname <> 'history_rating_guard' GROUP BY c.relname"
        )
        installed = dict(cursor.fetchall())
    assert installed == {table: 3 for table in triggers.AUDITED}


def test_the_guard_uses_the_project_time_zone():
    assert triggers.COUNTY_TIME_ZONE == settings.TIME_ZONE


def test_a_create_records_who_where_and_every_value(editor, village):
    with acting(user=editor, source="web"):
        pairing = Pairing.objects.create(
            village=village, year=2026, partner_kind="leader", partner="测试县长"
        )
    change = object_history(pairing).get()
    assert (change.action, change.username, change.user_id, change.source) == (
        "create",
        editor.username,
        editor.pk,
        "web",
    )
    assert change.new["partner"] == "测试县长" and change.old is None
    assert "updated_at" not in change.new
    assert change.township_id == village.township_id
    assert change.db_role == settings.DATABASES["default"]["USER"]


def test_an_update_records_only_the_changed_columns(editor, village):
    rating = StarRating.objects.create(village=village, year=2026)
    with acting(user=editor, source="api", reason="checked again"):
        rating.branch = True
        rating.save()
        rating.save()  # nothing changed: nothing recorded
    update = object_history(rating).filter(action="update").get()
    assert update.old == {"branch": False, "level": 0}
    assert update.new == {"branch": True, "level": 1}
    assert update.reason == "checked again"


def test_a_delete_records_the_old_values_and_geometry_as_geojson(village):
    site = ClearedSite.objects.filter(village__isnull=False).first()
    code, pk = site.code, site.pk
    site.delete()
    change = Change.objects.get(
        table_name="layers_clearedsite", object_id=str(pk), action="delete"
    )
    assert change.old["code"] == code and change.new is None
    assert change.old["location"]["type"] == "Point"
    assert change.source == "db"  # no context: a shell or SQL by hand


def test_bulk_writes_are_recorded_row_by_row_in_one_transaction(village):
    rows = [
        Pairing(village=village, year=2026, partner_kind="department", partner=f"局{n}")
        for n in range(5)
    ]
    created = Pairing.objects.bulk_create(rows)
    for pairing in created:
        pairing.partner_kind = "leader"
    Pairing.objects.bulk_update(created, ["partner_kind"])
    recorded = Change.objects.filter(
        table_name="layers_pairing", object_id__in=[str(p.pk) for p in created]
    )
    assert recorded.filter(action="create").count() == 5
    assert recorded.filter(action="update").count() == 5
    assert len(set(recorded.values_list("txid", flat=True))) == 1


def test_an_import_is_recorded_with_its_source_user_and_file(editor, tmp_path):
    villages = list(Village.objects.order_by("code")[:3])
    path = tmp_path / "pairings-2026.csv"
    lines = ["village_code,year,partner_kind,partner"]
    lines += [f"{v.code},2026,leader,县领导{n}" for n, v in enumerate(villages)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with acting(user=editor, source="web"):
        report = import_file("pairing", path)
    assert report.ok and report.created == 3
    recorded = Change.objects.filter(
        table_name="layers_pairing", action="create", new__year=2026
    )
    assert recorded.count() == 3
    assert set(recorded.values_list("source", "username", "reason")) == {
        ("import", editor.username, "import: pairings-2026.csv")
    }
    assert current().source == ""  # the context is left as it was found


def test_a_dry_run_import_leaves_no_history(tmp_path):
    village = Village.objects.order_by("code").first()
    path = tmp_path / "dry.csv"
    path.write_text(
        f"village_code,year,partner_kind,partner\n{village.code},2026,leader,试运行\n",
        encoding="utf-8",
    )
    before = Change.objects.count()
    assert import_file("pairing", path, dry_run=True).ok
    assert Change.objects.count() == before


def test_a_problem_is_placed_in_its_villages_township(village):
    group = InspectionGroup.objects.first() or InspectionGroup.objects.create(name="组")
    notice = RectificationNotice.objects.create(
        number="T-HIST-1",
        village=village,
        group=group,
        issued_on="2026-03-01",
        deadline="2026-04-01",
    )
    problem = Problem.objects.create(
        notice=notice, seq=1, description="路灯", star="safety"
    )
    assert object_history(problem).get().township_id == village.township_id

"""The importer's task_value kind: values with evidence from a spreadsheet, all or nothing."""

import pytest

from evidence.models import TaskValue
from layers.importers import import_file

pytestmark = pytest.mark.django_db

HEADER = "行政村代码,年度,任务编码,数值,是否达标,佐证\n"


def test_import_writes_values_with_their_evidence(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        HEADER
        + "410527103219,2022,safety_patrol,12,,巡逻队花名册\n"
        + "410527103219,2022,civility_village_rules,,是,村规民约上墙\n",
        encoding="utf-8",
    )
    report = import_file("task_value", path)
    assert report.ok, report.summary()
    rows = TaskValue.objects.filter(village__code="410527103219", year=2022)
    patrol = rows.get(task__code="safety_patrol")
    assert (patrol.number, patrol.evidence_text, patrol.is_demo) == (
        12,
        "巡逻队花名册",
        False,
    )
    assert rows.get(task__code="civility_village_rules").flag is True


def test_a_bad_row_leaves_every_row_unwritten(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        HEADER
        + "410527103219,2022,safety_patrol,99,,ok\n"
        + "410527103219,2022,safety_patrol,12,是,both given\n"
        + "410527103219,2022,no_such_task,1,,unknown task\n",
        encoding="utf-8",
    )
    before = TaskValue.objects.get(
        village__code="410527103219", year=2022, task__code="safety_patrol"
    ).number
    report = import_file("task_value", path)
    assert not report.ok
    fields = {error.field for error in report.errors}
    assert {"number", "task_code"} <= fields
    after = TaskValue.objects.get(
        village__code="410527103219", year=2022, task__code="safety_patrol"
    ).number
    assert after == before

"""Evidence values leave a trail: each change is in the history with who, when, old, new."""

import pytest

from evidence.models import GridCell, TaskValue
from history.models import Change
from history.selectors import object_history
from tests.evidence.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_value_written_through_the_api_is_in_the_history(cadre, township_a):
    village = township_a.villages.order_by("code")[0]
    entry = TaskValue.objects.get(
        village=village, year=2022, task__code="safety_patrol"
    )
    before = entry.number
    new = before + 3
    answer = signed_in(cadre).post(
        "/api/evidence/values/",
        {
            "village": village.code,
            "year": 2022,
            "task": "safety_patrol",
            "value": str(new),
            "evidence_text": "巡逻队花名册",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    change = object_history(entry).filter(action="update").latest("id")
    assert (change.username, change.user_id) == (cadre.username, cadre.pk)
    assert change.source in ("api", "web")
    assert change.table_name == "evidence_taskvalue"
    assert float(change.old["number"]) == float(before)
    assert float(change.new["number"]) == float(new)
    assert change.new["evidence_text"] == "巡逻队花名册"
    assert change.township_id == township_a.pk
    assert change.at is not None


def test_deleting_a_grid_cell_is_recorded_with_its_old_values():
    cell = GridCell.objects.order_by("pk")[0]
    cell_id = cell.pk
    cell.delete()
    change = Change.objects.filter(
        table_name="evidence_gridcell", object_id=str(cell_id), action="delete"
    ).get()
    assert change.old["id"] == cell_id and change.new is None

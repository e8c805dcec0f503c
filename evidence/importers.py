"""The importer's `task_value` kind: a county's values of the checklist from a spreadsheet.

    manage.py import_layer task_value values.csv

Columns: village_code (行政村代码), year (年度), task_code (任务编码), and either number
(数值) or flag (是否达标, 是/否), with evidence_text (佐证). One transaction, every row
checked first, like every kind. Joined to the importer's kinds in EvidenceConfig.ready().
"""

from django.utils.translation import gettext as _

from evidence.models import Task, TaskValue
from layers.importers import fields as f
from layers.importers.kinds import KINDS, TO_VILLAGE, VILLAGE_CODE, YEAR, column
from layers.importers.spec import Kind, Reference


def task_value_rules(values: dict) -> list[tuple[str, str]]:
    """Refuse a row with both a number and a yes/no, or with neither."""
    has_number = values.get("number") is not None
    has_flag = values.get("flag") is not None
    if has_number == has_flag:
        return [("number", _("give either a number or yes/no, not both or neither"))]
    return []


TASK_VALUE = Kind(
    "task_value",
    TaskValue,
    columns=(
        VILLAGE_CODE,
        YEAR,
        column("task_code", f.text(40), "任务编码", "任务代码", required=True),
        column("number", f.decimal(), "数值", "数量"),
        column("flag", f.boolean, "是否达标", "是否"),
        column("evidence_text", f.text(4000), "佐证", "佐证说明", default=""),
        # An imported value is the county's own, no longer the seeded demo.
        column("is_demo", f.boolean, "演示数据", default=False),
    ),
    key=("task_id", "village_id", "year"),
    references=(TO_VILLAGE, Reference("task_code", "task", Task)),
    rules=task_value_rules,
)


def register_kind() -> None:
    """Add `task_value` to the importer's kinds (a registry keyed by name)."""
    KINDS.setdefault(TASK_VALUE.name, TASK_VALUE)

"""How a task's value and shortfall read: "集体经济收入 4.2万元，距清五目标差 0.8万元"."""

from decimal import Decimal

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _


def chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def amount(value: Decimal | int | None, unit: str, wan: bool = False) -> str:
    """Return `value` with its unit; in Chinese, yuan from 10,000 up (or with `wan`)
    as 万元."""
    if value is None:
        return "—"
    value = Decimal(value)
    if unit == "元":
        if chinese() and (wan or abs(value) >= 10_000):
            wan = (value / 10_000).quantize(Decimal("0.01")).normalize()
            return f"{wan:f}万元"
        return f"{value:,.0f} " + ("元" if chinese() else "yuan")
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return f"{text}{unit}" if chinese() else f"{text} {unit}".strip()


def label(name: str) -> str:
    """Return the task name without its bracketed target: 集体经济收入（清五） → 集体经济收入."""
    return name.split("（")[0]


def sentence(task, value, met: bool | None, shortfall) -> str:
    """Return the one line a card shows for a task."""
    if value is None:
        return _("%(task)s: not reported") % {"task": task.name}
    if task.measure == "yes_no":
        state = pgettext("task value", "yes") if value else pgettext("task value", "no")
        return _("%(task)s: %(state)s") % {"task": task.name, "state": state}
    shown = {"task": label(task.name), "value": amount(value, task.unit)}
    if met is None:
        return _("%(task)s %(value)s") % shown
    target = task.target_name or amount(task.threshold, task.unit)
    if met:
        return _("%(task)s %(value)s, %(target)s reached") % {**shown, "target": target}
    return _("%(task)s %(value)s, %(short)s short of %(target)s") % {
        **shown,
        "target": target,
        # The shortfall reads in the unit of its target: 距清五目标差 0.8万元.
        "short": amount(shortfall, task.unit, wan=task.threshold >= 10_000),
    }

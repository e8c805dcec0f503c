"""Read a plan request (JSON) into plain values; every mistake is reported by field name."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from inspections.models import InspectionGroup
from layers.api.filters.params import BadParams
from layers.rules import FIRST_YEAR, LAST_YEAR

MAX_GROUPS, MAX_DAYS, MAX_LIST = 10, 10, 2000
RULE_NAMES = (
    "unvisited",
    "open_problems",
    "quasi_five_star",
    "cleared_sites",
    "explicit",
)
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


# A plan request with mistakes, {field: reason}: the one parser's error class
# (layers/api/filters/params.py), under this module's old name.
RequestErrors = BadParams


@dataclass
class PlanRequest:
    groups: list[InspectionGroup | None]
    days: int
    start_date: datetime.date
    rules: list[dict]
    title: str = ""
    day_hours: float = 8.0
    start_s: int = 8 * 3600 + 30 * 60
    service_s: dict = field(
        default_factory=lambda: {"village": 40 * 60, "site": 15 * 60}
    )
    time_limit_s: float | None = None
    skip_weekends: bool = True
    use_roads: bool = True
    windows: dict = field(default_factory=dict)


def clock_seconds(value, name: str, errors: dict) -> int | None:
    """Return seconds after midnight of an "HH:MM" string, or note an error."""
    if isinstance(value, str) and CLOCK.match(value):
        hours, minutes = map(int, value.split(":"))
        return hours * 3600 + minutes * 60
    errors[name] = _("Give a time as HH:MM.")
    return None


def number(
    data: dict, key: str, name: str, errors: dict, low, high, default, whole=False
):
    """Return data[key] as a number within [low, high] (default if absent), or note an error."""
    value = data.get(key, default)
    kinds = (int,) if whole else (int, float)
    if (
        isinstance(value, bool)
        or not isinstance(value, kinds)
        or not low <= value <= high
    ):
        errors[name] = _("Give a number from %(low)s to %(high)s.") % {
            "low": low,
            "high": high,
        }
        return default
    return value


def parse_groups(value, errors: dict) -> list:
    """Return the groups: a count (the first N groups, padded with ad-hoc ones) or ids."""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 1 <= value <= MAX_GROUPS
    ):
        known = list(InspectionGroup.objects.order_by("id")[:value])
        return known + [None] * (value - len(known))
    if (
        isinstance(value, list)
        and 1 <= len(value) <= MAX_GROUPS
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        found = InspectionGroup.objects.in_bulk(value)
        if len(found) == len(set(value)) == len(value):
            return [found[v] for v in value]
        errors["groups"] = _("Unknown group ids: %(ids)s.") % {
            "ids": ", ".join(str(v) for v in value if v not in found)
            or _("repeated ids")
        }
        return []
    errors["groups"] = _(
        "Give a number of groups (1–%(max)d) or a list of group ids."
    ) % {"max": MAX_GROUPS}
    return []


def parse_date(value, name: str, errors: dict) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        errors[name] = _("Give a date as YYYY-MM-DD.")
        return None


def parse_townships(rule: dict, name: str, errors: dict) -> list[str] | None:
    value = rule.get("townships")
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, str) and re.fullmatch(r"\d{9}", v) for v in value
    ):
        errors[name] = _("Give a list of 9-digit township codes.")
        return None
    return value


def code_list(rule: dict, key: str, name: str, errors: dict) -> list[str]:
    value = rule.get(key, [])
    if (
        not isinstance(value, list)
        or len(value) > MAX_LIST
        or not all(isinstance(v, str) for v in value)
    ):
        errors[name] = _("Give a list of codes (at most %(max)d).") % {"max": MAX_LIST}
        return []
    return value


def parse_rule(rule, name: str, errors: dict) -> dict | None:
    """Return one targets rule with its options checked."""
    if not isinstance(rule, dict) or rule.get("rule") not in RULE_NAMES:
        errors[f"{name}.rule"] = _("Rule is one of: %(rules)s.") % {
            "rules": ", ".join(RULE_NAMES)
        }
        return None
    parsed = {
        "rule": rule["rule"],
        "townships": parse_townships(rule, f"{name}.townships", errors),
    }
    if rule["rule"] == "unvisited":
        parsed["since"] = parse_date(rule.get("since"), f"{name}.since", errors)
    if rule["rule"] == "quasi_five_star" and rule.get("year") is not None:
        parsed["year"] = number(
            rule, "year", f"{name}.year", errors, FIRST_YEAR, LAST_YEAR, None, True
        )
    if rule["rule"] == "explicit":
        parsed["villages"] = code_list(rule, "villages", f"{name}.villages", errors)
        parsed["sites"] = code_list(rule, "sites", f"{name}.sites", errors)
        if (
            not (parsed["villages"] or parsed["sites"])
            and f"{name}.villages" not in errors
        ):
            errors[f"{name}.villages"] = _("Name at least one village or site.")
    return parsed


def parse_rules(value, errors: dict) -> list[dict]:
    rules = value if isinstance(value, list) else [value]
    if not rules or value is None:
        errors["targets"] = _("Give a targets rule or a list of rules.")
        return []
    return [parse_rule(rule, f"targets[{i}]", errors) for i, rule in enumerate(rules)]


def parse_limits(value, request: PlanRequest, errors: dict) -> None:
    """Set the day length, start time, service minutes, solver time and flags on request."""
    if value is None:
        return
    if not isinstance(value, dict):
        errors["limits"] = _("Give the limits as an object.")
        return
    request.day_hours = number(value, "day_hours", "limits.day_hours", errors, 1, 14, 8)
    if "start_time" in value:
        request.start_s = (
            clock_seconds(value["start_time"], "limits.start_time", errors) or 0
        )
    minutes = value.get("service_minutes", {})
    if not isinstance(minutes, dict):
        errors["limits.service_minutes"] = _("Give minutes by kind: village, site.")
        minutes = {}
    for kind in ("village", "site"):
        if kind in minutes:
            name = f"limits.service_minutes.{kind}"
            request.service_s[kind] = round(
                60 * number(minutes, kind, name, errors, 0, 480, 0)
            )
    if "time_limit_s" in value:
        request.time_limit_s = number(
            value, "time_limit_s", "limits.time_limit_s", errors, 0.1, 120, None
        )
    for flag in ("skip_weekends", "use_roads"):
        if flag in value and not isinstance(value[flag], bool):
            errors[f"limits.{flag}"] = _("Give true or false.")
        elif flag in value:
            setattr(request, flag, value[flag])


def parse_windows(value, errors: dict) -> dict:
    """Return {code: (opens, closes)} from {code: ["HH:MM", "HH:MM"]}."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors["time_windows"] = _("Give time windows as {code: [from, to]}.")
        return {}
    windows = {}
    for code, pair in value.items():
        name = f"time_windows.{code}"
        if not isinstance(pair, list) or len(pair) != 2:
            errors[name] = _("Give a window as [from, to].")
            continue
        opens, closes = (clock_seconds(v, name, errors) for v in pair)
        if opens is not None and closes is not None:
            if opens > closes:
                errors[name] = _("A window must open before it closes.")
            windows[code] = (opens, closes)
    return windows


def parse_plan_request(data) -> PlanRequest:
    """Return the plan request read from parsed JSON; raise RequestErrors naming each field."""
    if not isinstance(data, dict):
        raise RequestErrors({"body": _("Send a JSON object.")})
    errors: dict[str, str] = {}
    request = PlanRequest(
        groups=parse_groups(data.get("groups", 4), errors),
        days=number(data, "days", "days", errors, 1, MAX_DAYS, 5, whole=True),
        start_date=parse_date(data.get("start_date"), "start_date", errors),
        rules=parse_rules(data.get("targets"), errors),
        title=str(data.get("title", ""))[:120],
    )
    parse_limits(data.get("limits"), request, errors)
    request.windows = parse_windows(data.get("time_windows"), errors)
    if errors:
        raise RequestErrors(errors)
    return request

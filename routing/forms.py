"""Turn the planner page's form into the same JSON request the API takes."""

import re


def number_or_text(value: str):
    """Return the value as a number when it reads as one, else as given (to be reported)."""
    value = (value or "").strip()
    if re.fullmatch(r"\d+", value):
        return int(value)
    if re.fullmatch(r"\d+\.\d*", value):
        return float(value)
    return value


def form_rules(post) -> list[dict]:
    """Return the targets rules ticked on the form, limited to the chosen townships."""
    townships = post.getlist("townships") or None
    rules = []
    if post.get("rule_unvisited"):
        rules.append({"rule": "unvisited", "since": post.get("since", "")})
    if post.get("rule_open_problems"):
        rules.append({"rule": "open_problems"})
    if post.get("rule_quasi"):
        rule = {"rule": "quasi_five_star"}
        if post.get("quasi_year"):
            rule["year"] = number_or_text(post["quasi_year"])
        rules.append(rule)
    if post.get("rule_sites"):
        rules.append({"rule": "cleared_sites"})
    villages = [
        code for code in re.split(r"[\s,;，；]+", post.get("villages", "")) if code
    ]
    if villages:
        rules.append({"rule": "explicit", "villages": villages})
    for rule in rules:
        if townships and rule["rule"] != "explicit":
            rule["townships"] = townships
    return rules


def form_request(post) -> dict:
    """Return the plan request (API JSON shape) from the planner form's fields."""
    request = {
        "title": post.get("title", ""),
        "groups": number_or_text(post.get("groups", "4")),
        "days": number_or_text(post.get("days", "5")),
        "start_date": post.get("start_date", ""),
        "targets": form_rules(post) or None,
        "limits": {
            "day_hours": number_or_text(post.get("day_hours", "8")),
            "start_time": post.get("start_time", "08:30"),
            "service_minutes": {
                "village": number_or_text(post.get("service_village", "40")),
                "site": number_or_text(post.get("service_site", "15")),
            },
            "use_roads": bool(post.get("use_roads")),
        },
    }
    if (post.get("time_limit_s") or "").strip():
        request["limits"]["time_limit_s"] = number_or_text(post["time_limit_s"])
    return request

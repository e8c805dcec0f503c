"""Where each model's rows sit: the path from a row to its township, or to its group.

A model not listed here cannot be scoped; accounts.policy refuses it loudly rather than
answer every row. County-wide models (the county, EOD projects, inspection groups) have
no township: anyone who reads reads them, only county-level roles write them.
"""

from django.core.exceptions import ImproperlyConfigured

TOWNSHIP_PATHS = {
    "layers.township": "pk",
    "layers.village": "township",
    "layers.starrating": "village__township",
    "layers.creationtarget": "township",  # null: the county's own target
    "layers.eodsite": "village__township",  # null: a site outside any village
    "layers.clearedsite": "village__township",
    "layers.servicecentre": "village__township",
    "layers.pairing": "village__township",
    "inspections.visit": "village__township",
    "inspections.rectificationnotice": "village__township",
    "inspections.problem": "notice__village__township",
    "inspections.photo": "village__township",  # engineer E2: the owner's village
    "history.change": "township",
    "evidence.taskvalue": "village__township",
    "evidence.gridcell": "village__township",
    "evidence.threechangespilot": "village__township",
    "evidence.federation": "township",
    "evidence.mediationcentre": "village__township",
}
COUNTY_WIDE = {
    "layers.county",
    "layers.eodproject",
    "evidence.task",
    "inspections.inspectiongroup",
    "routing.plan",
    "routing.planroute",
    "routing.planstop",
    "routing.unplannedstop",
}
GROUP_PATHS = {
    "inspections.inspectiongroup": "pk",
    "inspections.visit": "group",
    "inspections.rectificationnotice": "group",
    "inspections.problem": "notice__group",
}


def label(model) -> str:
    """Return "app_label.modelname" of a model class or instance."""
    return model._meta.label_lower


def township_path(model) -> str | None:
    """Return the lookup from `model` to its township id, None for county-wide models."""
    key = label(model)
    if key in TOWNSHIP_PATHS:
        path = TOWNSHIP_PATHS[key]
        return "pk" if path == "pk" else f"{path}_id"
    if key in COUNTY_WIDE:
        return None
    raise ImproperlyConfigured(
        f"accounts.scope does not know where {key} rows sit; add it to TOWNSHIP_PATHS "
        "or COUNTY_WIDE."
    )


def follow(obj, path: str):
    """Follow a `a__b__c` path from `obj` and return the id at its end (None if cut)."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def township_of(obj) -> int | None:
    """Return the id of the township `obj` sits in (None for county-wide rows)."""
    path = TOWNSHIP_PATHS.get(label(obj))
    if path is None:
        township_path(obj)  # raises for unknown models
        return None
    return follow(obj, path)


def group_of(obj) -> int | None:
    """Return the id of the inspection group `obj` belongs to, if it belongs to one."""
    path = GROUP_PATHS.get(label(obj))
    return follow(obj, path) if path else None

"""Rules that need several values of one row, or derive one value from others.

Each takes the row's parsed values (and may fill derived ones in) and returns a list of
(field, reason) problems.
"""

from django.utils.translation import gettext as _

from layers import rules as date_rules
from layers.models import STAR_FIELDS

Problems = list[tuple[str, str]]

VILLAGE_SUFFIXES = (
    ("村民委员会", "village_committee"),
    ("社区居委会", "residents_committee"),
    ("居民委员会", "residents_committee"),
    ("村委会", "village_committee"),
    ("居委会", "residents_committee"),
)


def township_rules(values: dict) -> Problems:
    """Derive the kind from the name's ending (街道/镇/乡) when the file has none."""
    if values.get("kind") is None:
        name = values.get("name") or ""
        suffixes = {"街道": "subdistrict", "镇": "town", "乡": "township"}
        found = [kind for suffix, kind in suffixes.items() if name.endswith(suffix)]
        if not found:
            return [("kind", _("missing, and the name does not end in 街道, 镇 or 乡"))]
        values["kind"] = found[0]
    return []


def village_rules(values: dict) -> Problems:
    """Derive short name, committee type and township code, and check they agree."""
    name, code_ = values.get("name") or "", values.get("code") or ""
    stem, committee = name, None
    for suffix, kind in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem, committee = name[: -len(suffix)], kind
            break
    if committee is None:
        committee = (
            "residents_committee" if name.endswith("社区") else "village_committee"
        )
    values.setdefault("committee_type", None)
    values["committee_type"] = values["committee_type"] or committee
    if not values.get("short_name"):
        ending = "社区" if values["committee_type"] == "residents_committee" else "村"
        values["short_name"] = stem if stem.endswith(ending) else stem + ending
    problems = []
    if not values.get("township_code"):
        values["township_code"] = code_[:9]
    elif code_ and values["township_code"] != code_[:9]:
        problems.append(
            (
                "township_code",
                _(
                    "%(township)s does not match the village code %(code)s "
                    "(its first 9 digits)"
                )
                % {"township": values["township_code"], "code": code_},
            )
        )
    return problems


def rating_rules(values: dict) -> Problems:
    """A village holding all five stars cannot also be a quasi-five-star candidate."""
    if values.get("is_quasi_five_star") and all(values.get(s) for s in STAR_FIELDS):
        return [
            (
                "is_quasi_five_star",
                _("a village with all five stars is not quasi-five-star"),
            )
        ]
    return []


NOTES = "__notes__"  # assumptions a rule made, reported once per file (see service)


def assume(values: dict, note: str) -> None:
    """Record an assumption a rule made for this row."""
    values.setdefault(NOTES, []).append(str(note))


def cleared_site_rules(values: dict) -> Problems:
    """Keep the dates in order and consistent with the status.

    Phone apps and ledgers leave dates out: a site without a report date is taken as
    reported when it was cleared, a verified site without a verification date as
    verified when it was cleared; both are accepted and said.
    """
    status = values.get("status")
    if values.get("reported_on") is None and values.get("cleared_on") is not None:
        values["reported_on"] = values["cleared_on"]
        assume(
            values, _("no report date: the clearing date was taken as the report date")
        )
    if (
        status == "verified"
        and values.get("verified_on") is None
        and values.get("cleared_on") is not None
    ):
        values["verified_on"] = values["cleared_on"]
        assume(
            values,
            _("verified without a verification date: the clearing date was taken"),
        )
    reported, cleared, verified = (
        values.get(k) for k in ("reported_on", "cleared_on", "verified_on")
    )
    problems = []
    if reported is None:
        problems.append(("reported_on", _("required (or a clearing date)")))
    problems.extend(
        date_rules.cleared_site_date_problems(
            status=status,
            reported_on=reported,
            cleared_on=cleared,
            verified_on=verified,
        ).items()
    )
    return problems

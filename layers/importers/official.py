"""The official code list (NBS 2023 统计用区划代码) that imported codes are checked against.

The list is the county's own: fixtures/neihuang/townships.csv and villages.csv, copied
from the National Bureau of Statistics' 2023 release (see fixtures/neihuang/SOURCES.md).
A code under a county the list covers must be on it; a code of another county is not
this service's.
"""

import csv
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

LIST = Path(settings.BASE_DIR) / "fixtures" / "neihuang"
VINTAGE = "NBS 2023"


@cache
def codes() -> dict[str, str]:
    """Return every official township (9 digits) and village (12) code with its name."""
    found = {}
    for name in ("townships.csv", "villages.csv"):
        with (LIST / name).open(encoding="utf-8") as table:
            found |= {row["code"]: row["name"] for row in csv.DictReader(table)}
    return found


@cache
def counties() -> frozenset[str]:
    return frozenset(code[:6] for code in codes())


def problem(code: str) -> str | None:
    """Say why a township or village code is not official, or None when it is."""
    if code in codes():
        return None
    if code[:6] not in counties():
        return _(
            "%(code)s is not a code of county %(counties)s (official list %(list)s)"
        ) % {"code": code, "counties": "/".join(sorted(counties())), "list": VINTAGE}
    return _("%(code)s is not in the official code list (%(list)s)") % {
        "code": code,
        "list": VINTAGE,
    }


def name(code: str) -> str:
    return codes().get(code, "")

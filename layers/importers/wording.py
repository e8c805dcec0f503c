"""Words the importer's messages share: kind labels, lists, rows, GEOS reasons.

Everything a message joins goes through a translatable template, so a translation
chooses its own punctuation (Chinese: 、，；。) instead of inheriting English commas.
"""

from collections.abc import Iterable

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from layers import models as m

# What each kind is called in messages: its model's verbose name (see kinds.KINDS).
KIND_LABELS = {
    "county": m.County._meta.verbose_name,
    "township": m.Township._meta.verbose_name,
    "village": m.Village._meta.verbose_name,
    "rating": m.StarRating._meta.verbose_name,
    "target": m.CreationTarget._meta.verbose_name,
    "eod_project": m.EODProject._meta.verbose_name,
    "eod_site": m.EODSite._meta.verbose_name,
    "cleared_site": m.ClearedSite._meta.verbose_name,
    "service_centre": m.ServiceCentre._meta.verbose_name,
    "pairing": m.Pairing._meta.verbose_name,
}

# GEOS's reasons for an invalid geometry (IsValidOp), lower case, as people read them.
GEOS_REASONS = {
    "self-intersection": gettext_lazy("self-intersection"),
    "ring self-intersection": gettext_lazy("ring self-intersection"),
    "too few points in geometry component": gettext_lazy(
        "too few points in geometry component"
    ),
    "too few distinct points in geometry component": gettext_lazy(
        "too few points in geometry component"
    ),
    "hole lies outside shell": gettext_lazy("hole lies outside shell"),
    "holes are nested": gettext_lazy("holes are nested"),
    "nested shells": gettext_lazy("nested shells"),
    "interior is disconnected": gettext_lazy("interior is disconnected"),
    "duplicate rings": gettext_lazy("duplicate rings"),
    "ring is not closed": gettext_lazy("ring is not closed"),
    "invalid coordinate": gettext_lazy("invalid coordinate"),
}


def kind_label(name: str) -> str:
    """Return what a kind is called in the active language (its name if unknown).

    Kinds other apps register (evidence's task_value) are called by their model.
    """
    if name not in KIND_LABELS:
        from layers.importers.kinds import KINDS

        if name in KINDS:
            return str(KINDS[name].model._meta.verbose_name)
    return str(KIND_LABELS.get(name, name))


def geos_reason(what: str) -> str:
    """Return a GEOS validity reason in the active language, else GEOS's own words."""
    reason = what.strip().lower()
    return str(GEOS_REASONS.get(reason, reason))


def listing(items: Iterable) -> str:
    """Join items as a list: 'a, b, c' in English, 'a、b、c' in Chinese."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


def alternatives(items: Iterable) -> str:
    """Join items as choices: 'a', 'a or b', 'a, b or c'."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s or %(last)s") % {
        "items": listing(items[:-1]),
        "last": items[-1],
    }


def rows_label(numbers: list[int]) -> str:
    """Say which rows: 'row 57', 'rows 1–56, 58–60' (Chinese 第57行, 第1–56、58–60行)."""
    if numbers == [0]:
        return _("file")
    spans, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current is None or current != previous + 1:
            spans.append(f"{start}" if start == previous else f"{start}–{previous}")
            start = current
    return ngettext("row %(rows)s", "rows %(rows)s", len(numbers)) % {
        "rows": listing(spans)
    }


def sentence(clauses: list[str]) -> str:
    """Make one sentence of clauses: 'A; b; c.' in English, 'A；b；c。' in Chinese."""
    text = clauses[0]
    for clause in clauses[1:]:
        text = _("%(sentence)s; %(clause)s") % {"sentence": text, "clause": clause}
    return capfirst(_("%(sentence)s.") % {"sentence": text})

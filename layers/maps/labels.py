"""Gather the translated words the map scripts show (card, popups, controls, panels).

The scripts receive them in the page config, so one .po file translates the whole page.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers.models import ClearedSite, EODProject, Pairing, Star

from .basemaps import LABELS as basemap_labels_table
from .styles import LEVEL_LABELS


def basemap_labels() -> dict:
    """Return {basemap name: label} for the notices."""
    return dict(basemap_labels_table)


def choices(text_choices) -> dict:
    """Return {value: label} of a TextChoices class."""
    return {str(value): label for value, label in text_choices.choices}


def map_labels() -> dict:
    """Return every label the map scripts need, still lazy (translated when serialised)."""
    return {
        "levels": {str(level): label for level, label in LEVEL_LABELS.items()},
        "stars": choices(Star),
        "kinds": choices(ClearedSite.Kind),
        "siteStatuses": choices(ClearedSite.Status),
        "reuses": choices(ClearedSite.Reuse),
        "subProjects": choices(EODProject.SubProject),
        "eodStatuses": choices(EODProject.Status),
        "partnerKinds": choices(Pairing.PartnerKind),
        "listSep": pgettext_lazy("list separator", ", "),
        "loading": _("Loading…"),
        "loadFailed": _("Could not load the map data. Reload the page to try again."),
        "year": _("Year"),
        "starFilter": _("Show"),
        "allVillages": _("All villages"),
        "holdingStar": _("Villages holding the {star}"),
        "withoutStar": _("Villages without that star"),
        "starsHeld": _("Stars held"),
        "noneHeld": _("none"),
        "history": _("Rating history"),
        "noHistory": _("not rated yet"),
        "income": _("Collective income"),
        "land": _("Transferred land"),
        "clearedSites": _("Cleared sites"),
        "eodSites": _("EOD sites"),
        "nearestCentre": _("Nearest service centre"),
        "pairing": _("Paired with"),
        "partner": _("Leader or department"),
        "partnerKind": _("Partner kind"),
        "openVillage": _("Open the village page"),
        "weak": _("Weak or lax branch"),
        "quasi": _("Quasi-five-star candidate"),
        "schematic": _("Schematic boundary"),
        "subProject": _("Sub-project"),
        "status": _("Status"),
        "investment": _("Investment"),
        "code": _("Code"),
        "builtYear": _("Built or rebuilt in"),
        "kind": _("Kind"),
        "reuse": _("Reuse"),
        "reportedOn": _("Reported on"),
        "clearedOn": _("Cleared on"),
        "verifiedOn": _("Verified on"),
        "totalsTitle": _("County totals against the targets"),
        "townshipTotalsTitle": _("Township totals against the targets"),
        "level": _("Level"),
        "target": _("Target"),
        "reached": _("Reached"),
        "villages": _("Villages"),
        "rated": _("Rated"),
        "weakCount": _("Weak or lax branches"),
        "quasiCount": _("Quasi-five-star candidates"),
        "noTargets": _("No targets set for this year."),
        "filters": _("Filters"),
        "missingFilter": _("Missing a star"),
        "noMatter": _("Any"),
        "missingStar": _("Villages without the {star}"),
        "levelFilter": _("Level"),
        "anyLevel": _("Every level"),
        "weakOnly": _("Weak or lax branches only"),
        "quasiOnly": _("Quasi-five-star candidates only"),
        "matching": _("{n} villages match"),
        "searchLabel": _("Find a village"),
        "searchHint": _("Village name, code or initials"),
        "searchNone": _("No village found"),
        "emptyLayer": _("{layer}: nothing to show"),
        "emptyLayerYear": _("{layer}: nothing in {year}"),
        "basemapFailed": _("The basemap {name} cannot load; the data is still shown."),
        "bases": basemap_labels(),
        "completion": _("Completion"),
        "legend": _("Legend"),
        "totalsShort": _("Totals"),
        "township": _("Township"),
        "countyTotal": _("County total"),
        "changeTitle": _("Change from {from} to {to}"),
        "changes": {
            "up": _("Upgraded"),
            "down": _("Downgraded"),
            "new": _("Newly rated"),
            "weak": _("Newly weak or lax"),
        },
        "atLeast": _("At this level or higher: {count} of {target}"),
        "rankOf": _("rank {rank}"),
    }

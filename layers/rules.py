"""Rules of the campaign's data, each written once and called by model, serializer,
importer and API alike: the year range, the default year, cleared-site dates, and
containment in the county."""

import datetime

from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The campaign's first rated year: the default on a database with no ratings.
CAMPAIGN_YEAR = 2022


def year_ok(year) -> bool:
    """Say whether `year` is a whole number within FIRST_YEAR..LAST_YEAR."""
    return (
        isinstance(year, int)
        and not isinstance(year, bool)
        and FIRST_YEAR <= year <= LAST_YEAR
    )


def year_problem(year) -> str | None:
    """Return why `year` is not accepted, or None."""
    if year_ok(year):
        return None
    return _("must be a year from %(low)s to %(high)s") % {
        "low": FIRST_YEAR,
        "high": LAST_YEAR,
    }


def default_year() -> int:
    """Return the year shown when none is asked for: the latest rated year (or 2022).

    A serving process reads it once per change of the layers' tables (kept with the
    change stamps, layers/api/conditional.py), not once per request."""
    from layers.api.conditional import STAMPS
    from layers.selectors import latest_rating_year

    return STAMPS.remember("latest_rating_year", latest_rating_year) or CAMPAIGN_YEAR


def cleared_site_date_problems(
    *,
    status: str | None,
    reported_on: datetime.date | None,
    cleared_on: datetime.date | None,
    verified_on: datetime.date | None,
) -> dict[str, str]:
    """Return {field: reason} for a cleared site whose dates break the rules.

    A cleared or verified site has its clearing date, a verified one its verification
    date; a site is cleared on or after it was reported and verified on or after it was
    cleared. The database holds the same rules as check constraints (layers/models.py).
    """
    problems = {}
    if status in ("cleared", "verified") and not cleared_on:
        problems["cleared_on"] = required_for(status)
    if status == "verified" and not verified_on:
        problems["verified_on"] = required_for(status)
    if cleared_on and reported_on and cleared_on < reported_on:
        problems["cleared_on"] = _("%(d)s is before reported_on") % {"d": cleared_on}
    if verified_on and cleared_on and verified_on < cleared_on:
        problems["verified_on"] = _("%(d)s is before cleared_on") % {"d": verified_on}
    return problems


def required_for(status: str) -> str:
    """Return "required when the status is …" naming the translated status."""
    from layers.models import ClearedSite

    return _("required when the status is %(s)s") % {
        "s": ClearedSite.Status(status).label
    }


def county_outline(counties=None):
    """Return the union of the county outlines (all loaded ones unless given), or None.

    Every check of "inside the county" (API writes, importer) starts from this outline.
    """
    if counties is None:
        from layers.models import County

        counties = County.objects.order_by("code").only("boundary")
    outline = None
    for county in counties:
        outline = county.boundary if outline is None else outline.union(county.boundary)
    return outline


def in_county(geometry, outline=None) -> bool:
    """Say whether `geometry` lies inside the county outline (boundary included)."""
    outline = outline if outline is not None else county_outline()
    return outline is not None and outline.covers(geometry)

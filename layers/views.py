"""Pages: the county overview, a township and a village; maps are fed by the API.

Each view parses its path, gathers a few small facts (names, years, totals, tables) and
hands the map builder the feed URLs; the features reach the browser from the API.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.decorators import page_reader_required
from accounts.policy import can_read, readable_township_ids
from layers import pages, selectors
from layers.maps import builders
from layers.maps.charts import progress_bars
from layers.maps.render import map_parts
from layers.models import Township, Village

FEED_LIMIT = 10000  # the API's largest page: one request per feed at county scale
LEVELS = [5, 4, 3, 2, 1, 0]  # table columns: five stars first


def page(request, template: str, context: dict):
    """Render a page with what every page shows (the public read-only badge)."""
    context["public_read"] = settings.GEOPORTAL_PUBLIC_READ
    return render(request, template, context)


# Who may open the pages is decided in one place, accounts.policy.can_read_pages (issue 6):
# a page role (county leader or administrator, township cadre, inspection group member),
# a superuser, or anyone when GEOPORTAL_PUBLIC_READ is on; anonymous visitors are sent to
# the login page, signed-in users without a page role (GIS readers) get 403.
viewer_required = page_reader_required


def api_url(name: str, **params) -> str:
    """Return an API URL with the given query parameters (None values left out)."""
    query = urlencode(
        {key: value for key, value in params.items() if value is not None}
    )
    return f"{reverse(name)}?{query}" if query else reverse(name)


def feeds(*, township: str | None = None, village: str | None = None) -> dict[str, str]:
    """Return the feed URLs of a page, narrowed to a township or a village."""
    place = {"village": village} if village else {"township": township}
    return {
        "villages": api_url(
            "api-villages", township=township, precision=5, limit=FEED_LIMIT
        ),
        "townships": api_url("api-townships", precision=5, limit=FEED_LIMIT),
        "eod_sites": api_url("api-eod-sites", **place, limit=FEED_LIMIT),
        "cleared_sites": api_url(
            "api-cleared-sites", **place, precision=5, limit=FEED_LIMIT
        ),
        "service_centres": api_url("api-service-centres", **place, limit=FEED_LIMIT),
        "pairings": api_url("api-pairings", **place, limit=FEED_LIMIT),
    }


def export_links(*, township: str, year: int | None) -> list[dict]:
    """Return a township's downloads: KML and CSV from the feeds, xlsx of the targets."""
    links = []
    for name, label in [
        ("api-villages", _("Villages")),
        ("api-cleared-sites", _("Cleared sites")),
        ("api-eod-sites", _("EOD sites")),
    ]:
        links.append(
            {
                "label": label,
                "files": [
                    (fmt.upper(), api_url(name, township=township, format=fmt))
                    for fmt in ("kml", "csv")
                ],
            }
        )
    coverage = api_url("api-coverage-xlsx", township=township, year=year)
    links.append({"label": _("Targets and progress"), "files": [("XLSX", coverage)]})
    return links


def map_facts(page_feeds: dict[str, str], year: int | None) -> builders.MapFacts:
    """Return what the map builder needs for this request."""
    return builders.MapFacts(
        feeds=page_feeds,
        years=pages.rating_years(),
        year=year,
        locale="en" if get_language() == "en" else "zh-hans",
        basemaps=settings.GEOPORTAL_BASEMAPS,
        tianditu_key=settings.TIANDITU_KEY,
        outline=pages.county_outline(),
        page_urls={
            "villageDetail": reverse("api-village", args=["__code__"]),
            "villagePage": reverse("village", args=["__code__"]),
        },
    )


def requested_year(request) -> int | None:
    """Return ?year= as a number (the pages fall back to the latest rated year)."""
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@viewer_required
def county(request):
    """Show the county overview map and the townships' table."""
    place = pages.county_summary(
        year=requested_year(request),
        townships=readable_township_ids(request.user, Village),
    )
    facts = map_facts(feeds(), place["year"])
    parts = map_parts(builders.county_map(facts, place["totals"]))
    return page(
        request,
        "pages/county.html",
        {"map": parts, "map_facts": facts, "levels": LEVELS, **place},
    )


@viewer_required
def township(request, code: str):
    """Show one township: its map, villages, progress, sites and exports (404 unless
    the user reads it)."""
    found = Township.objects.filter(code=code).first()
    if found is None or not can_read(request.user, found):
        raise Http404
    place = pages.township_summary(code=code, year=requested_year(request))
    if place is None:
        raise Http404
    facts = map_facts(feeds(township=code), place["year"])
    parts = map_parts(builders.township_map(facts, code))
    year_totals = place["year_totals"]
    return page(
        request,
        "pages/township.html",
        {
            "map": parts,
            "map_facts": facts,
            "exports": export_links(township=code, year=place["year"]),
            "chart": progress_bars(year_totals["levels"]) if year_totals else None,
            **place,
        },
    )


@viewer_required
def village(request, code: str):
    """Show one village: its map, facts, rating history and sites (404 unless the user
    reads it)."""
    found = selectors.village_detail(code=code)
    if found is None or not can_read(request.user, found):
        raise Http404
    place = pages.village_summary(code=code, year=requested_year(request))
    if place is None:
        raise Http404
    page_feeds = feeds(village=code)
    page_feeds["villages"] = feeds(township=place["village"].township.code)["villages"]
    facts = map_facts(page_feeds, place["year"])
    parts = map_parts(builders.village_map(facts, code))
    return page(
        request, "pages/village.html", {"map": parts, **place, "map_facts": facts}
    )

"""Pages: the county overview, a township and a village; maps are fed by the API.

Each view parses its path, gathers a few small facts (names, years, totals, tables) and
hands the map builder the feed URLs; the features reach the browser from the API.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.decorators import page_reader_required
from accounts.policy import can_read, readable_township_ids
from layers import coverage, exports, pages, selectors
from layers.maps import builders, changes, print_jobs, printing, styles
from layers.maps.charts import progress_bars
from layers.maps.render import map_parts
from layers.maps.search import village_initials
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
    villages = reverse("township-villages", args=[township, "csv"]).rsplit(".", 1)[0]
    links.append(
        {
            "label": _("Villages"),
            "layer": "villages",
            "files": [
                (fmt.upper(), f"{villages}.{fmt}?year={year}")
                for fmt in ("xlsx", "csv", "kml")
            ],
        }
    )
    for name, layer, label in [
        ("api-cleared-sites", "cleared-sites", _("Cleared sites")),
        ("api-eod-sites", "eod-sites", _("EOD sites")),
    ]:
        # The villages carry the year's rating: their files follow the page's year (and,
        # in the browser, its filters; view.js). Sites have no year.
        shown_year = year if layer == "villages" else None
        links.append(
            {
                "label": label,
                "layer": layer,
                "files": [
                    (
                        fmt.upper(),
                        api_url(name, township=township, year=shown_year, format=fmt),
                    )
                    for fmt in ("kml", "csv")
                ],
            }
        )
    coverage = api_url("api-coverage-xlsx", township=township, year=year)
    links.append(
        {
            "label": _("Targets and progress"),
            "layer": "coverage",
            "files": [("XLSX", coverage)],
        }
    )
    return links


def map_facts(
    page_feeds: dict[str, str],
    year: int | None,
    *,
    township: str | None = None,
    year_from_page: bool = False,
) -> builders.MapFacts:
    """Return what the map builder needs for this request."""
    return builders.MapFacts(
        initials=village_initials(township=township),
        year_from_page=year_from_page,
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


def completion_config(rankings: dict) -> dict:
    """Return {year: {township code: completion}} for the map's completion colouring."""
    return {
        str(y): {
            t["code"]: {
                "overall": t["overall"],
                "colour": t["colour"],
                "rank": t["rank"],
            }
            for t in ranking
        }
        for y, ranking in rankings.items()
    }


def county_view(request):
    """Return (the county summary, the map's facts) the request's user may read: what
    the county page and its print sheet both draw."""
    place = pages.county_summary(
        year=requested_year(request),
        townships=readable_township_ids(request.user, Village),
    )
    page_feeds = feeds()
    page_feeds["changes"] = reverse("county-changes")
    facts = map_facts(page_feeds, place["year"])
    facts.completion = completion_config(place["rankings"])
    return place, facts


@viewer_required
def county(request):
    """Show the county overview map and the townships' table."""
    place, facts = county_view(request)
    parts = map_parts(builders.county_map(facts, place["totals"]))
    return page(
        request,
        "pages/county.html",
        {
            "map": parts,
            "map_facts": facts,
            "levels": LEVELS,
            "target_levels": LEVELS[:-1],
            "export_formats": ["xlsx", "csv", "kml"],
            "print_papers": list(printing.PAPERS),
            "print_view_keys": ",".join(sorted(print_jobs.VIEW_KEYS)),
            "print_formats": list(printing.FORMATS),
            **place,
        },
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
    facts = map_facts(
        feeds(township=code), place["year"], township=code, year_from_page=True
    )
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
    facts = map_facts(
        page_feeds,
        place["year"],
        township=place["village"].township.code,
        year_from_page=True,
    )
    parts = map_parts(builders.village_map(facts, code))
    return page(
        request, "pages/village.html", {"map": parts, **place, "map_facts": facts}
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ranking_table(ranking: list[dict]) -> tuple[list[str], list[tuple]]:
    """Return the township ranking as headers and rows in the reader's language.

    Headers are the coverage download's (coverage.column_labels): one wording of
    "this level or higher" and its completion on every surface.
    """
    label = coverage.column_labels()
    names = [str(_("Rank")), label["name"], label["code"], label["villages"]]
    names.append(label["completion_pct"])
    for level in range(5, 0, -1):
        names += [
            label[f"level_{level}"],
            label[f"target_{level}"],
            label[f"at_least_{level}"],
            label[f"target_at_least_{level}"],
            label[f"reached_pct_{level}"],
        ]
    names += [label["weak_branch"], label["quasi_five_star"]]
    rows = []
    for t in ranking:
        row = [t["rank"], t["name"], t["code"], t["villages"], t["overall"]]
        for entry in t["levels"]:
            row += [
                entry["count"],
                entry["target"],
                entry["at_least"],
                entry["target_at_least"],
                entry["pct"],
            ]
        row += [t["weak"], t["quasi"]]
        rows.append(tuple(row))
    return names, rows


@viewer_required
def county_ranking_xlsx(request):
    """Download the townships ranked by completion for ?year= (the page's year)."""
    value = request.GET.get("year", "")
    years = pages.rating_years()
    if value and (not value.isdigit() or int(value) not in years):
        return JsonResponse(
            {"errors": {"year": f"not a rated year; choose from {years}"}}, status=400
        )
    place = pages.county_summary(
        year=requested_year(request),
        townships=readable_township_ids(request.user, Village),
    )
    year = place["year"]
    names, rows = ranking_table(place["rankings"].get(year, []))
    title = str(_("Township ranking"))
    body = exports.table_xlsx(names, rows, title=title)
    year_text = str(_("{year}").format(year=year)) if year else None
    name = exports.download_name(title, year_text, suffix="xlsx")
    return exports.attachment(body, XLSX, name)


def year_param(request, name: str, years: list[int], errors: dict) -> int | None:
    """Return ?name= as a rated year, noting a bad value in `errors`."""
    value = request.GET.get(name, "")
    if value.isdigit() and int(value) in years:
        return int(value)
    errors[name] = f"{value!r} is not a rated year; choose from {years}"
    return None


@viewer_required
def county_changes(request):
    """Answer the villages' change between ?from= and ?to= (GeoJSON; ?township= narrows)."""
    years = pages.rating_years()
    errors = {}
    year_from = year_param(request, "from", years, errors)
    year_to = year_param(request, "to", years, errors)
    township = request.GET.get("township") or None
    if township is not None and not Township.objects.filter(code=township).exists():
        errors["township"] = f"unknown township code {township!r}"
    unknown = set(request.GET) - {"from", "to", "township"}
    for name in sorted(unknown):
        errors[name] = "unknown parameter"
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    body = changes.changes_geojson(
        year_from=year_from,
        year_to=year_to,
        township=township,
        townships=readable_township_ids(request.user, Village),
    )
    return HttpResponse(body, content_type="application/geo+json")


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "kml": "application/vnd.google-earth.kml+xml",
    "xlsx": XLSX,
}
EXPORT_PARAMS = {"year", "star", "has_star", "level", "weak", "quasi"}


def export_filters(request, errors: dict) -> dict:
    """Return the village filters of a download (the map's, as the feed names them)."""
    stars = set(styles.star_choices_map())
    found = {}
    star = request.GET.get("star", "")
    if star:
        if star in stars:
            found["star"] = star
            found["has_star"] = request.GET.get("has_star", "true") != "false"
        else:
            errors["star"] = f"choose from {sorted(stars)}"
    level = request.GET.get("level", "")
    if level:
        if level.isdigit() and int(level) <= 5:
            found["level"] = int(level)
        else:
            errors["level"] = "a level from 0 to 5"
    for name, key in (("weak", "weak"), ("quasi", "quasi")):
        value = request.GET.get(name, "")
        if value in ("true", "1"):
            found[key] = True
        elif value not in ("", "false", "0"):
            errors[name] = "true or false"
    for name in sorted(set(request.GET) - EXPORT_PARAMS):
        errors[name] = "unknown parameter"
    return found


@viewer_required
def villages_download(request, fmt: str, code: str | None = None):
    """Download the villages (a township's, or every readable one) for ?year= and the
    map's filters, in the reader's language: CSV, KML or xlsx."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    township = None
    if code is not None:
        township = Township.objects.filter(code=code).first()
        if township is None or not can_read(request.user, township):
            raise Http404
    errors = {}
    years = pages.rating_years()
    year = pages.chosen_year(None)
    if request.GET.get("year"):
        year = year_param(request, "year", years, errors)
    filters = export_filters(request, errors)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    queryset = selectors.village_list(year=year, township=code, **filters)
    readable = readable_township_ids(request.user, Village)
    if readable is not None:
        queryset = queryset.filter(township_id__in=readable)
    headers, rows, raw = exports.village_export_rows(queryset)
    place = township.name if township else str(_("Neihuang County"))
    what = str(_("villages by star level"))
    year_text = str(_("{year}").format(year=year))
    name = exports.download_name(place, year_text, what, suffix=fmt)
    title = f"{place} {year_text} {what}"
    if fmt == "csv":
        body = exports.villages_csv(headers, rows)
    elif fmt == "kml":
        body = exports.villages_kml(headers, rows, raw, title)
    else:
        body = exports.table_xlsx(headers, rows, title=year_text + what)
    return exports.attachment(body, EXPORT_TYPES[fmt], name)

"""Coverage by township: JSON, GeoJSON polygons, CSV (BOM) and xlsx, one SQL each."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema

from accounts.policy import readable_township_ids
from layers import coverage, exports
from layers.api import schema
from layers.api.conditional import conditional
from layers.api.filters.params import Params
from layers.api.views import LayerView
from layers.catalog import definitions as layers_defined
from layers.catalog import filters
from layers.models import County, CreationTarget, Township, Village

# Coverage joins every layer the counts read, plus the county and the targets.
JOINED = [
    layers_defined.VILLAGES,
    layers_defined.CLEARED_SITES,
    layers_defined.EOD_SITES,
    layers_defined.SERVICE_CENTRES,
    layers_defined.PAIRINGS,
]
TABLES = sorted(
    {
        County._meta.db_table,
        CreationTarget._meta.db_table,
        *(table for layer in JOINED for table in layer.tables),
    }
)
SPECS = [
    layers_defined.VILLAGES.filters[0],
    filters.TOWNSHIP,
    filters.Number(
        "within_km",
        "Distance to a service centre that counts as near (km, default 2).",
        default=2.0,
        low=0,
        high=50,
    ),
]
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


LANGUAGES = {code for code, _name in settings.LANGUAGES}
LANG_PARAM = "lang"


def parse(request, *, downloads: bool = False) -> coverage.CoverageQuery:
    """Parse the coverage parameters; downloads also take ?lang= (else the switch's
    cookie, as the pages do)."""
    accepted = {spec.name for spec in SPECS} | ({LANG_PARAM} if downloads else set())
    p = Params(request.GET, accepted)
    year, township, within_km = (spec.parse(p) for spec in SPECS)
    lang = request.GET.get(LANG_PARAM) if downloads else None
    if lang is not None and lang not in LANGUAGES:
        p.errors[LANG_PARAM] = "one of " + ", ".join(sorted(LANGUAGES))
    p.done()
    return coverage.CoverageQuery(
        year=year,
        within_m=within_km * 1000,
        township=township,
        townships=readable_township_ids(request.user, Village),
    )


class Coverage(LayerView):
    """Per township and for the county: levels against targets, stars, sites, centres."""

    @extend_schema(
        parameters=schema.parameters(SPECS),
        responses={200: OpenApiResponse({"type": "object"}), 400: schema.BAD_REQUEST},
    )
    def get(self, request):
        query = parse(request)
        return conditional(
            request,
            TABLES,
            model=Village,
            content_type="application/json",
            build=lambda: coverage.coverage_text(coverage.coverage_json_sql(query)),
        )


class CoverageGeoJSON(LayerView):
    """The townships' coverage as polygons, for choropleths."""

    @extend_schema(
        parameters=schema.parameters(SPECS), responses=schema.geojson_responses()
    )
    def get(self, request):
        query = parse(request)
        return conditional(
            request,
            TABLES,
            model=Village,
            content_type="application/geo+json",
            build=lambda: coverage.coverage_text(coverage.coverage_geojson_sql(query)),
        )


def download_name(query: coverage.CoverageQuery, suffix: str) -> str:
    """Return the file name in the active language: place, year, what, today's date."""
    township = None
    if query.township:
        township = (
            Township.objects.filter(code=query.township)
            .values_list("name", flat=True)
            .first()
        )
    place = township or str(_("Neihuang County"))
    year = str(_("{year}").format(year=query.year))
    return exports.download_name(place, year, str(_("star coverage")), suffix=suffix)


def table_view(name: str, content_type: str, suffix: str, write):
    """Return a view answering the coverage table as a download written by `write`,
    headers and words in the reader's language (?lang= or the language cookie)."""

    class CoverageTable(LayerView):
        @extend_schema(
            parameters=schema.parameters(SPECS),
            responses={
                (200, content_type): OpenApiResponse(
                    {"type": "string", "format": "binary"}
                ),
                400: schema.BAD_REQUEST,
            },
        )
        def get(self, request):
            query = parse(request, downloads=True)
            language = request.GET.get(LANG_PARAM) or translation.get_language()
            today = timezone.localdate().isoformat()
            with translation.override(language):
                return conditional(
                    request,
                    TABLES,
                    model=Village,
                    content_type=content_type,
                    # The words and the file's date are part of the answer.
                    variant=f"{language}\n{today}",
                    build=lambda: exports.attachment(
                        write(query), content_type, download_name(query, suffix)
                    ),
                )

    CoverageTable.__name__ = CoverageTable.__qualname__ = name
    CoverageTable.__doc__ = (
        f"The coverage table as .{suffix}, in the reader's language."
    )
    return CoverageTable


# CSV is UTF-8 with a BOM so Excel and WPS read the Chinese names.
CoverageCSV = table_view(
    "CoverageCSV",
    CSV,
    "csv",
    lambda query: (exports.BOM + coverage.reader_csv(query)).encode("utf-8"),
)
CoverageXLSX = table_view(
    "CoverageXLSX",
    XLSX,
    "xlsx",
    lambda query: exports.table_xlsx(
        *coverage.reader_table(query),
        title=str(_("{year}").format(year=query.year)) + str(_("star coverage")),
    ),
)

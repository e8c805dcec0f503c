"""The layers the API, OGC API, exports and tiles serve: selector, properties, filters.

Each feed turns parsed query parameters into its selector's keyword arguments; the views
stay the same for every layer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from layers import selectors
from layers.api.filters import specs
from layers.api.filters.params import Params

STAMPED_VILLAGE = ["layers_village", "layers_township", "layers_starrating"]


@dataclass(frozen=True)
class Feed:
    name: str
    title: str
    selector: Callable
    filters: list
    parse: Callable[[Params], dict]
    properties: list[str]
    ordering: dict[str, str]
    default_order: list[str]
    tables: list[str]
    id_column: str = "code"
    polygons: bool = False
    datetime_column: str | None = None
    extra_properties: list[str] = field(default_factory=list)

    @property
    def all_properties(self) -> list[str]:
        return self.properties + self.extra_properties


def township_filters(p: Params) -> dict:
    return {"bbox": p.bbox(), "q": p.text("q")}


def village_filters(p: Params) -> dict:
    star = p.choice("star", set(specs.STAR_FIELDS))
    has_star = p.boolean("has_star", True)
    if "has_star" in p.query and star is None and "star" not in p.errors:
        p.fail("has_star", "needs star")
    return {
        "year": p.integer("year", low=2000, high=2100) or latest_year(),
        "township": p.code("township", 9),
        "star": star,
        "has_star": has_star,
        "level": p.integer("level", low=0, high=5),
        "level_min": p.integer("level_min", low=0, high=5),
        "level_max": p.integer("level_max", low=0, high=5),
        "rated_only": p.boolean("rated"),
        "quasi": p.boolean("quasi"),
        "weak": p.boolean("weak"),
        "schematic": p.boolean("schematic"),
        "bbox": p.bbox(),
        "near": p.near(),
        "q": p.text("q"),
    }


def latest_year() -> int:
    """Return the latest rated year (2022 on an empty database, the campaign's first)."""
    return selectors.latest_rating_year() or 2022


def cleared_site_filters(p: Params) -> dict:
    reported_from, reported_to = p.date("reported_from"), p.date("reported_to")
    if reported_from and reported_to and reported_from > reported_to:
        p.fail("reported_to", "must not be before reported_from")
    return {
        "kinds": p.choices("kind", set(specs.KINDS)),
        "statuses": p.choices("status", set(specs.SITE_STATUSES)),
        "reuses": p.choices("reuse", set(specs.REUSES)),
        "township": p.code("township", 9),
        "village": p.code("village", 12),
        "reported_from": reported_from,
        "reported_to": reported_to,
        "bbox": p.bbox(),
        "near": p.near(),
        "q": p.text("q"),
    }


def eod_site_filters(p: Params) -> dict:
    projects = p.text("project", 300)
    return {
        "projects": [code.strip() for code in projects.split(",")] if projects else [],
        "sub_projects": p.choices("sub_project", set(specs.SUB_PROJECTS)),
        "statuses": p.choices("status", set(specs.EOD_STATUSES)),
        "township": p.code("township", 9),
        "village": p.code("village", 12),
        "bbox": p.bbox(),
        "near": p.near(),
        "q": p.text("q"),
    }


def service_centre_filters(p: Params) -> dict:
    return {
        "township": p.code("township", 9),
        "village": p.code("village", 12),
        "built_from": p.integer("built_from", low=2000, high=2100),
        "built_to": p.integer("built_to", low=2000, high=2100),
        "bbox": p.bbox(),
        "near": p.near(),
        "q": p.text("q"),
    }


def pairing_filters(p: Params) -> dict:
    return {
        "year": p.integer("year", low=2000, high=2100),
        "township": p.code("township", 9),
        "village": p.code("village", 12),
        "partner_kind": p.choice("partner_kind", set(specs.PARTNER_KINDS)),
        "polygons": bool(p.boolean("polygons")),
        "bbox": p.bbox(),
        "q": p.text("q"),
    }


def columns(*names: str) -> dict[str, str]:
    return {name: name for name in names}


VILLAGE_PROPERTIES = [
    "code",
    "name",
    "short_name",
    "township_code",
    "township_name",
    "year",
    "level",
    "branch",
    "industry",
    "ecology",
    "safety",
    "civility",
    "is_quasi_five_star",
    "is_weak_branch",
    "is_schematic",
]
FEEDS = {
    feed.name: feed
    for feed in [
        Feed(
            "townships",
            "Townships",
            selectors.township_list,
            specs.TOWNSHIP_FILTERS,
            township_filters,
            ["code", "name", "kind", "is_schematic", "village_count"],
            columns("code", "name", "village_count"),
            ["code"],
            ["layers_township", "layers_village"],
            polygons=True,
        ),
        Feed(
            "villages",
            "Villages with the year's star rating",
            selectors.village_list,
            specs.VILLAGE_FILTERS,
            village_filters,
            VILLAGE_PROPERTIES,
            columns("code", "name", "short_name", "township_code", "level"),
            ["code"],
            STAMPED_VILLAGE,
            polygons=True,
        ),
        Feed(
            "cleared-sites",
            "Cleared sites",
            selectors.cleared_site_list,
            specs.CLEARED_SITE_FILTERS,
            cleared_site_filters,
            [
                "code",
                "kind",
                "status",
                "reuse",
                "reported_on",
                "cleared_on",
                "verified_on",
                "village_code",
            ],
            columns(
                "code",
                "kind",
                "status",
                "reported_on",
                "cleared_on",
                "verified_on",
                "village_code",
            ),
            ["code"],
            ["layers_clearedsite", "layers_village", "layers_township"],
            datetime_column="reported_on",
            extra_properties=["township_code", "area_m2"],
        ),
        Feed(
            "eod-sites",
            "EOD project sites",
            selectors.eod_site_list,
            specs.EOD_SITE_FILTERS,
            eod_site_filters,
            [
                "code",
                "name",
                "project_code",
                "sub_project",
                "status",
                "investment",
                "village_code",
            ],
            columns("code", "name", "status", "investment", "project_code"),
            ["code"],
            [
                "layers_eodsite",
                "layers_eodproject",
                "layers_village",
                "layers_township",
            ],
            polygons=True,
        ),
        Feed(
            "service-centres",
            "Party-and-people service centres",
            selectors.service_centre_list,
            specs.SERVICE_CENTRE_FILTERS,
            service_centre_filters,
            ["name", "village_code", "built_year"],
            columns("name", "village_code", "built_year"),
            ["village_code"],
            ["layers_servicecentre", "layers_village", "layers_township"],
            id_column="id",
            extra_properties=["township_code", "floor_area_m2"],
        ),
        Feed(
            "pairings",
            "Pairings (包联共建)",
            selectors.pairing_list,
            specs.PAIRING_FILTERS,
            pairing_filters,
            ["village_code", "year", "partner_kind", "partner"],
            columns("village_code", "year", "partner", "partner_kind"),
            ["year", "village_code", "partner"],
            ["layers_pairing", "layers_village", "layers_township"],
            id_column="id",
            polygons=True,
            extra_properties=["village_name"],
        ),
    ]
}

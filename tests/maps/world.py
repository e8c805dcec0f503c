"""A county-sized synthetic world for the page and browser tests, used when the Neihuang
demo data is not loaded: 17 townships, 532 villages on the grid of tests/grid.py
(28 columns × 19 rows), two rating years, sites, centres, pairings and targets.

Codes start 4105279 so they never meet the real Neihuang codes (410527001…410527210).
"""

import datetime as dt

from django.contrib.gis.geos import MultiPolygon, Polygon

from layers import models
from tests.grid import cell, centre

COLS, ROWS, TOWNSHIPS, VILLAGES = 28, 19, 17, 532
STARS = models.STAR_FIELDS
KINDS = [kind.value for kind in models.ClearedSite.Kind]
SUB_PROJECTS = [sub.value for sub in models.EODProject.SubProject]


def township_of(index: int) -> int:
    """Split the villages, in grid order, into 17 runs of 31 or 32."""
    return index * TOWNSHIPS // VILLAGES


def stars_for(index: int, year: int) -> list[str]:
    """Return a village's stars: a spread of levels 0–5 that shifts between the years."""
    level = (index * 7 + (year - 2022) * 3) % 6
    return STARS[:level]


def make_county():
    if not models.County.objects.exists():
        box = Polygon.from_bbox((114.55, 35.60, 115.25, 36.20))
        models.County.objects.create(
            code="410527", name="内黄县", boundary=MultiPolygon(box, srid=4326)
        )


def make_townships() -> list[models.Township]:
    townships = []
    for t in range(TOWNSHIPS):
        cells = [
            cell(i % COLS, i // COLS)[0] for i in range(VILLAGES) if township_of(i) == t
        ]
        union = MultiPolygon(cells, srid=4326).unary_union
        boundary = (
            union
            if union.geom_type == "MultiPolygon"
            else MultiPolygon(union, srid=4326)
        )
        townships.append(
            models.Township.objects.create(
                code=f"4105279{t + 1:02d}",
                name=f"示例{t + 1}乡",
                kind="township",
                boundary=boundary,
                seat=union.point_on_surface,
                is_schematic=True,
            )
        )
    return townships


def make_villages(townships) -> list[models.Village]:
    villages = []
    for i in range(VILLAGES):
        col, row = i % COLS, i // COLS
        township = townships[township_of(i)]
        number = sum(1 for v in villages if v.township_id == township.id) + 1
        villages.append(
            models.Village(
                code=f"{township.code}{number:03d}",
                name=f"示例{i + 1}村村民委员会",
                short_name=f"示例{i + 1}村",
                committee_type="village_committee",
                township=township,
                boundary=cell(col, row),
                label_point=centre(col, row),
                is_schematic=True,
            )
        )
    return models.Village.objects.bulk_create(villages)


def make_ratings(villages):
    ratings = []
    for i, village in enumerate(villages):
        for year in (2022, 2023):
            stars = stars_for(i, year)
            ratings.append(
                models.StarRating(
                    village=village,
                    year=year,
                    **{star: True for star in stars},
                    is_weak_branch=not stars and i % 12 in (0, 3),
                    is_quasi_five_star=len(stars) == 4 and i % 3 == 0,
                    collective_income=10_000 * (len(stars) + 1) * (1 + i % 5),
                    transferred_land_mu=50 * len(stars),
                )
            )
    models.StarRating.objects.bulk_create(ratings)


def make_sites(villages, per_village: int = 2):
    sites = []
    for i, village in enumerate(villages):
        col, row = i % COLS, i // COLS
        for k in range(per_village):
            kind = KINDS[(i + k) % len(KINDS)]
            status = ["reported", "cleared", "verified"][(i + k) % 3]
            at = centre(col, row)
            at.x += (k - 0.5) * 0.004
            sites.append(
                models.ClearedSite(
                    code=f"W{i:04d}{k}",
                    kind=kind,
                    status=status,
                    reported_on=dt.date(2022, 3, 1),
                    cleared_on=dt.date(2022, 5, 1) if status != "reported" else None,
                    verified_on=dt.date(2022, 6, 1) if status == "verified" else None,
                    reuse="park" if status == "verified" else "",
                    village=village,
                    location=at,
                )
            )
    models.ClearedSite.objects.bulk_create(sites)


def make_facilities(villages, townships):
    for n, sub in enumerate(SUB_PROJECTS):
        project, _ = models.EODProject.objects.get_or_create(
            sub_project=sub,
            defaults={
                "code": f"W-EOD-{n}",
                "name": f"示例EOD{n}",
                "planned_investment": 10_000_000,
                "status": "building",
            },
        )
        for k in range(3):
            i = (n * 3 + k) * 29 % VILLAGES
            models.EODSite.objects.create(
                project=project,
                code=f"W-EOD-{n}-{k}",
                name=f"示例{sub}{k}",
                village=villages[i],
                geom=centre(i % COLS, i // COLS),
                investment=1_000_000,
                status="building",
            )
    for i, village in enumerate(villages):
        if i % 3 == 0:
            models.ServiceCentre.objects.create(
                village=village,
                name=f"{village.short_name}党群服务中心",
                location=centre(i % COLS, i // COLS),
                built_year=2022,
            )
        if i % 4 == 0:
            for year in (2022, 2023):
                models.Pairing.objects.create(
                    village=village,
                    year=year,
                    partner_kind="department",
                    partner=f"县直部门{i % 9}",
                )
    for year in (2022, 2023):
        for level, count in [(5, 6), (4, 30), (3, 149), (2, 208), (1, 114)]:
            models.CreationTarget.objects.create(
                township=None, year=year, level=level, count=count
            )
        for level in (5, 3):
            models.CreationTarget.objects.create(
                township=townships[0], year=year, level=level, count=3
            )


def build_world(*, sites_per_village: int = 2) -> dict:
    """Create the synthetic county and return its townships and villages."""
    make_county()
    townships = make_townships()
    villages = make_villages(townships)
    make_ratings(villages)
    make_sites(villages, sites_per_village)
    make_facilities(villages, townships)
    return {"townships": townships, "villages": villages}

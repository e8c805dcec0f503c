"""Demo sites for Neihuang: cleared sites, EOD sub-projects and sites, service centres, pairings.

Figures follow the county report: over 8,000 cleared sites, six EOD sub-projects worth
3.44 billion yuan, 342 party-and-people service centres, 33 county leaders and 94 departments
paired with 288 villages. Locations are drawn inside the (schematic) village polygons.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from layers.demo.partners import DEPARTMENTS, LEADERS
from layers.demo.ratings import largest_remainder

CLEARED_SITE_TOTAL = 8136
SERVICE_CENTRES = 342
PAIRED_VILLAGES = 288
KIND_WEIGHTS = {
    "pond": 22,
    "garbage": 40,
    "ruined_wall": 24,
    "hollow_yard": 12,
    "other": 2,
}
REUSE_BY_KIND = {
    "pond": ["park", "garden", ""],
    "garbage": ["garden", "vegetable_plot", ""],
    "ruined_wall": ["vegetable_plot", "garden", "park", "car_park"],
    "hollow_yard": ["vegetable_plot", "park", "car_park", "garden"],
    "other": ["other", ""],
}
AREA_RANGE_M2 = {
    "pond": (150, 3000),
    "garbage": (10, 400),
    "ruined_wall": (30, 600),
    "hollow_yard": (120, 900),
    "other": (20, 500),
}

# (code, sub-project, Chinese name, planned investment in yuan, status, number of sites)
EOD_PROJECTS = [
    ("EOD-1", "village_sewage", "农村生活污水治理", 960_000_000, "building", 48),
    ("EOD-2", "sewage_plant", "污水处理厂扩建", 420_000_000, "operating", 2),
    ("EOD-3", "clean_gas", "工业集中清洁供气", 850_000_000, "building", 1),
    ("EOD-4", "saline_land", "盐碱地改良", 610_000_000, "building", 8),
    ("EOD-5", "sludge_reuse", "污泥资源化利用", 230_000_000, "planned", 2),
    ("EOD-6", "industry_park", "农村产业融合发展示范园", 370_000_000, "planned", 1),
]
AREA_PROJECTS = {"sewage_plant", "clean_gas", "saline_land", "industry_park"}


@dataclass
class Site:
    code: str
    geometry: BaseGeometry
    properties: dict = field(default_factory=dict)


def point_inside(rng: random.Random, polygon: BaseGeometry) -> Point:
    """Draw a uniformly random point inside a polygon (rejection sampling, seeded)."""
    west, south, east, north = polygon.bounds
    for _attempt in range(10_000):
        candidate = Point(
            round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6)
        )
        if polygon.contains(candidate):
            return candidate
    return polygon.representative_point()


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """Draw a date between start and end inclusive."""
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def cleared_site_dates(rng: random.Random, status: str) -> dict:
    """Return reported/cleared/verified dates consistent with the status."""
    reported = random_date(rng, dt.date(2022, 3, 1), dt.date(2023, 9, 30))
    cleared = (
        reported + dt.timedelta(days=rng.randint(3, 40))
        if status != "reported"
        else None
    )
    verified = (
        cleared + dt.timedelta(days=rng.randint(5, 30))
        if status == "verified"
        else None
    )
    return {
        "reported_on": reported.isoformat(),
        "cleared_on": cleared.isoformat() if cleared else None,
        "verified_on": verified.isoformat() if verified else None,
    }


def cleared_sites(villages: dict[str, BaseGeometry], seed: int) -> list[Site]:
    """Spread CLEARED_SITE_TOTAL sites over the villages, kinds and statuses by weight."""
    rng = random.Random(seed)
    weights = {code: rng.uniform(0.4, 1.6) for code in sorted(villages)}
    counts = largest_remainder(CLEARED_SITE_TOTAL, weights)
    counts["410527001238"] = max(counts.get("410527001238", 0), 40)  # 东长固村's 33 + 7
    kinds, kind_weights = zip(*KIND_WEIGHTS.items())
    sites = []
    for code in sorted(villages):
        for number in range(1, counts[code] + 1):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            status = rng.choices(
                ["reported", "cleared", "verified"], weights=[6, 20, 74]
            )[0]
            reused = status != "reported" and rng.random() < 0.45
            low, high = AREA_RANGE_M2[kind]
            sites.append(
                Site(
                    code=f"QL{code}{number:03d}",
                    geometry=point_inside(rng, villages[code]),
                    properties={
                        "kind": kind,
                        "status": status,
                        **cleared_site_dates(rng, status),
                        "reuse": rng.choice(REUSE_BY_KIND[kind]) if reused else "",
                        "village_code": code,
                        "area_m2": rng.randint(low, high),
                        "note": "",
                    },
                )
            )
    showcase_dongchanggu(sites)
    return sites


def showcase_dongchanggu(sites: list[Site]) -> None:
    """Make 东长固村 carry the report's 33 removals, 4 small parks and 3 car parks."""
    own = [site for site in sites if site.properties["village_code"] == "410527001238"]
    for index, site in enumerate(own[:33]):
        reuse = "park" if index < 4 else "car_park" if index < 7 else ""
        site.properties.update(
            kind="ruined_wall" if index % 2 == 0 else "hollow_yard",
            status="verified",
            reuse=reuse,
            note="残垣断壁、闲置宅院拆除"
            if not reuse
            else ("小游园" if reuse == "park" else "停车场"),
        )
        dates = site.properties
        if not dates["cleared_on"]:
            dates["cleared_on"] = dates["reported_on"]
        if not dates["verified_on"]:
            dates["verified_on"] = dates["cleared_on"]


def eod_projects() -> list[dict]:
    """Return the six EOD sub-projects (they sum to 3.44 billion yuan)."""
    return [
        {
            "code": code,
            "name": name,
            "sub_project": sub,
            "planned_investment": amount,
            "status": status,
            "description": f"内黄县EOD试点项目子项目：{name}",
        }
        for code, sub, name, amount, status, _sites in EOD_PROJECTS
    ]


def eod_sites(villages: dict[str, BaseGeometry], seed: int) -> list[Site]:
    """Place each sub-project's sites; their investments add up to the project's exactly."""
    rng = random.Random(seed)
    codes = sorted(villages)
    sites = []
    for project_code, sub, name, amount, status, count in EOD_PROJECTS:
        chosen = rng.sample(codes, count)
        shares = largest_remainder(
            amount // 10_000, {c: rng.uniform(0.6, 1.4) for c in chosen}
        )
        for number, village_code in enumerate(chosen, start=1):
            polygon = villages[village_code]
            if sub in AREA_PROJECTS:
                centre = point_inside(rng, polygon)
                radius = rng.uniform(0.002, 0.006)
                geometry = centre.buffer(radius, quad_segs=6).intersection(polygon)
                geometry = (
                    geometry if geometry.geom_type != "GeometryCollection" else centre
                )
            else:
                geometry = point_inside(rng, polygon)
            sites.append(
                Site(
                    code=f"{project_code}-{number:02d}",
                    geometry=geometry,
                    properties={
                        "name": f"{name}{number:02d}号点位" if count > 1 else name,
                        "project_code": project_code,
                        "village_code": village_code,
                        "investment": str(Decimal(shares[village_code]) * 10_000),
                        "status": status,
                    },
                )
            )
    return sites


def service_centres(
    villages: dict[str, BaseGeometry],
    names: dict[str, str],
    preference: dict[str, float],
    seed: int,
) -> list[Site]:
    """Pick SERVICE_CENTRES villages (higher-rated first, with noise) and place a centre."""
    rng = random.Random(seed)
    ranked = sorted(
        villages, key=lambda c: (-(preference.get(c, 0) + rng.uniform(0, 3)), c)
    )
    centres = []
    for code in sorted(ranked[:SERVICE_CENTRES]):
        anchor = villages[code].representative_point()
        nearby = anchor.buffer(0.003).intersection(villages[code])
        centres.append(
            Site(
                code=code,
                geometry=point_inside(rng, nearby) if not nearby.is_empty else anchor,
                properties={
                    "village_code": code,
                    "name": f"{names[code]}党群服务中心",
                    "built_year": rng.choice([2020, 2021, 2021, 2022, 2022, 2022]),
                    "floor_area_m2": rng.randrange(200, 900, 10),
                },
            )
        )
    return centres


def pairings(village_codes: list[str], need: dict[str, float], seed: int) -> list[dict]:
    """Pair 33 leaders and 94 departments with 288 villages (weakest villages first)."""
    rng = random.Random(seed)
    partners = [("leader", name) for name in LEADERS] + [
        ("department", n) for n in DEPARTMENTS
    ]
    ranked = sorted(
        village_codes, key=lambda c: (-(need.get(c, 0) + rng.uniform(0, 2.5)), c)
    )
    chosen = sorted(ranked[:PAIRED_VILLAGES])
    rng.shuffle(chosen)
    rows = []
    for index, village_code in enumerate(chosen):
        kind, partner = partners[index % len(partners)]
        rows.append(
            {
                "village_code": village_code,
                "year": 2022,
                "partner_kind": kind,
                "partner": partner,
            }
        )
    return sorted(rows, key=lambda row: row["village_code"])

"""Read Neihuang's outline, townships, villages and known points for the schematic.

Every coordinate in the source files is GCJ-02; this module converts them to WGS 84
once, rounds them to 6 decimals, and decides which known points seed which township.
"""

import csv
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from layers.demo.topology import Sinusoidal
from layers.gcj02 import gcj02_to_wgs84

KINDS = {"街道": "subdistrict", "镇": "town", "乡": "township"}
COMMITTEE_TYPES = {"village_committee", "residents_committee"}
# A known village point further than this many "equivalent radii" (the radius of a
# disc of the township's target area) from its township's anchor is taken as
# mis-geocoded.
MAX_REACH = 2.0
MIN_GAP = 300.0  # metres a link between a township's points keeps from other townships'


@dataclass
class Village:
    code: str
    name: str
    short_name: str
    committee_type: str
    township_code: str
    point: tuple[float, float] | None = None  # WGS 84, from the 2016 AMap point
    point_note: str = ""
    seeded: bool = False  # the known point seeds this village (and its township)
    site: tuple[float, float] | None = None  # the known point in metres, when seeded


@dataclass
class Township:
    code: str
    name: str
    kind: str
    villages: list[Village] = field(default_factory=list)
    seat: tuple[float, float] | None = None  # WGS 84, from the 2016 AMap point
    anchor: tuple[float, float] | None = None  # where the township grows from, WGS 84
    anchor_note: str = ""
    sites: list[tuple[float, float]] = field(
        default_factory=list
    )  # metres, anchor first
    links: list[tuple[int, int]] = field(default_factory=list)  # pairs of joined sites


@dataclass
class Unit:
    """Townships sharing one area at first: those carved from a common predecessor."""

    members: list[Township]

    @property
    def sites(self):
        """Return every member's sites."""
        return [site for township in self.members for site in township.sites]

    @property
    def links(self):
        """Return every member's links, as pairs of points."""
        return [(t.sites[a], t.sites[b]) for t in self.members for a, b in t.links]

    @property
    def villages(self):
        """Return every member's villages."""
        return [village for township in self.members for village in township.villages]


@dataclass
class Inputs:
    outline: shapely.Polygon  # WGS 84, vertices on the 6-decimal grid
    projection: Sinusoidal
    townships: list[Township]
    villages: list[Village]
    units: list[Unit]

    @property
    def outline_metres(self):
        """Return the outline in the working projection."""
        return self.projection.geometry_to_metres(self.outline)


def read_inputs(folder: Path) -> Inputs:
    """Read every input file in `folder` and work out the seeds."""
    outline = read_outline(folder / "county_boundary.geojson")
    projection = Sinusoidal(lon0=round(outline.centroid.x, 1))
    townships = {row["code"]: _township(row) for row in _rows(folder / "townships.csv")}
    points = {row["code"]: row for row in _rows(folder / "villages_crosswalk.csv")}
    villages = []
    for row in _rows(folder / "villages.csv"):
        village = _village(row, points[row["code"]])
        townships[village.township_code].villages.append(village)
        villages.append(village)
    for row in _rows(folder / "townships_points.csv"):
        if row["code"] and row["lng"]:
            townships[row["code"]].seat = to_wgs84(row["lng"], row["lat"])
    _anchor_townships(townships, folder, points)
    area_per_village = projection.geometry_to_metres(outline).area / len(villages)
    for township in townships.values():
        _choose_sites(township, projection, area_per_village)
    ordered = [townships[code] for code in sorted(townships)]
    _link_sites(ordered)
    units = _units(townships, _rows(folder / "townships_crosswalk.csv"))
    return Inputs(
        outline, projection, ordered, sorted(villages, key=lambda v: v.code), units
    )


def read_outline(path: Path) -> shapely.Polygon:
    """Read the GCJ-02 county outline and return it in WGS 84 on the 6-decimal grid."""
    feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
    shape = shapely.geometry.shape(feature["geometry"])
    wgs84 = shapely.transform(shape, _convert_array)
    return shapely.set_precision(wgs84, 1e-6)


def to_wgs84(lon: str, lat: str) -> tuple[float, float]:
    """Convert one GCJ-02 text coordinate pair to WGS 84, rounded to 6 decimals."""
    wlon, wlat = gcj02_to_wgs84(float(lon), float(lat))
    return round(wlon, 6), round(wlat, 6)


def _convert_array(coords: np.ndarray) -> np.ndarray:
    """Convert an (n, 2) array of GCJ-02 lon/lat to WGS 84."""
    return np.array([gcj02_to_wgs84(lon, lat) for lon, lat in coords.tolist()])


def _rows(path: Path):
    """Return the rows of a UTF-8 CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _township(row) -> Township:
    """Build a township from its `townships.csv` row."""
    return Township(code=row["code"], name=row["name"], kind=KINDS[row["type"]])


def _village(row, crosswalk) -> Village:
    """Build a village from its `villages.csv` row and its crosswalk row."""
    if row["committee_type"] not in COMMITTEE_TYPES:
        raise ValueError(f"village {row['code']}: unknown committee_type")
    point = None
    if crosswalk["lng_gcj02_2016"]:
        point = to_wgs84(crosswalk["lng_gcj02_2016"], crosswalk["lat_gcj02_2016"])
    return Village(
        code=row["code"],
        name=row["name"],
        short_name=row["name_short"],
        committee_type=row["committee_type"],
        township_code=row["township_code"],
        point=point,
    )


def _units(townships: dict, crosswalk) -> list[Unit]:
    """Group townships whose 2021 predecessors overlap (繁阳街道 and 龙庆街道)."""
    groups: list[tuple[set, list]] = []
    for row in sorted(crosswalk, key=lambda r: r["code"]):
        predecessors = set(row["code_2021"].split("|"))
        joined = [g for g in groups if g[0] & predecessors]
        merged = (predecessors, [row["code"]])
        for group in joined:
            groups.remove(group)
            merged = (merged[0] | group[0], group[1] + merged[1])
        groups.append(merged)
    units = [Unit([townships[code] for code in sorted(codes)]) for _p, codes in groups]
    return sorted(units, key=lambda unit: unit.members[0].code)


def _anchor_townships(townships: dict, folder: Path, points: dict) -> None:
    """Give every township an anchor: its seat, a predecessor's, or its villages'.

    An abolished township's 2016 point goes to the current township that took most of
    its villages (城关镇 → 繁阳街道, 张龙乡 → 龙庆街道).
    """
    heirs = Counter(
        (p["township_code_2016"], p["township_code"]) for p in points.values()
    )
    for row in _rows(folder / "townships_points.csv"):
        if row["code"] or not row["lng"]:
            continue
        old = row["source_code_2016"]
        heir = max(
            sorted(c for o, c in heirs if o == old), key=lambda c: heirs[(old, c)]
        )
        if townships[heir].seat is None and townships[heir].anchor is None:
            townships[heir].anchor = to_wgs84(row["lng"], row["lat"])
            townships[heir].anchor_note = f"2016 point of abolished {row['name']}"
    for township in townships.values():
        if township.seat is not None:
            township.anchor, township.anchor_note = township.seat, "2016 township point"
        elif township.anchor is None:
            known = [v.point for v in township.villages if v.point is not None]
            if not known:
                raise ValueError(f"township {township.code}: no point to grow from")
            township.anchor = (
                round(sum(p[0] for p in known) / len(known), 6),
                round(sum(p[1] for p in known) / len(known), 6),
            )
            township.anchor_note = "mean of its known village points"


def _choose_sites(township: Township, projection: Sinusoidal, area_per_village: float):
    """Seed the township at its anchor and its plausible known village points."""

    def metres(point):
        return tuple(projection.to_metres(np.array([point]))[0].tolist())

    anchor = metres(township.anchor)
    township.sites = [anchor]
    reach = MAX_REACH * math.sqrt(area_per_village * len(township.villages) / math.pi)
    for village in township.villages:
        if village.point is None:
            continue
        site = metres(village.point)
        distance = math.dist(site, anchor)
        if distance > reach:
            village.point_note = (
                f"ignored: {distance / 1000:.1f} km from the township's anchor"
                f" (more than {reach / 1000:.1f} km), probably mis-geocoded"
            )
            continue
        village.seeded = True
        village.site = site
        township.sites.append(site)


def _link_sites(townships: list[Township]) -> None:
    """Join each township's known points by a minimum spanning tree.

    The links let a township grow as one piece round all its known points. A link that
    passes within MIN_GAP of another township's point or link is dropped (both links if
    two cross), which only happens round the crowded county seat.
    """
    trees = [(t, _spanning_tree(t.sites)) for t in townships]
    segments = [
        (t.code, shapely.LineString([t.sites[a], t.sites[b]]))
        for t, links in trees
        for a, b in links
    ]
    points = [(t.code, shapely.Point(site)) for t in townships for site in t.sites]
    for township, links in trees:
        kept = []
        for a, b in links:
            line = shapely.LineString([township.sites[a], township.sites[b]])
            others = [g for code, g in segments + points if code != township.code]
            if all(line.distance(g) >= MIN_GAP for g in others):
                kept.append((a, b))
        township.links = kept


def _spanning_tree(points) -> list[tuple[int, int]]:
    """Return the edges (i, j) of the minimum spanning tree over `points` (Prim)."""
    if len(points) < 2:
        return []
    joined, edges = {0}, []
    while len(joined) < len(points):
        i, j = min(
            (
                (i, j)
                for i in sorted(joined)
                for j in range(len(points))
                if j not in joined
            ),
            key=lambda e: (math.dist(points[e[0]], points[e[1]]), e),
        )
        joined.add(j)
        edges.append((i, j))
    return edges

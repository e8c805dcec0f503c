"""The reference instance of issue 15 and an independent feasibility checker.

532 points drawn uniformly at random (`random.Random(42)`, rejection sampling in the
outline's bounding box: x then y per draw) inside fixtures/neihuang/county_boundary.geojson;
depot at the county seat (114.904, 35.953) as node 0; 20 vehicles (4 groups × 5 days), each
route ≤ 28,800 s including 2,400 s of service per village; priorities 3/2/1 in exact counts
53/160/319 (total 798), shuffled with the same generator after the points are drawn;
travel = haversine km (R = 6,371.0088) × 1.3 ÷ 35 km/h, rounded to whole seconds,
symmetric. Plus a 9-village single-vehicle case whose optimum is found by brute force.

The checker uses nothing of routing.solver: it recomputes every route's duration from
the matrix and the service time and counts priorities itself.
"""

import json
import math
import random
from pathlib import Path

OUTLINE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "neihuang"
    / "county_boundary.geojson"
)
DEPOT = (114.904, 35.953)
N_POINTS, VEHICLES, DAY_S, SERVICE_S = 532, 20, 28_800, 2_400
PRIORITY_COUNTS = {3: 53, 2: 160, 1: 319}
R_KM, DETOUR, SPEED_KMH = 6371.0088, 1.3, 35.0


def outline():
    from shapely.geometry import shape
    from shapely.prepared import prep

    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    geometry = shape(data["features"][0]["geometry"])
    return geometry, prep(geometry)


def points_inside(n: int, rng: random.Random) -> list[tuple[float, float]]:
    """Return n points uniform inside the county outline (rejection sampling)."""
    from shapely.geometry import Point

    geometry, inside = outline()
    minx, miny, maxx, maxy = geometry.bounds
    found = []
    while len(found) < n:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if inside.contains(Point(x, y)):
            found.append((x, y))
    return found


def haversine_km(a, b) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * R_KM * math.asin(math.sqrt(h))


def travel_matrix(points) -> list[list[int]]:
    """Return whole travel seconds between all points (symmetric)."""
    n = len(points)
    m = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            s = round(haversine_km(points[i], points[j]) * DETOUR / SPEED_KMH * 3600)
            m[i][j] = m[j][i] = s
    return m


def reference_instance():
    """Return (matrix with the depot as node 0, priorities of nodes 1..532)."""
    rng = random.Random(42)
    points = points_inside(N_POINTS, rng)
    priorities = [p for p, count in PRIORITY_COUNTS.items() for _ in range(count)]
    rng.shuffle(priorities)
    return travel_matrix([DEPOT, *points]), priorities


def small_instance():
    """Return the 9-village single-vehicle case: (matrix, priorities, day seconds)."""
    rng = random.Random(9)
    points = points_inside(9, rng)
    priorities = [rng.choice((1, 2, 3)) for _ in points]
    # A day that cannot take all nine: the optimum must choose which to leave out.
    return travel_matrix([DEPOT, *points]), priorities, 8 * SERVICE_S


def problem_of(matrix, priorities, vehicles=VEHICLES, day_s=DAY_S, limit=5.0):
    """Return the instance as a routing.solver Problem (node i+1 is stop i)."""
    from routing.solver.model import Problem, Stop, Vehicle

    stops = [
        Stop(node=i + 1, service_s=SERVICE_S, priority=p)
        for i, p in enumerate(priorities)
    ]
    return Problem(
        matrix,
        stops,
        [Vehicle(0, 0, day_s) for _ in range(vehicles)],
        time_limit_s=limit,
    )


def check(matrix, priorities, routes, day_s=DAY_S, vehicles=VEHICLES) -> dict:
    """Check routes (lists of node numbers 1..n, depot 0 implied at both ends).

    Raise AssertionError on any violation; return {"priority", "villages", "travel_s"}.
    """
    assert len(routes) <= vehicles, f"{len(routes)} routes for {vehicles} vehicles"
    seen = set()
    travel_total = 0
    for number, route in enumerate(routes):
        for node in route:
            assert 1 <= node <= len(priorities), f"route {number}: no node {node}"
            assert node not in seen, f"node {node} visited twice"
            seen.add(node)
        path = [0, *route, 0]
        travel = sum(matrix[a][b] for a, b in zip(path, path[1:]))
        duration = travel + SERVICE_S * len(route)
        assert duration <= day_s, f"route {number} lasts {duration} s > {day_s} s"
        travel_total += travel
    return {
        "priority": sum(priorities[node - 1] for node in seen),
        "villages": len(seen),
        "travel_s": travel_total,
    }

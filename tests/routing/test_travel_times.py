"""travel_between: road travel differs from the estimate and obeys one-way and closed roads."""

import pytest
from django.utils import translation

from routing.models import RoadCost, TravelMode
from routing.roads.services import roads_import
from routing.travel.fallback import Fallback, great_circle_m
from routing.travel.matrix import travel_between

WEST, EAST = (114.80, 35.875), (114.825, 35.875)  # on the one-way row, eastbound
NORTH, SOUTH = (114.875, 35.95), (114.875, 35.925)  # the ends of the closed segment
ISLAND = (114.965, 35.8)


def test_great_circle_matches_a_known_distance():
    # 0.025° of latitude is 2.78 km everywhere
    assert great_circle_m((114.9, 35.9), (114.9, 35.925)) == pytest.approx(
        2780, rel=0.01
    )


def test_fallback_applies_detour_and_speed():
    fallback = Fallback(detour=1.3, speed_kmh=40)
    metres = great_circle_m(WEST, EAST) * 1.3
    assert fallback.seconds(WEST, EAST) == round(metres / (40 / 3.6))


def test_travel_without_roads_is_the_stated_estimate(db):
    travel = travel_between([WEST, EAST])
    assert travel.mode == TravelMode.FALLBACK
    assert (
        travel.seconds[0][1] == travel.seconds[1][0] == Fallback().seconds(WEST, EAST)
    )
    with translation.override("en"):
        assert "estimates" in travel.note()


def test_travel_on_roads_differs_from_the_estimate(road_grid):
    points = [WEST, EAST, NORTH, SOUTH]
    on_roads = travel_between(points)
    estimate = travel_between(points, use_roads=False)
    assert on_roads.mode == TravelMode.ROADS
    assert on_roads.seconds != estimate.seconds
    with translation.override("en"):
        assert "road network" in on_roads.note()


def test_travel_on_roads_respects_one_way(road_grid):
    seconds = travel_between([WEST, EAST]).seconds
    along = 2257 / (25 / 3.6)  # one residential segment
    assert seconds[0][1] == pytest.approx(along, abs=2)
    assert seconds[1][0] > 1.5 * seconds[0][1]  # back round by the other rows


def test_travel_on_roads_detours_round_a_closed_road(road_grid):
    seconds = travel_between([NORTH, SOUTH]).seconds
    direct = 2780 / (40 / 3.6)
    assert seconds[0][1] > 2 * direct and seconds[1][0] > 2 * direct


def test_travel_to_a_road_island_has_no_path(road_grid):
    seconds = travel_between([WEST, ISLAND]).seconds
    assert seconds[0][1] is None and seconds[1][0] is None


def test_road_legs_follow_the_roads(road_grid):
    travel = travel_between([NORTH, SOUTH])
    leg = travel.legs([(0, 1)])[(0, 1)]
    assert len(leg.coords) > 2
    assert leg.metres == pytest.approx(
        2257 + 2780 + 2257, rel=0.01
    )  # round the closed segment
    assert leg.coords[0] == NORTH and leg.coords[-1] == SOUTH


def test_road_travel_times_are_cached_and_forgotten_on_import(road_grid, grid_osm):
    points = [WEST, EAST, NORTH, SOUTH]
    first = travel_between(points).seconds
    assert RoadCost.objects.count() == 4 * 3
    assert travel_between(points).seconds == first
    roads_import(path=grid_osm)
    assert not RoadCost.objects.exists()


def test_cache_keeps_no_path_pairs_as_empty(road_grid):
    travel_between([WEST, ISLAND])
    assert RoadCost.objects.filter(seconds__isnull=True).count() == 2

"""layers/selectors.py: the feeds' querysets, filtered in SQL, worked out on the known grid."""

import pytest
from django.contrib.gis.geos import Point

from layers import selectors
from layers.api.filters.params import BBox, Near
from tests.api.conftest import A, B, village_code

pytestmark = pytest.mark.django_db


def codes(queryset, column="code"):
    return sorted(row[column] for row in queryset)


def test_village_list_excludes_other_townships(world):
    assert codes(selectors.village_list(year=2022, township=B)) == [
        village_code("B1"),
        village_code("B2"),
    ]


def test_village_rows_are_built_once_per_year_and_shape():
    assert selectors.village_rows(2022, False) is selectors.village_rows(2022, False)
    assert selectors.village_rows(2022, True) is not selectors.village_rows(2022, False)


def test_village_list_point_geometry_is_the_label_point(world):
    (row,) = selectors.village_list(year=2022, codes=[village_code("A1")], point=True)
    assert row["geometry"] is not None


def test_star_not_held_counts_unrated_villages(world):
    found = codes(
        selectors.village_list(year=2022, township=A, star="safety", has_star=False)
    )
    assert found == [village_code("A2"), village_code("A3"), village_code("A4")]


def test_bbox_and_near_on_sites(world):
    box = BBox(114.80, 35.85, 114.81, 35.87)
    assert codes(selectors.cleared_site_list(township=A, bbox=box)) == [
        "T-A1-1",
        "T-A1-2",
    ]
    near = Near(114.805, 35.855, 100)
    assert codes(selectors.cleared_site_list(township=A, near=near)) == ["T-A1-1"]


def test_place_filters_by_village_code(world):
    rows = selectors.service_centre_list(village=village_code("A1"))
    assert [row["name"] for row in rows] == ["测试A1党群服务中心"]


def test_nearest_service_centre_measures_metres(world):
    at = selectors.nearest_service_centre(Point(114.805, 35.855, srid=4326))
    assert (at["village_code"], at["distance_m"]) == (village_code("A1"), 0)
    # 0.005° of longitude at 35.855° N is about 451 m: A1's centre or a nearer one.
    east = selectors.nearest_service_centre(Point(114.81, 35.855, srid=4326))
    assert east["distance_m"] <= 452


def test_change_stamps_move_with_a_write(world):
    before, _ = selectors.change_stamps(["layers_clearedsite"])
    world["A1"].cleared_sites.filter(code="T-A1-1").update(note="x")
    after, _ = selectors.change_stamps(["layers_clearedsite"])
    assert before != after

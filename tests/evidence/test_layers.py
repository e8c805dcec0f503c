"""The work layers read through the one catalogue: OGC API items and vector tiles."""

import math

import pytest

from evidence.models import GridCell
from layers.models import StarRating, Village
from tests.evidence.conftest import signed_in

pytestmark = pytest.mark.django_db


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def test_village_work_items_carry_income_bands_by_year(leader):
    answer = signed_in(leader).get(
        "/ogc/collections/village-work/items?year=2022&limit=600"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["numberMatched"] == 532
    incomes = dict(
        StarRating.objects.filter(year=2022).values_list(
            "village__code", "collective_income"
        )
    )
    for feature in body["features"]:
        p = feature["properties"]
        income = incomes[p["code"]]
        band = (
            "under_5"
            if income < 50_000
            else "5_to_10"
            if income < 100_000
            else "10_and_over"
        )
        assert (p["year"], p["income_band"]) == (2022, band)
    fengzhuang = next(
        f for f in body["features"] if f["properties"]["short_name"] == "冯庄村"
    )
    assert fengzhuang["properties"]["three_changes_form"] == "joint_enterprise"
    pilots = [f for f in body["features"] if f["properties"]["three_changes_form"]]
    assert len(pilots) == 25


def test_village_work_filters_and_refuses_bad_values(leader):
    client = signed_in(leader)
    few = client.get(
        "/ogc/collections/village-work/items?year=2022&band=under_5"
    ).json()
    expected = StarRating.objects.filter(
        year=2022, collective_income__lt=50_000
    ).count()
    assert few["numberMatched"] == expected
    assert (
        client.get("/ogc/collections/village-work/items?band=lots").status_code == 400
    )


def test_grid_cells_by_year_and_scoped_for_a_cadre(cadre, township_a):
    answer = signed_in(cadre).get(
        "/ogc/collections/grid-cells/items?year=2023&limit=5000"
    )
    assert answer.status_code == 200
    expected = GridCell.objects.filter(year=2023, village__township=township_a).count()
    assert answer.json()["numberMatched"] == expected > 0


def test_work_layers_are_cut_into_tiles(leader):
    village = Village.objects.get(short_name="冯庄村")
    x, y = tile_of(village.label_point.x, village.label_point.y, 12)
    client = signed_in(leader)
    for layer in ("village-work", "grid-cells"):
        answer = client.get(f"/tiles/{layer}/12/{x}/{y}.mvt?year=2022")
        assert answer.status_code == 200, layer
        assert len(answer.content) > 100, layer
    assert client.get("/tiles/village-work.json").status_code == 200

"""roads_import: OSM grid → noded edges and vertices with speeds, one-way and closed costs."""

import subprocess

import pytest
from django.core.management import CommandError, call_command

from routing.models import RoadCost, RoadEdge, RoadVertex
from routing.roads.services import RoadImportError, roads_import


def test_roads_import_splits_ways_at_junctions(road_grid):
    # 5 rows × 6 segments + 6 columns × 4 + column 3 in 3 + 1 closed + the island = 59
    assert road_grid.ways == 14
    assert RoadEdge.objects.count() == 59
    assert RoadVertex.objects.count() == 37


def test_roads_import_skips_footways(road_grid):
    assert not RoadEdge.objects.filter(road_class="footway").exists()


def test_roads_import_sets_speed_by_class_and_cost_from_length(road_grid):
    edge = RoadEdge.objects.filter(road_class="primary").first()
    assert edge.speed_kmh == 60
    assert edge.length_m == pytest.approx(
        2257, rel=0.01
    )  # 0.025° of longitude at 35.9°N
    assert edge.cost_s == pytest.approx(edge.length_m / (60 / 3.6))


def test_roads_import_closes_the_wrong_way_of_one_way_roads(road_grid):
    one_way = RoadEdge.objects.filter(name="单行东路")
    assert one_way.count() == 6
    assert all(edge.cost_s > 0 and edge.reverse_cost_s < 0 for edge in one_way)


def test_roads_import_closes_both_ways_of_access_no(road_grid):
    closed = RoadEdge.objects.get(name="封闭路段")
    assert closed.cost_s < 0 and closed.reverse_cost_s < 0


def test_roads_import_dry_run_saves_nothing(db, grid_osm):
    report = roads_import(path=grid_osm, dry_run=True)
    assert report.edges == 59
    assert not RoadEdge.objects.exists()


def test_roads_import_replaces_the_previous_network(road_grid, grid_osm):
    roads_import(path=grid_osm)
    assert RoadEdge.objects.count() == 59


def test_roads_import_rejects_unknown_formats(db, tmp_path):
    path = tmp_path / "roads.txt"
    path.write_text("not roads")
    with pytest.raises(RoadImportError, match="not an OSM extract"):
        roads_import(path=path)


def test_import_roads_command_caches_travel_times_between_villages(
    db, grid_osm, grid_villages, capsys
):
    call_command("import_roads", str(grid_osm))
    assert "travel times cached between" in capsys.readouterr().out
    assert RoadCost.objects.filter(seconds__isnull=False).exists()


def test_import_roads_command_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_roads", str(tmp_path / "missing.osm"))


def test_roads_import_reads_a_gbk_shapefile_with_road_grades(db, tmp_path):
    source = tmp_path / "roads.geojson"
    source.write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"道路等级":"县道","名称":"内井路"},"geometry":'
        '{"type":"LineString","coordinates":[[114.85,35.9],[114.86,35.9],[114.87,35.9]]}},'
        '{"type":"Feature","properties":{"道路等级":"乡道","名称":"村村通"},"geometry":'
        '{"type":"LineString","coordinates":[[114.86,35.89],[114.86,35.9],[114.86,35.91]]}}]}',
        encoding="utf-8",
    )
    target = tmp_path / "roads.shp"
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "ESRI Shapefile",
            "-lco",
            "ENCODING=GBK",
            str(target),
            str(source),
        ],
        check=True,
    )
    report = roads_import(path=target)
    # the two lines cross at a shared point (114.86, 35.9): four pieces, five vertices
    assert (report.edges, report.vertices) == (4, 5)
    names = set(RoadEdge.objects.values_list("name", "speed_kmh"))
    assert names == {("内井路", 40), ("村村通", 30)}

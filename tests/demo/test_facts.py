"""The demo-fact files are reproducible from the seed and consistent with the villages."""

import csv
import json
from pathlib import Path

import pytest

from layers.demo.facts import generate

NEIHUANG = Path(__file__).resolve().parents[2] / "fixtures" / "neihuang"
FILES = [
    "ratings.csv",
    "targets.csv",
    "eod_projects.csv",
    "eod_sites.geojson",
    "cleared_sites.geojson",
    "service_centres.geojson",
    "pairings.csv",
]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("facts")
    generate(folder, villages_from=NEIHUANG)
    return folder


@pytest.mark.parametrize("name", FILES)
def test_regenerating_gives_the_committed_file(regenerated, name):
    assert (regenerated / name).read_bytes() == (NEIHUANG / name).read_bytes()


def test_every_fact_names_a_known_village(regenerated):
    villages = {
        row["code"] for row in csv.DictReader((NEIHUANG / "villages.csv").open())
    }
    for name in ["ratings.csv", "pairings.csv"]:
        rows = csv.DictReader((regenerated / name).open(encoding="utf-8"))
        assert {row["village_code"] for row in rows} <= villages
    for name in [
        "cleared_sites.geojson",
        "service_centres.geojson",
        "eod_sites.geojson",
    ]:
        features = json.loads((regenerated / name).read_text(encoding="utf-8"))[
            "features"
        ]
        assert {f["properties"]["village_code"] for f in features} <= villages

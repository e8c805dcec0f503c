"""layers/catalog: each layer is defined once, and every surface agrees with it."""

import ast
from pathlib import Path

import pytest
from django.http import QueryDict
from django.utils import translation

from layers import catalog, exports, geojson, tiles
from layers.api import listing
from layers.api.filters.params import BadParams, Params
from layers.api.ogc import document
from layers.catalog import definitions
from layers.catalog.filters import Filter

ROOT = Path(__file__).resolve().parents[2]
ALL = catalog.layers(features_only=False)
# Every module that serves layers: none may spell a layer's columns out again.
SURFACES = [
    "layers/selectors.py",
    "layers/geojson.py",
    "layers/tiles.py",
    "layers/exports.py",
    "layers/coverage.py",
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "layers/api").rglob("*.py"))),
]


@pytest.mark.parametrize("layer", ALL, ids=lambda layer: layer.name)
def test_every_filter_fills_a_selector_argument(layer):
    assert {f.arg for f in layer.filters} <= layer.selector_arguments()


@pytest.mark.parametrize("layer", ALL, ids=lambda layer: layer.name)
def test_every_filter_has_its_own_parser(layer):
    for spec in layer.filters:
        assert type(spec).read is not Filter.read, spec.name


@pytest.mark.django_db
@pytest.mark.parametrize("layer", ALL, ids=lambda layer: layer.name)
def test_the_selector_answers_exactly_the_layer_columns(layer):
    query = layer.selector(**layer.parse(Params(QueryDict(""), set()))).query
    selected = {*query.values_select, *query.annotation_select} - {"id"}
    expected = {*layer.properties} | ({"geometry"} if layer.geometry else set())
    assert selected == expected - {"id"}


def test_villages_columns_are_listed_once_in_the_code():
    """No surface module holds a list of three or more of the villages' columns."""
    names = set(definitions.VILLAGES.properties) - {"code", "name", "year", "level"}
    offenders = []
    for path in SURFACES:
        tree = ast.parse((ROOT / path).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Call):
                items = node.elts if not isinstance(node, ast.Call) else node.args
                strings = {
                    item.value
                    for item in items
                    if isinstance(item, ast.Constant) and isinstance(item.value, str)
                }
                if len(strings & names) >= 3:
                    offenders.append(f"{path}:{node.lineno}")
    assert offenders == []


def test_surfaces_read_the_layers():
    for layer in catalog.layers():
        rest = {spec.name for spec in listing.common_specs(layer)}
        assert {"limit", "offset", "fields"} <= rest
        assert listing.accepted(layer) >= {f.name for f in layer.filters}
        ogc = document.openapi("http://x/ogc/")["paths"]
        items = {
            p["name"]
            for p in ogc[f"/collections/{layer.name}/items"]["get"]["parameters"]
        }
        assert {f.name for f in layer.filters if f.name != "bbox"} <= items
    for layer in catalog.layers():
        if layer.tiles:
            assert set(layer.tiles.properties) <= set(layer.properties)
    assert {"villages", "cleared-sites"} <= {
        layer.name for layer in catalog.layers() if layer.tiles
    }
    assert geojson and exports and tiles  # the modules scanned above import cleanly


def test_tables_come_from_the_model_metadata():
    assert definitions.VILLAGES.tables == [
        "layers_starrating",
        "layers_township",
        "layers_village",
    ]
    assert "layers_eodproject" in definitions.EOD_SITES.tables


def test_a_layer_contradicting_itself_is_refused_at_registration():
    broken = definitions.TOWNSHIPS.__class__(
        name="broken",
        title="broken",
        model=definitions.TOWNSHIPS.model,
        selector_path="layers.selectors.township_list",
        columns=definitions.TOWNSHIPS.columns,
        filters=(),
        geometry="boundary",
        default_order=("nowhere",),
    )
    with pytest.raises(ValueError, match="cannot sort by nowhere"):
        catalog.register(broken)
    assert catalog.get("broken") is None


@pytest.mark.django_db
def test_older_filter_names_still_work_and_errors_keep_them():
    layer = definitions.VILLAGES
    with translation.override("en"):
        p = Params(QueryDict("township=12&quasi=true"), layer.accepted())
        values = layer.parse(p)
        with pytest.raises(BadParams) as caught:
            p.done()
    assert values["quasi"] is True
    assert caught.value.errors == {"township": "must be a code of 9 digits"}


def test_old_and_new_names_together_are_refused():
    layer = definitions.CLEARED_SITES
    p = Params(
        QueryDict("township=999000001&township_code=999000001"), layer.accepted()
    )
    layer.parse(p)
    assert "township" in p.errors


def test_messages_follow_the_language():
    with translation.override("zh-hans"):
        p = Params(QueryDict("zzz=1"), set())
    assert p.errors["zzz"] != "unknown parameter"

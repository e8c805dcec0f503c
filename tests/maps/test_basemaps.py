"""Which basemaps a map offers, and in which order, from the settings."""

import folium
import pytest

from layers.maps.basemaps import add_basemaps, offered

ALL = ["tianditu_vec", "tianditu_img", "osm", "blank"]


def test_without_a_key_the_county_outline_comes_first_and_tianditu_is_left_out():
    assert offered(ALL, "") == ["blank", "osm"]


def test_with_a_key_tianditu_comes_first():
    assert offered(ALL, "k") == ALL


def test_an_empty_choice_still_shows_the_outline():
    assert offered(["tianditu_vec"], "") == ["blank"]


def test_an_unknown_basemap_is_refused_by_name():
    with pytest.raises(ValueError, match="amap"):
        offered(["amap"], "")


def test_tianditu_tiles_carry_the_key_and_the_label_layer():
    m = folium.Map(tiles=None)
    add_basemaps(m, names=["tianditu_vec"], tianditu_key="KEY123", outline=None)
    html = m.get_root().render()
    assert "vec_w/wmts" in html and "cva_w/wmts" in html
    assert "tk=KEY123" in html
    assert '"subdomains": "01234567"' in html


def test_no_tile_url_at_all_without_a_key():
    m = folium.Map(tiles=None)
    add_basemaps(
        m, names=offered(["tianditu_vec", "blank"], ""), tianditu_key="", outline=None
    )
    html = m.get_root().render()
    assert "tianditu" not in html and "openstreetmap" not in html

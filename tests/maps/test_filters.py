"""Money, areas, distances and stars on the pages, Chinese first."""

from django.utils import translation

from layers.templatetags.pages import distance, level_label, money, mu, star_marks


def test_money_reads_in_wan_and_yi_yuan_in_chinese():
    with translation.override("zh-hans"):
        assert money(2_000_000) == "200.00万元"
        assert money(3_440_000_000) == "34.40亿元"
        assert money(800) == "800元"
        assert money(None) == "—"


def test_money_groups_digits_in_english():
    with translation.override("en"):
        assert money(2_000_000) == "¥2,000,000"


def test_areas_and_distances_carry_chinese_units():
    with translation.override("zh-hans"):
        assert mu(1400) == "1400.0亩"
        assert distance(850) == "850米"
        assert distance(1234) == "1.2公里"


def test_stars_show_held_and_missing_with_names():
    with translation.override("zh-hans"):
        html = star_marks({"branch": True, "industry": False})
        assert html.count("★") == 1 and html.count("☆") == 4
        assert "支部过硬星" in html
        assert str(level_label(None)) == "未评星"

"""Template filters for the map pages: money in 万元, stars as ★/☆, level names."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from layers.maps.styles import LEVEL_COLOURS, LEVEL_LABELS
from layers.models import STAR_FIELDS, Star

register = template.Library()


def chinese() -> bool:
    return get_language() != "en"


@register.filter
def money(yuan):
    """Format yuan as 12.5万元 / 3.44亿元 in Chinese, ¥125,000 in English."""
    if yuan in (None, ""):
        return "—"
    value = Decimal(yuan)
    if not chinese():
        return "¥" + number_format(value, 0, use_l10n=True, force_grouping=True)
    if value >= 100_000_000:
        return number_format(value / 100_000_000, 2) + "亿元"
    if value >= 10_000:
        return number_format(value / 10_000, 2) + "万元"
    return number_format(value, 0) + "元"


@register.filter
def mu(value):
    """Format an area in mu (亩)."""
    if value in (None, ""):
        return "—"
    return number_format(Decimal(value), 1) + ("亩" if chinese() else " mu")


@register.filter
def level_label(level):
    """Name a star level (None or 0: no star / not rated)."""
    return LEVEL_LABELS[level or 0]


@register.filter
def level_colour(level):
    return LEVEL_COLOURS[level or 0]


@register.filter
def star_marks(row):
    """Draw ★ for each star held and ☆ for each missing, named in a title."""
    return format_html_join(
        "",
        '<span class="gp-star {}" title="{}">{}</span>',
        (
            (
                "gp-star-on" if row.get(key) else "gp-star-off",
                Star(key).label,
                "★" if row.get(key) else "☆",
            )
            for key in STAR_FIELDS
        ),
    )


@register.filter
def star_names(row):
    """List the names of the stars held."""
    return (
        "、".join(str(Star(key).label) for key in STAR_FIELDS if row.get(key))
        if chinese()
        else ", ".join(str(Star(key).label) for key in STAR_FIELDS if row.get(key))
    )


@register.filter
def distance(metres):
    """Format metres as 850米 / 1.2公里."""
    if metres in (None, ""):
        return "—"
    metres = float(metres)
    if metres >= 1000:
        return number_format(metres / 1000, 1) + ("公里" if chinese() else " km")
    return number_format(metres, 0) + ("米" if chinese() else " m")


@register.simple_tag
def swatch(level):
    return format_html(
        '<i class="gp-swatch" style="background:{}"></i>', LEVEL_COLOURS[level or 0]
    )
